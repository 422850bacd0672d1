// The WHATWG basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)
// without state overrides, which only the URL setters need. It works on
// UTF-8 bytes: every delimiter is ASCII, and percent-encoding a code point
// is percent-encoding its UTF-8 bytes.
#include "crawler/url/url.h"

#include <cstddef>
#include <cstdint>

#include "common/ascii.h"
#include "crawler/url/host.h"

namespace caravan::url {
namespace {

constexpr int kEof = -1;

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kPathOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kPort,
  kFile,
  kFileSlash,
  kFileHost,
  kPathStart,
  kPath,
  kOpaquePath,
  kQuery,
  kFragment,
};

// The URL record while parsing; the path is a list until serialized.
struct Record {
  std::string scheme;
  std::string username;
  std::string password;
  std::optional<std::string> host;
  int port = -1;
  std::vector<std::string> path;
  bool opaque = false;
  std::string opaque_path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;
};

int DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

bool IsSpecial(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" ||
         scheme == "ftp" || scheme == "file";
}

// Percent-encode sets (https://url.spec.whatwg.org/#percent-encoded-bytes).
// Each includes the C0 controls and every byte above 0x7E.
enum class EncodeSet { kC0, kFragment, kQuery, kSpecialQuery, kPath, kUserinfo };

bool InSet(unsigned char c, EncodeSet set) {
  if (c <= 0x1F || c > 0x7E) return true;
  switch (set) {
    case EncodeSet::kC0:
      return false;
    case EncodeSet::kFragment:
      return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case EncodeSet::kQuery:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
    case EncodeSet::kSpecialQuery:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>' || c == '\'';
    case EncodeSet::kPath:
      return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>' || c == '?' || c == '^' ||
             c == '`' || c == '{' || c == '}';
    case EncodeSet::kUserinfo:
      return InSet(c, EncodeSet::kPath) || c == '/' || c == ':' || c == ';' || c == '=' ||
             c == '@' || (c >= '[' && c <= '^') || c == '|';
  }
  return false;
}

void AppendEncoded(std::string& out, unsigned char c, EncodeSet set) {
  if (InSet(c, set)) {
    AppendPercentEncoded(&out, c);
  } else {
    out += static_cast<char>(c);
  }
}

// Strips leading/trailing C0 controls and spaces, removes tab and newlines,
// and replaces invalid UTF-8.
std::string Preprocess(std::string_view raw) {
  size_t begin = 0, end = raw.size();
  while (begin < end && static_cast<unsigned char>(raw[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(raw[end - 1]) <= 0x20) --end;
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    char c = raw[i];
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return internal::SanitizeUtf8(out);
}

// "C:" or "C|".
bool IsWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(static_cast<unsigned char>(s[0])) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedWindowsDriveLetter(std::string_view s) {
  return IsWindowsDriveLetter(s) && s[1] == ':';
}
bool StartsWithWindowsDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsWindowsDriveLetter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

bool IsSingleDot(std::string_view s) { return s == "." || EqualsNoCase(s, "%2e"); }
bool IsDoubleDot(std::string_view s) {
  return s == ".." || EqualsNoCase(s, ".%2e") || EqualsNoCase(s, "%2e.") ||
         EqualsNoCase(s, "%2e%2e");
}

void ShortenPath(Record& url) {
  if (url.scheme == "file" && url.path.size() == 1 &&
      IsNormalizedWindowsDriveLetter(url.path[0])) {
    return;
  }
  if (!url.path.empty()) url.path.pop_back();
}

Record FromUrl(const Url& u) {
  Record r;
  r.scheme = u.scheme;
  r.username = u.username;
  r.password = u.password;
  if (u.has_authority || IsSpecial(u.scheme)) r.host = u.host;
  r.port = u.port;
  // A list path serializes with a leading '/'; an opaque one never has it.
  if (IsSpecial(u.scheme) || r.host || (!u.path.empty() && u.path[0] == '/')) {
    if (!u.path.empty()) {
      std::string_view rest = std::string_view(u.path).substr(1);
      for (;;) {
        const size_t slash = rest.find('/');
        r.path.emplace_back(rest.substr(0, slash));
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
      }
    }
  } else {
    r.opaque = true;
    r.opaque_path = u.path;
  }
  r.query = u.query;
  r.fragment = u.fragment;
  return r;
}

Url ToUrl(Record&& r) {
  Url u;
  u.scheme = std::move(r.scheme);
  u.username = std::move(r.username);
  u.password = std::move(r.password);
  u.has_authority = r.host.has_value();
  u.host = r.host.value_or("");
  u.port = r.port;
  if (r.opaque) {
    u.path = std::move(r.opaque_path);
  } else {
    for (const std::string& segment : r.path) {
      u.path += '/';
      u.path += segment;
    }
  }
  u.query = std::move(r.query);
  u.fragment = std::move(r.fragment);
  return u;
}

std::optional<Record> BasicParse(std::string_view raw, const Record* base) {
  const std::string in = Preprocess(raw);
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(in.size());
  auto remaining_starts_with = [&](std::ptrdiff_t p, char c) {
    return p + 1 < n && in[p + 1] == c;
  };

  Record url;
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;

  for (std::ptrdiff_t p = 0;; ++p) {
    const int c = p < n ? static_cast<unsigned char>(in[p]) : kEof;
    const bool special = IsSpecial(url.scheme);
    switch (state) {
      case State::kSchemeStart:
        if (IsAsciiAlpha(c)) {
          buffer += AsciiLower(c);
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p;
        }
        break;

      case State::kScheme:
        if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
          buffer += AsciiLower(c);
        } else if (c == ':') {
          url.scheme = std::move(buffer);
          buffer.clear();
          if (url.scheme == "file") {
            state = State::kFile;
          } else if (IsSpecial(url.scheme) && base != nullptr && base->scheme == url.scheme) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (IsSpecial(url.scheme)) {
            state = State::kSpecialAuthoritySlashes;
          } else if (remaining_starts_with(p, '/')) {
            state = State::kPathOrAuthority;
            ++p;
          } else {
            url.opaque = true;
            state = State::kOpaquePath;
          }
        } else {
          // Not a scheme after all: start over as a relative reference.
          buffer.clear();
          url.scheme.clear();
          state = State::kNoScheme;
          p = -1;
        }
        break;

      case State::kNoScheme:
        if (base == nullptr || (base->opaque && c != '#')) return std::nullopt;
        if (base->opaque && c == '#') {
          url.scheme = base->scheme;
          url.opaque = true;
          url.opaque_path = base->opaque_path;
          url.query = base->query;
          url.fragment = "";
          state = State::kFragment;
        } else if (base->scheme != "file") {
          state = State::kRelative;
          --p;
        } else {
          state = State::kFile;
          --p;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && remaining_starts_with(p, '/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p;
        } else {
          state = State::kRelative;
          --p;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kRelative:
        url.scheme = base->scheme;
        if (c == '/' || (IsSpecial(url.scheme) && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            ShortenPath(url);
            state = State::kPath;
            --p;
          }
        }
        break;

      case State::kRelativeSlash:
        if (special && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::kPath;
          --p;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        if (c == '/' && remaining_starts_with(p, '/')) {
          ++p;
        } else {
          --p;
        }
        state = State::kSpecialAuthorityIgnoreSlashes;
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (unsigned char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            AppendEncoded(password_token_seen ? url.password : url.username, b,
                          EncodeSet::kUserinfo);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return std::nullopt;
          p -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return std::nullopt;
          url.host = internal::ParseHost(buffer, special);
          if (!url.host) return std::nullopt;
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          --p;
          if (special && buffer.empty()) return std::nullopt;
          url.host = internal::ParseHost(buffer, special);
          if (!url.host) return std::nullopt;
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPort:
        if (IsAsciiDigit(c)) {
          buffer += static_cast<char>(c);
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
          if (!buffer.empty()) {
            long port = 0;
            for (char d : buffer) {
              port = port * 10 + (d - '0');
              if (port > 65535) return std::nullopt;
            }
            url.port = port == DefaultPort(url.scheme) ? -1 : static_cast<int>(port);
            buffer.clear();
          }
          state = State::kPathStart;
          --p;
        } else {
          return std::nullopt;
        }
        break;

      case State::kFile:
        url.scheme = "file";
        url.host = "";
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base != nullptr && base->scheme == "file") {
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            if (!StartsWithWindowsDriveLetter(std::string_view(in).substr(p))) {
              ShortenPath(url);
            } else {
              url.path.clear();
            }
            state = State::kPath;
            --p;
          }
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base != nullptr && base->scheme == "file") {
            url.host = base->host;
            if (!StartsWithWindowsDriveLetter(std::string_view(in).substr(p)) &&
                !base->path.empty() && IsNormalizedWindowsDriveLetter(base->path[0])) {
              url.path.push_back(base->path[0]);
            }
          }
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileHost:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --p;
          if (IsWindowsDriveLetter(buffer)) {
            // "file://C:/x": the drive letter is the path, and the buffer
            // carries it into the path state.
            state = State::kPath;
          } else if (buffer.empty()) {
            url.host = "";
            state = State::kPathStart;
          } else {
            url.host = internal::ParseHost(buffer, true);
            if (!url.host) return std::nullopt;
            if (*url.host == "localhost") url.host = "";
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPathStart:
        if (special) {
          state = State::kPath;
          if (c != '/' && c != '\\') --p;
        } else if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c != kEof) {
          state = State::kPath;
          if (c != '/') --p;
        }
        break;

      case State::kPath:
        if (c == kEof || c == '/' || (special && c == '\\') || c == '?' || c == '#') {
          const bool slash = c == '/' || (special && c == '\\');
          if (IsDoubleDot(buffer)) {
            ShortenPath(url);
            if (!slash) url.path.emplace_back();
          } else if (IsSingleDot(buffer) && !slash) {
            url.path.emplace_back();
          } else if (!IsSingleDot(buffer)) {
            if (url.scheme == "file" && url.path.empty() && IsWindowsDriveLetter(buffer)) {
              buffer[1] = ':';
            }
            url.path.push_back(buffer);
          }
          buffer.clear();
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          AppendEncoded(buffer, static_cast<unsigned char>(c), EncodeSet::kPath);
        }
        break;

      case State::kOpaquePath:
        if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c == ' ') {
          // A space before '?' or '#' is encoded so that it survives a
          // round trip that drops the query or fragment.
          if (remaining_starts_with(p, '?') || remaining_starts_with(p, '#')) {
            url.opaque_path += "%20";
          } else {
            url.opaque_path += ' ';
          }
        } else if (c != kEof) {
          AppendEncoded(url.opaque_path, static_cast<unsigned char>(c), EncodeSet::kC0);
        }
        break;

      case State::kQuery:
        if (c == '#' || c == kEof) {
          const EncodeSet set = special ? EncodeSet::kSpecialQuery : EncodeSet::kQuery;
          for (unsigned char b : buffer) AppendEncoded(*url.query, b, set);
          buffer.clear();
          if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kFragment:
        if (c != kEof) {
          AppendEncoded(*url.fragment, static_cast<unsigned char>(c), EncodeSet::kFragment);
        }
        break;
    }
    if (p >= n) break;
  }
  return url;
}

}  // namespace

std::string Url::Serialize() const {
  std::string out = scheme;
  out += ':';
  if (has_authority || IsSpecial(scheme)) {
    out += "//";
    if (!username.empty() || !password.empty()) {
      out += username;
      if (!password.empty()) {
        out += ':';
        out += password;
      }
      out += '@';
    }
    out += host;
    if (port >= 0) {
      out += ':';
      out += std::to_string(port);
    }
  } else if (path.size() > 1 && path[0] == '/' && path[1] == '/') {
    // Without "/." the path would read back as an authority.
    out += "/.";
  }
  out += path;
  if (query) {
    out += '?';
    out += *query;
  }
  if (fragment) {
    out += '#';
    out += *fragment;
  }
  return out;
}

std::string Url::Authority() const {
  return port >= 0 ? host + ":" + std::to_string(port) : host;
}

std::string Url::Origin() const { return scheme + "://" + Authority(); }

std::string Url::PathAndQuery() const { return query ? path + "?" + *query : path; }

std::optional<Url> Parse(std::string_view input, const Url* base) {
  std::optional<Record> base_record;
  if (base != nullptr) base_record = FromUrl(*base);
  std::optional<Record> r = BasicParse(input, base_record ? &*base_record : nullptr);
  if (!r) return std::nullopt;
  return ToUrl(std::move(*r));
}

std::optional<std::string> Resolve(std::string_view base, std::string_view ref) {
  std::optional<Url> b = Parse(base);
  if (!b) return std::nullopt;
  std::optional<Url> u = Parse(ref, &*b);
  if (!u) return std::nullopt;
  return u->Serialize();
}

std::string AuthorityOf(std::string_view normalized_url) {
  size_t scheme = normalized_url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t end = normalized_url.find_first_of("/?#", start);
  std::string_view authority = normalized_url.substr(start, end == std::string_view::npos ? end : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  return AsciiLowerCopy(authority);
}

std::string HostOf(std::string_view url) {
  std::optional<Url> u = Parse(url);
  return u ? u->host : std::string();
}

}  // namespace caravan::url
