// ParseHtml hands libxml2 only what extraction reads; these tests pin down
// that what it leaves out is invisible to readers and to the metadata.
#include "extract/html_dom.h"

#include <gtest/gtest.h>
#include <libxml/HTMLtree.h>

#include <string>

namespace caravan::extract {
namespace {

// Serialises the parsed <body> (or root) back to HTML.
std::string BodyHtml(const std::string& html) {
  DocPtr doc = ParseHtml(html);
  if (!doc) return "<null>";
  xmlBufferPtr buf = xmlBufferCreate();
  htmlNodeDump(buf, doc.get(), BodyOf(doc.get()));
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buf)), xmlBufferLength(buf));
  xmlBufferFree(buf);
  return out;
}

std::string HtmlOf(const xmlDoc* doc) {
  xmlChar* mem = nullptr;
  int size = 0;
  htmlDocDumpMemory(const_cast<xmlDoc*>(doc), &mem, &size);
  std::string out(reinterpret_cast<const char*>(mem), static_cast<size_t>(size));
  xmlFree(mem);
  return out;
}

TEST(ParseHtml, ScriptAndStyleBodiesAreLeftOutButJsonLdStays) {
  DocPtr doc = ParseHtml(
      "<html><head><style>p { color: red }</style>"
      "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"Dry ports\"}</script>"
      "</head><body><script>var html = '<div>not text</div>';</script><p>Khorgos grew.</p></body></html>");
  ASSERT_TRUE(doc);
  std::string html = HtmlOf(doc.get());
  EXPECT_EQ(html.find("color: red"), std::string::npos);
  EXPECT_EQ(html.find("not text"), std::string::npos);
  EXPECT_NE(html.find("\"headline\": \"Dry ports\""), std::string::npos);
  EXPECT_NE(html.find("<p>Khorgos grew.</p>"), std::string::npos);
}

TEST(ParseHtml, SelfClosedScriptStillHidesItsBody) {
  // Browsers ignore the slash: what follows up to </script> is script.
  EXPECT_EQ(BodyHtml("<body><script src=\"a.js\"/>document.write('x');</script><p>Text</p></body>"),
            "<body>\n<script src=\"a.js\"></script><p>Text</p>\n</body>");
}

TEST(ParseHtml, CommentsAndSvgDrawingsAreLeftOut) {
  EXPECT_EQ(BodyHtml("<body><p>A<!-- tracking <div> -->B<!-->C</p>"
                     "<svg viewBox=\"0 0 1 1\"><title>icon</title><path d=\"M0 0\"/></svg><svg/><p>D</p></body>"),
            "<body>\n<p>ABC</p>\n<p>D</p>\n</body>");
}

TEST(ParseHtml, KeepsOnlyAttributesExtractionReads) {
  EXPECT_EQ(BodyHtml("<body><div class=\"post\" data-id=\"7\" onclick=\"go()\" id=main>"
                     "<a href='/x' title=\"t\" rel=author>A</a> <time datetime=\"2024-09-13\">x</time>"
                     "<img srcset=\"a.jpg 1x\" alt=\"\"/></div></body>"),
            "<body><div class=\"post\" id=\"main\">\n"
            "<a href=\"/x\" rel=\"author\">A</a> <time datetime=\"2024-09-13\">x</time><img>\n</div></body>");
}

TEST(ParseHtml, WhitespaceShrinksOutsidePreAndGoesBetweenBlocks) {
  EXPECT_EQ(BodyHtml("<body>\n  <div>\n    <p>One   two\n\n three <b>four</b> <i>five</i></p>\n  </div>\n"
                     "<pre>  a\n\n    b</pre>\n</body>"),
            "<body>\n<div><p>One two\nthree <b>four</b> <i>five</i></p></div>\n<pre>  a\n\n    b</pre>\n</body>");
}

TEST(ParseHtml, AnyHeadingEndTagClosesTheOpenHeading) {
  EXPECT_EQ(BodyHtml("<body><h2 class=\"excerpt\">Lead</h3><div><p>Body</p></div></h4></body>"),
            "<body>\n<h2 class=\"excerpt\">Lead</h2>\n<div><p>Body</p></div>\n</body>");
}

}  // namespace
}  // namespace caravan::extract
