// The helpers crawler/feeds shares with crawler/sitemaps: white space
// trimming and HTML-to-text for titles.
#include <gtest/gtest.h>

#include "crawler/feeds/html_text.h"
#include "crawler/feeds/trim.h"

namespace caravan::feeds {
namespace {

TEST(TrimSpace, DropsAsciiAndUnicodeSpaceAtBothEndsOnly) {
  EXPECT_EQ(TrimSpace(" \u00A0\u2000x y\u3000\uFEFF\n"), "x y");
  EXPECT_EQ(TrimSpace("\u00A0"), "");
  EXPECT_EQ(TrimSpace("é"), "é");  // a non-space multi-byte character is kept whole
}

TEST(HtmlToText, DropsTagsAndSpacesOnlyBlockBoundaries) {
  EXPECT_EQ(HtmlToText("Water <em>diplomacy</em>"), "Water diplomacy");
  EXPECT_EQ(HtmlToText("W<b>o</b>rd"), "Word");
  EXPECT_EQ(HtmlToText("<p>one</p><p>two</p>"), "one two");
  EXPECT_EQ(HtmlToText("a<br/>b"), "a b");
}

TEST(HtmlToText, DropsScriptStyleAndComments) {
  EXPECT_EQ(HtmlToText("safe<script>alert('x')</script> text"), "safe text");
  EXPECT_EQ(HtmlToText("a<style>p{}</style>b<!-- note -->c"), "abc");
  EXPECT_EQ(HtmlToText("sa<!-- -- broken >fe"), "safe");
}

TEST(HtmlToText, DecodesCharacterAndHtmlEntityReferences) {
  EXPECT_EQ(HtmlToText("Orta Koridor&#8217;da &amp; &laquo;Avrasya&raquo; &#x41;&apos;"),
            "Orta Koridor’da & «Avrasya» A'");
  EXPECT_EQ(HtmlToText("a < b &unknown; &#0; &"), "a < b &unknown; &#0; &");
}

TEST(HtmlEntity, KnowsHtml4NamesCaseSensitively) {
  EXPECT_EQ(HtmlEntity("nbsp"), "\u00A0");
  EXPECT_EQ(HtmlEntity("Eacute"), "É");
  EXPECT_EQ(HtmlEntity("eacute"), "é");
  EXPECT_EQ(HtmlEntity("NBSP"), "");
  EXPECT_EQ(HtmlEntity("apos"), "'");  // XML's, which feeds use in HTML too
  EXPECT_EQ(HtmlEntity("hellip"), "\u2026");
  EXPECT_EQ(HtmlEntity("nosuch"), "");
}

}  // namespace
}  // namespace caravan::feeds
