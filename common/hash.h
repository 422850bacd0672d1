// Content and identity hashes (xxHash XXH3, 128 bit, hex).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace caravan {

// 32 lowercase hex digits of XXH3-128 of `data`. Stable across versions
// and machines: document ids and content hashes are stored.
std::string Hash128Hex(std::string_view data);

uint64_t Hash64(std::string_view data);

}  // namespace caravan
