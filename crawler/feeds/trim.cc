#include "crawler/feeds/trim.h"

#include <cctype>

namespace caravan::feeds {
namespace {

bool IsUnicodeSpace(char32_t c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Length of the white space (ASCII or a UTF-8 encoded Unicode space) that
// starts at `s[i]`, 0 when there is none.
size_t SpaceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::isspace(c) ? 1 : 0;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return IsUnicodeSpace(cp) ? len : 0;
}

// Length of the white space that ends just before `s[end]`.
size_t SpaceBefore(std::string_view s, size_t end) {
  for (size_t len = 1; len <= 4 && len <= end; ++len) {
    unsigned char c = static_cast<unsigned char>(s[end - len]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: the sequence starts further back
    return SpaceAt(s, end - len) == len ? len : 0;
  }
  return 0;
}

}  // namespace

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty()) {
    size_t n = SpaceAt(text, 0);
    if (n == 0) break;
    text.remove_prefix(n);
  }
  while (!text.empty()) {
    size_t n = SpaceBefore(text, text.size());
    if (n == 0) break;
    text.remove_suffix(n);
  }
  return text;
}

}  // namespace caravan::feeds
