#include "crawler/url/host.h"

#include <unicode/uidna.h>

#include <array>
#include <cstdint>
#include <vector>

#include "common/ascii.h"

namespace caravan::url::internal {
namespace {

std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (auto decoded = PercentEscapeAt(in, i)) {
      out.push_back(static_cast<char>(*decoded));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// Code points that may never appear in a host (opaque or not).
bool IsForbiddenHost(unsigned char c) {
  switch (c) {
    case 0x00: case 0x09: case 0x0A: case 0x0D: case ' ': case '#': case '/':
    case ':': case '<': case '>': case '?': case '@': case '[': case '\\':
    case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

bool IsForbiddenDomain(unsigned char c) {
  return IsForbiddenHost(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// --- IPv4 -------------------------------------------------------------------

// Values above this are invalid anywhere in an address; clamping keeps the
// arithmetic from overflowing on absurdly long numbers.
constexpr uint64_t kClamp = uint64_t{1} << 40;

std::optional<uint64_t> ParseIPv4Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  uint64_t value = 0;
  for (char c : s) {
    int digit;
    if (radix == 16 && IsHexDigit(c)) {
      digit = HexValue(c);
    } else if (c >= '0' && c <= '9' && c - '0' < radix) {
      digit = c - '0';
    } else {
      return std::nullopt;
    }
    value = value * radix + digit;
    if (value > kClamp) value = kClamp;
  }
  return value;
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

// "ends in a number": the last label decides whether a host is meant as an
// IPv4 address, so "1.2.3.4." and "0x7f.1" are addresses and "a.1b" a name.
bool EndsInNumber(std::string_view host) {
  std::vector<std::string_view> parts = SplitDots(host);
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  std::string_view last = parts.back();
  if (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos) {
    return true;
  }
  if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')) {
    for (size_t i = 2; i < last.size(); ++i) {
      if (!IsHexDigit(last[i])) return false;
    }
    return true;
  }
  return false;
}

std::optional<uint32_t> ParseIPv4(std::string_view host) {
  std::vector<std::string_view> parts = SplitDots(host);
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return std::nullopt;
  std::vector<uint64_t> numbers;
  for (std::string_view part : parts) {
    std::optional<uint64_t> n = ParseIPv4Number(part);
    if (!n) return std::nullopt;
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return std::nullopt;
  }
  const uint64_t limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return std::nullopt;
  uint64_t ipv4 = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    ipv4 += numbers[i] << (8 * (3 - i));
  }
  return static_cast<uint32_t>(ipv4);
}

std::string SerializeIPv4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

// --- IPv6 -------------------------------------------------------------------

using IPv6 = std::array<uint16_t, 8>;

std::optional<IPv6> ParseIPv6(std::string_view in) {
  IPv6 address{};
  int piece = 0;
  int compress = -1;
  size_t p = 0;
  auto at = [&](size_t i) -> int { return i < in.size() ? static_cast<unsigned char>(in[i]) : -1; };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return std::nullopt;
    p += 2;
    compress = ++piece;
  }
  while (at(p) != -1) {
    if (piece == 8) return std::nullopt;
    if (at(p) == ':') {
      if (compress != -1) return std::nullopt;
      ++p;
      compress = ++piece;
      continue;
    }
    int value = 0, length = 0;
    while (length < 4 && at(p) != -1 && IsHexDigit(static_cast<char>(at(p)))) {
      value = value * 16 + HexValue(static_cast<char>(at(p)));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      // An embedded IPv4 address fills the last two pieces.
      if (length == 0) return std::nullopt;
      p -= length;
      if (piece > 6) return std::nullopt;
      int numbers_seen = 0;
      while (at(p) != -1) {
        int v4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return std::nullopt;
          }
        }
        if (at(p) < '0' || at(p) > '9') return std::nullopt;
        while (at(p) >= '0' && at(p) <= '9') {
          int number = at(p) - '0';
          if (v4_piece == -1) {
            v4_piece = number;
          } else if (v4_piece == 0) {
            return std::nullopt;
          } else {
            v4_piece = v4_piece * 10 + number;
          }
          if (v4_piece > 255) return std::nullopt;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + v4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece;
      }
      if (numbers_seen != 4) return std::nullopt;
      break;
    } else if (at(p) == ':') {
      ++p;
      if (at(p) == -1) return std::nullopt;
    } else if (at(p) != -1) {
      return std::nullopt;
    }
    address[piece] = static_cast<uint16_t>(value);
    ++piece;
  }
  if (compress != -1) {
    int swaps = piece - compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return std::nullopt;
  }
  return address;
}

std::string SerializeIPv6(const IPv6& a) {
  // Compress the first longest run of two or more zero pieces.
  int compress = -1, best = 1;
  for (int i = 0; i < 8;) {
    if (a[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && a[j] == 0) ++j;
    if (j - i > best) {
      best = j - i;
      compress = i;
    }
    i = j;
  }
  std::string out;
  bool ignore0 = false;
  for (int i = 0; i < 8; ++i) {
    if (ignore0 && a[i] == 0) continue;
    ignore0 = false;
    if (compress == i) {
      out += i == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    char buf[8];
    int len = 0;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (a[i] >> shift) & 15;
      if (d != 0 || started || shift == 0) {
        buf[len++] = "0123456789abcdef"[d];
        started = true;
      }
    }
    out.append(buf, len);
    if (i != 7) out += ':';
  }
  return out;
}

std::optional<std::string> ParseOpaqueHost(std::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (IsForbiddenHost(c)) return std::nullopt;
    if (c <= 0x1F || c >= 0x7F) {
      AppendPercentEncoded(&out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The standard skips IDNA for an all-ASCII domain (it only lowercases), so
// an ASCII "xn--" label is taken as written even when its Punycode is
// invalid; browsers agree, and so must the crawler's host keys.
bool IsAscii(std::string_view domain) {
  for (unsigned char c : domain) {
    if (c >= 0x80) return false;
  }
  return true;
}

const UIDNA* Uts46() {
  static const UIDNA* idna = [] {
    UErrorCode err = U_ZERO_ERROR;
    return static_cast<const UIDNA*>(uidna_openUTS46(
        UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII |
            UIDNA_NONTRANSITIONAL_TO_UNICODE,
        &err));
  }();
  return idna;
}

}  // namespace

std::string SanitizeUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto b = [&](size_t i) { return static_cast<unsigned char>(in[i]); };
  size_t i = 0;
  while (i < in.size()) {
    unsigned char c = b(i);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool ok = true;
    for (int k = 0; k < need; ++k, ++j) {
      if (j >= in.size() || b(j) < lo || b(j) > hi) {
        ok = false;
        break;
      }
      lo = 0x80;
      hi = 0xBF;
    }
    if (ok) {
      out.append(in.substr(i, j - i));
    } else {
      out += "\xEF\xBF\xBD";  // the maximal valid prefix becomes one U+FFFD
    }
    i = j;
  }
  return out;
}

std::optional<std::string> DomainToAscii(std::string_view domain) {
  std::string result;
  if (IsAscii(domain)) {
    result.reserve(domain.size());
    for (char c : domain) result += AsciiLower(c);
  } else {
    const UIDNA* idna = Uts46();
    if (idna == nullptr) return std::nullopt;
    std::string buf(domain.size() * 4 + 64, '\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
      UErrorCode err = U_ZERO_ERROR;
      UIDNAInfo info = UIDNA_INFO_INITIALIZER;
      int32_t len = uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()),
                                           buf.data(), static_cast<int32_t>(buf.size()), &info, &err);
      if (err == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
        buf.assign(static_cast<size_t>(len) + 1, '\0');
        continue;
      }
      if (U_FAILURE(err)) return std::nullopt;
      // The standard runs UTS #46 with CheckHyphens and VerifyDnsLength off;
      // ICU always reports those, so they are masked here.
      constexpr uint32_t kIgnored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                    UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                    UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
      if ((info.errors & ~kIgnored) != 0) return std::nullopt;
      result.assign(buf.data(), static_cast<size_t>(len));
      break;
    }
  }
  if (result.empty()) return std::nullopt;
  return result;
}

std::optional<std::string> ParseHost(std::string_view input, bool special) {
  if (!input.empty() && input.front() == '[') {
    if (input.size() < 2 || input.back() != ']') return std::nullopt;
    std::optional<IPv6> a = ParseIPv6(input.substr(1, input.size() - 2));
    if (!a) return std::nullopt;
    return "[" + SerializeIPv6(*a) + "]";
  }
  if (!special) return ParseOpaqueHost(input);
  std::string domain = SanitizeUtf8(PercentDecode(input));
  std::optional<std::string> ascii = DomainToAscii(domain);
  if (!ascii) return std::nullopt;
  for (unsigned char c : *ascii) {
    if (IsForbiddenDomain(c)) return std::nullopt;
  }
  if (EndsInNumber(*ascii)) {
    std::optional<uint32_t> v4 = ParseIPv4(*ascii);
    if (!v4) return std::nullopt;
    return SerializeIPv4(*v4);
  }
  return ascii;
}

}  // namespace caravan::url::internal
