#include "crawler/feeds/uri.h"

#include <cctype>
#include <vector>

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

struct Parts {
  std::string scheme;
  std::string_view authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// RFC 3986 appendix B, without the regex.
Parts Split(std::string_view s) {
  Parts p;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    bool ok = true;
    for (size_t i = 1; i < colon && ok; ++i) ok = IsSchemeChar(s[i]);
    if (ok) {
      for (size_t i = 0; i < colon; ++i) p.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
      s.remove_prefix(colon + 1);
    }
  }
  if (size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.has_fragment = true;
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (size_t q = s.find('?'); q != std::string_view::npos) {
    p.has_query = true;
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (s.substr(0, 2) == "//") {
    p.has_authority = true;
    size_t slash = s.find('/', 2);
    p.authority = s.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::vector<std::string_view> out;
  bool absolute = !in.empty() && in.front() == '/';
  bool trailing_slash = false;
  size_t i = absolute ? 1 : 0;
  while (i <= in.size()) {
    size_t end = in.find('/', i);
    if (end == std::string_view::npos) end = in.size();
    std::string_view segment = in.substr(i, end - i);
    bool last = end == in.size();
    if (segment == ".") {
      trailing_slash = last;
    } else if (segment == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(segment);
      trailing_slash = false;
    }
    i = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k) result += '/';
    result += out[k];
  }
  if (trailing_slash && !out.empty()) result += '/';
  return result;
}

std::string Compose(const std::string& scheme, bool has_authority, std::string_view authority,
                    std::string_view path, bool has_query, std::string_view query, bool has_fragment,
                    std::string_view fragment) {
  std::string out = scheme + ":";
  if (has_authority) out.append("//").append(authority);
  out.append(path);
  if (has_query) out.append("?").append(query);
  if (has_fragment) out.append("#").append(fragment);
  return out;
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

std::optional<std::string> ResolveUri(std::string_view base, std::string_view ref) {
  std::string cleaned;
  for (char c : TrimSpace(ref)) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned += c;
  }
  if (cleaned.empty()) return std::nullopt;
  Parts r = Split(cleaned);
  if (!r.scheme.empty()) {
    return Compose(r.scheme, r.has_authority, r.authority, RemoveDotSegments(r.path), r.has_query, r.query,
                   r.has_fragment, r.fragment);
  }
  std::string base_copy(TrimSpace(base));
  Parts b = Split(base_copy);
  if (b.scheme.empty()) return std::nullopt;
  if (r.has_authority) {
    return Compose(b.scheme, true, r.authority, RemoveDotSegments(r.path), r.has_query, r.query,
                   r.has_fragment, r.fragment);
  }
  if (r.path.empty()) {
    return Compose(b.scheme, b.has_authority, b.authority, b.path, r.has_query || b.has_query,
                   r.has_query ? r.query : b.query, r.has_fragment, r.fragment);
  }
  std::string path;
  if (r.path.front() == '/') {
    path = RemoveDotSegments(r.path);
  } else if (b.has_authority && b.path.empty()) {
    path = RemoveDotSegments("/" + std::string(r.path));
  } else {
    size_t slash = b.path.rfind('/');
    std::string merged(slash == std::string_view::npos ? std::string_view() : b.path.substr(0, slash + 1));
    merged.append(r.path);
    path = RemoveDotSegments(merged);
  }
  return Compose(b.scheme, b.has_authority, b.authority, path, r.has_query, r.query, r.has_fragment,
                 r.fragment);
}

}  // namespace caravan::feeds
