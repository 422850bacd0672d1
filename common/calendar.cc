#include "common/calendar.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "languages/phrases.h"

namespace caravan {
namespace {

// The first `n` code points of UTF-8 `s` (all of it when shorter).
std::string_view FirstCodePoints(std::string_view s, int n) {
  size_t i = 0;
  for (int seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (seen++ == n) break;
  }
  return s.substr(0, i);
}

}  // namespace

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int MonthOfName(std::string_view lowercase_name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, int>;
    for (const languages::MonthName& m : languages::Months()) t->emplace(m.name, m.month);
    return t;
  }();
  auto it = table->find(lowercase_name);
  return it == table->end() ? 0 : it->second;
}

bool StartsLikeAMonth(std::string_view lowercase_word) {
  static const auto* stems = [] {
    auto* s = new std::unordered_set<std::string_view>;
    for (const languages::MonthName& m : languages::Months()) s->insert(FirstCodePoints(m.name, 3));
    return s;
  }();
  std::string_view stem = FirstCodePoints(lowercase_word, 3);
  return stem.size() >= 3 && stems->count(stem) > 0;
}

}  // namespace caravan
