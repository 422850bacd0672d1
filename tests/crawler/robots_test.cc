#include "crawler/robots/robots.h"

#include <chrono>

#include <gtest/gtest.h>

namespace caravan::robots {
namespace {

bool Allowed(std::string_view body, std::string_view path, std::string_view token = "caravan") {
  return RobotsRules::Parse(body, token).Allowed(path);
}

TEST(Robots, EmptyFileAllowsEverything) {
  RobotsRules rules = RobotsRules::Parse("", "caravan");
  EXPECT_TRUE(rules.Allowed("/anything"));
  EXPECT_EQ(rules.Check("/x").rule, "no matching rule");
  EXPECT_FALSE(rules.crawl_delay());
  EXPECT_TRUE(rules.sitemaps().empty());
}

TEST(Robots, LongestMatchWins) {
  const char* body =
      "User-agent: *\n"
      "Disallow: /shop/\n"
      "Allow: /shop/public/\n"
      "Disallow: /shop/public/drafts\n";
  EXPECT_FALSE(Allowed(body, "/shop/cart"));
  EXPECT_TRUE(Allowed(body, "/shop/public/item"));
  EXPECT_FALSE(Allowed(body, "/shop/public/drafts/1"));
  EXPECT_TRUE(Allowed(body, "/elsewhere"));
}

TEST(Robots, AllowWinsATieOfEqualLength) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
  EXPECT_TRUE(Allowed("User-agent: *\nAllow: /pag*\nDisallow: /page\n", "/page"));
}

TEST(Robots, RuleOrderDoesNotMatter) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /a/b\nAllow: /a\n", "/a/b"));
  EXPECT_FALSE(Allowed("User-agent: *\nAllow: /a\nDisallow: /a/b\n", "/a/b"));
}

TEST(Robots, SpecificGroupReplacesTheGlobalGroup) {
  const char* body =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: caravan\n"
      "Disallow: /private\n";
  EXPECT_TRUE(Allowed(body, "/public"));
  EXPECT_FALSE(Allowed(body, "/private"));
  EXPECT_FALSE(Allowed(body, "/public", "otherbot"));
}

TEST(Robots, GlobalGroupAppliesWhenNoGroupNamesTheAgent) {
  const char* body = "User-agent: googlebot\nDisallow: /g\n\nUser-agent: *\nDisallow: /all\n";
  EXPECT_TRUE(Allowed(body, "/g"));
  EXPECT_FALSE(Allowed(body, "/all"));
}

TEST(Robots, ProductTokenMatchesCaseInsensitively) {
  EXPECT_FALSE(Allowed("User-agent: CaRaVaN\nDisallow: /\n", "/x", "caravan"));
  EXPECT_FALSE(Allowed("user-agent: caravan\ndisallow: /\n", "/x", "Caravan"));
}

TEST(Robots, AgentVersionAfterTheTokenIsIgnored) {
  EXPECT_FALSE(Allowed("User-agent: caravan/2.0 (+https://x)\nDisallow: /\n", "/x"));
  EXPECT_TRUE(Allowed("User-agent: caravanbot\nDisallow: /\n", "/x"));  // a different token
}

TEST(Robots, ListedAgentsOnOneLineAllMatch) {
  EXPECT_FALSE(Allowed("User-agent: otherbot caravan\nDisallow: /\n", "/x"));
  EXPECT_FALSE(Allowed("User-agent: One, caravan, Three\nDisallow: /\n", "/x"));
  // Words inside a browser-style string are not agent names.
  EXPECT_TRUE(Allowed("User-agent: Mozilla/5.0 (compatible; caravan/1.0)\nDisallow: /\n", "/x"));
}

TEST(Robots, ConsecutiveUserAgentLinesShareOneGroup) {
  const char* body =
      "User-agent: a\n"
      "User-agent: caravan\n"
      "User-agent: b\n"
      "Disallow: /shared\n";
  EXPECT_FALSE(Allowed(body, "/shared"));
  EXPECT_FALSE(Allowed(body, "/shared", "a"));
  EXPECT_FALSE(Allowed(body, "/shared", "b"));
}

TEST(Robots, BlankLinesAndCommentsDoNotSplitAGroup) {
  const char* body =
      "User-agent: caravan\n"
      "\n"
      "# a comment\n"
      "User-agent: other\n"
      "Disallow: /x\n";
  EXPECT_FALSE(Allowed(body, "/x"));
}

TEST(Robots, GroupsNamingTheSameAgentAreMerged) {
  const char* body =
      "User-agent: caravan\n"
      "Disallow: /a\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /b\n"
      "\n"
      "User-agent: Caravan\n"
      "Disallow: /c\n";
  EXPECT_FALSE(Allowed(body, "/a"));
  EXPECT_TRUE(Allowed(body, "/b"));
  EXPECT_FALSE(Allowed(body, "/c"));
}

TEST(Robots, RulesBeforeAnyUserAgentAreIgnored) {
  EXPECT_TRUE(Allowed("Disallow: /\nUser-agent: *\nDisallow: /other\n", "/x"));
}

TEST(Robots, StarAgentFollowedByTextIsStillGlobal) {
  EXPECT_FALSE(Allowed("User-agent: * # everyone\nDisallow: /x\n", "/x"));
  EXPECT_FALSE(Allowed("User-agent: * (all bots)\nDisallow: /x\n", "/x"));
}

TEST(Robots, WildcardMatchesAnySequence) {
  const char* body = "User-agent: *\nDisallow: /*.php\nDisallow: /a*b*c\n";
  EXPECT_FALSE(Allowed(body, "/index.php"));
  EXPECT_FALSE(Allowed(body, "/dir/x.php?y=1"));
  EXPECT_FALSE(Allowed(body, "/aXbYc"));
  EXPECT_FALSE(Allowed(body, "/abc"));
  EXPECT_TRUE(Allowed(body, "/acb"));
  EXPECT_TRUE(Allowed(body, "/index.html"));
}

TEST(Robots, DollarAnchorsThePatternEnd) {
  const char* body = "User-agent: *\nDisallow: /*.gif$\nDisallow: /exact$\n";
  EXPECT_FALSE(Allowed(body, "/a/b.gif"));
  EXPECT_TRUE(Allowed(body, "/a/b.gif?x"));
  EXPECT_TRUE(Allowed(body, "/a/b.gifs"));
  EXPECT_FALSE(Allowed(body, "/exact"));
  EXPECT_TRUE(Allowed(body, "/exactly"));
}

TEST(Robots, DollarInsideThePatternIsLiteral) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /a$b\n", "/a$b/c"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /a$b\n", "/a"));
}

TEST(Robots, QueryIsPartOfTheMatchedPath) {
  const char* body = "User-agent: *\nDisallow: /*?\nAllow: /*?page=\n";
  EXPECT_FALSE(Allowed(body, "/search?q=x"));
  EXPECT_TRUE(Allowed(body, "/list?page=2"));
  EXPECT_TRUE(Allowed(body, "/search"));
}

TEST(Robots, PercentEncodingIsComparedCanonically) {
  // Escapes of unreserved characters equal the characters.
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /%7Euser\n", "/~user/x"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /~user\n", "/%7euser/x"));
  // Other escapes compare case-insensitively but stay escapes.
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));
  // Non-ASCII rules match their UTF-8 percent-encoding.
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /caf\xC3\xA9\n", "/caf%C3%A9"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /caf%c3%a9\n", "/caf%C3%A9"));
}

TEST(Robots, EscapedStarAndDollarAreLiterals) {
  const char* body = "User-agent: *\nDisallow: /file-%2A.html\nDisallow: /price-%24\n";
  EXPECT_FALSE(Allowed(body, "/file-*.html"));
  EXPECT_TRUE(Allowed(body, "/file-x.html"));
  EXPECT_FALSE(Allowed(body, "/price-$"));
  EXPECT_TRUE(Allowed(body, "/price-"));
}

TEST(Robots, EmptyDisallowIsNoRule) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow:\n", "caravan");
  EXPECT_TRUE(rules.Allowed("/x"));
  EXPECT_EQ(rules.Check("/x").rule, "no matching rule");
}

TEST(Robots, RobotsTxtItselfIsAlwaysAllowed) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("/robots.txt"));
}

TEST(Robots, FetchOutcomesGiveFixedVerdicts) {
  RobotsRules::Decision allow = RobotsRules::AllowAll().Check("/x");
  EXPECT_TRUE(allow.allowed);
  EXPECT_EQ(allow.line, 0);
  RobotsRules::Decision deny = RobotsRules::DisallowAll().Check("/x");
  EXPECT_FALSE(deny.allowed);
  EXPECT_NE(deny.rule.find("unavailable"), std::string::npos);
}

TEST(Robots, DecisionQuotesTheRuleAsWrittenWithItsLine) {
  const char* body =
      "# robots\n"
      "User-agent: *\n"
      "disallow:   /private/   # keep out\n"
      "Allow: /private/ok\n";
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  RobotsRules::Decision d = rules.Check("/private/x");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.rule, "disallow:   /private/");
  EXPECT_EQ(d.line, 3);
  d = rules.Check("/private/ok");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.rule, "Allow: /private/ok");
  EXPECT_EQ(d.line, 4);
}

TEST(Robots, OnlyTheFirst500KiBAreParsed) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  body.append(500 * 1024 - body.size(), '\n');
  body += "Disallow: /late\n";
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  EXPECT_FALSE(rules.Allowed("/early"));
  EXPECT_TRUE(rules.Allowed("/late"));
}

TEST(Robots, CrawlDelayComesFromTheSelectedGroup) {
  const char* body =
      "User-agent: *\nCrawl-delay: 30\n\n"
      "User-agent: caravan\nCrawl-delay: 2.5\nDisallow: /x\n";
  EXPECT_EQ(RobotsRules::Parse(body, "caravan").crawl_delay(), 2.5);
  EXPECT_EQ(RobotsRules::Parse(body, "other").crawl_delay(), 30);
  EXPECT_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: soon\n", "c").crawl_delay());
  EXPECT_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: -1\n", "c").crawl_delay());
}

TEST(Robots, CrawlDelayDoesNotEndTheAgentList) {
  const char* body =
      "User-agent: caravan\n"
      "Crawl-delay: 10\n"
      "User-agent: other\n"
      "Disallow: /private/\n";
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  EXPECT_FALSE(rules.Allowed("/private/x"));
  EXPECT_EQ(rules.crawl_delay(), 10);
}

TEST(Robots, SitemapsAreGlobalAndDeduplicated) {
  const char* body =
      "Sitemap: https://a.example/s1.xml\n"
      "User-agent: other\n"
      "Sitemap: https://a.example/s2.xml\n"
      "Disallow: /\n"
      "sitemap: https://a.example/s1.xml\n";
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  EXPECT_EQ(rules.sitemaps(),
            (std::vector<std::string>{"https://a.example/s1.xml", "https://a.example/s2.xml"}));
  EXPECT_TRUE(rules.Allowed("/x"));  // a Sitemap line does not join a group
}

TEST(Robots, AnyLineEndingAndAByteOrderMarkAreAccepted) {
  for (const char* body : {"\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", "User-agent: *\r\nDisallow: /x\r\n",
                           "User-agent: *\rDisallow: /x\r", "User-agent: *\nDisallow: /x"}) {
    EXPECT_FALSE(Allowed(body, "/x")) << body;
  }
}

TEST(Robots, LineNumbersCountEveryLineEnding) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\r\n\r\rDisallow: /x\n", "c");
  EXPECT_EQ(rules.Check("/x").line, 4);
}

TEST(Robots, Utf16BodyWithByteOrderMarkIsDecoded) {
  const std::string ascii = "User-agent: *\nDisallow: /x\n";
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  for (char c : ascii) {
    le += c;
    le += '\0';
    be += '\0';
    be += c;
  }
  EXPECT_FALSE(Allowed(le, "/x"));
  EXPECT_FALSE(Allowed(be, "/x"));
}

TEST(Robots, MissingColonIsTolerated) {
  EXPECT_FALSE(Allowed("User-agent *\nDisallow /x\n", "/x"));
  EXPECT_FALSE(Allowed("user agent caravan\nDisallow: /x\n", "/x"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow /x /y\n", "/x"));  // ambiguous: ignored
}

TEST(Robots, WhitespaceAroundTheColonIsTolerated) {
  EXPECT_FALSE(Allowed("User-agent : *\n  Disallow :   /x\t\n", "/x"));
}

TEST(Robots, CommonKeyTyposAreUnderstood) {
  EXPECT_FALSE(Allowed("useragent: *\ndissallow: /x\n", "/x"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisalow: /x\n", "/x"));
  EXPECT_FALSE(Allowed("USER-AGENT: *\nDISALLOW: /x\n", "/x"));
}

TEST(Robots, UnknownKeysAreIgnored) {
  const char* body =
      "User-agent: caravan\n"
      "Request-rate: 1/5\n"
      "User-agent: other\n"
      "Noindex: /y\n"
      "Disallow: /x\n";
  EXPECT_FALSE(Allowed(body, "/x"));
  EXPECT_TRUE(Allowed(body, "/y"));
}

TEST(Robots, HtmlLineBreakTagsAreStripped) {
  EXPECT_FALSE(Allowed("<html><body>\nUser-agent: *<br>\nDisallow: /x<BR/>\n</body>\n", "/x/y"));
}

TEST(Robots, AllowingIndexHtmlAlsoAllowsItsDirectory) {
  const char* body = "User-agent: *\nDisallow: /d/\nAllow: /d/index.html\n";
  EXPECT_TRUE(Allowed(body, "/d/"));
  EXPECT_TRUE(Allowed(body, "/d/index.html"));
  EXPECT_FALSE(Allowed(body, "/d/other"));
}

TEST(Robots, EmptyPathMeansRoot) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /$\n", ""));
}

TEST(Robots, ManyWildcardsStayFast) {
  std::string body = "User-agent: *\nDisallow: /";
  for (int i = 0; i < 200; ++i) body += "a*";
  body += "b\n";
  body += "Disallow: /";
  for (int i = 0; i < 100000; ++i) body += "*a";
  body += "\nDisallow: /";
  body += std::string(100000, '*');
  body += "b\n";
  const std::string path = "/" + std::string(2000, 'a');
  const auto start = std::chrono::steady_clock::now();
  RobotsRules rules = RobotsRules::Parse(body, "caravan");
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(rules.Allowed(path));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(Robots, ProductTokenIsTheLeadingNameOfAUserAgent) {
  EXPECT_EQ(ProductToken("caravan/0.1 (+https://example.org/bot)"), "caravan");
  EXPECT_EQ(ProductToken("  Mozilla/5.0 (compatible)"), "Mozilla");
  EXPECT_EQ(ProductToken("my_bot-2"), "my_bot-2");
  EXPECT_EQ(ProductToken("/1.0"), "");
}

TEST(Robots, SuccessfulDownloadGivesTheFilesRules) {  // RFC 9309 2.3.1.1
  RobotsRules r = RulesForStatus(200, "User-agent: *\nDisallow: /private\n", "caravan");
  EXPECT_FALSE(r.Allowed("/private/x"));
  EXPECT_TRUE(r.Allowed("/public"));
  EXPECT_FALSE(Unreachable(200));
}

TEST(Robots, RedirectsLeadingNowhereAndClientErrorsAreUnavailable) {  // 2.3.1.2, 2.3.1.3
  for (int status : {301, 308, 401, 403, 404, 410}) {
    EXPECT_TRUE(RulesForStatus(status, "User-agent: *\nDisallow: /\n", "caravan").Allowed("/x")) << status;
    EXPECT_FALSE(Unreachable(status)) << status;
  }
}

TEST(Robots, ServerErrorsTooManyRequestsAndNoAnswerAreUnreachable) {  // 2.3.1.4
  for (int status : {0, 429, 500, 503, 599}) {
    EXPECT_FALSE(RulesForStatus(status, "", "caravan").Allowed("/")) << status;
    EXPECT_TRUE(Unreachable(status)) << status;
  }
}

}  // namespace
}  // namespace caravan::robots
