// robots.txt parsing and matching per RFC 9309, with the tolerance of
// google/robotstxt: typos in keys, a missing colon, any line ending, a BOM.
#include "crawler/robots/robots.h"

#include <charconv>
#include <cmath>
#include <map>
#include <unordered_set>

#include "common/ascii.h"
#include "crawler/fetch/failure.h"

namespace caravan::robots {
namespace {

// RFC 9309 2.5: crawlers must parse at least 500 KiB; more is not needed.
constexpr size_t kMaxBodyBytes = 500 * 1024;

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
// RFC 9309 product tokens are [A-Za-z_-]; digits are accepted too because
// real agents carry them ("MJ12bot", "bot1"), and cutting there would make
// "MJ12bot" match a crawler called "MJ".
bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// The form rules and paths are compared in (RFC 9309 2.2.2): escapes of
// unreserved characters decoded, other escapes uppercased, bytes outside
// printable ASCII percent-encoded (a UTF-8 rule thus matches its encoded
// URL). In a path '*' and '$' are literal, so they are escaped to keep them
// apart from the wildcards of a pattern; a pattern keeps its '*' and a
// final '$' as operators.
std::string Canonicalize(std::string_view in, bool pattern) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (AppendNormalEscape(in, &i, &out)) continue;
    if (c == '%' || c <= 0x20 || c >= 0x7F) {
      AppendPercentEncoded(&out, c);
    } else if (c == '*') {
      if (pattern) {
        out += '*';
      } else {
        AppendPercentEncoded(&out, c);
      }
    } else if (c == '$') {
      if (pattern && i + 1 == in.size()) {
        out += '$';
      } else {
        AppendPercentEncoded(&out, c);
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Does `pattern` (canonical, with '*' and a final '$') match a prefix of
// `path`? Tracks every path offset the pattern so far can end at, so it is
// linear in path length per pattern byte, with no backtracking blowup.
bool Matches(std::string_view path, std::string_view pattern) {
  // Each literal byte consumes one path byte; this bound also keeps a
  // hostile "*a*a*a..." pattern from costing pattern x path steps.
  size_t literals = 0;
  for (char c : pattern) literals += c != '*';
  if (!pattern.empty() && pattern.back() == '$') --literals;
  if (literals > path.size()) return false;

  std::vector<size_t> ends = {0};
  std::vector<size_t> next;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char p = pattern[i];
    if (p == '$' && i + 1 == pattern.size()) {
      return ends.back() == path.size();
    }
    if (p == '*' && i > 0 && pattern[i - 1] == '*') continue;  // "**" is "*"
    next.clear();
    if (p == '*') {
      for (size_t e = ends.front(); e <= path.size(); ++e) next.push_back(e);
    } else {
      for (size_t e : ends) {
        if (e < path.size() && path[e] == p) next.push_back(e + 1);
      }
    }
    if (next.empty()) return false;
    ends.swap(next);
  }
  return true;
}

// Converts a UTF-16 body (it has a BOM) to UTF-8; RFC 9309 wants UTF-8,
// but such files exist and their rules are plain ASCII.
std::string Utf16ToUtf8(std::string_view in, bool big_endian) {
  std::string out;
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  for (size_t i = 2; i + 1 < in.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < in.size()) {
      uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

enum class Key { kUnknown, kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay };

// Keys are matched case-insensitively, with the misspellings found in the
// wild that google/robotstxt or crawler-commons also accept.
Key ParseKey(const std::string& k) {
  static const std::map<std::string_view, Key> kKeys = {
      {"user-agent", Key::kUserAgent},  {"useragent", Key::kUserAgent},
      {"user agent", Key::kUserAgent},  {"user_agent", Key::kUserAgent},
      {"useg-agent", Key::kUserAgent},  {"ser-agent", Key::kUserAgent},
      {"users-agent", Key::kUserAgent}, {"user-agnet", Key::kUserAgent},
      {"user-agents", Key::kUserAgent}, {"allow", Key::kAllow},
      {"disallow", Key::kDisallow},     {"dissallow", Key::kDisallow},
      {"dissalow", Key::kDisallow},     {"disalow", Key::kDisallow},
      {"diasllow", Key::kDisallow},     {"disallaw", Key::kDisallow},
      {"desallow", Key::kDisallow},     {"dssalow", Key::kDisallow},
      {"dsallow", Key::kDisallow},      {"sitemap", Key::kSitemap},
      {"site-map", Key::kSitemap},      {"crawl-delay", Key::kCrawlDelay},
      {"crawldelay", Key::kCrawlDelay}, {"crawl delay", Key::kCrawlDelay},
      {"crawl_delay", Key::kCrawlDelay},
  };
  auto it = kKeys.find(k);
  return it == kKeys.end() ? Key::kUnknown : it->second;
}

// Drops HTML tags at the end of a line ("Disallow: /x<BR>"): some servers
// send robots.txt wrapped in markup.
std::string_view StripTrailingTags(std::string_view line) {
  while (!line.empty() && line.back() == '>') {
    size_t open = line.rfind('<');
    if (open == std::string_view::npos || open + 1 >= line.size()) break;
    const char c = line[open + 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/')) break;
    line = TrimAscii(line.substr(0, open));
  }
  return line;
}

// True when a user-agent line names `token`. The value should be one
// product token, and "Foo/1.0" counts as "Foo" (RFC 9309 2.2.1). Lists
// ("crawler1 crawler2", "One, Two") occur too, so later words also count,
// but only when they are whole tokens: in "Mozilla/5.0 (compatible;
// Foo/1.0)" only "Mozilla" is named, as crawler-commons reads it.
bool NamesAgent(std::string_view value, std::string_view token) {
  if (token.empty()) return false;
  bool first = true;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (IsSpace(value[i]) || value[i] == ',')) ++i;
    size_t start = i;
    while (i < value.size() && !IsSpace(value[i]) && value[i] != ',') ++i;
    std::string_view word = value.substr(start, i - start);
    if (word.empty()) break;
    size_t end = 0;
    while (end < word.size() && IsTokenChar(word[end])) ++end;
    if ((first || end == word.size()) && EqualsNoCase(word.substr(0, end), token)) return true;
    first = false;
  }
  return false;
}

// Splits "key: value" (comment already removed). A line without a colon is
// accepted as "key value" when the value is a single word: people forget
// the colon ("Disallow /tmp"), and google/robotstxt reads it the same way.
// The key comes back lowercase with inner whitespace collapsed.
bool SplitLine(std::string_view line, std::string& key, std::string_view& value) {
  auto normalize = [](std::string_view k) {
    std::string out;
    for (char c : k) {
      if (IsSpace(c)) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += AsciiLower(c);
      }
    }
    return out;
  };
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    key = normalize(TrimAscii(line.substr(0, colon)));
    value = TrimAscii(line.substr(colon + 1));
    return !key.empty();
  }
  std::vector<std::string_view> words;
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  if (words.size() == 2) {
    key = normalize(words[0]);
  } else if (words.size() == 3) {
    // A two-word key such as "user agent".
    key = normalize(std::string(words[0]) + " " + std::string(words[1]));
    if (ParseKey(key) == Key::kUnknown) return false;
  } else {
    return false;
  }
  value = words.back();
  return true;
}

std::optional<double> ParseDelay(std::string_view value) {
  double seconds = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || ptr == value.data() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  return seconds;
}

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  user_agent = TrimAscii(user_agent);
  size_t end = 0;
  while (end < user_agent.size() && IsTokenChar(user_agent[end])) ++end;
  return std::string(user_agent.substr(0, end));
}

bool Unreachable(int status) { return fetch::failure::IsServerUnavailable(status); }

RobotsRules RulesForStatus(int status, std::string_view body, std::string_view product_token) {
  if (Unreachable(status)) return RobotsRules::DisallowAll();
  if (status >= 200 && status < 300) return RobotsRules::Parse(body, product_token);
  return RobotsRules::AllowAll();
}

RobotsRules RobotsRules::AllowAll() {
  RobotsRules r;
  r.fixed_reason_ = "no robots.txt (4xx): everything allowed";
  r.fixed_allow_ = true;
  return r;
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.fixed_reason_ = "robots.txt unavailable: everything disallowed";
  r.fixed_allow_ = false;
  return r;
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view product_token) {
  std::string converted;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0xFF &&
      static_cast<unsigned char>(body[1]) == 0xFE) {
    converted = Utf16ToUtf8(body.substr(0, kMaxBodyBytes), /*big_endian=*/false);
    body = converted;
  } else if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0xFE &&
             static_cast<unsigned char>(body[1]) == 0xFF) {
    converted = Utf16ToUtf8(body.substr(0, kMaxBodyBytes), /*big_endian=*/true);
    body = converted;
  }
  if (body.size() > kMaxBodyBytes) body = body.substr(0, kMaxBodyBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);

  RobotsRules specific, global;
  std::vector<std::string> sitemaps;
  bool any_specific = false;
  // State of the group being read: consecutive user-agent lines share one
  // group, the first rule after them closes the list of agents.
  bool in_agent_list = false;
  bool group_specific = false, group_global = false;

  const std::string token(TrimAscii(product_token));
  int line_number = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    pos = eol;
    if (pos < body.size()) {  // LF, CR or CRLF
      ++pos;
      if (body[eol] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;
    }
    ++line_number;

    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = StripTrailingTags(TrimAscii(line));
    if (line.empty()) continue;
    std::string key;
    std::string_view value;
    if (!SplitLine(line, key, value)) continue;

    const Key kind = ParseKey(key);
    switch (kind) {
      case Key::kUserAgent: {
        if (!in_agent_list) {
          group_specific = group_global = false;
          in_agent_list = true;
        }
        // "* foo" is still the global agent, as in google/robotstxt.
        if (!value.empty() && value[0] == '*' &&
            (value.size() == 1 || IsSpace(value[1]) || value[1] == ',')) {
          group_global = true;
        } else if (NamesAgent(value, token)) {
          group_specific = any_specific = true;
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agent_list = false;
        // An empty value ("Disallow:") is no rule at all.
        if (value.empty() || (!group_specific && !group_global)) break;
        std::vector<Rule> rules = {Rule{kind == Key::kAllow, Canonicalize(value, /*pattern=*/true),
                                        line_number, std::string(line)}};
        // "Allow: /d/index.html" also allows "/d/" (google/robotstxt and
        // crawler-commons agree): the same page under its directory URL.
        const size_t slash = value.rfind('/');
        if (kind == Key::kAllow && slash != std::string_view::npos &&
            value.substr(slash).starts_with("/index.htm")) {
          rules.push_back(Rule{true, Canonicalize(value.substr(0, slash + 1), true) + "$",
                               line_number, std::string(line)});
        }
        for (const Rule& rule : rules) {
          if (group_specific) specific.rules_.push_back(rule);
          if (group_global) global.rules_.push_back(rule);
        }
        break;
      }
      case Key::kCrawlDelay: {
        // Not a rule: it neither closes the agent list nor needs one.
        std::optional<double> delay = ParseDelay(value);
        if (!delay) break;
        if (group_specific && !specific.crawl_delay_) specific.crawl_delay_ = delay;
        if (group_global && !global.crawl_delay_) global.crawl_delay_ = delay;
        break;
      }
      case Key::kSitemap:
        if (!value.empty()) sitemaps.emplace_back(value);
        break;
      case Key::kUnknown:
        // A bare sitemap URL, its "Sitemap:" forgotten.
        if ((key == "http" || key == "https") && value.starts_with("//")) {
          sitemaps.emplace_back(line);
        }
        break;
    }
  }

  RobotsRules result = any_specific ? std::move(specific) : std::move(global);
  std::unordered_set<std::string> seen;
  for (std::string& s : sitemaps) {
    if (seen.insert(s).second) result.sitemaps_.push_back(std::move(s));
  }
  return result;
}

RobotsRules::Decision RobotsRules::Check(std::string_view path) const {
  if (path.empty()) path = "/";
  // RFC 9309 2.2.2: the robots.txt itself is always allowed.
  if (path == "/robots.txt") return {true, "/robots.txt is always allowed", 0};
  if (!fixed_reason_.empty()) return {fixed_allow_, fixed_reason_, 0};

  const std::string canonical = Canonicalize(path, /*pattern=*/false);
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (!Matches(canonical, rule.pattern)) continue;
    // Longest pattern wins (its length is its specificity); on a tie Allow
    // wins, the least restrictive choice RFC 9309 2.2.2 asks for.
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  if (best == nullptr) return {true, "no matching rule", 0};
  return {best->allow, best->text, best->line};
}

}  // namespace caravan::robots
