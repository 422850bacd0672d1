// Small UTF-8 string helpers shared by the extraction files (ASCII ones
// are in common/ascii.h, white space in common/spaces.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/ascii.h"
#include "common/spaces.h"

namespace caravan::extract {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// True if `hay` contains `lower_needle` ignoring ASCII case; the needle
// must be lowercase already.
bool ContainsNoCase(std::string_view hay, std::string_view lower_needle);

// Length of the longest prefix of `s` that is well-formed UTF-8.
size_t ValidUtf8Prefix(std::string_view s);
// `s` with every ill-formed sequence replaced by U+FFFD.
std::string RepairUtf8(std::string_view s);

// Number of code points (bytes that do not continue a sequence).
size_t CodePoints(std::string_view s);

// How much text `s` is for a reader, in Latin-letter equivalents: code
// points, with Chinese, Japanese and Korean characters counted three
// times (one of them carries about as much as a short word), so length
// thresholds hold across scripts.
size_t TextWeight(std::string_view s);
// The weight of the code point starting with lead byte `lead` (1 or 3).
inline size_t CharWeight(unsigned char lead, unsigned char next) {
  // U+3040..U+9FFF (kana, CJK ideographs) and U+AC00..U+D7AF (Hangul):
  // lead bytes E3..E9 and EA B0..ED 9F.
  if (lead >= 0xE3 && lead <= 0xE9) return 3;
  if ((lead == 0xEA && next >= 0xB0) || lead == 0xEB || lead == 0xEC || (lead == 0xED && next < 0xA0))
    return 3;
  return 1;
}

// Number of runs of non-space (ASCII) characters: words, for length rules.
size_t Words(std::string_view s);

// Splits on any of the given separators (each a whole string), trimming the
// parts and dropping empty ones.
std::vector<std::string> SplitAny(std::string_view s, const std::vector<std::string_view>& seps);

// Whether the whitespace-separated token list `list` (a rel or class
// attribute) holds `lower_token`, ignoring ASCII case.
bool HasToken(std::string_view list, std::string_view lower_token);

// Lowercases ASCII letters and Latin-1/Cyrillic capitals well enough to
// compare names and site titles ("ANKASAM" vs "Ankasam").
std::string FoldCase(std::string_view s);

}  // namespace caravan::extract
