#include "common/spaces.h"

#include "common/ascii.h"

namespace caravan {

size_t SpaceAt(std::string_view s, Spaces set) {
  if (s.empty()) return 0;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return IsAsciiSpace(s[0]) ? 1 : 0;
  if (set == Spaces::kAscii) return 0;
  if (c == 0xC2 && s.size() >= 2 && static_cast<unsigned char>(s[1]) == 0xA0) return 2;
  if (c == 0xE2 && s.size() >= 3) {
    unsigned char c1 = static_cast<unsigned char>(s[1]);
    unsigned char c2 = static_cast<unsigned char>(s[2]);
    if (c1 == 0x80 && c2 >= 0x80 && c2 <= 0x8A) return 3;                  // U+2000..U+200A
    if (c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) return 3;  // U+2028, U+2029, U+202F
    if (c1 == 0x81 && c2 == 0x9F) return 3;                                // U+205F
  }
  if (c == 0xE3 && s.size() >= 3 && static_cast<unsigned char>(s[1]) == 0x80 &&
      static_cast<unsigned char>(s[2]) == 0x80) {
    return 3;  // U+3000
  }
  return 0;
}

void AppendCollapsed(std::string_view text, std::string* out, bool* pending, Spaces set) {
  size_t i = 0;
  while (i < text.size()) {
    size_t sp = SpaceAt(text.substr(i), set);
    if (sp > 0) {
      *pending = true;
      i += sp;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && SpaceAt(text.substr(j), set) == 0) ++j;
    if (*pending && !out->empty() && out->back() != '\n') out->push_back(' ');
    *pending = false;
    out->append(text.substr(i, j - i));
    i = j;
  }
}

std::string CollapseSpaces(std::string_view s, Spaces set) {
  std::string out;
  bool pending = false;
  AppendCollapsed(s, &out, &pending, set);
  return out;
}

}  // namespace caravan
