// Character set detection and conversion to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace caravan::extract {

// Decodes `body` to UTF-8. The charset is taken, in order, from a BOM, the
// HTTP header (`header_charset`), an HTML <meta charset> / http-equiv in the
// first 4 KiB, and else detected with uchardet. Invalid sequences become
// U+FFFD. `used`, if given, receives the charset name applied.
std::string ToUtf8(std::string_view body, std::string_view header_charset,
                   std::string* used = nullptr);

}  // namespace caravan::extract
