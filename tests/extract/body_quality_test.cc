// What `text` holds on news and think-tank pages (issue 20): the body and
// nothing a reader does not see, every paragraph once, the title and the
// header material left to their own fields, widgets cut without the
// paragraphs after them. Each test builds a small page of one class.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/article.h"
#include "tests/extract/testing.h"

namespace caravan::extract {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kUrl = "https://caspian-review.example/en/2025/03/ferry-capacity/";

constexpr const char* kP1 =
    "<p>Ferry operators on the Caspian added four vessels this winter, and the crossing between Aktau and "
    "Baku now takes a day less than it did a year ago, according to the port authority.</p>";
constexpr const char* kP2 =
    "<p>Shippers say the shorter crossing matters less than the waiting time in port, which still runs to "
    "several days when the weather turns and the ferries stay at their berths.</p>";
constexpr const char* kP3 =
    "<p>The ministry expects another two ferries next year, built at the Baku shipyard, and plans to publish "
    "a timetable so that freight forwarders can book slots weeks ahead.</p>";

// A news page: headline in the article header, `body` inside the article's
// body container, `head` between the headline and the body, `after` after
// the body inside the article, `style` in the page's head.
std::string Page(const std::string& body, const std::string& head = "", const std::string& after = "",
                 const std::string& style = "") {
  return "<!doctype html><html lang=\"en\"><head><title>Caspian ferries cut crossing time | Caspian Review</title>"
         "<style>" +
         style +
         "</style></head><body><header class=\"site-header\"><a href=\"/\">Caspian Review</a></header>"
         "<main><article><header><h1>Caspian ferries cut crossing time</h1>" +
         head + "</header><div class=\"article-body\">" + body + "</div>" + after +
         "</article></main><footer>Caspian Review 2025</footer></body></html>";
}

Article Read(const std::string& html) { return testing::ExtractHtmlPage(html, kUrl); }

std::string AllParagraphs() { return std::string(kP1) + kP2 + kP3; }

void ExpectBody(const Article& a) {
  EXPECT_THAT(a.text, HasSubstr("added four vessels")) << a.text;
  EXPECT_THAT(a.text, HasSubstr("stay at their berths.")) << a.text;
  EXPECT_THAT(a.text, HasSubstr("weeks ahead.")) << a.text;
}

// --- Hidden content is never text.

TEST(HiddenContent, DisplayNoneInlineStyleIsNotText) {
  Article a = Read(Page(std::string(kP1) +
                        "<div style=\"display: none\"><p>Ferry tickets cheap, best ferry prices, "
                        "book ferry tickets Aktau Baku online now.</p></div>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("ferry prices")));
}

TEST(HiddenContent, VisibilityHiddenInlineStyleIsNotText) {
  Article a = Read(Page(std::string(kP1) +
                        "<p style=\"color:#333;visibility : hidden\">Hidden copy of the "
                        "dateline, 3 March 2025, for search engines.</p>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("for search engines")));
}

TEST(HiddenContent, HiddenAttributeAndAriaHiddenAreNotText) {
  Article a = Read(Page(std::string(kP1) + "<div hidden><p>Subscribe to read the rest of this analysis.</p></div>" +
                        kP2 + "<p aria-hidden=\"true\">Caspian ferries cut crossing time</p>" + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("Subscribe")));
  EXPECT_THAT(a.text, Not(HasSubstr("Caspian ferries cut crossing time")));
}

TEST(HiddenContent, PageStyleRuleForAClassOrIdHidesIt) {
  Article a = Read(Page(std::string(kP1) +
                            "<div class=\"schema-copy\"><p>Caspian ferries cut crossing time. "
                            "Ferry operators on the Caspian added four vessels.</p></div>" +
                            kP2 + "<p id=\"seo-block\">Best ferry deals on the Caspian, cheap tickets daily.</p>" + kP3,
                        "", "",
                        "/* print */ @media print { .article-body { display: none } } "
                        ".schema-copy { display:none !important } p#seo-block{visibility:hidden}"));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("ferry deals")));
  EXPECT_THAT(a.text, Not(HasSubstr("time. Ferry operators")));
}

TEST(HiddenContent, ClassShownAgainByAnotherRuleStays) {
  // Tabs: every pane hidden but the active one.
  Article a = Read(Page(std::string(kP1) + "<div class=\"pane active\">" + kP2 + "</div>" + kP3, "", "",
                        ".pane{display:none}.pane.active{display:block}.x{backface-visibility:hidden}"));
  ExpectBody(a);
}

TEST(HiddenContent, MicrodataOnlyHiddenBlockIsNotText) {
  std::string html = Page(std::string(kP1) +
                          "<div itemprop=\"publisher\" itemscope itemtype=\"https://schema.org/Organization\" "
                          "style=\"display:none\"><span itemprop=\"name\">Caspian Review Media Group</span>"
                          "<meta itemprop=\"url\" content=\"https://caspian-review.example/\"></div>" +
                          kP2 + kP3);
  Article a = Read(html);
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("Media Group")));
}

TEST(HiddenContent, APageHiddenWholeUntilAScriptShowsItStays) {
  std::string html = Page(AllParagraphs());
  html.replace(html.find("<body>"), 6, "<body><div id=\"app\" style=\"visibility:hidden\">");
  html.replace(html.find("</body>"), 7, "</div></body>");
  ExpectBody(Read(html));
}

// --- No block twice.

TEST(NoBlockTwice, ParagraphRepeatedInAWrapperOfTheSameClassIsReadOnce) {
  std::string html = Page(AllParagraphs(), "",
                          "<div class=\"article-body related\"><p>Caspian ports plan a joint booking system for "
                          "freight, with a first version promised for the autumn and a pilot in Aktau.</p>" +
                              std::string(kP2) + "</div>");
  Article a = Read(html);
  ExpectBody(a);
  size_t first = a.text.find("stay at their berths.");
  EXPECT_EQ(a.text.find("stay at their berths.", first + 1), std::string::npos) << a.text;
}

// --- `text` is the body.

TEST(BodyStart, TitleIsNotRepeatedAtTheStartOfText) {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><title>Caspian ferries cut crossing time | Caspian Review</title>"
      "</head><body><div class=\"story\"><p class=\"kicker\">Shipping</p><h2>Caspian ferries cut crossing time</h2>" +
      AllParagraphs() + "</div></body></html>";
  Article a = Read(html);
  EXPECT_EQ(a.title, "Caspian ferries cut crossing time");
  EXPECT_THAT(a.text, StartsWith("Ferry operators on the Caspian")) << a.text;
  ExpectBody(a);
}

TEST(BodyStart, BylineBeforeTheFirstParagraphIsLeftOut) {
  Article a = Read(Page("<p>By Aliya Dzhaksybekova</p>" + AllParagraphs()));
  EXPECT_THAT(a.text, StartsWith("Ferry operators on the Caspian")) << a.text;
  ExpectBody(a);
}

TEST(BodyStart, StandfirstGetsItsOwnFieldAndLeavesText) {
  Article a = Read(Page(AllParagraphs(),
                        "<p class=\"standfirst\">Four new vessels and a shorter crossing, but freight still "
                        "waits for days in port when the weather turns.</p>"
                        "<div class=\"byline\">By Aliya Dzhaksybekova</div>"));
  EXPECT_EQ(a.standfirst,
            "Four new vessels and a shorter crossing, but freight still waits for days in port when the weather "
            "turns.");
  EXPECT_THAT(a.text, Not(HasSubstr("Four new vessels")));
  EXPECT_THAT(a.text, StartsWith("Ferry operators on the Caspian")) << a.text;
  ExpectBody(a);
}

TEST(BodyStart, LeadClassInsideTheBodyIsTheStandfirst) {
  Article a =
      Read(Page("<p class=\"article-lead\">Four new vessels and a shorter crossing, but freight still "
                "waits for days in port when the weather turns.</p>" +
                AllParagraphs()));
  EXPECT_THAT(a.standfirst, StartsWith("Four new vessels"));
  EXPECT_THAT(a.text, StartsWith("Ferry operators on the Caspian")) << a.text;
}

TEST(BodyStart, SummaryBoxLaterInTheTextIsNoStandfirst) {
  Article a = Read(Page(std::string(kP1) + kP2 +
                        "<div class=\"summary\"><p>In short: more ferries, shorter crossings, the same waits in "
                        "port.</p></div>" +
                        kP3));
  EXPECT_EQ(a.standfirst, "");
  EXPECT_THAT(a.text, HasSubstr("In short"));
}

// --- Cut widgets, not the body.

TEST(Widgets, ParagraphsAfterAnInBodyRelatedBoxStay) {
  Article a = Read(Page(std::string(kP1) +
                        "<h3>Read also</h3><ul><li><a href=\"/en/2025/02/aktau-port/\">Aktau port doubles its "
                        "container yard</a></li><li><a href=\"/en/2025/01/rail/\">New rail link to the "
                        "Caspian</a></li></ul>" +
                        "<p>Operators say the crossing could be shortened again if both ports kept their "
                        "berths free for the ferries at night.</p>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, HasSubstr("berths free for the ferries at night."));
  EXPECT_THAT(a.text, Not(HasSubstr("Read also")));
  EXPECT_THAT(a.text, Not(HasSubstr("container yard")));
}

TEST(Widgets, AboutTheCompanyBlockAtTheEndIsCut) {
  Article a =
      Read(Page(AllParagraphs() + "<h3>About Caspian Shipping Company</h3><p>Caspian Shipping Company operates ferries "
                                  "and tankers between the ports of the Caspian Sea and employs 3,000 people.</p>"));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("employs 3,000 people")));
}

TEST(Widgets, CaptionStaysInImagesNotInText) {
  Article a = Read(Page(std::string(kP1) +
                        "<figure><img src=\"/img/ferry.jpg\" alt=\"\"><figcaption>The ferry Berdakh at the "
                        "port of Aktau. Photo: port authority</figcaption></figure>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, Not(HasSubstr("ferry Berdakh")));
  ASSERT_FALSE(a.images.empty());
  EXPECT_THAT(a.images[0].caption, HasSubstr("ferry Berdakh"));
}

// --- Link density with judgment.

TEST(LinkDensity, LinkedParagraphWithASentenceOfPlainTextStays) {
  // Two thirds of the paragraph is its link.
  Article a = Read(Page(std::string(kP1) +
                        "<p><a href=\"/docs/ferry-report-2025.pdf\">The port authority's annual report on ferry "
                        "traffic across the Caspian Sea and through the ports of Aktau, Kuryk and Baku, 2025 "
                        "edition</a> is out, and it makes for sobering reading for shippers.</p>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, HasSubstr("sobering reading for shippers."));
}

TEST(LinkDensity, TooltipTextIsNeitherTextNorLinks) {
  Article a = Read(Page(std::string(kP1) +
                        "<p>Freight is counted in <span class=\"has-tooltip\">TEU<span class=\"tooltip-content\">"
                        "Twenty-foot equivalent unit, a standard container</span></span> and has grown by "
                        "a fifth since the ferries were added to the route.</p>" +
                        kP2 + kP3));
  ExpectBody(a);
  EXPECT_THAT(a.text, HasSubstr("Freight is counted in TEU and has grown"));
  EXPECT_THAT(a.text, Not(HasSubstr("Twenty-foot")));
}

}  // namespace
}  // namespace caravan::extract
