// The helpers crawler/feeds shares with crawler/sitemaps: RFC 3986
// resolution, white space trimming and HTML-to-text for titles.
#include <gtest/gtest.h>

#include "crawler/feeds/html_text.h"
#include "crawler/feeds/uri.h"

namespace caravan::feeds {
namespace {

std::string Resolve(std::string_view base, std::string_view ref) { return ResolveUri(base, ref).value_or("<none>"); }

TEST(ResolveUri, Rfc3986NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},       {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},          {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"}, {"", "<none>"},              {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},   {"..", "http://a/b/"},         {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},  {"../..", "http://a/"},        {"../../", "http://a/"},
      {"../../g", "http://a/g"}};
  for (const auto& [ref, want] : cases) EXPECT_EQ(Resolve(base, ref), want) << ref;
}

TEST(ResolveUri, Rfc3986AbnormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},      {"g.", "http://a/b/c/g."},       {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},  {"..g", "http://a/b/c/..g"},     {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"},   {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},   {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"}};
  for (const auto& [ref, want] : cases) EXPECT_EQ(Resolve(base, ref), want) << ref;
}

TEST(ResolveUri, RelativeReferenceWithoutAbsoluteBaseHasNoResult) {
  EXPECT_FALSE(ResolveUri("", "/path"));
  EXPECT_FALSE(ResolveUri("/feed/", "post"));
  EXPECT_EQ(Resolve("", "https://example.org/a"), "https://example.org/a");
}

TEST(ResolveUri, WhiteSpaceAroundAndLineBreaksInsideAreDropped) {
  EXPECT_EQ(Resolve("https://example.org/", "\n\t https://example.org/a\n/b \u3000"), "https://example.org/a/b");
  EXPECT_EQ(Resolve("https://example.org/x/", "\u00A0post\u2003"), "https://example.org/x/post");
}

TEST(ResolveUri, SchemeIsLowerCasedAndBaseWithoutPathGetsARoot) {
  EXPECT_EQ(Resolve("https://example.org", "post"), "https://example.org/post");
  EXPECT_EQ(Resolve("https://example.org/", "HTTPS://Example.org/A"), "https://Example.org/A");
}

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
  EXPECT_EQ(HtmlEntity("apos"), "");  // XML's, not HTML 4's
}

}  // namespace
}  // namespace caravan::feeds
