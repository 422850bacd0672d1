// URL parsing, resolution and normalization for the crawler.
//
// Parsing follows the WHATWG URL Standard for the special schemes the
// crawler meets (http, https; others parse generically). Normalize() gives
// the form used as a frontier key and for canonical_url: two URLs that
// address the same resource should normalize to the same string.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::url {

// A parsed absolute URL. Components are stored serialized (percent-encoded
// where the standard requires), so Serialize() is a concatenation.
struct Url {
  std::string scheme;    // lowercase, without ':'
  std::string username;
  std::string password;
  std::string host;      // lowercase, IDNA to ASCII, IPv6 in brackets
  int port = -1;         // -1 when absent or the scheme's default
  std::string path;      // starts with '/' for special schemes
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#'
  // True when the URL has a host, even an empty one ("file:///x",
  // "sc://"). Only non-special schemes can lack one ("mailto:x", "sc:/p");
  // Serialize() needs it to tell "sc:" from "sc://".
  bool has_authority = false;

  std::string Serialize() const;
  // host[:port], the politeness and robots.txt key.
  std::string Authority() const;
  // scheme://host[:port]
  std::string Origin() const;
  // path[?query], what robots.txt rules match against.
  std::string PathAndQuery() const;
};

// Parses `input` (trimmed of C0 controls and spaces) against an optional
// base. Returns nullopt when the input is not a valid URL.
std::optional<Url> Parse(std::string_view input, const Url* base = nullptr);

// Resolves `ref` against the absolute URL `base`; nullopt when either fails.
std::optional<std::string> Resolve(std::string_view base, std::string_view ref);

struct NormalizeOptions {
  // Query parameters to drop besides the built-in tracking set (utm_*,
  // fbclid, gclid, ...). An entry ending in '*' is a prefix.
  std::vector<std::string> strip_params;
};

// Canonical form for crawling and dedup: lowercase scheme and host, no
// default port, dot segments resolved, unreserved percent-escapes decoded
// and others uppercased, empty query and fragment dropped, tracking
// parameters removed. Only http and https are accepted.
// Also: userinfo and a trailing dot of the host are dropped, bytes RFC 3986
// does not allow in a path or query ("[", "|", a stray "%") are escaped, and
// empty "&&" query pieces are removed; the order of query parameters is kept.
// Idempotent: Normalize(*Normalize(u)) == Normalize(u).
std::optional<std::string> Normalize(std::string_view url,
                                     const NormalizeOptions& options = {});

// Lowercase host of an absolute URL, "" when it does not parse.
std::string HostOf(std::string_view url);

// host[:port] of a URL already in Normalize()d form, lowercased, without
// userinfo: the politeness and robots.txt key. A scan, not a parse, because
// the frontier asks for it on every queue operation; for any other input
// use Parse()->Authority().
std::string AuthorityOf(std::string_view normalized_url);

}  // namespace caravan::url
