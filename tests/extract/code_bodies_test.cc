// WithoutCodeBodies empties only what the HTML tokenizer would read as
// script or style text; each test names the tokenizer rule it relies on.
#include "extract/code_bodies.h"

#include <gtest/gtest.h>

#include <string>

namespace caravan::extract {
namespace {

// The page after the call, or "(unchanged)" when nothing was dropped.
std::string Stripped(std::string_view html) {
  std::string out;
  return WithoutCodeBodies(html, &out) ? out : "(unchanged)";
}

TEST(WithoutCodeBodies, ScriptAndStyleBodiesAreEmptiedAndTheirTagsKept) {
  EXPECT_EQ(Stripped("<head><style media=all>p{color:red}</style><script src=a.js async>var a = 1 < 2;</script>"
                     "</head><body><p>Text</p><SCRIPT>x()</SCRIPT ></body>"),
            "<head><style media=all></style><script src=a.js async></script></head><body><p>Text</p>"
            "<SCRIPT></SCRIPT ></body>");
}

TEST(WithoutCodeBodies, LinkedDataKeepsItsBodyEvenWhenTheTypeIsSpelledWithReferences) {
  EXPECT_EQ(Stripped("<script type=\"application/ld+json\">{\"a\":1}</script>"), "(unchanged)");
  EXPECT_EQ(Stripped("<script type=\"application&#x2F;ld&#x2B;json\">{\"a\":1}</script>"), "(unchanged)");
}

TEST(WithoutCodeBodies, AScriptEndsOnlyAtAnAppropriateEndTag) {
  // "</scripts" is no end tag of a script; "</script/" and "</script\t" are.
  EXPECT_EQ(Stripped("<script>a = '</scripts>'; b()</script/><p>x</p>"), "<script></script/><p>x</p>");
  EXPECT_EQ(Stripped("<script>a()</script\t><p>x</p>"), "<script></script\t><p>x</p>");
}

TEST(WithoutCodeBodies, AScriptBodyWithACommentOpenerStopsTheScan) {
  // Script data escaped states: "<!-- <script>" makes the first "</script>"
  // end the inner script only, so where the body ends is left to the tokenizer.
  EXPECT_EQ(Stripped("<script><!-- <script>x</script> --></script><style>p{}</style>"), "(unchanged)");
  EXPECT_EQ(Stripped("<style>p{}</style><script><!-- a() --></script><style>q{}</style>"),
            "<style></style><script><!-- a() --></script><style>q{}</style>");
}

TEST(WithoutCodeBodies, MarkupInsideACommentIsNotAnElement) {
  EXPECT_EQ(Stripped("<!-- <script>x</script> -->"), "(unchanged)");
  EXPECT_EQ(Stripped("<!--><script>x</script>"), "<!--><script></script>");
  EXPECT_EQ(Stripped("<!--a--!><script>x</script>-->"), "<!--a--!><script></script>-->");
}

TEST(WithoutCodeBodies, MarkupInsideAQuotedAttributeValueIsNotAnElement) {
  EXPECT_EQ(Stripped("<div data-x=\"<script>x</script>\" title='<style>'>t</div>"), "(unchanged)");
  EXPECT_EQ(Stripped("<a href = \"x>y\"><script>z</script>"), "<a href = \"x>y\"><script></script>");
}

TEST(WithoutCodeBodies, ABogusCommentHidesTheStartTagsInIt) {
  // "</ ..." and "<? ..." are bogus comments up to the first '>'.
  EXPECT_EQ(Stripped("</ <script>x</script>"), "(unchanged)");
  EXPECT_EQ(Stripped("<?xml <script>x</script>"), "(unchanged)");
}

TEST(WithoutCodeBodies, OtherRawTextElementsAreSkippedWhole) {
  EXPECT_EQ(Stripped("<textarea><script>x</script></textarea>"), "(unchanged)");
  EXPECT_EQ(Stripped("<title>a <style>b</style></title><noscript><script>c</script></noscript>"), "(unchanged)");
  EXPECT_EQ(Stripped("<title>t</title><script>c</script>"), "<title>t</title><script></script>");
}

TEST(WithoutCodeBodies, ForeignContentIsLeftAlone) {
  // An SVG <script> or <style> is markup, not raw text.
  EXPECT_EQ(Stripped("<svg><style>.a{}</style><script>f()</script></svg>"), "(unchanged)");
  EXPECT_EQ(Stripped("<svg/><script>f()</script>"), "<svg/><script></script>");
  EXPECT_EQ(Stripped("<math><mi>x</mi></math><script>f()</script>"), "<math><mi>x</mi></math><script></script>");
}

TEST(WithoutCodeBodies, PlaintextAndUnterminatedElementsStopTheScan) {
  EXPECT_EQ(Stripped("<plaintext><script>x</script>"), "(unchanged)");
  EXPECT_EQ(Stripped("<script>never closed"), "(unchanged)");
  EXPECT_EQ(Stripped("<style>p{}</style><div class=\"unclosed"), "<style></style><div class=\"unclosed");
}

TEST(WithoutCodeBodies, APageWithoutCodeIsUnchanged) {
  EXPECT_EQ(Stripped(""), "(unchanged)");
  EXPECT_EQ(Stripped("<p>1 < 2 and a<b</p>"), "(unchanged)");
  EXPECT_EQ(Stripped("<script></script><style></style>"), "(unchanged)");
}

}  // namespace
}  // namespace caravan::extract
