// Conformance of crawler/robots against ../shared/testdata/robots (see its
// README.md): the RFC 9309 examples and crawler-commons' parser tests.
// Cases that need an API we do not have (several agent names at once, a
// "defer visits" verdict) are skipped with their reason.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawler/robots/robots.h"
#include "crawler/url/url.h"
#include "tests/conformance/shared_testdata.h"

namespace caravan::robots {
namespace {

using nlohmann::json;

const std::filesystem::path kDataDir = caravan::testing::SharedTestdata("robots");

#define SKIP_WITHOUT_DATA() SKIP_WITHOUT_SHARED(kDataDir)


std::string Base64Decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

struct Score {
  std::string file;
  int passed = 0;
  int total = 0;
  std::map<std::string, int> skipped = {};
  std::vector<std::string> failures = {};

  void Record(bool ok, const std::string& what) {
    ++total;
    if (ok) {
      ++passed;
    } else {
      failures.push_back(what);
    }
  }
  void Report(int floor) const {
    std::cout << file << ": " << passed << "/" << total << " passed\n";
    for (const auto& [reason, n] : skipped) std::cout << "  skipped " << n << ": " << reason << "\n";
    for (const std::string& f : failures) std::cout << "  FAIL " << f << "\n";
    EXPECT_GE(passed, floor) << file << " regressed below its floor";
  }
};

// The single product token a case's agent names stand for, or nullopt with
// `why` set when they are several distinct crawlers.
std::optional<std::string> TokenFor(const json& c, std::string& why) {
  const json& agents = c["user_agents"];
  if (agents.is_null() || agents.empty()) return std::string();  // no name: only '*' applies
  std::optional<std::string> token;
  for (const json& a : agents) {
    const std::string name = a.get<std::string>();
    if (name.find(',') != std::string::npos) {
      why = "comma-separated list of agent names (crawler-commons legacy API): we take one token";
      return std::nullopt;
    }
    if (agents.size() == 1 && name.find(' ') != std::string::npos) {
      why = "space-separated list of agent names (crawler-commons legacy API): we take one token";
      return std::nullopt;
    }
    const std::string t = ProductToken(name);
    if (token && *token != t) {
      why = "several distinct agent names at once: RobotsRules takes one product token";
      return std::nullopt;
    }
    token = t;
  }
  return token;
}

RobotsRules RulesFor(const json& c, const std::string& token) {
  if (c.contains("fetch_status")) {
    // RFC 9309 2.3.1.3/2.3.1.4, as the fetcher applies them.
    const int status = c["fetch_status"].get<int>();
    return status >= 400 && status < 500 ? RobotsRules::AllowAll() : RobotsRules::DisallowAll();
  }
  const std::string body = c["robots_txt"].is_string() ? c["robots_txt"].get<std::string>()
                                                       : Base64Decode(c["robots_txt_base64"].get<std::string>());
  return RobotsRules::Parse(body, token);
}

std::string RobotsUrl(const json& c) {
  return c.contains("robots_url") ? c["robots_url"].get<std::string>()
                                  : std::string("http://domain.com/robots.txt");
}

// Sitemap URLs as a crawler uses them: resolved against the robots.txt URL.
std::vector<std::string> ResolvedSitemaps(const RobotsRules& rules, const std::string& robots_url) {
  std::vector<std::string> out;
  for (const std::string& s : rules.sitemaps()) {
    out.push_back(url::Resolve(robots_url, s).value_or(s));
  }
  return out;
}

// Returns "" when the case passes, else what went wrong.
std::string Check(const json& c, const std::string& token) {
  const RobotsRules rules = RulesFor(c, token);
  const std::string kind = c["kind"].get<std::string>();
  if (kind == "allowed") {
    std::optional<url::Url> u = url::Parse(c["url"].get<std::string>());
    if (!u) return "url does not parse";
    const RobotsRules::Decision d = rules.Check(u->PathAndQuery());
    if (d.allowed == c["allowed"].get<bool>()) return "";
    return std::string(d.allowed ? "allowed" : "disallowed") + " by \"" + d.rule + "\" (line " +
           std::to_string(d.line) + ")";
  }
  if (kind == "crawl_delay_ms") {
    std::optional<long> got;
    if (rules.crawl_delay()) got = std::lround(*rules.crawl_delay() * 1000);
    std::optional<long> want;
    if (!c["expected"].is_null()) want = c["expected"].get<long>();
    if (got == want) return "";
    return "crawl delay " + (got ? std::to_string(*got) : "none") + " ms";
  }
  const std::vector<std::string> sitemaps = ResolvedSitemaps(rules, RobotsUrl(c));
  if (kind == "sitemap_count") {
    if (sitemaps.size() == c["expected"].get<size_t>()) return "";
    return std::to_string(sitemaps.size()) + " sitemaps";
  }
  if (kind == "sitemap_at") {
    const size_t i = c["index"].get<size_t>();
    if (i < sitemaps.size() && sitemaps[i] == c["expected"].get<std::string>()) return "";
    return "sitemap " + (i < sitemaps.size() ? sitemaps[i] : std::string("<none>"));
  }
  if (kind == "sitemaps") {
    if (sitemaps == c["expected"].get<std::vector<std::string>>()) return "";
    std::string got;
    for (const std::string& s : sitemaps) got += s + " ";
    return "sitemaps " + got;
  }
  return "unknown kind " + kind;
}

void RunFile(const std::string& file, int floor, int rfc_exact_floor) {
  Score all{file};
  Score exact{file + " (RFC 9309 product-token matching cases)"};
  for (const json& c : caravan::testing::ReadJsonl(kDataDir / file)) {
    const std::string kind = c["kind"].get<std::string>();
    if (kind == "defer_visits") {
      ++all.skipped["defer_visits: no such verdict; 3xx/5xx robots.txt maps to DisallowAll()"];
      continue;
    }
    if (c.value("note", "").find("crawler-commons policy") != std::string::npos) {
      ++all.skipped["crawler-commons policy (Crawl-delay > 300 s disallows all): we report the "
                    "delay and leave that choice to the scheduler"];
      continue;
    }
    std::string why;
    std::optional<std::string> token = TokenFor(c, why);
    if (!token) {
      ++all.skipped[why];
      continue;
    }
    const std::string result = Check(c, *token);
    std::string what = c["id"].get<std::string>() + " [" + c.value("test", "") + "] agent \"" +
                       *token + "\" " + kind + " " + c.value("url", "") + ": " + result;
    if (c.contains("note")) what += "  // " + c["note"].get<std::string>().substr(0, 160);
    all.Record(result.empty(), what);
    if (c.value("exact_user_agent_matching", true)) exact.Record(result.empty(), what);
  }
  all.Report(floor);
  exact.Report(rfc_exact_floor);
}

TEST(RobotsConformance, Rfc9309Cases) {
  SKIP_WITHOUT_DATA();
  RunFile("rfc9309_cases.jsonl", /*floor=*/42, /*rfc_exact_floor=*/42);
}

TEST(RobotsConformance, CrawlerCommonsCases) {
  SKIP_WITHOUT_DATA();
  RunFile("crawler_commons_cases.jsonl", /*floor=*/414, /*rfc_exact_floor=*/311);
}

}  // namespace
}  // namespace caravan::robots
