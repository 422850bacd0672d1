// UTF-8 code points, and which of them make up words: one definition for
// the scanners that split text into words (near-duplicate sketches, topic
// terms).
#pragma once

#include <cstdint>
#include <string_view>

namespace caravan {

// Decodes the code point of `s` at `*i` (which must be < s.size()) and moves
// past it. A stray or truncated byte is read as its own value.
uint32_t NextCodePoint(std::string_view s, size_t* i);

// Letters and digits of any script: everything but ASCII other than
// letters and digits, Latin-1 signs and punctuation («», ×, ÷), general
// punctuation, symbols and arrows (U+2000-U+2BFF), CJK punctuation and
// compatibility forms, and fullwidth punctuation.
bool IsWordCodePoint(uint32_t cp);

}  // namespace caravan
