#include "extract/dates.h"

#include <re2/re2.h>

#include <algorithm>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "common/calendar.h"
#include "extract/text_util.h"
#include "languages/phrases.h"

namespace caravan::extract {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr size_t kMaxScan = 64 * 1024;  // dates worth finding come early

std::string MonthAlternation() {
  std::vector<std::string> names;
  for (const languages::MonthName& m : languages::Months()) names.emplace_back(m.name);
  // RE2 prefers earlier alternatives: longest first so "sept" beats "sep".
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  std::string alt;
  for (const std::string& n : names) {
    if (!alt.empty()) alt += '|';
    alt += n;
  }
  return alt;
}

int LookupMonth(std::string_view name) { return MonthOfName(FoldCase(name)); }

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return s.empty() ? -1 : v;
}

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

struct Patterns {
  RE2 day_month_year;
  RE2 month_day_year;
  RE2 year_day_month;
  RE2 cjk;
  RE2 dotted;
  RE2 dotted_short;
  RE2 slashed;
  RE2 iso;
  RE2 iso_full;
  RE2 rfc822;

  explicit Patterns(const std::string& months)
      : day_month_year("(?i)(?:^|[^\\pL\\pN])(\\d{1,2})(?:\\.|-го|-й)?\\s*(?:de\\s+)?(" + months +
                       ")\\.?,?\\s*(?:de\\s+)?(\\d{4})(?:[^\\pN]|$)"),
        month_day_year("(?i)(?:^|[^\\pL\\pN])(" + months +
                       ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:[^\\pN]|$)"),
        year_day_month("(?i)(?:^|[^\\pN])(\\d{4})\\s*(?:жылғы|ж\\.)\\s*(\\d{1,2})\\s*(" + months +
                       ")(?:[^\\pL]|$)"),
        cjk("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日"),
        dotted("(?:^|[^\\pN.])(\\d{1,2})\\.\\s?(\\d{1,2})\\.\\s?(\\d{4})(?:[^\\pN]|$)"),
        // German-speaking CMSs print "26.10.13"; no spaces inside, unlike
        // the long form, so that lists and version numbers stay out.
        dotted_short("(?:^|[^\\pN.])(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2})(?:[^\\pN.]|$)"),
        slashed("(?:^|[^\\pN/])(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:[^\\pN/]|$)"),
        iso("(?:^|[^\\pN])(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[^\\pN]|$)"),
        iso_full(
            "\\s*(\\d{4})-?(\\d{2})-?(\\d{2})(?:[T ](\\d{2}):?(\\d{2})(?::?(\\d{1,2})(?:[.,:]\\d+)?)?"
            "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?)?\\s*"),
        rfc822(
            "(?i)\\s*(?:[a-z]{3},?\\s+)?(\\d{1,2})\\s+([a-z]{3})[a-z]*\\.?\\s+(\\d{4})"
            "(?:\\s+(\\d{2}):(\\d{2})(?::(\\d{2}))?\\s*(gmt|utc|z|[+-]\\d{4})?)?.*") {}
};

const Patterns& Re() {
  static const Patterns* p = new Patterns(MonthAlternation());
  return *p;
}

// Offset in ms east of UTC from "Z", "+06:00", "+0600", "+06", "GMT".
int64_t OffsetMs(std::string_view z) {
  if (z.empty() || z == "Z" || z == "z" || EqualsNoCase(z, "gmt") || EqualsNoCase(z, "utc")) return 0;
  int sign = z[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : z.substr(1)) {
    if (IsAsciiDigit(c)) digits.push_back(c);
  }
  int h = ToInt(std::string_view(digits).substr(0, 2));
  int m = digits.size() >= 4 ? ToInt(std::string_view(digits).substr(2, 2)) : 0;
  if (h < 0 || h > 14 || m < 0 || m > 59) return 0;
  return sign * (h * 3'600'000LL + m * 60'000LL);
}

std::optional<int64_t> WithTime(std::optional<int64_t> day, std::string_view hh, std::string_view mm,
                                std::string_view ss, std::string_view zone, int* offset_minutes, bool* zoned) {
  if (!day || hh.empty()) return day;
  int h = ToInt(hh), m = ToInt(mm), s = ss.empty() ? 0 : ToInt(ss);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return day;
  int64_t offset = OffsetMs(zone);
  *offset_minutes = static_cast<int>(offset / 60'000);
  *zoned = !zone.empty();
  return *day + h * 3'600'000LL + m * 60'000LL + s * 1000LL - offset;
}

// Finds the first match of `re` in `text` that makes a valid date, with
// `make` turning the three groups into one; returns it and its position.
template <typename Make>
void FirstValid(const RE2& re, std::string_view text, Make make, size_t* best_pos,
                std::optional<int64_t>* best) {
  re2::StringPiece groups[4];
  size_t start = 0;
  while (
      start < text.size() && start < *best_pos &&
      re.Match(re2::StringPiece(text.data(), text.size()), start, text.size(), RE2::UNANCHORED, groups, 4)) {
    size_t pos = groups[0].data() - text.data();
    if (pos >= *best_pos) return;
    auto v = make(std::string_view(groups[1].data(), groups[1].size()),
                  std::string_view(groups[2].data(), groups[2].size()),
                  std::string_view(groups[3].data(), groups[3].size()));
    if (v) {
      *best_pos = pos;
      *best = v;
      return;
    }
    start = pos + 1;
  }
}

}  // namespace

bool IsBelievableDateMs(int64_t unix_ms) {
  static const int64_t kFirst = *CivilToMs(1990, 1, 1);
  static const int64_t kEnd = *CivilToMs(CurrentYear() + 1, 12, 31) + kDayMs;
  return unix_ms >= kFirst && unix_ms < kEnd;
}

std::optional<int64_t> CivilToMs(int year, int month, int day) {
  static const int kMaxYear = CurrentYear() + 1;
  if (year < 1990 || year > kMaxYear || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > DaysInMonth(year, month)) return std::nullopt;
  return DaysFromCivil(year, month, day) * kDayMs;
}

std::optional<int64_t> ParseDate(std::string_view s, int* offset_minutes, bool* zoned) {
  s = TrimAscii(s);
  if (s.empty() || s.size() > 200) return std::nullopt;
  const Patterns& re = Re();
  re2::StringPiece in(s.data(), s.size());
  std::string y, mo, d, hh, mm, ss, zone;
  int offset = 0;
  bool has_zone = false;
  std::optional<int64_t> ms;
  if (RE2::FullMatch(in, re.iso_full, &y, &mo, &d, &hh, &mm, &ss, &zone)) {
    ms = WithTime(CivilToMs(ToInt(y), ToInt(mo), ToInt(d)), hh, mm, ss, zone, &offset, &has_zone);
  } else if (RE2::FullMatch(in, re.rfc822, &d, &mo, &y, &hh, &mm, &ss, &zone) && LookupMonth(mo) > 0) {
    ms = WithTime(CivilToMs(ToInt(y), LookupMonth(mo), ToInt(d)), hh, mm, ss, zone, &offset, &has_zone);
  } else {
    ms = FindDateInText(s);
  }
  if (ms && offset_minutes != nullptr) *offset_minutes = offset;
  if (ms && zoned != nullptr) *zoned = has_zone;
  return ms;
}

std::optional<int64_t> DateFromUrl(std::string_view url) {
  static const RE2 kUrlDate("/((?:19|20)\\d{2})[/_-]?([01]\\d)[/_-]?([0-3]\\d)(?:[/_.-]|$)");
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view() : url.substr(path);
  }
  std::string y, m, d;
  if (!RE2::PartialMatch(re2::StringPiece(url.data(), url.size()), kUrlDate, &y, &m, &d)) {
    return std::nullopt;
  }
  return CivilToMs(ToInt(y), ToInt(m), ToInt(d));
}

std::optional<int64_t> FindDateInText(std::string_view text) {
  text = text.substr(0, std::min(text.size(), kMaxScan));
  const Patterns& re = Re();
  size_t pos = text.size();
  std::optional<int64_t> best;
  FirstValid(
      re.day_month_year, text,
      [](auto d, auto m, auto y) { return CivilToMs(ToInt(y), LookupMonth(m), ToInt(d)); }, &pos, &best);
  FirstValid(
      re.month_day_year, text,
      [](auto m, auto d, auto y) { return CivilToMs(ToInt(y), LookupMonth(m), ToInt(d)); }, &pos, &best);
  FirstValid(
      re.year_day_month, text,
      [](auto y, auto d, auto m) { return CivilToMs(ToInt(y), LookupMonth(m), ToInt(d)); }, &pos, &best);
  FirstValid(
      re.cjk, text, [](auto y, auto m, auto d) { return CivilToMs(ToInt(y), ToInt(m), ToInt(d)); }, &pos,
      &best);
  FirstValid(
      re.dotted, text, [](auto d, auto m, auto y) { return CivilToMs(ToInt(y), ToInt(m), ToInt(d)); }, &pos,
      &best);
  FirstValid(
      re.dotted_short, text,
      [](auto d, auto m, auto y) { return CivilToMs(2000 + ToInt(y), ToInt(m), ToInt(d)); }, &pos, &best);
  // Most of the world writes day/month; "04/17/2020" can only be American.
  FirstValid(
      re.slashed, text,
      [](auto d, auto m, auto y) {
        if (auto dm = CivilToMs(ToInt(y), ToInt(m), ToInt(d))) return dm;
        return CivilToMs(ToInt(y), ToInt(d), ToInt(m));
      },
      &pos, &best);
  FirstValid(
      re.iso, text, [](auto y, auto m, auto d) { return CivilToMs(ToInt(y), ToInt(m), ToInt(d)); }, &pos,
      &best);
  return best;
}

}  // namespace caravan::extract
