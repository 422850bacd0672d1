// White space around the text of feeds and sitemaps, which pad URLs and
// dates with every kind of it. Shared with crawler/sitemaps.
#pragma once

#include <string_view>

namespace caravan::feeds {

// Drops ASCII and Unicode white space (NBSP, U+2000..U+200B, U+202F, U+205F,
// U+3000, BOM) from both ends.
std::string_view TrimSpace(std::string_view text);

}  // namespace caravan::feeds
