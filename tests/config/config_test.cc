#include "config/config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace caravan::config {
namespace {

std::string ErrorOf(const std::string& yaml) {
  std::string error;
  EXPECT_FALSE(ParseConfig(yaml, "caravan.yaml", &error).has_value()) << yaml;
  return error;
}

TEST(Config, ParsesSourcesWithDefaults) {
  std::string error;
  auto c = ParseConfig(R"(
data_dir: /var/lib/caravan
sources:
  - name: ankasam
    start_urls: [https://www.ankasam.org/en/]
    feeds: [https://www.ankasam.org/feed/]
    revisit: 15m
    max_depth: 2
  - name: cabar
    sitemaps: https://cabar.asia/sitemap.xml
)", "caravan.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->data_dir, "/var/lib/caravan");
  EXPECT_EQ(c->grpc_listen, "127.0.0.1:7070");
  ASSERT_EQ(c->sources.size(), 2u);
  EXPECT_EQ(c->sources[0].revisit_ms, 15 * 60 * 1000);
  EXPECT_EQ(c->sources[0].max_depth, 2);
  ASSERT_EQ(c->sources[0].scope.size(), 1u);
  EXPECT_EQ(c->sources[0].scope[0], HostScopeRegex("ankasam.org"));
  ASSERT_EQ(c->sources[1].sitemaps.size(), 1u);
}

TEST(Config, UnknownTopLevelKeyNamesKeyAndLine) {
  std::string e = ErrorOf("data_dir: x\nsorces: []\n");
  EXPECT_NE(e.find("caravan.yaml:2: sorces: unknown key"), std::string::npos) << e;
}

TEST(Config, UnknownSourceKeyNamesKeyAndLine) {
  std::string e = ErrorOf(R"(sources:
  - name: a
    start_urls: [https://a.example/]
    revisti: 1s
)");
  EXPECT_NE(e.find("caravan.yaml:4: sources[0].revisti: unknown key"), std::string::npos) << e;
}

TEST(Config, BadDurationNamesKeyAndLine) {
  std::string e = ErrorOf(R"(sources:
  - name: a
    start_urls: [https://a.example/]
    revisit: 15 minutes
)");
  EXPECT_NE(e.find("caravan.yaml:4: sources[a].revisit: '15 minutes' is not a duration"), std::string::npos) << e;
}

TEST(Config, RelativeStartUrlIsRejected) {
  std::string e = ErrorOf("sources:\n  - name: a\n    start_urls: [/news]\n");
  EXPECT_NE(e.find("sources[a].start_urls[0]"), std::string::npos) << e;
}

TEST(Config, BadScopeRegexIsRejected) {
  std::string e = ErrorOf("sources:\n  - name: a\n    start_urls: [https://a.example/]\n    scope: ['(']\n");
  EXPECT_NE(e.find("sources[a].scope[0]: bad regex"), std::string::npos) << e;
}

TEST(Config, DuplicateSourceNameIsRejected) {
  std::string e = ErrorOf(
      "sources:\n  - name: a\n    feeds: [https://a.example/feed]\n  - name: a\n    feeds: [https://b.example/feed]\n");
  EXPECT_NE(e.find("duplicate source name 'a'"), std::string::npos) << e;
}

TEST(Config, SourceWithoutUrlsIsRejected) {
  std::string e = ErrorOf("sources:\n  - name: a\n    max_depth: 1\n");
  EXPECT_NE(e.find("needs at least one of start_urls, feeds, sitemaps"), std::string::npos) << e;
}

TEST(Config, MalformedYamlReportsLine) {
  std::string e = ErrorOf("sources:\n  - name: [a\n");
  EXPECT_NE(e.find("invalid YAML"), std::string::npos) << e;
}

TEST(Config, CrawlSettingsParse) {
  std::string error;
  auto c = ParseConfig("crawl:\n  delay: 0\n  max_body_bytes: 2MB\n  max_parallel: 8\n", "x", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->crawl.delay_ms, 0);
  EXPECT_EQ(c->crawl.max_body_bytes, 2 * 1024 * 1024);
  EXPECT_EQ(c->crawl.max_parallel, 8);
}

TEST(Config, AllowNetworksAreCheckedCidrs) {
  std::string error;
  auto c = ParseConfig("crawl:\n  allow_networks: [127.0.0.0/8, \"::1\", 10.20.0.0/16]\n", "x", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->crawl.allow_networks, (std::vector<std::string>{"127.0.0.0/8", "::1", "10.20.0.0/16"}));
  auto none = ParseConfig("sources: []\n", "x", &error);
  ASSERT_TRUE(none) << error;
  EXPECT_TRUE(none->crawl.allow_networks.empty()) << "public addresses only, by default";
  std::string e = ErrorOf("crawl:\n  allow_networks: [127.0.0.0/8, intranet]\n");
  EXPECT_NE(e.find("caravan.yaml:2: crawl.allow_networks[1]: 'intranet' is not an IPv4 or IPv6 address"),
            std::string::npos)
      << e;
  e = ErrorOf("crawl:\n  allow_networks: 10.0.0.0/40\n");
  EXPECT_NE(e.find("crawl.allow_networks[0]: '10.0.0.0/40': the prefix length must be 0-32"), std::string::npos) << e;
}

TEST(Config, FreshnessSettingsDefaultAsDocumented) {
  std::string error;
  auto c = ParseConfig("sources:\n  - name: a\n    feeds: [https://a.example/feed]\n", "x", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->crawl.revisit_pages.min_ms, 24LL * 3600 * 1000);
  EXPECT_EQ(c->crawl.revisit_pages.max_ms, 30LL * 24 * 3600 * 1000);
  EXPECT_DOUBLE_EQ(c->crawl.revisit_share, 0.2);
  EXPECT_EQ(c->crawl.politeness_key, "host");
  EXPECT_TRUE(c->crawl.site_templates.enabled);
  EXPECT_FALSE(c->sources[0].revisit_pages) << "unset: the crawl-wide policy applies";
}

TEST(Config, FreshnessSettingsParse) {
  std::string error;
  auto c = ParseConfig(R"(crawl:
  revisit_pages: {min: 2h, max: 3d}
  revisit_share: 0.5
  politeness_key: ip
  site_templates: {enabled: false, min_pages: 3, min_share: 0.25, window_pages: 50}
sources:
  - name: a
    feeds: [https://a.example/feed]
    revisit_pages: {max: 10d}
)", "x", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->crawl.revisit_pages.min_ms, 2 * 3600 * 1000);
  EXPECT_EQ(c->crawl.revisit_pages.max_ms, 3LL * 24 * 3600 * 1000);
  EXPECT_DOUBLE_EQ(c->crawl.revisit_share, 0.5);
  EXPECT_EQ(c->crawl.politeness_key, "ip");
  EXPECT_FALSE(c->crawl.site_templates.enabled);
  EXPECT_EQ(c->crawl.site_templates.min_pages, 3);
  EXPECT_DOUBLE_EQ(c->crawl.site_templates.min_share, 0.25);
  EXPECT_EQ(c->crawl.site_templates.window_pages, 50);
  ASSERT_TRUE(c->sources[0].revisit_pages);
  EXPECT_EQ(c->sources[0].revisit_pages->min_ms, 2 * 3600 * 1000) << "a missing bound is the crawl-wide one";
  EXPECT_EQ(c->sources[0].revisit_pages->max_ms, 10LL * 24 * 3600 * 1000);
}

TEST(Config, BadFreshnessSettingsNameTheKey) {
  EXPECT_NE(ErrorOf("crawl:\n  revisit_share: 1.5\n").find("caravan.yaml:2: crawl.revisit_share: 1.5 is out of range [0, 1]"),
            std::string::npos) << ErrorOf("crawl:\n  revisit_share: 1.5\n");
  EXPECT_NE(ErrorOf("crawl:\n  politeness_key: domain\n").find("crawl.politeness_key: 'domain' is not host or ip"),
            std::string::npos);
  EXPECT_NE(ErrorOf("crawl:\n  revisit_pages: {min: 2d, max: 1d}\n").find("crawl.revisit_pages.max: is shorter"),
            std::string::npos);
  EXPECT_NE(ErrorOf("crawl:\n  site_templates: {enabled: yes}\n").find("crawl.site_templates.enabled: 'yes' is not"),
            std::string::npos);
  std::string e = ErrorOf(R"(sources:
  - name: a
    feeds: [https://a.example/feed]
    revisit_pages: {minimum: 1d}
)");
  EXPECT_NE(e.find("sources[a].revisit_pages.minimum: unknown key"), std::string::npos) << e;
}

TEST(Config, BadListenAddressIsRejected) {
  EXPECT_NE(ErrorOf("grpc_listen: localhost\n").find("grpc_listen: 'localhost' is not HOST:PORT"),
            std::string::npos);
}

TEST(Config, BundledConfigsParse) {
  for (const char* name : {"/etc/caravan.yaml", "/etc/demo.yaml"}) {
    std::string error;
    auto c = LoadConfig(std::string(CARAVAN_SOURCE_DIR) + name, &error);
    ASSERT_TRUE(c) << error;
    EXPECT_FALSE(c->sources.empty()) << name;
  }
}

TEST(HostScopeRegex, MatchesHostWithAndWithoutWww) {
  EXPECT_EQ(HostScopeRegex("www.ankasam.org"), HostScopeRegex("ankasam.org"));
}

}  // namespace
}  // namespace caravan::config

namespace caravan::config {
namespace {

TEST(Config, RequireTopicsNamesTopicsOfTheLexicon) {
  std::string error;
  auto c = ParseConfig(R"(sources:
  - name: a
    start_urls: [https://a.example/]
    require_topics: [central_asia, middle_corridor]
    delete_after: 1h
)", "caravan.yaml", &error);
  EXPECT_FALSE(c) << "delete_after belongs to crawl:";
  c = ParseConfig(R"(crawl:
  delete_after: 1h
sources:
  - name: a
    start_urls: [https://a.example/]
    require_topics: [central_asia, middle_corridor]
)", "caravan.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->crawl.delete_after_ms, 3600 * 1000);
  EXPECT_EQ(c->sources[0].require_topics, (std::vector<std::string>{"central_asia", "middle_corridor"}));
  std::string e = ErrorOf(R"(sources:
  - name: a
    start_urls: [https://a.example/]
    require_topics: [central_asai]
)");
  EXPECT_NE(e.find("caravan.yaml:4: sources[a].require_topics: unknown topic 'central_asai'"), std::string::npos) << e;
}

}  // namespace
}  // namespace caravan::config

namespace caravan::config {
namespace {

TEST(Config, ChangeLogRetentionIsADurationOrAnEventCount) {
  std::string error;
  auto c = ParseConfig("storage:\n  change_log_retention: 30d\n", "caravan.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->storage.change_log_retention_ms, 30LL * 24 * 3600 * 1000);
  EXPECT_EQ(c->storage.change_log_retention_events, 0);
  c = ParseConfig("storage:\n  change_log_retention: 1000000\n", "caravan.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->storage.change_log_retention_ms, 0);
  EXPECT_EQ(c->storage.change_log_retention_events, 1'000'000);
  EXPECT_EQ(ParseConfig("{}", "caravan.yaml", &error)->storage.change_log_retention_ms, 90LL * 24 * 3600 * 1000)
      << "90 days by default";
  std::string e = ErrorOf("storage:\n  change_log_retention: forever\n");
  EXPECT_NE(e.find("storage.change_log_retention"), std::string::npos) << e;
  EXPECT_NE(e.find(":2:"), std::string::npos) << e;
}

}  // namespace
}  // namespace caravan::config

namespace caravan::config {
namespace {

TEST(Config, StorageSyncIsAlwaysIntervalOrNever) {
  std::string error;
  auto c = ParseConfig("{}", "c.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->storage.sync, "interval") << "a power loss takes at most the last second by default";
  EXPECT_EQ(c->storage.sync_interval_ms, 1000);
  c = ParseConfig("storage:\n  sync: always\n", "c.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->storage.sync, "always");
  c = ParseConfig("storage:\n  sync: interval\n  sync_interval: 200ms\n", "c.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->storage.sync_interval_ms, 200);
  std::string e = ErrorOf("storage:\n  sync: sometimes\n");
  EXPECT_NE(e.find(":2: storage.sync: 'sometimes' is not always, interval or never"), std::string::npos) << e;
}

TEST(Config, TlsNeedsACertificateAndItsKey) {
  std::string error;
  auto c = ParseConfig("tls:\n  cert_file: /etc/caravan/tls.crt\n  key_file: /etc/caravan/tls.key\n", "c.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_TRUE(c->tls.enabled());
  EXPECT_FALSE(ParseConfig("{}", "c.yaml", &error)->tls.enabled()) << "plain text by default";
  std::string e = ErrorOf("tls:\n  cert_file: /etc/caravan/tls.crt\n");
  EXPECT_NE(e.find("tls.key_file: missing"), std::string::npos) << e;
  e = ErrorOf("tls:\n  client_ca_file: /etc/caravan/ca.crt\n");
  EXPECT_NE(e.find("tls.client_ca_file"), std::string::npos) << e;
  e = ErrorOf("tls:\n  cert: x\n");
  EXPECT_NE(e.find("tls.cert: unknown key"), std::string::npos) << e;
}

TEST(Config, TokensComeInThreeScopesAndMustBeLong) {
  std::string error;
  auto c = ParseConfig(
      "auth:\n  consumer_tokens: [reader-0123456789ab, reader-ba9876543210]\n"
      "  admin_tokens: admin-0123456789abcd\n  cluster_token: cluster-0123456789ab\n",
      "c.yaml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->auth.consumer_tokens, (std::vector<std::string>{"reader-0123456789ab", "reader-ba9876543210"}));
  EXPECT_EQ(c->auth.admin_tokens, (std::vector<std::string>{"admin-0123456789abcd"}));
  EXPECT_EQ(c->auth.cluster_token, "cluster-0123456789ab");
  EXPECT_TRUE(c->auth.enabled());
  EXPECT_FALSE(ParseConfig("{}", "c.yaml", &error)->auth.enabled());
  std::string e = ErrorOf("auth:\n  consumer_tokens: [reader-0123456789ab, short]\n");
  EXPECT_NE(e.find("auth.consumer_tokens[1]: a token needs at least 16 characters"), std::string::npos) << e;
  EXPECT_NE(e.find(":2:"), std::string::npos) << e;
  e = ErrorOf("auth:\n  cluster_token: [a-0123456789abcdef, b-0123456789abcdef]\n");
  EXPECT_NE(e.find("auth.cluster_token: expected one token"), std::string::npos) << e;
}

}  // namespace
}  // namespace caravan::config
