#include "common/utf8.h"

namespace caravan {

uint32_t NextCodePoint(std::string_view s, size_t* i) {
  auto b = static_cast<unsigned char>(s[*i]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  if (*i + extra >= s.size()) extra = 0;  // truncated at the end
  uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += 1 + extra;
  return cp;
}

bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 signs and punctuation
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;             // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;             // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;             // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;             // fullwidth punctuation
  return true;
}

}  // namespace caravan
