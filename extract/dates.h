// Publication dates as pages write them: machine-readable values in meta
// tags and JSON-LD, dates in URLs, and dates printed for readers in the
// project's languages.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace caravan::extract {

// Unix ms (UTC midnight) of a proleptic Gregorian date; nullopt unless it
// is a real calendar date between 1990 and next year, the span in which
// a web page's publication date is believable.
std::optional<int64_t> CivilToMs(int year, int month, int day);

// Whether a timestamp from a source that is not a calendar date (PDF info
// dates, HTTP headers) falls in that same span; such fields are often
// filled with placeholders (D:99999999) or the epoch.
bool IsBelievableDateMs(int64_t unix_ms);

// Machine-readable forms: ISO 8601 / RFC 3339 ("2024-09-13",
// "2024-09-13T08:30:00+06:00", "2024-09-13 08:30", "20240913"),
// "2024/09/13", and RFC 822 ("Fri, 13 Sep 2024 08:30:00 GMT"). Offsets are
// applied; times without offset count as UTC. Falls back to FindDateInText
// so that a meta tag holding "13 September 2024" works too. On success,
// `offset_minutes` (if given) receives the offset the value carried (360
// for "+06:00", 0 when none), which gives back the writer's calendar day,
// and `zoned` whether it had a time of day with a zone ("Z" and "GMT"
// included): "08:30Z" is UTC, a bare "08:30" the writer's own clock.
std::optional<int64_t> ParseDate(std::string_view s, int* offset_minutes = nullptr, bool* zoned = nullptr);

// /2024/09/13/, /2024-09-13- or /20240913/ in a URL's path.
std::optional<int64_t> DateFromUrl(std::string_view url);

// The first date printed in `text`: "13 September 2024", "September 13,
// 2024", "13. September 2024", "13 сентября 2024", "13 Eylül 2024",
// "13 de septiembre de 2024", "2024年9月13日", "13.09.2024", "13.09.24",
// "2024-09-13". Month names in English, German, French, Spanish, Italian,
// Portuguese, Dutch, Russian, Kazakh and Turkish, any case, full or
// abbreviated where customary.
std::optional<int64_t> FindDateInText(std::string_view text);

}  // namespace caravan::extract
