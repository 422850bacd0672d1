#include "extract/url_resolve.h"

#include <optional>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

// Views into the string that was split: resolving a page's hundreds of
// links allocates only their results.
struct Parts {
  std::string_view scheme;  // without ':', any case
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
};

bool IsSchemeChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.'; }

// Splits a URI reference into its RFC 3986 components (fragment dropped).
Parts Split(std::string_view s) {
  Parts p;
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) s = s.substr(0, hash);
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && IsAsciiAlpha(s[0])) {
    bool ok = true;
    for (size_t i = 0; i < colon; ++i) ok = ok && IsSchemeChar(s[i]);
    if (ok) {
      p.scheme = s.substr(0, colon);
      s = s.substr(colon + 1);
    }
  }
  if (s.substr(0, 2) == "//") {
    size_t end = s.find_first_of("/?", 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(2, end - 2);
    s = s.substr(end);
  }
  size_t q = s.find('?');
  if (q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  // Most paths have no dot segment to remove.
  if (in.find("/.") == std::string_view::npos && !in.starts_with('.')) return std::string(in);
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', 1);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string MergePaths(const Parts& base, std::string_view ref_path) {
  if (base.authority && base.path.empty()) return "/" + std::string(ref_path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(ref_path);
  std::string merged(base.path.substr(0, slash + 1));
  merged += ref_path;
  return merged;
}

// Lowercases the host part of an authority, leaving userinfo and port
// except the scheme's default port, which says nothing and would keep equal
// links apart.
std::string NormalizeAuthority(std::string_view a, std::string_view scheme) {
  size_t at = a.rfind('@');
  std::string out(at == std::string_view::npos ? "" : a.substr(0, at + 1));
  std::string_view hostport = at == std::string_view::npos ? a : a.substr(at + 1);
  std::string host = AsciiLowerCopy(hostport);
  std::string_view default_port = scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.ends_with(default_port)) {
    host.resize(host.size() - default_port.size());
  }
  if (host.ends_with(":")) host.pop_back();
  return out + host;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string clean;
  clean.reserve(ref.size());
  for (char c : TrimAscii(ref)) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '\\') c = '/';
    if (c == ' ') {
      clean += "%20";
      continue;
    }
    clean.push_back(c);
  }
  Parts r = Split(clean);
  Parts t;
  std::string path;  // t's path with dot segments removed
  if (!r.scheme.empty()) {
    t = r;
    path = RemoveDotSegments(r.path);
  } else {
    Parts b = Split(TrimAscii(base));
    if (b.scheme.empty() || !b.authority) return "";
    t.scheme = b.scheme;
    if (r.authority) {
      t.authority = r.authority;
      path = RemoveDotSegments(r.path);
      t.query = r.query;
    } else {
      t.authority = b.authority;
      if (r.path.empty()) {
        path = std::string(b.path);
        t.query = r.query ? r.query : b.query;
      } else {
        path = RemoveDotSegments(r.path[0] == '/' ? std::string(r.path) : MergePaths(b, r.path));
        t.query = r.query;
      }
    }
  }
  bool https = EqualsNoCase(t.scheme, "https");
  if (!https && !EqualsNoCase(t.scheme, "http")) return "";
  if (!t.authority) return "";
  std::string_view scheme = https ? "https" : "http";
  std::string authority = NormalizeAuthority(*t.authority, scheme);
  if (authority.empty() || authority.find_first_of(" <>\"") != std::string::npos) return "";
  std::string out;
  out.reserve(scheme.size() + 3 + authority.size() + path.size() + 2 + (t.query ? t.query->size() : 0));
  out += scheme;
  out += "://";
  out += authority;
  out += path.empty() ? "/" : path;
  if (t.query) {
    out += '?';
    out += *t.query;
  }
  return out;
}

std::string UrlHost(std::string_view url) {
  Parts p = Split(url);
  if (!p.authority) return "";
  std::string a = NormalizeAuthority(*p.authority, p.scheme);
  size_t at = a.rfind('@');
  if (at != std::string::npos) a = a.substr(at + 1);
  size_t colon = a.rfind(':');
  if (colon != std::string::npos && a.find(']') == std::string::npos) a = a.substr(0, colon);
  return a;
}

std::string DocumentBase(std::string_view page_url, std::string_view base_href) {
  std::string page = page_url.empty() ? std::string() : ResolveUrl("", page_url);
  if (base_href.empty()) return page;
  std::string base = ResolveUrl(page, base_href);
  return base.empty() ? page : base;
}

}  // namespace caravan::extract
