// Dates as feeds write them: RFC 822 / 1123 in RSS, RFC 3339 in Atom and
// JSON Feed, and the sloppy variants of both found in the wild.
#include <cctype>
#include <cstring>
#include <ctime>
#include <string>

#include "crawler/feeds/feed.h"

namespace caravan::feeds {
namespace {

struct Cursor {
  std::string_view s;
  size_t i = 0;
  void SkipSpace() {
    while (i < s.size() && (isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
  }
  bool Digits(int min, int max, int* out) {
    size_t start = i;
    int v = 0;
    while (i < s.size() && isdigit(static_cast<unsigned char>(s[i])) && static_cast<int>(i - start) < max) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (static_cast<int>(i - start) < min) {
      i = start;
      return false;
    }
    *out = v;
    return true;
  }
  bool Eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  std::string Word() {
    size_t start = i;
    while (i < s.size() && isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string w(s.substr(start, i - start));
    for (auto& c : w) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    return w;
  }
  bool Done() const { return i >= s.size(); }
};

int Month(const std::string& word) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (word.compare(0, 3, names[m]) == 0) return m + 1;
  }
  return 0;
}

// Offset of a named zone in minutes; false when the name is unknown.
bool ZoneOffset(const std::string& zone, int* minutes) {
  static const struct {
    const char* name;
    int offset;
  } zones[] = {{"ut", 0},       {"utc", 0},      {"gmt", 0},     {"z", 0},       {"est", -5 * 60},
               {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60}, {"mst", -7 * 60}, {"mdt", -6 * 60},
               {"pst", -8 * 60}, {"pdt", -7 * 60}};
  for (const auto& z : zones) {
    if (zone == z.name) {
      *minutes = z.offset;
      return true;
    }
  }
  if (zone.size() == 1 && isalpha(static_cast<unsigned char>(zone[0]))) {
    // RFC 822 military zones; their signs were famously specified backwards,
    // so (like most parsers) only Z is trusted and the rest count as UTC.
    *minutes = 0;
    return true;
  }
  return false;
}

bool NumericOffset(Cursor& c, int* minutes) {
  size_t start = c.i;
  int sign = 0;
  if (c.Eat('+')) sign = 1;
  else if (c.Eat('-')) sign = -1;
  else return false;
  int hh = 0, mm = 0;
  if (!c.Digits(2, 2, &hh)) {
    c.i = start;
    return false;
  }
  c.Eat(':');
  c.Digits(2, 2, &mm);
  *minutes = sign * (hh * 60 + mm);
  return true;
}

std::optional<int64_t> ToUnixMs(int year, int month, int day, int hour, int minute, int second, int millis,
                                int offset_minutes) {
  if (year < 100) year += year < 50 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  time_t t = timegm(&tm);
  return (static_cast<int64_t>(t) - offset_minutes * 60) * 1000 + millis;
}

// 2024-09-13, 2024-09-13T08:30:00Z, 2024-09-13 08:30:00.123+05:00, 20240913T083000Z
std::optional<int64_t> ParseIso(std::string_view text) {
  Cursor c{text};
  c.SkipSpace();
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0, offset = 0;
  if (!c.Digits(4, 4, &year)) return std::nullopt;
  bool dashes = c.Eat('-');
  if (!c.Digits(2, 2, &month)) return dashes ? std::nullopt : ToUnixMs(year, 1, 1, 0, 0, 0, 0, 0);
  if (dashes && !c.Eat('-')) return ToUnixMs(year, month, 1, 0, 0, 0, 0, 0);
  if (!c.Digits(2, 2, &day)) return std::nullopt;
  if (c.Eat('T') || c.Eat('t') || c.Eat(' ')) {
    if (!c.Digits(2, 2, &hour)) return std::nullopt;
    c.Eat(':');
    c.Digits(2, 2, &minute);
    if (c.Eat(':') || (c.i < text.size() && isdigit(static_cast<unsigned char>(text[c.i])))) c.Digits(2, 2, &second);
    if (c.Eat('.') || c.Eat(',')) {
      int frac = 0;
      size_t start = c.i;
      c.Digits(1, 9, &frac);
      size_t n = c.i - start;
      while (n > 3) {
        frac /= 10;
        --n;
      }
      while (n < 3) {
        frac *= 10;
        ++n;
      }
      millis = frac;
    }
    while (c.i < text.size() && text[c.i] == ' ') ++c.i;
    if (!c.Eat('Z') && !c.Eat('z')) {
      if (!NumericOffset(c, &offset)) {
        std::string zone = c.Word();
        if (!zone.empty() && !ZoneOffset(zone, &offset)) return std::nullopt;
      }
    }
  }
  c.SkipSpace();
  if (!c.Done()) return std::nullopt;
  return ToUnixMs(year, month, day, hour, minute, second, millis, offset);
}

// [Tue,] 01 Oct 2024 04:00[:00] [GMT|+0000], also "Oct 01 2024" orders.
std::optional<int64_t> ParseRfc822(std::string_view text) {
  Cursor c{text};
  c.SkipSpace();
  int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0, offset = 0;
  size_t before = c.i;
  std::string word = c.Word();
  if (!word.empty() && !Month(word)) {
    c.SkipSpace();  // weekday
  } else {
    c.i = before;
  }
  if (c.Digits(1, 2, &day)) {
    c.SkipSpace();
    c.Eat('-');
    month = Month(c.Word());
    c.Eat('-');
  } else {
    month = Month(c.Word());
    c.SkipSpace();
    if (!c.Digits(1, 2, &day)) return std::nullopt;
  }
  if (!month) return std::nullopt;
  c.SkipSpace();
  if (!c.Digits(2, 4, &year)) return std::nullopt;
  c.SkipSpace();
  if (c.Digits(1, 2, &hour)) {
    if (!c.Eat(':') || !c.Digits(2, 2, &minute)) return std::nullopt;
    if (c.Eat(':')) c.Digits(2, 2, &second);
    c.SkipSpace();
    if (!NumericOffset(c, &offset)) {
      std::string zone = c.Word();
      if (!zone.empty() && !ZoneOffset(zone, &offset)) return std::nullopt;
    }
  }
  c.SkipSpace();
  if (!c.Done()) return std::nullopt;
  return ToUnixMs(year, month, day, hour, minute, second, 0, offset);
}

}  // namespace

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (isdigit(static_cast<unsigned char>(text[0])) && text.size() >= 4 &&
      isdigit(static_cast<unsigned char>(text[3]))) {
    if (auto iso = ParseIso(text)) return iso;
  }
  return ParseRfc822(text);
}

}  // namespace caravan::feeds
