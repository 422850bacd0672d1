// Dates as feeds and sitemaps write them: RFC 822/1123 in RSS, RFC 3339 /
// W3C-DTF in Atom, JSON Feed and sitemaps, and the variants of both that
// real servers emit (asctime, JavaScript's Date.toString, "Etc/GMT", 2-digit
// years, missing seconds or zones). Anything out of range is rejected rather
// than normalised: a wrong date is worse than none.
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/calendar.h"
#include "crawler/feeds/feed.h"
#include "crawler/feeds/trim.h"

namespace caravan::feeds {
namespace {

struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0, millis = 0;
  int offset_minutes = 0;  // local time = UTC + offset
};

std::optional<int64_t> ToUnixMs(const Fields& f) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > DaysInMonth(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 60) {
    return std::nullopt;
  }
  int64_t seconds = DaysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 +
                    (f.second == 60 ? 59 : f.second) - int64_t{f.offset_minutes} * 60;
  // The offset must not carry the instant out of the years we accept.
  if (seconds < DaysFromCivil(1, 1, 1) * 86400 || seconds >= DaysFromCivil(10000, 1, 1) * 86400) {
    return std::nullopt;
  }
  return seconds * 1000 + f.millis;
}

int Digits(std::string_view s, size_t* i, size_t max_count, int* value) {
  size_t start = *i;
  int v = 0;
  while (*i < s.size() && *i - start < max_count && std::isdigit(static_cast<unsigned char>(s[*i]))) {
    v = v * 10 + (s[(*i)++] - '0');
  }
  *value = v;
  return static_cast<int>(*i - start);
}

// "+05:30", "+0530", "+05", "-00:20"; minutes must be below 60.
bool NumericOffset(std::string_view s, size_t* i, int* minutes) {
  if (*i >= s.size() || (s[*i] != '+' && s[*i] != '-')) return false;
  int sign = s[*i] == '-' ? -1 : 1;
  size_t j = *i + 1;
  int hh = 0, mm = 0;
  if (Digits(s, &j, 2, &hh) != 2) return false;
  if (j < s.size() && s[j] == ':') {
    ++j;
    if (Digits(s, &j, 2, &mm) != 2) return false;
  } else if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
    if (Digits(s, &j, 2, &mm) != 2) return false;
  }
  if (hh > 23 || mm > 59) return false;
  *minutes = sign * (hh * 60 + mm);
  *i = j;
  return true;
}

std::optional<int> NamedZone(std::string_view zone);

// W3C-DTF / RFC 3339 / ISO 8601 with four-digit years: "2003", "2003-12",
// "2003-12-31", "2003-12-31T10:14[:55[.123]][Z|+08:00|+0800]", a space for
// the T, a space before the zone, and the basic form "20031231T101455Z".
std::optional<int64_t> ParseIso(std::string_view s) {
  Fields f;
  size_t i = 0;
  if (Digits(s, &i, 4, &f.year) != 4) return std::nullopt;
  f.month = f.day = 1;
  if (i == s.size()) return ToUnixMs(f);
  bool extended = s[i] == '-';
  if (extended) ++i;
  if (Digits(s, &i, 2, &f.month) != 2) return std::nullopt;
  if (i == s.size()) return extended ? ToUnixMs(f) : std::nullopt;  // "200312" is not a date
  if (extended && s[i++] != '-') return std::nullopt;
  if (Digits(s, &i, 2, &f.day) != 2) return std::nullopt;
  if (i == s.size()) return ToUnixMs(f);
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  if (Digits(s, &i, 2, &f.hour) != 2) return std::nullopt;
  if (extended && (i >= s.size() || s[i++] != ':')) return std::nullopt;
  if (Digits(s, &i, 2, &f.minute) != 2) return std::nullopt;
  if (i < s.size() && (s[i] == ':' || (!extended && std::isdigit(static_cast<unsigned char>(s[i]))))) {
    if (s[i] == ':') ++i;
    if (Digits(s, &i, 2, &f.second) != 2) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      size_t start = i;
      int scale = 100;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        f.millis += (s[i] - '0') * scale;  // milliseconds: the rest is truncated
        scale /= 10;
        ++i;
      }
      if (i == start) return std::nullopt;
    }
  }
  if (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return ToUnixMs(f);  // no zone: UTC, as feed readers assume
  if (std::isalpha(static_cast<unsigned char>(s[i]))) {  // "Z", or "UTC", "CEST" from hand-made feeds
    std::string word;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
    }
    auto zone = NamedZone(word);
    if (!zone || (word.size() == 1 && word != "z")) return std::nullopt;
    f.offset_minutes = *zone;
  } else if (!NumericOffset(s, &i, &f.offset_minutes)) {
    return std::nullopt;
  }
  return i == s.size() ? ToUnixMs(f) : std::nullopt;
}

bool IsWeekday(std::string_view word) {
  static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
                                               "monday", "tuesday", "wednesday", "thursday", "friday",
                                               "saturday", "sunday", "tues", "thur", "thurs"};
  for (std::string_view d : kDays) {
    if (word == d) return true;
  }
  return false;
}

// Zone names (lower case) and their offsets in minutes.
std::optional<int> NamedZone(std::string_view zone) {
  static constexpr struct {
    std::string_view name;
    int minutes;
  } kZones[] = {
      // RFC 822 itself.
      {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"etc/gmt", 0}, {"etc/utc", 0},
      {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
      {"pst", -480}, {"pdt", -420},
      // US generic and Atlantic names that RSS generators print.
      {"et", -300}, {"ct", -360}, {"mt", -420}, {"pt", -480}, {"at", -240}, {"ast", -240}, {"adt", -180},
      {"akst", -540}, {"akdt", -480}, {"hst", -600},
      // European and Asian abbreviations seen in the wild.
      {"wet", 0}, {"west", 60}, {"bst", 60}, {"cet", 60}, {"cest", 120}, {"met", 60}, {"mest", 120},
      {"eet", 120}, {"eest", 180}, {"msk", 180}, {"ist", 330}, {"pkt", 300}, {"almt", 360},
      {"sgt", 480}, {"hkt", 480}, {"awst", 480}, {"jst", 540}, {"kst", 540}, {"acst", 570},
      {"aest", 600}, {"aedt", 660}, {"nzst", 720}, {"nzdt", 780}};
  for (const auto& z : kZones) {
    if (zone == z.name) return z.minutes;
  }
  // RFC 822 military zones, with the signs RFC 822 printed (A = -1 ... M =
  // -12, N = +1 ... Y = +12): that is what generators copied from it.
  if (zone.size() == 1 && zone[0] >= 'a' && zone[0] <= 'y' && zone[0] != 'j') {
    char c = zone[0];
    if (c <= 'i') return -60 * (c - 'a' + 1);
    if (c <= 'm') return -60 * (c - 'k' + 10);
    return 60 * (c - 'n' + 1);
  }
  return std::nullopt;
}

// RFC 822/1123 and its relatives, read as a sequence of tokens:
//   "Thu, 01 Jan 2004 19:48:21 GMT", "05 Jan 17 12:34:53 +0100",
//   "Sun Jan  4 16:29:06 2004" (asctime), "Sun Jul 15 01:16:00 +0000 2012",
//   "Thu Aug 30 2012 17:26:16 GMT+0200 (CEST)", "Fri, 2006/09/15 08:19:53 EDT".
// Every token must be understood; one unknown word rejects the date.
std::optional<int64_t> ParseRfc822(std::string_view s) {
  Fields f;
  bool have_day = false, have_year = false, have_time = false, have_zone = false;
  int year_digits = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '.') {
      ++i;
    } else if (c == '(') {  // RFC 822 comment, e.g. "(Central European Summer Time)"
      size_t close = s.find(')', i);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 1;
    } else if (c == '+' || c == '-') {
      if (have_zone || !NumericOffset(s, &i, &f.offset_minutes)) return std::nullopt;
      have_zone = true;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t start = i;
      while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '/')) ++i;
      std::string word;
      for (char w : s.substr(start, i - start)) word += static_cast<char>(std::tolower(static_cast<unsigned char>(w)));
      if (int m = MonthOfName(word); m && !f.month) {
        f.month = m;
      } else if (IsWeekday(word) && !f.month && !have_day) {
        // Ignored: the date itself decides the weekday.
      } else if (auto zone = NamedZone(word); zone && !have_zone && (have_time || word.size() > 1)) {
        f.offset_minutes = *zone;
        have_zone = true;
        // "GMT+0200", "GMT-01:01": an offset from GMT written after it.
        if (i < s.size() && (s[i] == '+' || s[i] == '-') && *zone == 0 &&
            !NumericOffset(s, &i, &f.offset_minutes)) {
          return std::nullopt;
        }
      } else {
        return std::nullopt;
      }
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      int value = 0;
      int n = Digits(s, &i, 4, &value);
      if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;  // 5+ digits
      if (i < s.size() && s[i] == ':') {  // a time: h:mm[:ss]
        if (have_time || n > 2) return std::nullopt;
        f.hour = value;
        ++i;
        if (Digits(s, &i, 2, &f.minute) != 2) return std::nullopt;
        if (i < s.size() && s[i] == ':') {
          ++i;
          if (Digits(s, &i, 2, &f.second) != 2) return std::nullopt;
          if (i < s.size() && s[i] == '.') {  // fractions are dropped
            ++i;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
          }
        }
        if (i < s.size() && (s[i] == ':' || std::isdigit(static_cast<unsigned char>(s[i])))) return std::nullopt;
        have_time = true;
      } else if (i < s.size() && s[i] == '/' && n == 4 && !have_year) {  // Perforce: 2006/09/15
        f.year = value;
        ++i;
        if (Digits(s, &i, 2, &f.month) == 0 || i >= s.size() || s[i] != '/') return std::nullopt;
        ++i;
        if (Digits(s, &i, 2, &f.day) == 0) return std::nullopt;
        have_year = have_day = true;
        year_digits = 4;
      } else if (n <= 2 && !have_day) {
        f.day = value;
        have_day = true;
      } else if ((n == 2 || n == 4 || n == 3) && !have_year) {
        f.year = value;
        year_digits = n;
        have_year = true;
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!have_day || !have_year || !f.month) return std::nullopt;
  // RFC 2822 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
  if (year_digits == 2) f.year += f.year < 50 ? 2000 : 1900;
  return ToUnixMs(f);
}

}  // namespace

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  text = TrimSpace(text);
  if (text.empty() || text.size() > 128) return std::nullopt;
  bool iso_like = text.size() >= 4;
  for (size_t k = 0; k < 4 && iso_like; ++k) iso_like = std::isdigit(static_cast<unsigned char>(text[k]));
  if (iso_like) {
    if (auto iso = ParseIso(text)) return iso;
  }
  return ParseRfc822(text);
}

}  // namespace caravan::feeds
