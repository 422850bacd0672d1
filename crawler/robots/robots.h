// robots.txt per RFC 9309 (Robots Exclusion Protocol).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::robots {

// The rules of one robots.txt that apply to one crawler. Immutable once
// parsed; cheap to copy.
class RobotsRules {
 public:
  // RFC 9309 2.3.1.3/2.3.1.4: 4xx means no restrictions, 5xx or an
  // unreachable server means complete disallow.
  static RobotsRules AllowAll();
  static RobotsRules DisallowAll();

  // Parses `body` (only its first 500 KiB, RFC 9309 2.5) and keeps the
  // group(s) matching `product_token` (case-insensitive), else the `*`
  // group(s).
  static RobotsRules Parse(std::string_view body, std::string_view product_token);

  struct Decision {
    bool allowed = true;
    // The deciding rule as written ("Disallow: /private"), or a reason
    // such as "no matching rule" / "robots.txt unavailable".
    std::string rule;
    int line = 0;  // 1-based line of the rule in robots.txt, 0 if none
  };

  // `path` is the URL's path[?query]. Longest match wins; allow wins a tie.
  Decision Check(std::string_view path) const;
  bool Allowed(std::string_view path) const { return Check(path).allowed; }

  // Crawl-delay of the selected group, in seconds.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Sitemap: lines (they apply to every agent).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;  // canonical form (see robots.cc), '*' and '$' live
    int line;
    std::string text;     // the line as written, for Decision::rule
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  std::string fixed_reason_;  // set for AllowAll / DisallowAll
  bool fixed_allow_ = true;
};

// RFC 9309 2.3.1: what a robots.txt fetch that ended with HTTP `status` (0:
// no response) means, once redirects have been followed (2.3.1.2, at least
// five hops):
//  - 2xx: the rules of `body`;
//  - 3xx still (too many hops) and 4xx: "unavailable", no restrictions;
//  - 5xx and no response: "unreachable", complete disallow; also 429, as
//    Google does: a host asking us to slow down is not saying "no rules".
RobotsRules RulesForStatus(int status, std::string_view body, std::string_view product_token);

// True for the "unreachable" answers (5xx, 429, no response): the crawler must
// not fetch the host and should ask again sooner than for good answers.
bool Unreachable(int status);

// The product token of a User-Agent string: "caravan/0.1 (+url)" -> "caravan".
std::string ProductToken(std::string_view user_agent);

}  // namespace caravan::robots
