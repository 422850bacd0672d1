#include "crawler/feeds/feed.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace caravan::feeds {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CARAVAN_SOURCE_DIR) + "/tests/crawler/feed_fixtures/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr int64_t Ms(int64_t unix_seconds) { return unix_seconds * 1000; }

// --- RSS 2.0 --------------------------------------------------------------

TEST(ParseFeed, Rss2ItemsOfAWordPressFeedKeepTheirLinksTitlesAndDates) {
  std::string error;
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/", &error);
  ASSERT_TRUE(feed) << error;
  EXPECT_EQ(feed->title, "ANKASAM | Ankara Kriz ve Siyaset Araştırmaları Merkezi");
  ASSERT_EQ(feed->entries.size(), 4u);
  EXPECT_EQ(feed->entries[0].url, "https://www.ankasam.org/orta-koridorda-yeni-donem/?utm_source=rss&utm_medium=rss");
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1726205400));  // 2024-09-13T05:30:00Z
  EXPECT_FALSE(feed->entries[0].updated_ms);
  EXPECT_EQ(feed->entries[1].url, "https://www.ankasam.org/ru/tsentralnaya-aziya-i-rossiya/");
  EXPECT_EQ(feed->entries[1].title, "Центральная Азия и Россия: новая повестка");
  EXPECT_EQ(feed->entries[1].published_ms, Ms(1726175110));
}

TEST(ParseFeed, Rss2CdataTitlesWithEscapedEntitiesBecomePlainText) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->entries[0].title, "Orta Koridor’da Yeni Dönem: Türkiye ve Kazakistan");
  EXPECT_EQ(feed->entries[2].title, "Şanghay İşbirliği Örgütü & Avrasya Güvenliği");
}

TEST(ParseFeed, UndeclaredHtmlEntitiesResolveToCharacters) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->entries[3].title, "Podcast: Kafkasya\u00A0Gündemi");
}

TEST(ParseFeed, Rss2ChannelLinkIsNotTheAtomSelfLinkNorTheImageLink) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->link, "https://www.ankasam.org");
}

TEST(ParseFeed, RelativeLinksResolveAgainstTheFeedUrl) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->entries[2].url, "https://www.ankasam.org/sanghay-isbirligi-orgutu/");
}

TEST(ParseFeed, DcDateDatesAnItemWithoutPubDate) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->entries[2].published_ms, Ms(1726027200));  // 2024-09-11T04:00:00Z
}

TEST(ParseFeed, GuidIsTheLinkUnlessIsPermaLinkIsFalse) {
  auto feed = ParseFeed(Fixture("think_tank_rss2.xml"), "https://www.ankasam.org/feed/");
  ASSERT_TRUE(feed);
  // Item 4 has only a permalink guid; item 5 only isPermaLink="false" and is dropped.
  EXPECT_EQ(feed->entries[3].url, "https://www.ankasam.org/podcast/kafkasya-gundemi/");
  for (const FeedEntry& e : feed->entries) EXPECT_EQ(e.url.find("draft"), std::string::npos) << e.url;
}

TEST(ParseFeed, GuidThatIsNotAnHttpUrlIsNeverALink) {
  auto feed = ParseFeed(R"(<rss version="2.0"><channel>
<item><title>tag guid</title><guid>tag:example.org,2024:1</guid></item>
<item><title>relative guid</title><guid>1234</guid></item>
</channel></rss>)", "https://example.org/feed");
  ASSERT_TRUE(feed);
  EXPECT_TRUE(feed->entries.empty());
}

TEST(ParseFeed, ExtensionTitlesDoNotReplaceTheItemTitle) {
  auto feed = ParseFeed(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><media:title>media</media:title><title>core</title><link>https://example.org/1</link></item>
<item><media:title>media</media:title><dc:title>dublin core</dc:title><link>https://example.org/2</link></item>
<item><media:title>only media</media:title><link>https://example.org/3</link></item>
</channel></rss>)", "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 3u);
  EXPECT_EQ(feed->entries[0].title, "core");
  EXPECT_EQ(feed->entries[1].title, "dublin core");
  EXPECT_EQ(feed->entries[2].title, "only media");
}

TEST(ParseFeed, UndeclaredNamespacePrefixesAreReadByConvention) {
  auto feed = ParseFeed(R"(<rss version="2.0"><channel><item>
<link>https://example.org/a</link><dc:date>2024-09-13T00:00:00Z</dc:date></item></channel></rss>)",
                        "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1726185600));
}

TEST(ParseFeed, ElementNamesAreMatchedWhateverTheirCase) {
  auto feed = ParseFeed(R"(<rss version="2.0"><Channel><Title>Upper</Title><Item><Link>https://example.org/a</Link>
<PubDate>Fri, 13 Sep 2024 00:00:00 GMT</PubDate></Item></Channel></rss>)",
                        "https://example.org/feed");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title, "Upper");
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1726185600));
}

// --- Atom -------------------------------------------------------------------

TEST(ParseFeed, AtomEntryLinkIsTheAlternateHtmlLinkResolvedAgainstXmlBase) {
  std::string error;
  auto feed = ParseFeed(Fixture("news_atom.xml"), "https://cabar.asia/en/feed/atom", &error);
  ASSERT_TRUE(feed) << error;
  EXPECT_EQ(feed->link, "https://cabar.asia/en/");
  ASSERT_EQ(feed->entries.size(), 2u);  // the third has only rel="replies"
  EXPECT_EQ(feed->entries[0].url, "https://cabar.asia/en/water-diplomacy-amu-darya");
  EXPECT_EQ(feed->entries[1].url, "https://cabar.asia/ru/vybory-v-kyrgyzstane");
}

TEST(ParseFeed, AtomHtmlAndXhtmlTitlesBecomePlainText) {
  auto feed = ParseFeed(Fixture("news_atom.xml"), "https://cabar.asia/en/feed/atom");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title, "CABAR.asia — Central Asian Bureau for Analytical Reporting");
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].title, "Water diplomacy on the Amu Darya");
  EXPECT_EQ(feed->entries[1].title, "Выборы в Кыргызстане");
}

TEST(ParseFeed, AtomPublishedAndUpdatedStaySeparate) {
  auto feed = ParseFeed(Fixture("news_atom.xml"), "https://cabar.asia/en/feed/atom");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1726110000));  // 2024-09-12T03:00:00Z
  EXPECT_EQ(feed->entries[0].updated_ms, Ms(1726194600));    // 2024-09-13T02:30:00Z
  EXPECT_FALSE(feed->entries[1].published_ms);
  EXPECT_EQ(feed->entries[1].updated_ms, Ms(1726066800));
}

TEST(ParseFeed, PreStandardAtomNamespacesAreStillAtom) {
  auto feed = ParseFeed(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title mode="escaped" type="text/html">Old &lt;b&gt;Atom&lt;/b&gt;</title>
<entry><link rel="alternate" type="text/html" href="https://example.org/old"/>
<issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified></entry></feed>)",
                        "https://example.org/atom.xml");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title, "Old Atom");
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1072915200));
  EXPECT_EQ(feed->entries[0].updated_ms, Ms(1073001600));
}

// --- RSS 1.0 and JSON Feed ------------------------------------------------------

TEST(ParseFeed, Rss1ItemsUseTheirLinkThenRdfAbout) {
  std::string error;
  auto feed = ParseFeed(Fixture("portal_rss1.rdf"), "https://kz.example.org/rss", &error);
  ASSERT_TRUE(feed) << error;
  EXPECT_EQ(feed->title, "Портал новостей Казахстана");
  EXPECT_EQ(feed->link, "https://kz.example.org/");
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].url, "https://kz.example.org/news/1");
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1726210800));  // 2024-09-13T07:00:00Z
  EXPECT_EQ(feed->entries[1].url, "https://kz.example.org/news/2");
}

TEST(ParseFeed, JsonFeedItemsUseUrlThenExternalUrl) {
  std::string body = Fixture("news_jsonfeed.json");
  EXPECT_TRUE(LooksLikeFeed(body));
  std::string error;
  auto feed = ParseFeed(body, "https://timesca.com/feed.json", &error);
  ASSERT_TRUE(feed) << error;
  EXPECT_EQ(feed->title, "The Times of Central Asia");
  EXPECT_EQ(feed->link, "https://timesca.com/");
  ASSERT_EQ(feed->entries.size(), 3u);  // the fourth has no address
  EXPECT_EQ(feed->entries[0].url, "https://timesca.com/kazakhstan-grain-exports/");
  EXPECT_EQ(feed->entries[0].title, "Kazakhstan’s grain exports hit a record");
  EXPECT_EQ(feed->entries[0].published_ms, Ms(1727755200));  // 2024-10-01T04:00:00Z
  EXPECT_EQ(feed->entries[0].updated_ms, Ms(1727764200));
  EXPECT_EQ(feed->entries[1].url, "https://www.reuters.com/world/asia-pacific/uzbekistan-gas/");
  EXPECT_EQ(feed->entries[2].url, "https://timesca.com/tajikistan-roghun/");
}

TEST(ParseFeed, InvalidJsonFeedErrorSaysWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(ParseFeed("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "", &error));
  EXPECT_NE(error.find("JSON Feed: not valid JSON"), std::string::npos) << error;
  EXPECT_FALSE(ParseFeed("{\"version\": \"https://jsonfeed.org/version/1.1\"}", "", &error));
  EXPECT_NE(error.find("\"items\""), std::string::npos) << error;
}

// --- Broken and hostile input ---------------------------------------------------

TEST(ParseFeed, AmpersandsSurviveRecoveryFromMalformedXml) {
  // The stray </b> makes the document malformed before the links; libxml2's
  // recovery would drop &amp; from then on.
  auto feed = ParseFeed(R"(<rss version="2.0"><channel><title>Broken</b></title>
<item><link>https://example.org/a?x=1&amp;y=2</link></item>
<item><link>https://example.org/b?x=1&y=2</link></item>
</channel></rss>)", "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].url, "https://example.org/a?x=1&y=2");
  EXPECT_EQ(feed->entries[1].url, "https://example.org/b?x=1&y=2");
}

TEST(ParseFeed, TruncatedFeedKeepsTheItemsBeforeTheCut) {
  auto feed = ParseFeed(R"(<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>One</title><link>https://example.org/1</link></item>
<item><title>Two</title><link>https://example.org/2</link></item>
<item><title>Thr)", "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_GE(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[1].url, "https://example.org/2");
}

TEST(ParseFeed, WhiteSpaceBeforeTheXmlDeclarationIsTolerated) {
  auto feed = ParseFeed("\n\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                        "<item><link>https://example.org/a?p=1&amp;q=2</link></item></channel></rss>",
                        "https://example.org/feed");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].url, "https://example.org/a?p=1&q=2");
}

TEST(ParseFeed, DeclaredLegacyEncodingIsDecodedToUtf8) {
  // "Новости" in windows-1251, as older Russian-language CMSs still serve.
  std::string body = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>"
                     "\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title></channel></rss>";
  auto feed = ParseFeed(body, "https://example.ru/rss");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title, "Новости");
}

TEST(ParseFeed, ExternalEntitiesAreNeverRead) {
  const std::filesystem::path secret =
      std::filesystem::temp_directory_path() / ("caravan_feed_xxe_" + std::to_string(getpid()));
  {
    std::ofstream out(secret);
    out << "SECRET-CONTENT";
  }
  std::string body = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file://" + secret.string() +
                     "\">]><rss version=\"2.0\"><channel><title>t&x;</title><item><title>i&x;</title>"
                     "<link>https://example.org/&x;a</link></item></channel></rss>";
  auto feed = ParseFeed(body, "https://example.org/feed");
  std::filesystem::remove(secret);
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title.find("SECRET"), std::string::npos);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].title.find("SECRET"), std::string::npos);
  EXPECT_EQ(feed->entries[0].url.find("SECRET"), std::string::npos);
}

TEST(ParseFeed, InternalEntitiesExpandButExpansionBombsAreCut) {
  auto feed = ParseFeed(R"(<!DOCTYPE rss [<!ENTITY org "ANKASAM">]>
<rss version="2.0"><channel><title>&org; feed</title></channel></rss>)", "https://example.org/feed");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->title, "ANKASAM feed");

  std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">";
  for (char c = 'b'; c <= 'k'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) bomb += "&" + prev + ";";
    bomb += "\">";
  }
  bomb += "]><rss version=\"2.0\"><channel><title>&k;</title></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  auto bombed = ParseFeed(bomb, "https://example.org/feed");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  if (bombed) {
    EXPECT_LT(bombed->title.size(), 10u * 1024 * 1024);
  }
}

TEST(ParseFeed, WhatIsNotAFeedIsAnErrorNamingWhatItIs) {
  std::string error;
  EXPECT_FALSE(ParseFeed("<!DOCTYPE html><html><body><rss></rss></body></html>", "https://x.example/", &error));
  EXPECT_NE(error.find("<html>"), std::string::npos) << error;
  EXPECT_FALSE(ParseFeed("", "https://x.example/", &error));
  EXPECT_NE(error.find("not XML"), std::string::npos) << error;
  EXPECT_FALSE(ParseFeed(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "https://x.example/", &error));
  EXPECT_FALSE(error.empty());
}

// --- LooksLikeFeed ------------------------------------------------------------------

TEST(LooksLikeFeed, RecognisesFeedRootsPastBomDeclarationCommentsAndDoctype) {
  EXPECT_TRUE(LooksLikeFeed("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- generator -->\n<rss version=\"2.0\">"));
  EXPECT_TRUE(LooksLikeFeed("<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(LooksLikeFeed("<!DOCTYPE rss [<!ENTITY x \"<feed>\">]><rss>"));
  EXPECT_TRUE(LooksLikeFeed(Fixture("portal_rss1.rdf")));
}

TEST(LooksLikeFeed, RejectsHtmlSitemapsAndOtherJson) {
  EXPECT_FALSE(LooksLikeFeed("<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\">"));
  EXPECT_FALSE(LooksLikeFeed("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
  EXPECT_FALSE(LooksLikeFeed("{\"items\": []}"));
  EXPECT_FALSE(LooksLikeFeed("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"></rdf:RDF>"));
  EXPECT_FALSE(LooksLikeFeed(""));
}

}  // namespace
}  // namespace caravan::feeds
