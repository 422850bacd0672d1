#include "crawler/discovery/discovery.h"

#include <gtest/gtest.h>

namespace caravan::discovery {
namespace {

constexpr int64_t kHourMs = 3600'000;

std::string Sitemap(int entries, const std::string& lastmod) {
  std::string body = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (int i = 0; i < entries; ++i) {
    body += "<url><loc>https://steppe.example/analysis/post-" + std::to_string(i) + "/</loc><lastmod>" + lastmod +
            "</lastmod></url>";
  }
  return body + "</urlset>";
}

TEST(Discovery, FeedItemsAreAnnouncedOneHopFromTheSourceWithTheirUpdatedDate) {
  std::string rss =
      "<rss version=\"2.0\"><channel><title>Steppe</title>"
      "<item><link>/analysis/caspian/</link><pubDate>Fri, 13 Sep 2024 08:00:00 +0000</pubDate></item>"
      "</channel></rss>";
  std::vector<Found> found;
  std::string error;
  ASSERT_TRUE(FromFeed(rss, "https://steppe.example/feed/", &found, &error)) << error;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].url, "https://steppe.example/analysis/caspian/");
  EXPECT_EQ(found[0].kind, caravan::v1::PAGE);
  EXPECT_EQ(found[0].depth, 1);
  EXPECT_TRUE(found[0].announced);
  EXPECT_EQ(found[0].lastmod_ms, 1726214400000);
}

TEST(Discovery, MalformedFeedIsAnError) {
  std::vector<Found> found;
  std::string error;
  EXPECT_FALSE(FromFeed("<html><body>not a feed</body></html>", "https://steppe.example/feed/", &found, &error));
  EXPECT_FALSE(error.empty());
}

TEST(Discovery, SitemapLastmodsAreKeptWhenTheyDateThePages) {
  std::vector<Found> found;
  std::string error;
  int64_t fetched = 1'733'000'000'000;
  ASSERT_TRUE(FromSitemap(Sitemap(12, "2024-09-13"), "https://steppe.example/sitemap.xml", fetched, &found, &error));
  ASSERT_EQ(found.size(), 12u);
  EXPECT_TRUE(found[0].lastmod_ms.has_value());
  EXPECT_TRUE(found[0].announced);
}

TEST(Discovery, SitemapLastmodsThatAreTheGenerationTimeAreDropped) {
  std::vector<Found> found;
  std::string error;
  int64_t generated = 1'733'000'000'000;
  ASSERT_TRUE(FromSitemap(Sitemap(12, "2024-11-30T20:53:20Z"), "https://steppe.example/sitemap.xml",
                          generated + kHourMs / 2, &found, &error));
  ASSERT_EQ(found.size(), 12u);
  for (const Found& f : found) EXPECT_FALSE(f.lastmod_ms.has_value()) << f.url;
}

TEST(Discovery, WordPressStartPagesNameTheirConventionalFeedAndSitemap) {
  auto found = Conventional("https://steppe.example/en/",
                            "<link rel=stylesheet href=\"/wp-content/themes/x/style.css\">");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].url, "https://steppe.example/feed/");
  EXPECT_EQ(found[0].kind, caravan::v1::FEED);
  EXPECT_EQ(found[1].url, "https://steppe.example/wp-sitemap.xml");
  EXPECT_EQ(found[1].kind, caravan::v1::SITEMAP);
  EXPECT_TRUE(Conventional("https://steppe.example/", "<html>Drupal</html>").empty());
}

}  // namespace
}  // namespace caravan::discovery
