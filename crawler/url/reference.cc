#include "crawler/url/reference.h"

#include "common/ascii.h"

namespace caravan::url {
namespace {

// Views into the reference that was split: RFC 3986 appendix B.
struct Parts {
  std::string_view scheme;  // without ':', any case
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

bool IsSchemeChar(char c) { return IsAsciiAlnum(c) || c == '+' || c == '-' || c == '.'; }

Parts Split(std::string_view s) {
  Parts p;
  if (size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && IsAsciiAlpha(s[0])) {
    bool ok = true;
    for (size_t i = 1; i < colon && ok; ++i) ok = IsSchemeChar(s[i]);
    if (ok) {
      p.scheme = s.substr(0, colon);
      s = s.substr(colon + 1);
    }
  }
  if (s.starts_with("//")) {
    size_t end = s.find_first_of("/?", 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(2, end - 2);
    s = s.substr(end);
  }
  if (size_t q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4, as written there.
std::string RemoveDotSegments(std::string_view in) {
  // Most paths have no dot segment to remove.
  if (in.find("/.") == std::string_view::npos && !in.starts_with('.')) return std::string(in);
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
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

// Section 5.2.3.
std::string MergePaths(const Parts& base, std::string_view ref_path) {
  if (base.authority && base.path.empty()) return "/" + std::string(ref_path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(ref_path);
  std::string merged(base.path.substr(0, slash + 1));
  merged += ref_path;
  return merged;
}

// The target of section 5.2.2; views point into `base` and `ref`.
struct Target {
  std::string_view scheme;
  std::optional<std::string_view> authority;
  std::string path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

// False when `ref` is relative and `base` has no scheme.
bool Resolve(const Parts& b, const Parts& r, Target* t) {
  t->fragment = r.fragment;
  if (!r.scheme.empty()) {
    t->scheme = r.scheme;
    t->authority = r.authority;
    t->path = RemoveDotSegments(r.path);
    t->query = r.query;
    return true;
  }
  if (b.scheme.empty()) return false;
  t->scheme = b.scheme;
  if (r.authority) {
    t->authority = r.authority;
    t->path = RemoveDotSegments(r.path);
    t->query = r.query;
    return true;
  }
  t->authority = b.authority;
  if (r.path.empty()) {
    t->path = std::string(b.path);
    t->query = r.query ? r.query : b.query;
  } else {
    t->path = RemoveDotSegments(r.path[0] == '/' ? std::string(r.path) : MergePaths(b, r.path));
    t->query = r.query;
  }
  return true;
}

// Lowercases the host part of an authority, leaving userinfo and port
// except the scheme's default port, which says nothing and would keep equal
// links apart.
std::string LinkAuthority(std::string_view a, std::string_view scheme) {
  size_t at = a.rfind('@');
  std::string out(at == std::string_view::npos ? "" : a.substr(0, at + 1));
  std::string host = AsciiLowerCopy(at == std::string_view::npos ? a : a.substr(at + 1));
  std::string_view default_port = scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.ends_with(default_port)) {
    host.resize(host.size() - default_port.size());
  }
  if (host.ends_with(":")) host.pop_back();
  return out + host;
}

}  // namespace

std::optional<std::string> ResolveReference(std::string_view base, std::string_view ref) {
  std::string cleaned;
  cleaned.reserve(ref.size());
  for (char c : TrimAscii(ref)) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned += c;
  }
  if (cleaned.empty()) return std::nullopt;
  Target t;
  if (!Resolve(Split(TrimAscii(base)), Split(cleaned), &t)) return std::nullopt;
  std::string out = AsciiLowerCopy(t.scheme);
  out += ':';
  if (t.authority) out.append("//").append(*t.authority);
  out += t.path;
  if (t.query) out.append("?").append(*t.query);
  if (t.fragment) out.append("#").append(*t.fragment);
  return out;
}

std::string ResolveLink(std::string_view base, std::string_view ref) {
  std::string cleaned;
  cleaned.reserve(ref.size());
  for (char c : TrimAscii(ref)) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '\\') c = '/';
    if (c == ' ') {
      cleaned += "%20";
      continue;
    }
    cleaned.push_back(c);
  }
  Target t;
  if (!Resolve(Split(TrimAscii(base)), Split(cleaned), &t)) return "";
  bool https = EqualsNoCase(t.scheme, "https");
  if (!https && !EqualsNoCase(t.scheme, "http")) return "";
  if (!t.authority) return "";
  std::string_view scheme = https ? "https" : "http";
  std::string authority = LinkAuthority(*t.authority, scheme);
  if (authority.empty() || authority.find_first_of(" <>\"") != std::string::npos) return "";
  std::string out;
  out.reserve(scheme.size() + 3 + authority.size() + t.path.size() + 2 + (t.query ? t.query->size() : 0));
  out += scheme;
  out += "://";
  out += authority;
  out += t.path.empty() ? "/" : t.path;
  if (t.query) {
    out += '?';
    out += *t.query;
  }
  return out;
}

std::string LinkBase(std::string_view page_url, std::string_view base_href) {
  std::string page = page_url.empty() ? std::string() : ResolveLink("", page_url);
  if (base_href.empty()) return page;
  std::string base = ResolveLink(page, base_href);
  return base.empty() ? page : base;
}

}  // namespace caravan::url
