#include "extract/url_resolve.h"

#include <gtest/gtest.h>

namespace caravan::extract {
namespace {

struct Case {
  const char* ref;
  const char* want;
};

// RFC 3986 section 5.4 (base "http://a/b/c/d;p?q"), fragments removed.
TEST(ResolveUrl, Rfc3986NormalAndAbnormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  const Case cases[] = {
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
  };
  for (const Case& c : cases) EXPECT_EQ(ResolveUrl(base, c.ref), c.want) << c.ref;
}

TEST(ResolveUrl, OnlyHttpAndHttpsWithAHost) {
  const char* base = "https://cabar.example/en/news/";
  EXPECT_EQ(ResolveUrl(base, "mailto:editor@cabar.example"), "");
  EXPECT_EQ(ResolveUrl(base, "javascript:void(0)"), "");
  EXPECT_EQ(ResolveUrl(base, "ftp://files.example/report.pdf"), "");
  EXPECT_EQ(ResolveUrl(base, "tel:+77172000000"), "");
  EXPECT_EQ(ResolveUrl("", "relative/page"), "");
  EXPECT_EQ(ResolveUrl(base, "http://"), "");
  EXPECT_EQ(ResolveUrl("", "HTTPS://Cabar.Example/Path?Q=1#top"), "https://cabar.example/Path?Q=1");
}

TEST(ResolveUrl, CleansWhatBrowsersClean) {
  const char* base = "https://ankasam.example/en/interview/";
  EXPECT_EQ(ResolveUrl(base, "  ../../tr/\n  "), "https://ankasam.example/tr/");
  EXPECT_EQ(ResolveUrl(base, "/a\tb"), "https://ankasam.example/ab");
  EXPECT_EQ(ResolveUrl(base, "\\\\cdn.example\\img.png"), "https://cdn.example/img.png");
  EXPECT_EQ(ResolveUrl(base, "report 2024.pdf"), "https://ankasam.example/en/interview/report%202024.pdf");
  EXPECT_EQ(ResolveUrl(base, "https://ankasam.example:443/x"), "https://ankasam.example/x");
  EXPECT_EQ(ResolveUrl(base, "http://ankasam.example:80/x"), "http://ankasam.example/x");
  EXPECT_EQ(ResolveUrl(base, "http://ankasam.example:8080/x"), "http://ankasam.example:8080/x");
  EXPECT_EQ(ResolveUrl(base, "//other.example"), "https://other.example/");
}

TEST(UrlHost, LowercasedWithoutPortOrUserinfo) {
  EXPECT_EQ(UrlHost("https://User@WWW.Ankasam.Example:8443/path"), "www.ankasam.example");
  EXPECT_EQ(UrlHost("https://cabar.example"), "cabar.example");
  EXPECT_EQ(UrlHost("not a url"), "");
}

TEST(DocumentBase, BaseHrefResolvesAgainstThePageAndFallsBackToIt) {
  EXPECT_EQ(DocumentBase("https://a.example/x/y.html", "https://cdn.example/news/"), "https://cdn.example/news/");
  EXPECT_EQ(DocumentBase("https://a.example/x/y.html", "/en/"), "https://a.example/en/");
  EXPECT_EQ(DocumentBase("https://a.example/x/y.html", ""), "https://a.example/x/y.html");
  EXPECT_EQ(DocumentBase("https://a.example/x/y.html", "javascript:void(0)"), "https://a.example/x/y.html");
  EXPECT_EQ(DocumentBase("", "relative/"), "");
}

}  // namespace
}  // namespace caravan::extract
