#include "extract/text_util.h"

#include <cstdint>

namespace caravan::extract {
namespace {

// Decodes one well-formed UTF-8 sequence at `s`; returns its length, or 0
// if the bytes there are ill-formed or truncated.
size_t DecodeAt(std::string_view s, char32_t* cp) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.empty()) return 0;
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  char32_t v;
  char32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

void Encode(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool ContainsNoCase(std::string_view hay, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (hay.size() < lower_needle.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= hay.size(); ++i) {
    if (AsciiLower(hay[i]) != lower_needle[0]) continue;
    size_t k = 1;
    while (k < lower_needle.size() && AsciiLower(hay[i + k]) == lower_needle[k]) ++k;
    if (k == lower_needle.size()) return true;
  }
  return false;
}

size_t ValidUtf8Prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII runs dominate real pages; skip them eight bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t w;
      __builtin_memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    char32_t cp;
    size_t n = DecodeAt(s.substr(i), &cp);
    if (n == 0) return i;
    i += n;
  }
  return s.size();
}

std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t ok = ValidUtf8Prefix(s.substr(i));
    out.append(s.substr(i, ok));
    i += ok;
    if (i < s.size()) {
      out.append(kReplacementChar);
      ++i;
    }
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

size_t TextWeight(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    n += CharWeight(c, i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0);
  }
  return n;
}

std::vector<std::string> SplitAny(std::string_view s, const std::vector<std::string_view>& seps) {
  std::vector<std::string> parts;
  size_t start = 0;
  size_t i = 0;
  auto flush = [&](size_t end) {
    std::string part = CollapseSpaces(s.substr(start, end - start));
    if (!part.empty()) parts.push_back(std::move(part));
  };
  while (i < s.size()) {
    size_t matched = 0;
    for (std::string_view sep : seps) {
      if (!sep.empty() && s.substr(i, sep.size()) == sep) {
        matched = sep.size();
        break;
      }
    }
    if (matched > 0) {
      flush(i);
      i += matched;
      start = i;
    } else {
      ++i;
    }
  }
  flush(s.size());
  return parts;
}

std::string FoldCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    size_t n = DecodeAt(s.substr(i), &cp);
    if (n == 0) {
      ++i;
      continue;
    }
    i += n;
    if (cp >= 'A' && cp <= 'Z')
      cp += 32;
    else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
      cp += 32;  // Latin-1
    else if (cp >= 0x410 && cp <= 0x42F)
      cp += 32;  // Cyrillic А-Я
    else if (cp >= 0x400 && cp <= 0x40F)
      cp += 80;  // Ѐ-Џ
    else if (cp == 0x130)
      cp = 'i';  // Turkish İ
    else if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0)
      cp += 1;
    else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1)
      cp += 1;  // Ł Ń Ź Ż Ž: Latin Extended-A pairs that start on odd code points
    else if (cp >= 0x460 && cp <= 0x4BF && cp % 2 == 0)
      cp += 1;  // Kazakh Қ Ң Ү Ұ ...
    else if (cp >= 0x4D0 && cp <= 0x4FF && cp % 2 == 0)
      cp += 1;  // Ә Ө
    Encode(cp, &out);
  }
  return out;
}

bool HasToken(std::string_view list, std::string_view lower_token) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsAsciiSpace(list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i])) ++i;
    if (EqualsNoCase(list.substr(start, i - start), lower_token)) return true;
  }
  return false;
}

size_t Words(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (IsAsciiSpace(c)) {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}


}  // namespace caravan::extract
