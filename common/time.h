// Wall-clock helpers shared by every stage. Times are Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

int64_t NowMs();

// Parses a duration such as "500ms", "2s", "15m", "6h", "7d" or "1h30m".
// Returns nullopt on anything else (including an empty string).
std::optional<int64_t> ParseDurationMs(std::string_view text);

// "2024-09-13T08:30:00Z" (or with ".123" when ms != 0).
std::string FormatRfc3339(int64_t unix_ms);
// The same instant in the zone `offset_min` minutes east of UTC:
// "2024-09-13T13:30:00+05:00", so the date is the one a publisher printed;
// with offset 0, FormatRfc3339.
std::string FormatRfc3339(int64_t unix_ms, int offset_min);

}  // namespace caravan
