// RFC 3986 reference resolution: strict for feeds and sitemaps
// (ResolveReference), as browsers follow links for pages (ResolveLink).
#include "crawler/url/reference.h"

#include <gtest/gtest.h>

#include "crawler/url/url.h"

namespace caravan::url {
namespace {

std::string Resolve(std::string_view base, std::string_view ref) { return ResolveReference(base, ref).value_or("<none>"); }

TEST(ResolveReference, Rfc3986NormalExamples) {
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

TEST(ResolveReference, Rfc3986AbnormalExamples) {
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

TEST(ResolveReference, RelativeReferenceWithoutAbsoluteBaseHasNoResult) {
  EXPECT_FALSE(ResolveReference("", "/path"));
  EXPECT_FALSE(ResolveReference("/feed/", "post"));
  EXPECT_EQ(Resolve("", "https://example.org/a"), "https://example.org/a");
}

TEST(ResolveReference, AsciiWhiteSpaceAroundAndLineBreaksInsideAreDropped) {
  EXPECT_EQ(Resolve("https://example.org/", "\n\t https://example.org/a\n/b "), "https://example.org/a/b");
  EXPECT_EQ(Resolve("https://example.org/x/", " post\r\n"), "https://example.org/x/post");
}

TEST(ResolveReference, SchemeIsLowerCasedAndBaseWithoutPathGetsARoot) {
  EXPECT_EQ(Resolve("https://example.org", "post"), "https://example.org/post");
  EXPECT_EQ(Resolve("https://example.org/", "HTTPS://Example.org/A"), "https://Example.org/A");
}

struct Case {
  const char* ref;
  const char* want;
};

// RFC 3986 section 5.4 (base "http://a/b/c/d;p?q"), fragments removed.
TEST(ResolveLink, Rfc3986NormalAndAbnormalExamples) {
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
  for (const Case& c : cases) EXPECT_EQ(ResolveLink(base, c.ref), c.want) << c.ref;
}

TEST(ResolveLink, OnlyHttpAndHttpsWithAHost) {
  const char* base = "https://cabar.example/en/news/";
  EXPECT_EQ(ResolveLink(base, "mailto:editor@cabar.example"), "");
  EXPECT_EQ(ResolveLink(base, "javascript:void(0)"), "");
  EXPECT_EQ(ResolveLink(base, "ftp://files.example/report.pdf"), "");
  EXPECT_EQ(ResolveLink(base, "tel:+77172000000"), "");
  EXPECT_EQ(ResolveLink("", "relative/page"), "");
  EXPECT_EQ(ResolveLink(base, "http://"), "");
  EXPECT_EQ(ResolveLink("", "HTTPS://Cabar.Example/Path?Q=1#top"), "https://cabar.example/Path?Q=1");
}

TEST(ResolveLink, CleansWhatBrowsersClean) {
  const char* base = "https://ankasam.example/en/interview/";
  EXPECT_EQ(ResolveLink(base, "  ../../tr/\n  "), "https://ankasam.example/tr/");
  EXPECT_EQ(ResolveLink(base, "/a\tb"), "https://ankasam.example/ab");
  EXPECT_EQ(ResolveLink(base, "\\\\cdn.example\\img.png"), "https://cdn.example/img.png");
  EXPECT_EQ(ResolveLink(base, "report 2024.pdf"), "https://ankasam.example/en/interview/report%202024.pdf");
  EXPECT_EQ(ResolveLink(base, "https://ankasam.example:443/x"), "https://ankasam.example/x");
  EXPECT_EQ(ResolveLink(base, "http://ankasam.example:80/x"), "http://ankasam.example/x");
  EXPECT_EQ(ResolveLink(base, "http://ankasam.example:8080/x"), "http://ankasam.example:8080/x");
  EXPECT_EQ(ResolveLink(base, "//other.example"), "https://other.example/");
}

TEST(HostOf, LowercasedWithoutPortOrUserinfo) {
  EXPECT_EQ(HostOf("https://User@WWW.Ankasam.Example:8443/path"), "www.ankasam.example");
  EXPECT_EQ(HostOf("https://cabar.example"), "cabar.example");
  EXPECT_EQ(HostOf("not a url"), "");
}

TEST(LinkBase, BaseHrefResolvesAgainstThePageAndFallsBackToIt) {
  EXPECT_EQ(LinkBase("https://a.example/x/y.html", "https://cdn.example/news/"), "https://cdn.example/news/");
  EXPECT_EQ(LinkBase("https://a.example/x/y.html", "/en/"), "https://a.example/en/");
  EXPECT_EQ(LinkBase("https://a.example/x/y.html", ""), "https://a.example/x/y.html");
  EXPECT_EQ(LinkBase("https://a.example/x/y.html", "javascript:void(0)"), "https://a.example/x/y.html");
  EXPECT_EQ(LinkBase("", "relative/"), "");
}

}  // namespace
}  // namespace caravan::url
