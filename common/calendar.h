// The proleptic Gregorian calendar, and lookups in the month names of the
// language files (languages/phrases.h): one table for page dates
// (extract/dates.h), feed dates (crawler/feeds/feed_date.h) and the
// datelines main-text extraction drops.
#pragma once

#include <cstdint>
#include <string_view>

namespace caravan {

constexpr bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// 28-31; `month` is 1-12.
int DaysInMonth(int64_t year, int month);

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), valid far outside time_t's range. The date is not
// checked: callers check month and day first.
int64_t DaysFromCivil(int64_t year, int month, int day);

// The month (1-12) `lowercase_name` names exactly, or 0. Callers fold case
// first, since how depends on the text (ASCII in feeds, any script on pages).
int MonthOfName(std::string_view lowercase_name);

// Whether a lowercase word starts the way a month name does (its first three
// characters), as in "Sept.", "janv" or "października": for telling
// datelines from prose, where abbreviations vary more than any table.
bool StartsLikeAMonth(std::string_view lowercase_word);

}  // namespace caravan
