// Listings (category, tag, author, date-archive, search-result, paginated
// and home pages) against publications, on fixtures written in the style
// of WordPress and news-CMS think-tank sites in several languages
// (tests/extract/fixtures/listing/). Each test is named after the rule it
// checks.
#include "extract/listing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/article.h"
#include "tests/extract/testing.h"
#include "tests/fixtures/pdf_maker.h"

namespace caravan::extract {
namespace {

using testing::Encode;
using testing::ExtractHtmlPage;
using testing::Fixture;
using ::testing::HasSubstr;
using testing::Replace;

constexpr const char* kSteppe = "https://steppe-policy.example";

Article Listing(const std::string& name, const std::string& url) {
  return ExtractHtmlPage(Fixture("listing/" + name), url);
}

void ExpectListing(const Article& a, bool continuation) {
  EXPECT_TRUE(a.listing);
  EXPECT_EQ(a.listing_continuation, continuation);
  // Its links are what a listing is fetched for.
  EXPECT_GE(a.outlinks.size(), 5u);
}

void ExpectArticle(const Article& a) {
  EXPECT_FALSE(a.listing);
  EXPECT_FALSE(a.listing_continuation);
}

// --- listings ---------------------------------------------------------

TEST(Listing, CategoryArchiveOfExcerptTeasers) {
  ExpectListing(Listing("category_energy.html", std::string(kSteppe) + "/category/energy/"), false);
}

TEST(Listing, RussianTagPageOfTeasersTitledByBoldLinksInParagraphs) {
  ExpectListing(Listing("tag_shos_ru.html", "https://eurasia-review.example/ru/tags/shos/"), false);
}

TEST(Listing, AuthorPageWithBiographyAboveHerPosts) {
  Article a = Listing("author_jane_doe.html", std::string(kSteppe) + "/author/jane-doe/");
  ExpectListing(a, false);
  EXPECT_THAT(a.text, HasSubstr("senior fellow"));
}

TEST(Listing, DateArchiveOfTitleLinksWithDatesAndNoMainText) {
  ExpectListing(Listing("archive_2024_05.html", std::string(kSteppe) + "/2024/05/"), false);
}

TEST(Listing, SearchResultsWithoutAnyMarkup) {
  ExpectListing(Listing("search_corridor.html", "https://silkroad-monitor.example/search?q=corridor"), false);
}

TEST(Listing, ChineseSecondPageIsContinuation) {
  ExpectListing(
      Listing("category_page2_zh.html", "https://silkroad-studies.example/zh/category/yidaiyilu/page/2/"),
      true);
}

TEST(Listing, RelPrevMakesContinuationWithoutPageNumberInUrl) {
  ExpectListing(Listing("category_page2_zh.html", "https://silkroad-studies.example/zh/yidaiyilu/older"),
                true);
}

TEST(Listing, PageNumberInUrlMakesContinuation) {
  ExpectListing(Listing("category_energy.html", std::string(kSteppe) + "/category/energy/page/3/"), true);
}

TEST(Listing, TurkishLanguageHomeOfCardsThatAreOneLink) {
  ExpectListing(Listing("home_tr.html", "https://ankara-eurasia.example/tr/"), false);
}

TEST(Listing, SiteHomeWithIntroductionAboveTeaserGrid) {
  ExpectListing(Listing("home_en.html", std::string(kSteppe) + "/"), false);
}

TEST(Listing, TeasersAloneMakeListingWithoutUrlOrMarks) {
  // A section page at an ordinary URL, with no pagination and no JSON-LD.
  ExpectListing(Listing("search_corridor.html", "https://silkroad-monitor.example/analysis-overview"), false);
}

TEST(Listing, ArticleMarksOutnumberingListingMarksKeepAnArticle) {
  // Teasers and no body, but the page says article twice and nothing says
  // listing.
  std::string html = Replace(Fixture("listing/archive_2024_05.html"), "<meta charset=\"utf-8\">",
                             "<meta charset=\"utf-8\"><meta property=\"og:type\" content=\"article\">"
                             "<meta property=\"article:published_time\" content=\"2024-05-31T10:00:00Z\">");
  ExpectArticle(ExtractHtmlPage(html, std::string(kSteppe) + "/may-in-review"));
}

// --- publications -----------------------------------------------------

TEST(Article, LongArticleWithPostNavigationAndFurtherReading) {
  ExpectArticle(
      Listing("long_article.html", std::string(kSteppe) + "/2024/06/18/caspian-gas-pipeline-revisited/"));
}

TEST(Article, ShortArticleUnderCategoryUrlAmongTeasers) {
  Article a = Listing("short_article_category_url.html",
                      std::string(kSteppe) + "/category/transport/khorgos-first-quarter-figures/");
  ExpectArticle(a);
  EXPECT_THAT(a.text, HasSubstr("Khorgos Gateway handled"));
}

TEST(Article, InTextLinksAndReadingListAreNoTeasers) {
  ExpectArticle(
      Listing("linked_article.html", std::string(kSteppe) + "/2024/06/25/borders-slower-than-rails/"));
}

TEST(Article, ReportLandingPageWithSummaryAndDownload) {
  ExpectArticle(Listing("report_landing.html", std::string(kSteppe) + "/publications/middle-corridor-2024/"));
}

TEST(Article, UrlAloneNeverMakesListing) {
  for (const char* path : {"/category/energy/page/2/", "/tag/sco/", "/author/jane-doe/", "/2024/06/", "/",
                           "/tr/", "/?s=pipeline"}) {
    SCOPED_TRACE(path);
    ExpectArticle(Listing("long_article.html", std::string(kSteppe) + path));
  }
}

TEST(Article, ListingMarksWithoutTeasersKeepAnArticle) {
  std::string html =
      Replace(Fixture("listing/long_article.html"), "<meta property=\"og:type\" content=\"article\">",
              "<meta property=\"og:type\" content=\"website\"><link rel=\"next\" href=\"/page/2/\">"
              "<script type=\"application/ld+json\">{\"@type\":\"CollectionPage\"}</script>");
  ExpectArticle(ExtractHtmlPage(html, std::string(kSteppe) + "/category/energy/page/2/"));
}

TEST(Article, OtherArticleFixturesStayArticles) {
  ExpectArticle(ExtractHtmlPage(Fixture("wp_thinktank.html"),
                                "https://eurasia-policy.example/en/2024/09/13/middle-corridor-logistics/"));
  ExpectArticle(ExtractHtmlPage(Fixture("news_cms.html"),
                                "https://chinastudies.example/events/seminar-second-decade/"));
  ExpectArticle(ExtractHtmlPage(Replace(Fixture("cn_portal.html"), "charset=gb2312", "charset=utf-8"),
                                "https://cn-portal.example/"));
  Input in;
  std::string cp1251 = Encode(Fixture("ru_1251.html"), "WINDOWS-1251");
  in.body = cp1251;
  in.url = "https://eurasia-review.example/a/1";
  in.content_type = "text/html";
  ExpectArticle(Extract(in));
}

TEST(Article, PdfIsNeverListing) {
  std::vector<caravan::testing::PdfText> lines = {{50, 760, 16, "Publications 2024"}};
  for (const caravan::testing::PdfText& t :
       caravan::testing::PdfColumn(50, 720,
                                   {"The Middle Corridor in 2024", "Energy Security in the Caspian",
                                    "Water in the Aral Sea Basin", "Khorgos in Figures"})) {
    lines.push_back(t);
  }
  std::string pdf = caravan::testing::MakePdf({lines}, "<< /Title (Publications 2024) >>");
  Input in;
  in.body = pdf;
  in.url = "https://steppe-policy.example/category/publications/page/2/";
  in.content_type = "application/pdf";
  Article a = Extract(in);
  EXPECT_THAT(a.text, HasSubstr("Middle Corridor"));
  ExpectArticle(a);
}

// --- URL shapes -------------------------------------------------------

TEST(UrlShape, ArchiveWordsDateOnlyPathsSearchesAndHomes) {
  for (const char* url :
       {"https://x.example/category/energy/", "https://x.example/tag/sco/",
        "https://x.example/author/jane-doe/", "https://x.example/tr/etiket/sco/",
        "https://x.example/2024/05/", "https://x.example/tr/2024/", "https://x.example/?s=corridor",
        "https://x.example/search?q=corridor", "https://x.example/", "https://x.example/tr/",
        "https://x.example/zh-cn/", "https://x.example/index.php"}) {
    EXPECT_TRUE(ShapeOfUrl(url).archive_like) << url;
  }
  for (const char* url :
       {"https://x.example/2024/05/13/middle-corridor/", "https://x.example/en/middle-corridor/",
        "https://x.example/publications/report-2024/", "https://x.example/?p=3289",
        "https://x.example/news/1234/", "not a url", ""}) {
    EXPECT_FALSE(ShapeOfUrl(url).archive_like) << url;
  }
}

TEST(UrlShape, PageNumberInPathOrQuery) {
  EXPECT_EQ(ShapeOfUrl("https://x.example/category/energy/page/3/").page, 3);
  EXPECT_TRUE(ShapeOfUrl("https://x.example/page/3/").archive_like);
  EXPECT_EQ(ShapeOfUrl("https://x.example/news?page=2").page, 2);
  EXPECT_EQ(ShapeOfUrl("https://x.example/?paged=4&s=x").page, 4);
  EXPECT_EQ(ShapeOfUrl("https://x.example/ru/tags/shos/?PAGEN_1=2").page, 2);
  EXPECT_EQ(ShapeOfUrl("https://x.example/search?q=x&start=20").page, 2);
  EXPECT_EQ(ShapeOfUrl("https://x.example/search?q=x&start=0").page, 1);
  EXPECT_EQ(ShapeOfUrl("https://x.example/category/energy/page/1/").page, 1);
  // WordPress post ids, not pages.
  EXPECT_EQ(ShapeOfUrl("https://x.example/?p=3289").page, 1);
}

}  // namespace
}  // namespace caravan::extract
