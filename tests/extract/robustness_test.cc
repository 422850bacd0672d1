// Garbage in, no crash or hang out.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "extract/article.h"
#include "extract/charset.h"

namespace caravan::extract {
namespace {

Article ExtractChecked(const std::string& body, const std::string& content_type = "") {
  Input in;
  in.body = body;
  in.content_type = content_type;
  in.url = "https://x.example/";
  Article a = Extract(in);
  EXPECT_TRUE(IsValidUtf8(a.text));
  EXPECT_TRUE(IsValidUtf8(a.title));
  return a;
}

TEST(Robustness, EmptyAndBinaryBodies) {
  EXPECT_EQ(ExtractChecked("").error, "empty body");
  EXPECT_NE(ExtractChecked("\x89PNG\r\n", "image/png").error.find("unsupported content type image/png"),
            std::string::npos);
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::string junk(1 + rng() % 5000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    ExtractChecked(junk);
    ExtractChecked("<html><body><p>" + junk + "</p></body></html>");
  }
}

TEST(Robustness, DeepNestingNeedsNoRecursion) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div><span>";
  html += "<p>Deep text at the bottom of a very deep tree, long enough to be content.</p>";
  Article a = ExtractChecked(html);
  EXPECT_TRUE(a.error.empty() || !a.text.empty() || a.error.find("no main text") != std::string::npos);
}

TEST(Robustness, UnbalancedAndTruncatedMarkup) {
  for (const char* html :
       {"<html><body><div><p>Unclosed paragraph with enough words in it to matter for the test",
        "</div></div></nav></header><p>stray end tags first</p>", "<!-- unterminated comment <p>x",
        "<script>never closed", "<noscript><div>never closed", "<table><tr><td>a<td>b<tr><td>c",
        "<html\x00<body>\x00<p>nul bytes</p>", "<p a=\"unterminated attribute>text</p>"}) {
    ExtractChecked(html);
  }
}

TEST(Robustness, HtmlOver8MiBIsCutKeepingItsStart) {
  std::string html = "<html><body><article><p>Opening paragraph of a very long page.</p>";
  std::string para = "<p>" + std::string(990, 'a') + ", words, and more words.</p>";
  while (html.size() < (9u << 20)) html += para;
  html += "<p>Closing paragraph past the cut.</p>";
  Article a = ExtractChecked(html);
  EXPECT_TRUE(a.error.empty()) << a.error;
  EXPECT_NE(a.text.find("Opening paragraph"), std::string::npos);
  EXPECT_EQ(a.text.find("Closing paragraph"), std::string::npos);
  EXPECT_LE(a.text.size(), 8u << 20);
}

TEST(Robustness, PlainText) {
  Article a =
      ExtractChecked("First paragraph.\n\nSecond paragraph.\r\n\r\nThird.", "text/plain; charset=utf-8");
  EXPECT_EQ(a.text, "First paragraph.\n\nSecond paragraph.\n\nThird.");
}

}  // namespace
}  // namespace caravan::extract
