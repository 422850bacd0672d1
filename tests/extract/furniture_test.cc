// Site furniture inside or right after the article container, as blogs and
// news CMSs print it: each test puts one kind into an otherwise plain
// think-tank post and checks that the article stays and the furniture goes.
// Last, page structures that spread the article itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/article.h"
#include "tests/extract/testing.h"

namespace caravan::extract {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kFirst =
    "<p>The Middle Corridor carried more containers in the first half of the year than in any full year "
    "before, as shippers looked for routes that avoid both the northern land bridge and the Red Sea.</p>";
constexpr const char* kLast =
    "<p>Whether the corridor keeps its share once other routes reopen depends on tariffs, on the ferries "
    "across the Caspian and on how quickly the ports of Aktau and Baku finish their expansion.</p>";

// A WordPress-style post whose entry-content holds `inside` between two
// paragraphs, followed by `after` inside the article.
std::string Text(const std::string& inside, const std::string& after = "") {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><title>Middle Corridor</title></head><body>"
      "<div id=\"page\"><article class=\"post\"><h1>Freight on the Middle Corridor</h1>"
      "<div class=\"entry-content\">" +
      std::string(kFirst) + inside + kLast + "</div>" + after + "</article></div></body></html>";
  Article a = testing::ExtractHtmlPage(html, "https://steppe-policy.example/en/2024/09/middle-corridor/");
  EXPECT_THAT(a.text, HasSubstr("carried more containers")) << a.text;
  EXPECT_THAT(a.text, HasSubstr("finish their expansion.")) << a.text;
  return a.text;
}

TEST(Furniture, RunTogetherPostMetaAndEntryFooterNames) {
  std::string text = Text("", "<div class=\"postmetadata\">Filed under Logistics by the editors</div>"
                              "<div class=\"entryfooter\">Trackback from your site</div>");
  EXPECT_THAT(text, Not(HasSubstr("Filed under")));
  EXPECT_THAT(text, Not(HasSubstr("Trackback")));
}

TEST(Furniture, ImageCreditByItsClassName) {
  std::string text = Text(
      "<div class=\"wp-block-image\"><img src=\"port.jpg\" alt=\"\"><span class=\"image-source\">"
      "Port of Aktau, press office</span></div>");
  EXPECT_THAT(text, Not(HasSubstr("press office")));
}

TEST(Furniture, ShortBoxesKeptOffThePrintedPage) {
  std::string text = Text("<div class=\"noprint\">Order the print edition by phone: +7 7172 000 000</div>");
  EXPECT_THAT(text, Not(HasSubstr("print edition")));
}

TEST(Furniture, GermanCommentSectionAndCommentDebris) {
  std::string text = Text("", "<p>Kommentare geschlossen</p><section class=\"kommentare\"><h3>2 Kommentare</h3>"
                              "<p>Danke für die Analyse, sehr hilfreich für unsere Arbeit.</p></section>");
  EXPECT_THAT(text, Not(HasSubstr("Kommentare")));
  EXPECT_THAT(text, Not(HasSubstr("Danke für die Analyse")));
}

TEST(Furniture, CommentFormById) {
  std::string text = Text("", "<div id=\"respond\"><h3>Leave your thoughts</h3><p>Your email address will "
                              "not be published, but we read every message.</p></div>");
  EXPECT_THAT(text, Not(HasSubstr("Leave your thoughts")));
}

TEST(Furniture, TableOfContentsHeading) {
  std::string text = Text(
      "<div class=\"ez-toc-container\"><p>Table of contents</p></div>"
      "<p>Rail operators in Kazakhstan and Azerbaijan agreed on a single through tariff for the route.</p>");
  EXPECT_THAT(text, Not(HasSubstr("Table of contents")));
  EXPECT_THAT(text, HasSubstr("single through tariff"));
}

TEST(Furniture, AdvertisingDisclosureAndPhotoCredits) {
  std::string text = Text("<p>Anzeige: Dieser Beitrag wurde von einer Reederei unterstützt.</p>"
                          "<p>Crédits photos : Agence Caspienne</p>");
  EXPECT_THAT(text, Not(HasSubstr("Reederei")));
  EXPECT_THAT(text, Not(HasSubstr("Agence Caspienne")));
}

TEST(Furniture, RelatedHeadingsInSeveralLanguages) {
  for (const char* heading : {"Explore further", "Weiterführende Links", "Zobacz również", "Veja também"}) {
    std::string text = Text("", std::string("<h3>") + heading +
                                    "</h3><ul><li><a href=\"/a\">Khorgos dry port reports record year</a></li>"
                                    "<li><a href=\"/b\">Georgia opens new rail ferry line</a></li></ul>");
    EXPECT_THAT(text, Not(HasSubstr(heading)));
  }
}

TEST(Furniture, DatedBylineLine) {
  std::string text = Text("", "<p>Der Beitrag wurde am Mittwoch, 13. September 2024 um 09:30 veröffentlicht.</p>");
  EXPECT_THAT(text, Not(HasSubstr("Der Beitrag wurde am")));
}

TEST(Furniture, BreadcrumbTrailEndingInALongTitle) {
  // A short notice: too little text for any container, so the whole
  // pruned page is read.
  std::string html =
      "<html><body><div id=\"navBreadcrumbs\"><ol><li><a href=\"/\">Home</a></li><li><a href=\"/en/\">"
      "Analysis</a></li><li><strong>Freight on the Middle Corridor: why shippers turn to the Caspian route "
      "after two years of disruption on the northern land bridge and in the Red Sea, and what it means for "
      "Kazakhstan and its neighbours on the Caspian coast</strong></li></ol></div><div><p>The Middle Corridor carried more containers in the first "
      "half of the year than in any full year before.</p></div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("carried more containers"));
  EXPECT_THAT(a.text, Not(HasSubstr("what it means for Kazakhstan"))) << a.text;
}

TEST(Furniture, EmbeddedPostPreview) {
  std::string text = Text("<div class=\"privacy-embed-preview\"><p>Load the post from the social network: "
                          "by loading it you accept its privacy policy.</p></div>");
  EXPECT_THAT(text, Not(HasSubstr("privacy policy")));
}

TEST(Furniture, AuthorBoxClosesTheArticle) {
  std::string text = Text("", "<h3>Über den Autor</h3><p>Aigerim Nurlanovna ist Senior Fellow und forscht zu "
                              "Verkehrswegen in Zentralasien.</p>");
  EXPECT_THAT(text, Not(HasSubstr("Senior Fellow")));
}

TEST(Furniture, NewsletterAndFollowPrompts) {
  std::string text = Text("<p>Zum Newsletter anmelden und nichts verpassen!</p>"
                          "<p>Síguenos en Telegram y X para más noticias de Asia Central.</p>");
  EXPECT_THAT(text, Not(HasSubstr("Newsletter")));
  EXPECT_THAT(text, Not(HasSubstr("Telegram")));
}

TEST(Furniture, AgencyCreditLines) {
  std::string text = Text("<p>Reuters/Mukhtar Kholdorbekov</p><p>AFP / Vyacheslav Oseledko</p>");
  EXPECT_THAT(text, Not(HasSubstr("Kholdorbekov")));
  EXPECT_THAT(text, Not(HasSubstr("Oseledko")));
}

TEST(Furniture, AppealsToReaders) {
  std::string text = Text("", "<p>Subscribe now to our print edition for the full report.</p>"
                              "<p>Support independent journalism from Central Asia with a monthly gift.</p>");
  EXPECT_THAT(text, Not(HasSubstr("print edition")));
  EXPECT_THAT(text, Not(HasSubstr("monthly gift")));
}

TEST(Furniture, TeaserOfAnotherPage) {
  std::string text = Text("<div class=\"c-teaser\"><a href=\"/en/2024/08/aktau/\">Aktau port expansion</a>"
                          "<p>The second container terminal opens in spring.</p></div>");
  EXPECT_THAT(text, Not(HasSubstr("Aktau port expansion")));
  EXPECT_THAT(text, Not(HasSubstr("second container terminal")));
}

TEST(Furniture, CaptionsEndingInACredit) {
  std::string text = Text("<p>Trucks queue at the border crossing near Khorgos. © AFP / Ruslan Pryanikov</p>"
                          "<p>The new terminal at night. Foto: Hafenverwaltung Aktau</p>");
  EXPECT_THAT(text, Not(HasSubstr("Trucks queue")));
  EXPECT_THAT(text, Not(HasSubstr("terminal at night")));
}

TEST(Furniture, CommentFormForLoggedOutReaders) {
  std::string text = Text("", "<p>You must be logged in to post a comment.</p>");
  EXPECT_THAT(text, Not(HasSubstr("logged in")));
}

TEST(Furniture, TwoButtonLabelsRunTogether) {
  std::string text = Text("<p>Bild anzeigen Bild schließen</p>", "<p>Share Print</p>");
  EXPECT_THAT(text, Not(HasSubstr("Bild anzeigen")));
  EXPECT_THAT(text, Not(HasSubstr("Share Print")));
}

TEST(Furniture, CitationHintsAndBracketedDisclaimers) {
  std::string text = Text("", "<p>(Alle Angaben ohne Gewähr)</p><p>Suggested citation: Nurlanovna, A.: Freight "
                              "on the Middle Corridor, Steppe Policy, 2024.</p><p>Seite teilen</p>");
  EXPECT_THAT(text, Not(HasSubstr("ohne Gewähr")));
  EXPECT_THAT(text, Not(HasSubstr("citation")));
  EXPECT_THAT(text, Not(HasSubstr("Seite teilen")));
}

TEST(Furniture, NumberedFigureCaptionsOfAnyLengthButNotProseAboutTheFigure) {
  std::string text = Text(
      "<p><img src=\"chart2.png\"><em>Figure 2: Container volumes on the Middle Corridor by quarter, in "
      "twenty-foot equivalent units, with the ferry and rail legs counted once; the dashed line marks the "
      "start of the Red Sea diversions. Data from the operators' association.</em></p>"
      "<p>Рис. 1. Объём контейнерных перевозок по Транскаспийскому маршруту</p>"
      "<p>Figure 2 shows volumes tripling after the first diversions, with the ferries as the "
      "bottleneck.</p>");
  EXPECT_THAT(text, Not(HasSubstr("Container volumes on the Middle Corridor by quarter")));
  EXPECT_THAT(text, Not(HasSubstr("Объём контейнерных")));
  EXPECT_THAT(text, HasSubstr("Figure 2 shows volumes tripling"));
}

TEST(Furniture, CaptionsLongerThanALineThatEndInACredit) {
  std::string text = Text(
      "<p>The second berth at Kuryk opened in June and doubled the number of ferries that can load at once, "
      "officials said. \u00a9 Press office of the port</p>");
  EXPECT_THAT(text, Not(HasSubstr("second berth at Kuryk")));
}

TEST(MainText, RowsOfADataTableThatLinkTheirItemsStay) {
  std::string text = Text(
      "<table><tr><th>Port</th><th>Containers</th></tr>"
      "<tr><td>2 berths</td><td><a href=\"/ports/kuryk-ferry-terminal\">Kuryk ferry terminal</a></td></tr>"
      "<tr><td><a href=\"/ports/aktau\">Aktau</a></td><td><a href=\"/stats/aktau\">statistics</a></td></tr>"
      "</table>");
  EXPECT_THAT(text, HasSubstr("2 berths | Kuryk ferry terminal"));
  EXPECT_THAT(text, Not(HasSubstr("statistics")));
}

TEST(MainText, SiblingModulesOfTheArticleThatShareItsFirstClass) {
  std::string html =
      "<html><body><main><article class=\"module module--facts\"><h2>Key facts</h2><p>Three findings: the "
      "ferries are the bottleneck, rail wagons wait for days at Kuryk, and tariffs decide the rest.</p>"
      "</article>"
      "<article class=\"module module--body\">" +
      std::string(kFirst) + kLast +
      "</article><article class=\"module module--more\"><p><a href=\"/a\">Aktau port doubles its ferry "
      "berths</a> and <a href=\"/b\">Baku and Tashkent sign a transit deal on rail freight</a></p></article>"
      "</main></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("Three findings"));
  EXPECT_THAT(a.text, HasSubstr("finish their expansion."));
  EXPECT_THAT(a.text, Not(HasSubstr("Aktau port doubles")));
}

TEST(MainText, ArticleSplitIntoSectionsOfOneParagraphEach) {
  // A page builder wraps every paragraph in its own row; no wrapper is
  // named as content, and each section scores about the same.
  std::string html = "<html><body><div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/a\">About</a></div>"
                     "<div class=\"page\">";
  for (const char* p :
       {"Heating with gas will change, and the first step is hydrogen blended into the existing grid, which "
        "operators in Almaty, Astana and Shymkent want to test from next winter on.",
        "Each of the three utilities will feed up to twenty percent hydrogen into one district, measure how "
        "boilers, meters and pipes respond, and publish the results for the regulator.",
        "The ministry expects the trials to show whether the national grid code can allow blending, or whether "
        "older steel pipes must first be replaced, which would take a decade.",
        "Customers in the trial districts will not need new appliances, according to the utilities, though "
        "some older boilers will be inspected before the first hydrogen arrives."}) {
    html += std::string("<div class=\"row\"><div class=\"col\"><div class=\"inner\"><div class=\"wrap\">"
                        "<div class=\"textblock\"><p>") +
            p + " The plan was presented on Tuesday in Astana, and the regulator will review it in spring.</p>"
                "</div></div></div></div></div>";
  }
  html += "</div><div class=\"footer\">Contact us</div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("Heating with gas will change"));
  EXPECT_THAT(a.text, HasSubstr("publish the results for the regulator."));
  EXPECT_THAT(a.text, HasSubstr("which would take a decade."));
  EXPECT_THAT(a.text, HasSubstr("before the first hydrogen arrives."));
  EXPECT_THAT(a.text, Not(HasSubstr("Contact us")));
}

TEST(MainText, GalleryCaptionsThatAreParagraphsStayShortCaptionsGo) {
  std::string text = Text(
      "<figure><img src=\"a.jpg\"><figcaption>Photo: Port of Aktau</figcaption></figure>"
      "<figure><img src=\"b.jpg\"><figcaption><p>The new ferry terminal in Kuryk handles rail wagons and "
      "trucks side by side; its second berth opened in June and doubled the number of ferries that can load "
      "at once, which cut waiting times for freight from China to a day or two in the summer months.</p>"
      "</figcaption></figure>");
  EXPECT_THAT(text, Not(HasSubstr("Port of Aktau")));
  EXPECT_THAT(text, HasSubstr("The new ferry terminal in Kuryk"));
}

TEST(MainText, LeadBeforeTheBodyOfANewsItemTitledWithH3) {
  std::string html =
      "<html><body><div class=\"menu\"><a href=\"/\">Home</a></div><div class=\"news news-single\">"
      "<div class=\"article\"><h3>Dry port statistics for the third quarter</h3>"
      "<div class=\"teaser-text\"><p>Khorgos handled more containers in the third quarter than in the whole "
      "of 2019.</p></div><div class=\"news-text-wrap\">" +
      std::string(kFirst) + kLast + "</div></div></div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.standfirst, HasSubstr("Khorgos handled more containers"));
  EXPECT_THAT(a.text, Not(HasSubstr("Khorgos handled more containers")));
  EXPECT_THAT(a.text, HasSubstr("finish their expansion."));
}

// A theme that prints the headline and standfirst in a hero band above the
// page, apart from the article body; `between` goes after the standfirst.
Article HeroPage(const std::string& between) {
  std::string html =
      "<html><body><div class=\"hero-wrapper\"><div class=\"hero-text\"><h1>Ferries across the Caspian</h1>"
      "<p>Kazakhstan and Azerbaijan want to double the ferry fleet by 2030; the shipyards say they can build "
      "half of it.</p>" +
      between + "</div></div><div id=\"page\"><main><article><div class=\"entry-content\">" + kFirst + kLast +
      "</div></article></main></div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("finish their expansion.")) << a.text;
  return a;
}

TEST(MainText, LeadCalledTeaserStaysWhenMarkedAsThePagesDescription) {
  std::string html =
      "<html><body><div class=\"news news-single\"><div class=\"article\"><h3>Dry port statistics</h3>"
      "<div class=\"teaser-text\" itemprop=\"description\"><p>Khorgos handled more containers in the third "
      "quarter than in the whole of 2019, the <a href=\"https://khorgos.example/\">dry port's operator</a> "
      "said.</p></div><div class=\"news-text-wrap\">" +
      std::string(kFirst) + kLast + "</div></div></div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.standfirst, HasSubstr("Khorgos handled more containers"));
  EXPECT_THAT(a.text, Not(HasSubstr("Khorgos handled more containers")));
  EXPECT_THAT(a.text, HasSubstr("finish their expansion."));
}

TEST(MainText, StandfirstBetweenHeadlineAndBodyInAHeroBand) {
  Article a = HeroPage("<div class=\"hero-date\">12 March 2024</div>");
  EXPECT_THAT(a.standfirst, HasSubstr("double the ferry fleet"));
  EXPECT_THAT(a.text, Not(HasSubstr("double the ferry fleet")));
}

TEST(MainText, DeckSetAsASubheadingRightAfterTheHeadline) {
  std::string html =
      "<html><body><div class=\"article-head\"><h1>Ferries across the Caspian</h1><h2 class=\"subtitle\">"
      "Kazakhstan and Azerbaijan want to double the ferry fleet by 2030, and the shipyards say they can "
      "build half of it</h2></div><div class=\"article-body\">" +
      std::string(kFirst) + kLast + "</div></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.standfirst, HasSubstr("double the ferry fleet"));
  EXPECT_THAT(a.text, Not(HasSubstr("double the ferry fleet")));
  EXPECT_THAT(a.text, HasSubstr("finish their expansion."));
}

TEST(MainText, NoStandfirstWhenAHeadingStartsAnotherBoxBeforeTheBody) {
  Article a = HeroPage(
      "<h2>Most read</h2><p>Why the port of Kuryk waits for rail wagons from China and what the operators "
      "plan to do about it this winter.</p>");
  EXPECT_THAT(a.text + a.standfirst, Not(HasSubstr("double the ferry fleet")));
  EXPECT_THAT(a.text + a.standfirst, Not(HasSubstr("waits for rail wagons")));
}

// A post whose entry-content ends with `tail` after both paragraphs.
std::string TextEndingWith(const std::string& tail) {
  std::string html =
      "<html><body><article><h1>Freight on the Middle Corridor</h1><div class=\"entry-content\">" +
      std::string(kFirst) + kLast + tail + "</div></article></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("finish their expansion.")) << a.text;
  return a.text;
}

TEST(MainText, TitleOfATrailingLinkBoxGoesWithItsLinks) {
  std::string text = TextEndingWith(
      "<div class=\"box\"><div class=\"box-title\">More on the Caspian</div><ul>"
      "<li><a href=\"/a\">Aktau port doubles its ferry berths</a></li>"
      "<li><a href=\"/b\">Baku and Tashkent sign a transit deal</a></li></ul></div>");
  EXPECT_THAT(text, Not(HasSubstr("More on the Caspian")));
}

TEST(MainText, ShortLastLinesStayWhenNoLinksFollowOrTheyIntroduceThem) {
  EXPECT_THAT(TextEndingWith("<p>Aigerim Bekova, Almaty</p>"), HasSubstr("Aigerim Bekova, Almaty"));
  EXPECT_THAT(TextEndingWith("<p>The ministry's concept paper:</p><p><a href=\"/paper.pdf\">Concept paper on "
                             "the Trans-Caspian route (PDF)</a></p>"),
              HasSubstr("concept paper:"));
}

TEST(MainText, DatelinesThatOpenOrCloseTheArticleGo) {
  std::string html =
      "<html><body><article><h1>Freight on the Middle Corridor</h1><div class=\"entry-content\">"
      "<p>Опубликовано: 12 марта 2024 | Логистика</p><p>12.03.2024 14:35</p>" +
      std::string(kFirst) + kLast + "<p>12 Mart 2024</p></div></article></body></html>";
  Article a = testing::ExtractHtmlPage(html);
  EXPECT_THAT(a.text, HasSubstr("carried more containers"));
  EXPECT_THAT(a.text, HasSubstr("finish their expansion."));
  EXPECT_THAT(a.text, Not(HasSubstr("2024")));
}

TEST(MainText, DatesInsideTheArticleAndNumbersLikeDatesStay) {
  std::string text = TextEndingWith("<p>Hotline: +7 727 258-23-2012</p>");
  EXPECT_THAT(text, HasSubstr("+7 727 258-23-2012"));
  text = Text("<p>Deadline: 29.02.2024, 18:00</p>");
  EXPECT_THAT(text, HasSubstr("Deadline: 29.02.2024"));
}

TEST(MainText, AuthorBoxTitleNearTheEndCutsALongBiography) {
  std::string body;
  for (int i = 0; i < 12; ++i) {
    body += "<p>Section " + std::to_string(i + 1) +
            " of the report weighs the ferry schedules, the rail tariffs and the border procedures that "
            "decide how long a container from Xi'an takes to reach the Black Sea ports.</p>";
  }
  std::string text = TextEndingWith(
      body +
      "<h3>About the author</h3><p>Aigerim Bekova is a senior fellow at the institute, where she leads the "
      "programme on Eurasian transport corridors. Before joining, she worked for ten years at the ministry "
      "of transport in Astana on rail tariffs and border crossings, and she has advised the Asian "
      "Development Bank on the Trans-Caspian route.</p>");
  EXPECT_THAT(text, Not(HasSubstr("senior fellow")));
}

TEST(MainText, AuthorLabelEarlyInTheTextStays) {
  std::string text = Text("<h3>Author</h3><p>Aigerim Bekova</p>");
  EXPECT_THAT(text, HasSubstr("Aigerim Bekova"));
}

}  // namespace
}  // namespace caravan::extract
