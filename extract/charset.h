// Character set detection and conversion to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace caravan::extract {

// Decodes `body` to UTF-8. The charset is taken, in order, from a BOM, the
// HTTP header (`header_charset`), an HTML <meta charset> / http-equiv in the
// first 4 KiB, and else detected with uchardet. Invalid sequences become
// U+FFFD. `used`, if given, receives the charset name applied.
//
// One exception to that order: a declared single-byte or legacy charset
// loses to bytes that are valid UTF-8 with multi-byte sequences, because
// mislabelled UTF-8 pages are common and legacy text that happens to be
// valid UTF-8 is not.
std::string ToUtf8(std::string_view body, std::string_view header_charset,
                   std::string* used = nullptr);

// The iconv name for a charset label as found in headers and meta tags
// ("gb2312" -> "GB18030", "latin1" -> "WINDOWS-1252", ...), following the
// WHATWG Encoding Standard's supersets. "" for an empty label.
std::string CanonicalCharset(std::string_view label);

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

}  // namespace caravan::extract
