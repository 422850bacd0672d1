#include "crawler/feeds/feed.h"

#include <gtest/gtest.h>

namespace caravan::feeds {
namespace {

TEST(ParseFeed, Rss2ItemsWithCdataRelativeLinksAndDates) {
  std::string rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>ANKASAM | Ankara Kriz ve Siyaset Araştırmaları Merkezi</title><link>https://www.ankasam.org/</link>
<item><title><![CDATA[Orta Koridor ve Türkiye]]></title><link>https://www.ankasam.org/orta-koridor/</link>
<pubDate>Fri, 13 Sep 2024 08:30:00 +0300</pubDate></item>
<item><title>Relative</title><link>/en/relative-post/</link><dc:date>2024-09-14T10:00:00Z</dc:date></item>
<item><title>Guid only</title><guid isPermaLink="true">https://www.ankasam.org/?p=123</guid></item>
<item><title>Not a permalink</title><guid isPermaLink="false">tag:ankasam,2024:9</guid></item>
</channel></rss>)";
  std::string error;
  auto feed = ParseFeed(rss, "https://www.ankasam.org/feed/", &error);
  ASSERT_TRUE(feed) << error;
  EXPECT_EQ(feed->title, "ANKASAM | Ankara Kriz ve Siyaset Araştırmaları Merkezi");
  ASSERT_EQ(feed->entries.size(), 3u);
  EXPECT_EQ(feed->entries[0].title, "Orta Koridor ve Türkiye");
  EXPECT_EQ(feed->entries[0].published_ms, int64_t{1726205400} * 1000);
  EXPECT_EQ(feed->entries[1].url, "https://www.ankasam.org/en/relative-post/");
  EXPECT_EQ(feed->entries[1].published_ms, int64_t{1726308000} * 1000);
  EXPECT_EQ(feed->entries[2].url, "https://www.ankasam.org/?p=123");
}

TEST(ParseFeed, AtomAlternateLinksAndXmlBase) {
  std::string atom = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cabar.asia/en/">
<title>CABAR.asia</title><link rel="self" href="https://cabar.asia/en/feed/atom"/>
<entry><title>Water in Central Asia</title><link rel="alternate" href="water-in-central-asia"/>
<link rel="replies" href="water#comments"/><published>2024-03-01T09:00:00+06:00</published></entry>
<entry><title>No link</title></entry>
</feed>)";
  auto feed = ParseFeed(atom, "https://cabar.asia/en/feed/atom");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].url, "https://cabar.asia/en/water-in-central-asia");
  EXPECT_EQ(feed->entries[0].published_ms, int64_t{1709262000} * 1000);
}

TEST(ParseFeed, Rss1RdfItems) {
  std::string rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.kz/"><title>Portal</title></channel>
<item rdf:about="https://example.kz/news/1"><title>One</title><link>https://example.kz/news/1</link></item>
</rdf:RDF>)";
  auto feed = ParseFeed(rdf, "https://example.kz/rss");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].url, "https://example.kz/news/1");
}

TEST(ParseFeed, JsonFeedItems) {
  std::string json = R"({"version":"https://jsonfeed.org/version/1.1","title":"Times",
"items":[{"id":"1","url":"https://timesca.com/a/","title":"A","date_published":"2024-10-01T09:00:00Z"},
{"id":"2","external_url":"https://other.example/b"},{"id":"3"}]})";
  EXPECT_TRUE(LooksLikeFeed(json));
  auto feed = ParseFeed(json, "https://timesca.com/feed.json");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].url, "https://timesca.com/a/");
  EXPECT_EQ(feed->entries[1].url, "https://other.example/b");
}

TEST(ParseFeed, RecoversFromMalformedXml) {
  std::string broken = "<rss version=\"2.0\"><channel><item><title>A & B</title>"
                       "<link>https://example.org/a</link></item><item><link>https://example.org/b</link>";
  auto feed = ParseFeed(broken, "https://example.org/feed");
  ASSERT_TRUE(feed);
  EXPECT_GE(feed->entries.size(), 1u);
}

TEST(ParseFeed, ExternalEntitiesAreNotResolved) {
  std::string xxe = R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title><link>https://example.org/a</link></item></channel></rss>)";
  auto feed = ParseFeed(xxe, "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].title.find("root:"), std::string::npos);
}

TEST(ParseFeed, HtmlIsNotAFeed) {
  std::string error;
  EXPECT_FALSE(ParseFeed("<html><body>hi</body></html>", "https://example.org/", &error));
  EXPECT_NE(error.find("<html>"), std::string::npos) << error;
  EXPECT_FALSE(LooksLikeFeed("<!doctype html><html><body><rss></body></html>"));
  EXPECT_TRUE(LooksLikeFeed("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"));
}

TEST(ParseFeedDate, Rfc822WithZonesAndTwoDigitYears) {
  EXPECT_EQ(ParseFeedDate("Tue, 01 Oct 2024 04:00:00 +0000"), int64_t{1727755200} * 1000);
  EXPECT_EQ(ParseFeedDate("Tue, 01 Oct 2024 04:00:00 GMT"), int64_t{1727755200} * 1000);
  EXPECT_EQ(ParseFeedDate("01 Oct 2024 00:00:00 EDT"), int64_t{1727755200} * 1000);
  EXPECT_EQ(ParseFeedDate("Tue, 01 Oct 24 04:00 +0000"), int64_t{1727755200} * 1000);
}

TEST(ParseFeedDate, Rfc3339AndDateOnly) {
  EXPECT_EQ(ParseFeedDate("2024-09-13T08:30:00+05:00"), int64_t{1726198200} * 1000);
  EXPECT_EQ(ParseFeedDate("2024-09-13T03:30:00.250Z"), int64_t{1726198200} * 1000 + 250);
  EXPECT_EQ(ParseFeedDate("2024-09-13"), int64_t{1726185600} * 1000);
}

TEST(ParseFeedDate, RejectsGarbage) {
  EXPECT_FALSE(ParseFeedDate(""));
  EXPECT_FALSE(ParseFeedDate("yesterday"));
  EXPECT_FALSE(ParseFeedDate("2024-13-45"));
  EXPECT_FALSE(ParseFeedDate("Tue, 01 Foo 2024 04:00:00 GMT"));
}

}  // namespace
}  // namespace caravan::feeds
