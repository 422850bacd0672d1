#include "crawler/sitemaps/sitemap.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace caravan::sitemaps {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CARAVAN_SOURCE_DIR) + "/tests/crawler/sitemap_fixtures/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Gzip(std::string_view data, int level = Z_DEFAULT_COMPRESSION) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

constexpr int64_t Ms(int64_t unix_seconds) { return unix_seconds * 1000; }

std::vector<std::string> Urls(const Sitemap& s) {
  std::vector<std::string> urls;
  for (const SitemapEntry& e : s.entries) urls.push_back(e.url);
  return urls;
}

// --- urlset and sitemapindex --------------------------------------------------------

TEST(ParseSitemap, UrlsetListsEachLocWithItsLastmod) {
  std::string error;
  auto s = ParseSitemap(Fixture("post_sitemap.xml"), "https://astanatimes.com/post-sitemap1.xml", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_FALSE(s->is_index);
  ASSERT_EQ(s->entries.size(), 3u);  // the fourth <url> has no <loc>
  EXPECT_EQ(s->entries[0].url, "https://astanatimes.com/2024/09/kazakhstan-and-china-expand-trade/");
  EXPECT_EQ(s->entries[0].lastmod_ms, Ms(1726221600));  // 2024-09-13T10:00:00Z
  EXPECT_EQ(s->entries[1].lastmod_ms, Ms(1726099200));  // date only: UTC midnight
  EXPECT_FALSE(s->entries[2].lastmod_ms);
}

TEST(ParseSitemap, EscapedAmpersandsInLocAreDecoded) {
  auto s = ParseSitemap(Fixture("post_sitemap.xml"), "https://astanatimes.com/post-sitemap1.xml");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->entries[1].url, "https://astanatimes.com/2024/09/middle-corridor-freight/?amp=1&lang=en");
}

TEST(ParseSitemap, CdataAndWhiteSpaceAroundLocAreTrimmed) {
  auto s = ParseSitemap(Fixture("post_sitemap.xml"), "https://astanatimes.com/post-sitemap1.xml");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->entries[2].url, "https://astanatimes.com/2024/09/astana-opera-season/");
  auto unicode = ParseSitemap("<urlset><url><loc>\u00A0 https://example.org/a \u2000\u3000</loc></url></urlset>",
                              "https://example.org/sitemap.xml");
  ASSERT_TRUE(unicode);
  EXPECT_EQ(Urls(*unicode), std::vector<std::string>{"https://example.org/a"});
}

TEST(ParseSitemap, ImageExtensionLocsAreNotPageUrls) {
  auto s = ParseSitemap(Fixture("post_sitemap.xml"), "https://astanatimes.com/post-sitemap1.xml");
  ASSERT_TRUE(s);
  for (const std::string& url : Urls(*s)) EXPECT_EQ(url.find(".jpg"), std::string::npos) << url;
}

TEST(ParseSitemap, NewsPublicationDateDatesArticlesWithoutLastmod) {
  auto s = ParseSitemap(Fixture("news_sitemap.xml"), "https://kun.uz/sitemap-news.xml");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->entries.size(), 3u);
  EXPECT_EQ(s->entries[0].lastmod_ms, Ms(1726202400));  // 2024-09-13T04:40:00Z from news:publication_date
  EXPECT_EQ(s->entries[1].lastmod_ms, Ms(1726210800));  // its own lastmod wins
  EXPECT_FALSE(s->entries[2].lastmod_ms);
}

TEST(ParseSitemap, UrlsOutsideTheSitemapHostAreKeptForTheCallerToScope) {
  auto s = ParseSitemap(Fixture("news_sitemap.xml"), "https://kun.uz/sitemap-news.xml");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->entries[2].url, "https://cdn.kun.uz/mirror/2024/09/13/elsewhere");
}

TEST(ParseSitemap, IndexListsChildSitemapsWithTheirLastmod) {
  std::string error;
  auto s = ParseSitemap(Fixture("sitemap_index.xml"), "https://astanatimes.com/sitemap_index.xml", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_TRUE(s->is_index);
  EXPECT_EQ(Urls(*s), (std::vector<std::string>{"https://astanatimes.com/post-sitemap1.xml.gz",
                                                "https://astanatimes.com/page-sitemap.xml",
                                                "https://astanatimes.com/news-sitemap.xml"}));
  EXPECT_EQ(s->entries[0].lastmod_ms, Ms(1726221912));
  EXPECT_FALSE(s->entries[2].lastmod_ms);
}

TEST(ParseSitemap, IndexChildServedAsGzipIsInflated) {
  auto index = ParseSitemap(Fixture("sitemap_index.xml"), "https://astanatimes.com/sitemap_index.xml");
  ASSERT_TRUE(index);
  const std::string child_url = index->entries[0].url;  // ...post-sitemap1.xml.gz
  std::string error;
  auto child = ParseSitemap(Gzip(Fixture("post_sitemap.xml")), child_url, &error);
  ASSERT_TRUE(child) << error;
  EXPECT_FALSE(child->is_index);
  EXPECT_EQ(child->entries.size(), 3u);
}

TEST(ParseSitemap, GzipIsRecognisedByItsMagicNotByTheUrl) {
  auto s = ParseSitemap(Gzip(Fixture("sitemap_index.xml")), "https://astanatimes.com/sitemap");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->is_index);
  // And a .gz URL serving plain XML (the fetcher already inflated it) is fine.
  EXPECT_TRUE(ParseSitemap(Fixture("sitemap_index.xml"), "https://astanatimes.com/sitemap.xml.gz"));
}

TEST(ParseSitemap, GzipInsideGzipIsUnwrappedOnce) {
  auto s = ParseSitemap(Gzip(Gzip(Fixture("post_sitemap.xml"))), "https://astanatimes.com/post-sitemap1.xml.gz");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->entries.size(), 3u);
  std::string error;
  EXPECT_FALSE(ParseSitemap(Gzip(Gzip(Gzip("<urlset/>"))), "https://x.example/s.gz", &error));
  EXPECT_NE(error.find("nested gzip"), std::string::npos) << error;
}

TEST(ParseSitemap, GzipInflatingPastFiftyMegabytesIsRejected) {
  std::string huge = "<urlset>" + std::string(51 * 1024 * 1024, ' ') + "</urlset>";
  std::string error;
  EXPECT_FALSE(ParseSitemap(Gzip(huge, Z_BEST_SPEED), "https://x.example/bomb.xml.gz", &error));
  EXPECT_NE(error.find("50 MB"), std::string::npos) << error;
}

TEST(ParseSitemap, TruncatedGzipKeepsTheUrlsInflatedBeforeTheCut) {
  std::string xml = "<urlset>";
  for (int i = 0; i < 2000; ++i) xml += "<url><loc>https://example.org/page/" + std::to_string(i) + "</loc></url>";
  xml += "</urlset>";
  std::string gz = Gzip(xml);
  auto s = ParseSitemap(std::string_view(gz).substr(0, gz.size() / 2), "https://example.org/sitemap.xml.gz");
  ASSERT_TRUE(s);
  EXPECT_GT(s->entries.size(), 10u);
  EXPECT_LT(s->entries.size(), 2000u);
  EXPECT_EQ(s->entries[0].url, "https://example.org/page/0");
}

TEST(ParseSitemap, CorruptGzipIsAnErrorSayingSo) {
  std::string error;
  EXPECT_FALSE(ParseSitemap(std::string("\x1f\x8b\x08\x00garbage-not-deflate", 23), "https://x.example/s.gz", &error));
  EXPECT_NE(error.find("gzip"), std::string::npos) << error;
}

// --- namespaces, broken and hostile XML ------------------------------------------------

TEST(ParseSitemap, MissingOrForeignNamespaceIsTolerated) {
  for (const char* root : {"<urlset>", "<urlset xmlns=\"http://www.google.com/schemas/sitemap/0.84\">",
                           "<urlset xmlns=\"http://example.com/not-sitemaps\">"}) {
    auto s = ParseSitemap(std::string(root) + "<url><loc>https://example.org/a</loc></url></urlset>",
                          "https://example.org/sitemap.xml");
    ASSERT_TRUE(s) << root;
    EXPECT_EQ(Urls(*s), std::vector<std::string>{"https://example.org/a"}) << root;
  }
}

TEST(ParseSitemap, PrefixedSitemapElementsAreRead) {
  auto s = ParseSitemap(R"(<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
<sm:url><sm:loc>https://example.org/a</sm:loc><sm:lastmod>2024-09-13</sm:lastmod></sm:url></sm:urlset>)",
                        "https://example.org/sitemap.xml");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->entries.size(), 1u);
  EXPECT_EQ(s->entries[0].lastmod_ms, Ms(1726185600));
}

TEST(ParseSitemap, TruncatedXmlKeepsCompleteEntries) {
  auto s = ParseSitemap("<?xml version=\"1.0\"?><urlset><url><loc>https://example.org/a</loc></url>"
                        "<url><loc>https://example.org/b</loc></url><url><loc>https://exa",
                        "https://example.org/sitemap.xml");
  ASSERT_TRUE(s);
  ASSERT_GE(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[1].url, "https://example.org/b");
}

TEST(ParseSitemap, AmpersandsSurviveRecoveryFromMalformedXml) {
  auto s = ParseSitemap("<urlset><url><loc>https://example.org/a</lo></url>"
                        "<url><loc>https://example.org/b?x=1&amp;y=2</loc></url>"
                        "<url><loc>https://example.org/c?x=1&y=2</loc></url></urlset>",
                        "https://example.org/sitemap.xml");
  ASSERT_TRUE(s);
  std::vector<std::string> urls = Urls(*s);
  EXPECT_NE(std::find(urls.begin(), urls.end(), "https://example.org/b?x=1&y=2"), urls.end());
  EXPECT_NE(std::find(urls.begin(), urls.end(), "https://example.org/c?x=1&y=2"), urls.end());
}

TEST(ParseSitemap, ExternalEntitiesAreNeverRead) {
  const std::filesystem::path secret =
      std::filesystem::temp_directory_path() / ("caravan_sitemap_xxe_" + std::to_string(getpid()));
  {
    std::ofstream out(secret);
    out << "https://attacker.example/SECRET";
  }
  std::string body = "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM \"file://" + secret.string() +
                     "\">]><urlset><url><loc>https://example.org/ok</loc></url><url><loc>&x;</loc></url></urlset>";
  auto s = ParseSitemap(body, "https://example.org/sitemap.xml");
  std::filesystem::remove(secret);
  ASSERT_TRUE(s);
  EXPECT_EQ(Urls(*s), std::vector<std::string>{"https://example.org/ok"});
}

TEST(ParseSitemap, FeedsServeAsSitemaps) {
  auto s = ParseSitemap(R"(<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><link>https://example.org/a</link><pubDate>Fri, 13 Sep 2024 00:00:00 GMT</pubDate></item>
</channel></rss>)", "https://example.org/feed/");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->is_index);
  ASSERT_EQ(s->entries.size(), 1u);
  EXPECT_EQ(s->entries[0].url, "https://example.org/a");
  EXPECT_EQ(s->entries[0].lastmod_ms, Ms(1726185600));
}

TEST(ParseSitemap, WhatIsNotASitemapIsAnErrorNamingWhatItIs) {
  std::string error;
  EXPECT_FALSE(ParseSitemap("<!DOCTYPE html><html><body>Not found</body></html>", "https://x.example/s.xml", &error));
  EXPECT_NE(error.find("<html>"), std::string::npos) << error;
  EXPECT_FALSE(ParseSitemap("<", "https://x.example/s.xml", &error));
  EXPECT_NE(error.find("not XML"), std::string::npos) << error;
}

// --- plain text -----------------------------------------------------------------

TEST(ParseSitemap, PlainTextListsOneHttpUrlPerLine) {
  std::string error;
  auto s = ParseSitemap(Fixture("text_sitemap.txt"), "https://cabar.asia/sitemap.txt", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_FALSE(s->is_index);
  EXPECT_EQ(Urls(*s), (std::vector<std::string>{"https://cabar.asia/en/", "https://cabar.asia/en/water-diplomacy-amu-darya",
                                                "https://cabar.asia/ru/vybory-v-kyrgyzstane"}));
}

TEST(ParseSitemap, PlainTextWithoutUrlsIsAnError) {
  std::string error;
  EXPECT_FALSE(ParseSitemap("this is a bogus sitemap\nsecond line\n", "https://x.example/sitemap.txt", &error));
  EXPECT_NE(error.find("2 non-empty lines"), std::string::npos) << error;
  EXPECT_FALSE(ParseSitemap("", "https://x.example/sitemap.txt", &error));
}

}  // namespace
}  // namespace caravan::sitemaps
