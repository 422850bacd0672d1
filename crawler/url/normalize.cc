// Normalize(): the crawler's canonical URL form on top of the WHATWG parse.
// The parse already lowercases scheme and host, applies IDNA, drops the
// default port and resolves dot segments; this file settles what WHATWG
// leaves ambiguous, so that equivalent spellings meet in one frontier key.
#include <array>

#include "common/ascii.h"
#include "crawler/url/host.h"
#include "crawler/url/url.h"

namespace caravan::url {
namespace {

// RFC 3986 pchar minus unreserved and pct-encoded; a query also allows '/'
// and '?', and a path's '/' separates segments.
bool IsAllowedLiteral(unsigned char c, bool query) {
  if (IsUnreserved(c)) return true;
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+':
    case ',': case ';': case '=': case ':': case '@': case '/':
      return true;
    case '?':
      return query;
    default:
      return false;
  }
}

// Decodes escapes of unreserved characters, uppercases the others, encodes
// a '%' that starts no escape and any byte RFC 3986 does not allow here.
// WHATWG leaves e.g. "[", "|" and a stray "%" literal, so without this
// "a[1]" and "a%5B1%5D" would be two keys for one resource.
std::string NormalizeEscapes(std::string_view in, bool query) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (AppendNormalEscape(in, &i, &out)) continue;
    if (IsAllowedLiteral(c, query)) {
      out += static_cast<char>(c);
    } else {
      AppendPercentEncoded(&out, c);
    }
  }
  return out;
}

// Tracking parameters, then session ids (crawler-commons' list): neither
// changes the page, and session ids mint a new URL for it on every visit.
constexpr std::array<std::string_view, 15> kTrackingParams = {
    "utm_*", "fbclid", "gclid", "dclid", "msclkid", "yclid",  "mc_cid", "mc_eid",
    "_ga",   "igshid", "ref_src", "sid", "phpsessid", "sessionid", "jsessionid",
};

// Servlet containers put the session in the path: "/a;jsessionid=0AB1?x".
std::string DropPathSession(std::string path) {
  for (size_t i = path.find(';'); i != std::string::npos; i = path.find(';', i + 1)) {
    constexpr std::string_view kName = ";jsessionid=";
    if (path.size() - i < kName.size()) break;
    bool match = true;
    for (size_t k = 0; k < kName.size() && match; ++k) match = AsciiLower(path[i + k]) == kName[k];
    if (!match) continue;
    size_t end = path.find_first_of("/;", i + 1);
    path.erase(i, end == std::string::npos ? std::string::npos : end - i);
    break;
  }
  return path;
}

// ASCII case-insensitive; a pattern ending in '*' matches as a prefix.
bool NameMatches(std::string_view name, std::string_view pattern) {
  bool prefix = !pattern.empty() && pattern.back() == '*';
  if (prefix) pattern.remove_suffix(1);
  if (prefix ? name.size() < pattern.size() : name.size() != pattern.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (AsciiLower(name[i]) != AsciiLower(pattern[i])) return false;
  }
  return true;
}

bool IsStripped(std::string_view name, const NormalizeOptions& options) {
  for (std::string_view p : kTrackingParams) {
    if (NameMatches(name, p)) return true;
  }
  for (const std::string& p : options.strip_params) {
    if (NameMatches(name, p)) return true;
  }
  return false;
}

// Drops tracking parameters and empty "&&" pieces; the order of the rest is
// kept because some servers read parameters positionally.
std::string FilterQuery(std::string_view query, const NormalizeOptions& options) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view piece = query.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    if (IsStripped(piece.substr(0, piece.find('=')), options)) continue;
    if (!out.empty()) out += '&';
    out += piece;
  }
  return out;
}

}  // namespace

std::optional<std::string> Normalize(std::string_view input, const NormalizeOptions& options) {
  std::optional<Url> u = Parse(input);
  if (!u || (u->scheme != "http" && u->scheme != "https") || u->host.empty()) {
    return std::nullopt;
  }
  // Credentials do not change which resource is addressed, and must not
  // leak into frontier keys or stored canonical URLs.
  u->username.clear();
  u->password.clear();
  // "example.com." names the same host as "example.com" in practice. Not
  // when the dots are all that keep a host from ending in a number: "a.09."
  // is a domain, "a.09" an invalid IPv4 address that Normalize would then
  // refuse.
  std::string_view host = u->host;
  while (host.size() > 1 && host.back() == '.') host.remove_suffix(1);
  if (host.size() < u->host.size() && internal::ParseHost(host, /*special=*/true) == host) {
    u->host = std::string(host);
  }
  u->path = NormalizeEscapes(DropPathSession(std::move(u->path)), /*query=*/false);
  if (u->query) {
    std::string q = FilterQuery(NormalizeEscapes(*u->query, /*query=*/true), options);
    if (q.empty()) {
      u->query.reset();
    } else {
      u->query = std::move(q);
    }
  }
  u->fragment.reset();
  return u->Serialize();
}

}  // namespace caravan::url
