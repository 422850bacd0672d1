// End-to-end extraction of fixture pages written in the style of the
// think-tank and news sites the crawler reads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/time.h"
#include "extract/article.h"
#include "tests/extract/testing.h"

namespace caravan::extract {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::Encode;
using ::testing::EndsWith;
using testing::Fixture;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Replace;
using ::testing::StartsWith;

Article ExtractPage(const std::string& html, const std::string& url, const std::string& charset = "") {
  Input in;
  in.body = html;
  in.url = url;
  in.content_type = "text/html";
  in.charset = charset;
  return Extract(in);
}

std::string Iso(std::optional<int64_t> ms) { return ms ? FormatRfc3339(*ms) : "none"; }

void ExpectAbsent(const std::string& text, std::initializer_list<const char*> needles) {
  for (const char* n : needles) EXPECT_THAT(text, Not(HasSubstr(n))) << "boilerplate leaked: " << n;
}

TEST(ExtractHtml, WordPressThinkTankArticle) {
  Article a = ExtractPage(Fixture("wp_thinktank.html"),
                          "https://eurasia-policy.example/en/2024/09/13/middle-corridor-logistics/");
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.title, "Kazakhstan and the Middle Corridor: A New Logistics Map");
  EXPECT_THAT(a.authors, ElementsAre("Aigerim Nurlanovna", "Daniel Brooks"));
  EXPECT_EQ(Iso(a.published_ms), "2024-09-13T02:30:00Z");
  EXPECT_EQ(a.published_offset_min, 360);
  EXPECT_EQ(Iso(a.modified_ms), "2024-09-15T05:00:00Z");
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.site_name, "Eurasia Policy Institute");
  EXPECT_EQ(a.canonical_url, "https://eurasia-policy.example/en/2024/09/13/middle-corridor-logistics/");
  EXPECT_EQ(a.description, "How the Trans-Caspian route is changing freight between China and Europe.");

  EXPECT_THAT(a.text,
              StartsWith("Freight volumes on the Trans-Caspian International Transport Route grew faster"));
  EXPECT_THAT(a.text, HasSubstr("first promoted, and Kazakhstan"));  // inline link, no extra spaces
  EXPECT_THAT(a.text, HasSubstr("for the first time.\n\nWhat the numbers say\n\nThree indicators"));
  EXPECT_THAT(a.text, HasSubstr("corridor’s future"));
  EXPECT_THAT(a.text, HasSubstr("\n\nTransit time from Xi’an to the Black Sea fell to about 18 days.\n\n"));
  EXPECT_THAT(a.text,
              HasSubstr("\n\nRoute | Transit days | Share of volume\n\nNorthern corridor | 14 | 71%\n\n"));
  EXPECT_THAT(a.text, HasSubstr("\n\nConnectivity is not a gift from one capital to another"));
  EXPECT_THAT(a.text, EndsWith("the rules of the road will be written in the region."));
  ExpectAbsent(a.text, {"also available in",
                        "Türkçe",
                        "Русский",
                        "Share this",
                        "Twitter",
                        "Related",
                        "Aktau port",
                        "About the author",
                        "senior fellow",
                        "cookies",
                        "Tags:",
                        "BRI,",
                        "About Us",
                        "Home",
                        "Recent Posts",
                        "Leave a Reply",
                        "email address",
                        "Newsletter",
                        "All rights reserved",
                        "Posted on",
                        "Previous post",
                        "13 September 2024"});

  EXPECT_THAT(a.outlinks, Contains("https://eurasia-policy.example/en/2017/01/route-launch/"));
  EXPECT_THAT(a.outlinks, Contains("https://eurasia-policy.example/en/about/"));
  EXPECT_THAT(a.outlinks, Contains("https://eurasia-policy.example/tr/orta-koridor/"));
  EXPECT_THAT(a.outlinks, Contains("https://eurasia-policy.example/en/2024/09/01/uzbekistan-rail/"));
  EXPECT_THAT(a.outlinks,
              Contains("https://eurasia-policy.example/en/2024/09/13/middle-corridor-logistics/"));
  for (const std::string& link : a.outlinks) {
    EXPECT_THAT(link, AllOf(StartsWith("http"), Not(HasSubstr("#")))) << link;
  }
  EXPECT_EQ(std::set<std::string>(a.outlinks.begin(), a.outlinks.end()).size(), a.outlinks.size());
  EXPECT_THAT(a.feed_links, ElementsAre("https://eurasia-policy.example/en/feed/",
                                        "https://eurasia-policy.example/en/comments/feed/"));
}

TEST(ExtractHtml, ArchivePagesNamedOnlyInTheHeadAreOutlinks) {
  Article a = ExtractPage(
      "<html><head><title>Energy</title><link rel=\"prev\" href=\"/category/energy/\">"
      "<link rel=\"next\" href=\"page/3/\"><link rel=\"stylesheet\" href=\"/style.css\"></head>"
      "<body><p>Energy analysis from the institute.</p></body></html>",
      "https://steppe.example/category/energy/page/2/");
  EXPECT_THAT(a.outlinks, Contains("https://steppe.example/category/energy/"));
  EXPECT_THAT(a.outlinks, Contains("https://steppe.example/category/energy/page/2/page/3/"));
  EXPECT_THAT(a.outlinks, Not(Contains("https://steppe.example/style.css")));
}

TEST(ExtractHtml, NewsCmsWithLatestArticlesSidebarAndBreadcrumbs) {
  Article a =
      ExtractPage(Fixture("news_cms.html"), "https://chinastudies.example/events/seminar-second-decade/");
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.title, "SEMINAR ON THE SECOND DECADE OF CONNECTIVITY");
  EXPECT_THAT(a.authors, ElementsAre("Marat Seitkali"));
  EXPECT_EQ(Iso(a.published_ms), "2024-09-13T10:00:00Z");
  EXPECT_EQ(a.language, "en");  // undeclared: detected
  EXPECT_THAT(a.text, StartsWith("Astana, September 13, 2024 — A seminar on the second decade"));
  EXPECT_THAT(a.text, HasSubstr("keeping tariffs stable.\n\nDigital corridors\n\nMuch of the discussion"));
  EXPECT_THAT(a.text, EndsWith("before the end of the year."));
  ExpectAbsent(a.text, {"LATEST", "ARTICLES", "Home", "Events", "Public diplomacy between neighbours", "TAGS",
                        "Tweet", "Previous article", "Facebook", "Telegram", "418", "©", "\xC2\xA0"});
  EXPECT_THAT(a.feed_links, ElementsAre("https://chinastudies.example/feed/atom/",
                                        "https://chinastudies.example/feed.json"));
  EXPECT_THAT(a.outlinks, Contains("https://chinastudies.example/2024/09/10/public-diplomacy/"));
}

void ExpectChinesePortal(const Article& a) {
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.title, "中哈物流合作迈入新阶段");
  EXPECT_EQ(a.language, "zh");
  EXPECT_EQ(Iso(a.published_ms), "2024-09-13T00:00:00Z");
  EXPECT_THAT(a.text,
              StartsWith("本网讯 九月十三日，中国与哈萨克斯坦两国企业在阿斯塔纳签署多项物流合作协议"));
  EXPECT_THAT(a.text, HasSubstr("数字化通关等领域。\n\n据介绍，霍尔果斯口岸"));
  EXPECT_THAT(a.text, HasSubstr("高质量发展的关键时期。"));
  ExpectAbsent(a.text, {"分享到", "微信", "扫描二维码", "相关新闻", "中亚铁路网建设提速", "首页", "当前位置",
                        "热点排行", "版权所有"});
}

TEST(ExtractHtml, ChinesePortalInGbkDeclaredAsGb2312) {
  std::string gbk = Encode(Fixture("cn_portal.html"), "GBK");
  ExpectChinesePortal(ExtractPage(gbk, "https://silkroad-news.example/news/5501.html"));
}

TEST(ExtractHtml, ChinesePortalInGbkUndeclared) {
  std::string html =
      Replace(Fixture("cn_portal.html"),
              "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />", "");
  ExpectChinesePortal(ExtractPage(Encode(html, "GBK"), "https://silkroad-news.example/news/5501.html"));
}

TEST(ExtractHtml, ChinesePortalCharsetFromHttpHeader) {
  std::string html = Replace(Fixture("cn_portal.html"), "charset=gb2312", "charset=utf-8");
  ExpectChinesePortal(
      ExtractPage(Encode(html, "GB18030"), "https://silkroad-news.example/news/5501.html", "GBK"));
}

void ExpectRussianReview(const Article& a) {
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.title, "Средний коридор: новые возможности для Казахстана");
  EXPECT_THAT(a.authors, ElementsAre("Иван Петров"));
  EXPECT_EQ(Iso(a.published_ms), "2024-09-13T00:00:00Z");
  EXPECT_EQ(a.language, "ru");
  EXPECT_THAT(a.text, HasSubstr("Транскаспийский международный транспортный маршрут за последние два года"));
  EXPECT_THAT(a.text, HasSubstr("из Китая в Европу.\n\nПо словам экспертов"));
  EXPECT_THAT(a.text, EndsWith("дальнейший рост будет затруднён."));
  ExpectAbsent(a.text, {"Поделиться", "ВКонтакте", "Главная", "Аналитика", "Все права защищены", "Автор:"});
}

TEST(ExtractHtml, RussianPageInWindows1251Declared) {
  ExpectRussianReview(
      ExtractPage(Encode(Fixture("ru_1251.html"), "WINDOWS-1251"), "https://eurasia-review.example/a/1"));
}

TEST(ExtractHtml, RussianPageInWindows1251Undeclared) {
  std::string html =
      Replace(Fixture("ru_1251.html"),
              "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">", "");
  ExpectRussianReview(ExtractPage(Encode(html, "WINDOWS-1251"), "https://eurasia-review.example/a/1"));
}

TEST(ExtractHtml, KazakhTextIsDetected) {
  Article a = ExtractPage(R"(<html><body><article><h1>Орта дәліз</h1>
      <p>Қазақстан Каспий теңізі арқылы өтетін көлік жолын дамытуға көп көңіл бөліп отыр. Ақтау мен Құрық порттары кеңейтіліп, жаңа паромдар сатып алынуда.</p>
      <p>Сарапшылардың пікірінше, бұл бағыт Қытай мен Еуропа арасындағы жүк тасымалында маңызды рөл атқаратын болады. Үкімет темір жол желісін жаңартуды жоспарлап отыр.</p>
      </article></body></html>)",
                          "https://kz.example/orta-daliz");
  EXPECT_EQ(a.language, "kk");
  EXPECT_EQ(a.title, "Орта дәліз");
}

TEST(ExtractHtml, TemplateLanguageLosesToConfidentDetection) {
  Article a = ExtractPage(R"(<html lang="en-US"><body><article>
      <p>Транскаспийский маршрут становится всё более важным для торговли между Китаем и Европой, и страны региона вкладывают в него значительные средства.</p>
      <p>Эксперты отмечают, что без новых паромов и единых правил на границах дальнейший рост перевозок будет затруднён, несмотря на высокий спрос.</p>
      </article></body></html>)",
                          "https://kz.example/ru/1");
  EXPECT_EQ(a.language, "ru");
}

TEST(ExtractHtml, TurkishPageWithPrintedDate) {
  Article a =
      ExtractPage(R"(<html lang="tr"><head><title>Orta Koridor ve Türk Dünyası | ANKASAM</title></head><body>
      <div class="post-header"><h1>Orta Koridor ve Türk Dünyası</h1><span class="tarih">13 Eylül 2024</span></div>
      <div class="post-content"><p>Orta Koridor, Çin ile Avrupa arasındaki ticarette Türk dünyasının önemini artıran bir güzergâh olarak öne çıkıyor.</p>
      <p>Kazakistan, Azerbaycan ve Gürcistan arasındaki iş birliği, taşımacılık sürelerini kısaltıyor ve yeni yatırımları teşvik ediyor.</p></div>
      </body></html>)",
                  "https://ankasam.example/orta-koridor/");
  EXPECT_EQ(a.title, "Orta Koridor ve Türk Dünyası");
  EXPECT_EQ(a.language, "tr");
  EXPECT_EQ(Iso(a.published_ms), "2024-09-13T00:00:00Z");
  EXPECT_THAT(a.text, StartsWith("Orta Koridor, Çin ile Avrupa arasındaki"));
}

TEST(ExtractHtml, ParagraphsFromLineBreaksAndInlineMarkup) {
  Article a = ExtractPage(R"(<html><body><div id="content">
      Erste Zeile des Beitrags mit <b>fett</b>gedrucktem Wort.<br>Zweite Zeile im selben Absatz.<br><br>
      Neuer Absatz nach zwei Umbrüchen, lang genug, um als Inhalt zu gelten, mit Kommas, Punkten und mehr.<br><br>
      Dritter Absatz mit weiteren Sätzen, die den Inhalt dieser Seite ausmachen, damit er gewertet wird.
      </div></body></html>)",
                          "https://x.example/");
  EXPECT_THAT(a.text, StartsWith("Erste Zeile des Beitrags mit fettgedrucktem Wort.\nZweite Zeile im selben "
                                 "Absatz.\n\nNeuer Absatz"));
  EXPECT_THAT(a.text, HasSubstr("mehr.\n\nDritter Absatz"));
}

TEST(ExtractHtml, HtmlFiveSectionsSurviveUnclosedDivs) {
  // The unclosed <div> must not keep the article inside the <nav>.
  Article a = ExtractPage(R"(<html><body>
      <header><nav><div class="menu"><a href="/">Home</a><div><a href="/about">About</a></nav></header>
      <main><article><h1>Steppe Railways</h1>
      <p>New lines across the steppe shorten the route between the Chinese border and the Caspian ports by several hundred kilometres.</p>
      <p>Construction is financed by a mix of state budgets and development bank loans, with completion expected within three years.</p>
      </article></main><footer><p>Footer text of the site</p></footer></body></html>)",
                          "https://x.example/");
  EXPECT_THAT(a.text, HasSubstr("New lines across the steppe"));
  EXPECT_THAT(a.text, HasSubstr("completion expected within three years."));
  ExpectAbsent(a.text, {"Home", "About", "Footer text"});
}

}  // namespace
}  // namespace caravan::extract
