// ASCII character classes, case and hex digits, locale-free: URLs, HTTP
// headers, robots.txt and HTML tokens are ASCII whatever the text around
// them, and <cctype> would consult the C locale and take int.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

inline constexpr char kHexUpper[] = "0123456789ABCDEF";

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }
// HTML's and C's white space: space, tab, LF, CR, FF, VT.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// The value of a hex digit; only for characters IsHexDigit accepts.
constexpr int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
// RFC 3986 unreserved: never needs percent-encoding.
constexpr bool IsUnreserved(char c) {
  return IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
// The byte a valid escape "%XY" at in[i] stands for; nullopt when in[i]
// starts none.
constexpr std::optional<unsigned char> PercentEscapeAt(std::string_view in, size_t i) {
  if (i + 2 >= in.size() || in[i] != '%' || !IsHexDigit(in[i + 1]) || !IsHexDigit(in[i + 2])) return std::nullopt;
  return static_cast<unsigned char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
}
// Appends "%XY" for `byte`, uppercase as RFC 3986 2.1 recommends.
inline void AppendPercentEncoded(std::string* out, unsigned char byte) {
  *out += '%';
  *out += kHexUpper[byte >> 4];
  *out += kHexUpper[byte & 15];
}

// RFC 3986 6.2.2: when in[*i] starts a valid escape, appends its normal
// form (an unreserved character decoded, any other byte "%XY" uppercase),
// moves *i to the escape's last character and returns true.
inline bool AppendNormalEscape(std::string_view in, size_t* i, std::string* out) {
  std::optional<unsigned char> decoded = PercentEscapeAt(in, *i);
  if (!decoded) return false;
  if (IsUnreserved(static_cast<char>(*decoded))) {
    *out += static_cast<char>(*decoded);
  } else {
    AppendPercentEncoded(out, *decoded);
  }
  *i += 2;
  return true;
}

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
constexpr char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Without ASCII white space (IsAsciiSpace) at either end.
constexpr std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}
constexpr bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}
constexpr bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

}  // namespace caravan
