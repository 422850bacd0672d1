// ParseHtml builds the tree a browser builds (HTML5 tree construction);
// these tests pin down the parts extraction depends on.
#include "extract/html_dom.h"

#include <gtest/gtest.h>

#include <string>

namespace caravan::extract {
namespace {

// The first element named `name` in document order, or null.
Node* Find(const HtmlDocument& doc, std::string_view name) {
  Node* found = nullptr;
  Walk(
      doc.root(),
      [&](Node* n) {
        if (found == nullptr && IsElement(n) && NameOf(n) == name) found = n;
        return found == nullptr;
      },
      [](Node*) {});
  return found;
}

TEST(ParseHtml, ScriptAndStyleAreNotTextButJsonLdIsReadable) {
  DocPtr doc = ParseHtml(
      "<html><head><style>p { color: red }</style>"
      "<script type=\"application/ld+json\">{\"headline\": \"Dry ports\"}</script>"
      "</head><body><script>var html = '<div>not text</div>';</script><p>Khorgos grew.</p></body></html>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(InnerText(doc->body()), "Khorgos grew.");
  Node* script = Find(*doc, "script");
  ASSERT_NE(script, nullptr);
  ASSERT_NE(script->child, nullptr);
  EXPECT_EQ(TextOf(script->child), "{\"headline\": \"Dry ports\"}");
}

TEST(ParseHtml, SelfClosedScriptStillHidesItsBody) {
  // Browsers ignore the slash: what follows up to </script> is script.
  DocPtr doc = ParseHtml("<body><script src=\"a.js\"/>document.write('x');</script><p>Text</p></body>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(InnerText(doc->body()), "Text");
}

TEST(ParseHtml, NoscriptFallbacksAndSvgAreNotText) {
  DocPtr doc = ParseHtml(
      "<body><noscript><div>Enable JavaScript</noscript><p>A<!-- tracking <div> -->B</p>"
      "<svg viewBox=\"0 0 1 1\"><title>icon</title></svg><p>D</p></body>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(InnerText(doc->body()), "AB D");
}

TEST(ParseHtml, EndOfSectioningElementClosesDivsLeftOpenInside) {
  // One unclosed <div> in the menu must not pull the article into the nav.
  DocPtr doc = ParseHtml("<body><nav><div><a href=/>Home</a></nav><article><p>Body</p></article></body>");
  ASSERT_TRUE(doc);
  Node* article = Find(*doc, "article");
  ASSERT_NE(article, nullptr);
  EXPECT_EQ(TagOf(article), Tag::kArticle);
  EXPECT_EQ(TagOf(article->parent), Tag::kBody);
}

TEST(ParseHtml, AnyHeadingEndTagClosesTheOpenHeading) {
  DocPtr doc = ParseHtml("<body><h2 class=\"excerpt\">Lead</h3><div><p>Body</p></div></body>");
  ASSERT_TRUE(doc);
  Node* div = Find(*doc, "div");
  ASSERT_NE(div, nullptr);
  EXPECT_EQ(TagOf(div->parent), Tag::kBody);
}

TEST(ParseHtml, AttributeNamesAreLowercaseAndValuesDecoded) {
  DocPtr doc = ParseHtml("<body><div CLASS=\"news&amp;views\" id=main data-x hidden><p>x</p></div></body>");
  ASSERT_TRUE(doc);
  Node* div = Find(*doc, "div");
  ASSERT_NE(div, nullptr);
  EXPECT_EQ(Attr(div, "class"), "news&views");
  EXPECT_EQ(Attr(div, "id"), "main");
  EXPECT_TRUE(HasAttr(div, "hidden"));
  EXPECT_EQ(Attr(div, "hidden"), "");
  EXPECT_FALSE(HasAttr(div, "title"));
  EXPECT_TRUE(HasAttributes(div));
  EXPECT_FALSE(HasAttributes(Find(*doc, "p")));
}

TEST(ParseHtml, CharacterReferencesAreDecodedInText) {
  DocPtr doc = ParseHtml("<p>Almaty&nbsp;&amp; Astana &#8212; &#x4E2D;&#22269;</p>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(InnerText(doc->body()), "Almaty & Astana \u2014 \u4e2d\u56fd");
}

TEST(ParseHtml, CustomElementsAreOtherAndKeepTheirName) {
  DocPtr doc = ParseHtml("<body><story-card><p>Text</p></story-card></body>");
  ASSERT_TRUE(doc);
  Node* card = Find(*doc, "story-card");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(TagOf(card), Tag::kOther);
  EXPECT_EQ(InnerText(card), "Text");
}

TEST(ParseHtml, BlocksSeparateWordsInInnerText) {
  DocPtr doc = ParseHtml("<div><p>One</p><p>two<br>three</p><span>four</span><span>five</span></div>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(InnerText(doc->body()), "One two three fourfive");
}

TEST(ParseHtml, StopsAtTheTimeBudgetKeepingWhatWasBuilt) {
  std::string page = "<body><p>First paragraph.</p>";
  while (page.size() < 2 * 1024 * 1024) page += "<div><p>More text for the reader.</p></div>";
  DocPtr doc = ParseHtml(page, std::chrono::milliseconds(0));
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->truncated());
  EXPECT_EQ(TextOf(Find(*doc, "p")->child), "First paragraph.");

  DocPtr whole = ParseHtml(page);
  ASSERT_TRUE(whole);
  EXPECT_FALSE(whole->truncated());
}

TEST(ParseHtml, EmptyInputGivesAnEmptyDocument) {
  // Found by the metadata fuzzer: ending a parse that had no input crashed.
  DocPtr doc = ParseHtml("");
  ASSERT_TRUE(doc);
  ASSERT_NE(doc->body(), nullptr);
  EXPECT_EQ(InnerText(doc->body()), "");
}

TEST(ParseHtml, BinaryGarbageStillGivesADocument) {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  DocPtr doc = ParseHtml(garbage);
  ASSERT_TRUE(doc);
  EXPECT_NE(doc->body(), nullptr);
}

}  // namespace
}  // namespace caravan::extract
