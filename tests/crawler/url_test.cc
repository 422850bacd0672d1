#include "crawler/url/url.h"

#include <gtest/gtest.h>

namespace caravan::url {
namespace {

// Serialized form of `input` parsed against `base`, or "<failure>".
std::string Href(std::string_view input, std::string_view base = {}) {
  std::optional<Url> b;
  if (!base.empty()) {
    b = Parse(base);
    if (!b) return "<bad base>";
  }
  std::optional<Url> u = Parse(input, b ? &*b : nullptr);
  return u ? u->Serialize() : "<failure>";
}

std::string Norm(std::string_view input, const NormalizeOptions& options = {}) {
  return Normalize(input, options).value_or("<rejected>");
}

TEST(Url, ParseSplitsComponents) {
  std::optional<Url> u = Parse("https://user:pw@Example.COM:8443/a/b?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->username, "user");
  EXPECT_EQ(u->password, "pw");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/a/b");
  EXPECT_EQ(u->query, "x=1");
  EXPECT_EQ(u->fragment, "frag");
  EXPECT_EQ(u->Serialize(), "https://user:pw@example.com:8443/a/b?x=1#frag");
}

TEST(Url, AccessorsGiveAuthorityOriginAndPathAndQuery) {
  std::optional<Url> u = Parse("http://h.example:81/p?q#f");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->Authority(), "h.example:81");
  EXPECT_EQ(u->Origin(), "http://h.example:81");
  EXPECT_EQ(u->PathAndQuery(), "/p?q");
  std::optional<Url> v = Parse("http://h.example");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->Authority(), "h.example");
  EXPECT_EQ(v->PathAndQuery(), "/");
}

TEST(Url, SchemeAndHostAreLowercased) {
  EXPECT_EQ(Href("HTTP://WWW.Example.ORG/Path"), "http://www.example.org/Path");
}

TEST(Url, DefaultPortIsDropped) {
  EXPECT_EQ(Href("http://a.example:80/"), "http://a.example/");
  EXPECT_EQ(Href("https://a.example:443/"), "https://a.example/");
  EXPECT_EQ(Href("https://a.example:80/"), "https://a.example:80/");
  EXPECT_EQ(Href("http://a.example:/"), "http://a.example/");
  EXPECT_EQ(Href("http://a.example:0080/"), "http://a.example/");
}

TEST(Url, PortAbove65535OrNonNumericFails) {
  EXPECT_EQ(Href("http://a.example:65536/"), "<failure>");
  EXPECT_EQ(Href("http://a.example:99999999999999999999/"), "<failure>");
  EXPECT_EQ(Href("http://a.example:8a/"), "<failure>");
  EXPECT_EQ(Href("http://a.example:65535/"), "http://a.example:65535/");
}

TEST(Url, SpecialSchemesNeedAHost) {
  EXPECT_EQ(Href("http://"), "<failure>");
  EXPECT_EQ(Href("http://:80/x"), "<failure>");
  EXPECT_EQ(Href("https:///x"), "https://x/");  // extra slashes are skipped, "x" is the host
  EXPECT_EQ(Href("http://user@/x"), "<failure>");
}

TEST(Url, BackslashIsASlashInSpecialSchemesOnly) {
  EXPECT_EQ(Href("http:\\\\a.example\\b\\c"), "http://a.example/b/c");
  EXPECT_EQ(Href("sc://a/b\\c"), "sc://a/b\\c");
}

TEST(Url, MissingOrExtraSlashesAfterSpecialSchemeAreTolerated) {
  EXPECT_EQ(Href("http:a.example/x"), "http://a.example/x");
  EXPECT_EQ(Href("http:////a.example/x"), "http://a.example/x");
}

TEST(Url, DotSegmentsAreRemoved) {
  EXPECT_EQ(Href("http://a/b/c/./../d"), "http://a/b/d");
  EXPECT_EQ(Href("http://a/../../x"), "http://a/x");
  EXPECT_EQ(Href("http://a/b/%2e/%2E%2e/c"), "http://a/c");
  EXPECT_EQ(Href("http://a/b/.."), "http://a/");
  EXPECT_EQ(Href("http://a/b/."), "http://a/b/");
  EXPECT_EQ(Href("http://a/b..c/.d"), "http://a/b..c/.d");
}

TEST(Url, LeadingAndTrailingControlsAreTrimmedAndTabsNewlinesRemoved) {
  EXPECT_EQ(Href("  \x01http://a.example/x \n"), "http://a.example/x");
  EXPECT_EQ(Href("ht\ttp://a.exa\nmple/p\ra"), "http://a.example/pa");
}

TEST(Url, PathQueryAndFragmentUseTheirEncodeSets) {
  EXPECT_EQ(Href("http://a/ \"<>`{}^?|#x"), "http://a/%20%22%3C%3E%60%7B%7D%5E?|#x");
  EXPECT_EQ(Href("http://a/p?q= \"'<>`"), "http://a/p?q=%20%22%27%3C%3E`");
  EXPECT_EQ(Href("sc://a/p?q='"), "sc://a/p?q='");  // ' is encoded in special queries only
  EXPECT_EQ(Href("http://a/p#f \"<>`'"), "http://a/p#f%20%22%3C%3E%60'");
  EXPECT_EQ(Href("http://a/é?é#é"), "http://a/%C3%A9?%C3%A9#%C3%A9");
}

TEST(Url, ExistingEscapesAreKeptAsWritten) {
  EXPECT_EQ(Href("http://a/%7e%2F?%zz"), "http://a/%7e%2F?%zz");
}

TEST(Url, UserinfoIsPercentEncodedAndSplitAtFirstColon) {
  std::optional<Url> u = Parse("http://us er:p:w@a/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->username, "us%20er");
  EXPECT_EQ(u->password, "p%3Aw");
  EXPECT_EQ(Href("http://a@b@c/"), "http://a%40b@c/");
}

TEST(Url, IPv4NumberFormsAreCanonicalized) {
  EXPECT_EQ(HostOf("http://0x7f.1/"), "127.0.0.1");
  EXPECT_EQ(HostOf("http://2130706433/"), "127.0.0.1");
  EXPECT_EQ(HostOf("http://0177.0.0.1/"), "127.0.0.1");
  EXPECT_EQ(HostOf("http://127.0.1/"), "127.0.0.1");
  EXPECT_EQ(HostOf("http://1.2.3.4./"), "1.2.3.4");
}

TEST(Url, InvalidIPv4EndingInANumberFails) {
  EXPECT_EQ(Href("http://1.2.3.256/"), "<failure>");
  EXPECT_EQ(Href("http://1.2.3.4.5/"), "<failure>");
  EXPECT_EQ(Href("http://256.0.0.1/"), "<failure>");
  EXPECT_EQ(Href("http://09.1/"), "<failure>");
  // Not ending in a number: a domain.
  EXPECT_EQ(HostOf("http://1.2.3.a/"), "1.2.3.a");
}

TEST(Url, IPv6IsCompressedAndLowercased) {
  EXPECT_EQ(HostOf("http://[2001:DB8:0:0:0:0:0:1]/"), "[2001:db8::1]");
  EXPECT_EQ(HostOf("http://[0:0:0:0:0:0:0:0]/"), "[::]");
  EXPECT_EQ(HostOf("http://[1:0:0:2:0:0:0:3]/"), "[1:0:0:2::3]");
  EXPECT_EQ(HostOf("http://[1:0:2:3:4:5:6:7]/"), "[1:0:2:3:4:5:6:7]");
  EXPECT_EQ(HostOf("http://[::ffff:192.168.0.1]/"), "[::ffff:c0a8:1]");
  EXPECT_EQ(Href("http://[::1]:8080/x"), "http://[::1]:8080/x");
}

TEST(Url, InvalidIPv6Fails) {
  EXPECT_EQ(Href("http://[::1/"), "<failure>");
  EXPECT_EQ(Href("http://[]/"), "<failure>");
  EXPECT_EQ(Href("http://[1:2:3:4:5:6:7:8:9]/"), "<failure>");
  EXPECT_EQ(Href("http://[1::2::3]/"), "<failure>");
  EXPECT_EQ(Href("http://[::1.2.3.256]/"), "<failure>");
  EXPECT_EQ(Href("http://[::%31]/"), "<failure>");
}

TEST(Url, InternationalHostsBecomePunycode) {
  EXPECT_EQ(HostOf("http://bücher.de/"), "xn--bcher-kva.de");
  EXPECT_EQ(HostOf("http://B%C3%BCcher.de/"), "xn--bcher-kva.de");
  EXPECT_EQ(HostOf("https://нэб.рф/"), "xn--90ax2c.xn--p1ai");
  EXPECT_EQ(HostOf("http://Ｇｏ.com/"), "go.com");  // fullwidth maps to ASCII
  EXPECT_EQ(HostOf("http://faß.de/"), "xn--fa-hia.de");  // non-transitional
}

TEST(Url, InvalidDomainsFail) {
  EXPECT_EQ(Href("http://a b/"), "<failure>");
  EXPECT_EQ(Href("http://a%20b/"), "<failure>");
  EXPECT_EQ(Href("http://a<b/"), "<failure>");
  EXPECT_EQ(Href("http://a^b/"), "<failure>");
  EXPECT_EQ(Href("http://%zz/"), "<failure>");
  EXPECT_EQ(Href("http://\xEF\xBF\xBD/"), "<failure>");  // U+FFFD is disallowed by IDNA
  EXPECT_EQ(Href("http://xn--tešla/"), "<failure>");
}

TEST(Url, InvalidUtf8IsReplacedNotRejected) {
  EXPECT_EQ(Href("http://a/\xFF" "b"), "http://a/%EF%BF%BDb");
}

TEST(Url, NonSpecialSchemesKeepOpaqueOrOptionalHosts) {
  std::optional<Url> mail = Parse("mailto:Someone@Example.com");
  ASSERT_TRUE(mail);
  EXPECT_FALSE(mail->has_authority);
  EXPECT_EQ(mail->path, "Someone@Example.com");
  EXPECT_EQ(mail->Serialize(), "mailto:Someone@Example.com");
  EXPECT_EQ(Href("sc://"), "sc://");
  EXPECT_EQ(Href("sc:"), "sc:");
  EXPECT_EQ(Href("sc://H/x"), "sc://H/x");  // opaque hosts keep their case
  EXPECT_EQ(Href("web+demo:/.//not-a-host/"), "web+demo:/.//not-a-host/");
}

TEST(Url, RelativeReferencesResolveAsRfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  EXPECT_EQ(Href("g", base), "http://a/b/c/g");
  EXPECT_EQ(Href("./g", base), "http://a/b/c/g");
  EXPECT_EQ(Href("g/", base), "http://a/b/c/g/");
  EXPECT_EQ(Href("/g", base), "http://a/g");
  EXPECT_EQ(Href("//g", base), "http://g/");
  EXPECT_EQ(Href("?y", base), "http://a/b/c/d;p?y");
  EXPECT_EQ(Href("g?y", base), "http://a/b/c/g?y");
  EXPECT_EQ(Href("#s", base), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(Href("", base), "http://a/b/c/d;p?q");
  EXPECT_EQ(Href(".", base), "http://a/b/c/");
  EXPECT_EQ(Href("..", base), "http://a/b/");
  EXPECT_EQ(Href("../g", base), "http://a/b/g");
  EXPECT_EQ(Href("../../../g", base), "http://a/g");
  EXPECT_EQ(Href("http:g", base), "http://a/b/c/g");  // same special scheme: relative
  EXPECT_EQ(Href("https:g", base), "https://g/");
}

TEST(Url, RelativeReferenceWithoutBaseFails) {
  EXPECT_EQ(Href("/just/a/path"), "<failure>");
  EXPECT_EQ(Href(""), "<failure>");
}

TEST(Url, OpaqueBaseOnlyTakesFragments) {
  EXPECT_EQ(Href("#x", "mailto:a@b"), "mailto:a@b#x");
  EXPECT_EQ(Href("y", "mailto:a@b"), "<failure>");
}

TEST(Url, ResolveSerializesOrFails) {
  EXPECT_EQ(Resolve("https://example.org/product/red", "./list.php"),
            "https://example.org/product/list.php");
  EXPECT_EQ(Resolve("https://example.org/a", "//cdn.example.org/x"), "https://cdn.example.org/x");
  EXPECT_EQ(Resolve("not a url", "/x"), std::nullopt);
  EXPECT_EQ(Resolve("http://a/", "http://[::1/"), std::nullopt);
}

TEST(Url, FileUrlsHandleDriveLettersAndLocalhost) {
  EXPECT_EQ(Href("file:///C:/a/../../x"), "file:///C:/x");
  EXPECT_EQ(Href("file:c|/a"), "file:///c:/a");
  EXPECT_EQ(Href("file://localhost/etc/x"), "file:///etc/x");
  EXPECT_EQ(Href("/y", "file:///C:/a/b"), "file:///C:/y");
  EXPECT_EQ(Href("//server/share", "file:///tmp/x"), "file://server/share");
}

TEST(Url, HostOfIsEmptyForInvalidUrls) {
  EXPECT_EQ(HostOf("https://Sub.Example.com:8080/x"), "sub.example.com");
  EXPECT_EQ(HostOf("not a url"), "");
  EXPECT_EQ(HostOf("http://[::1/"), "");
}

TEST(Url, SerializeOutputReparsesToItself) {
  for (const char* input : {"http://a.example/p?q#f", "http://[::1]:81/%7e", "sc:/.//x", "sc://h",
                            "file:///C:/x", "https://u:p@xn--bcher-kva.de/ü?ü#ü", "mailto:x"}) {
    const std::string once = Href(input);
    EXPECT_EQ(Href(once), once) << input;
  }
}

TEST(Normalize, UnreservedEscapesAreDecodedAndOthersUppercased) {
  EXPECT_EQ(Norm("http://a.example/%7euser/%66oo%2fbar%c3%a9"),
            "http://a.example/~user/foo%2Fbar%C3%A9");
  EXPECT_EQ(Norm("http://a.example/?q=%41%2b%3d"), "http://a.example/?q=A%2B%3D");
}

TEST(Normalize, CharactersRfc3986DisallowsAreEscaped) {
  EXPECT_EQ(Norm("http://a.example/x[1]|y?a[]=1&b=|"), "http://a.example/x%5B1%5D%7Cy?a%5B%5D=1&b=%7C");
  EXPECT_EQ(Norm("http://a.example/90%+of"), "http://a.example/90%25+of");
  EXPECT_EQ(Norm("http://a.example/p%zz%77"), "http://a.example/p%25zzw");
}

TEST(Normalize, ReservedCharactersStayLiteral) {
  EXPECT_EQ(Norm("https://a.example/a:b@c;d=e,f!$&'()*+/?q=http://x/?y"),
            "https://a.example/a:b@c;d=e,f!$&'()*+/?q=http://x/?y");
}

TEST(Normalize, TrackingParametersAreRemovedAndOrderKept) {
  EXPECT_EQ(Norm("https://a.example/p?z=1&utm_source=x&UTM_Medium=y&b=2&fbclid=f&gclid=g&a=3"),
            "https://a.example/p?z=1&b=2&a=3");
  EXPECT_EQ(Norm("https://a.example/p?dclid=1&msclkid=2&yclid=3&mc_cid=4&mc_eid=5&_ga=6&igshid=7&"
                 "ref_src=8"),
            "https://a.example/p");
  // Only whole names match; "utm" alone and "gclid2" are kept.
  EXPECT_EQ(Norm("https://a.example/p?utm=1&gclid2=2"), "https://a.example/p?utm=1&gclid2=2");
}

TEST(Normalize, SessionIdsAreRemovedFromQueryAndPath) {
  EXPECT_EQ(Norm("http://a.example/list.php?PHPSESSID=2Aa3ASdf&page=2"), "http://a.example/list.php?page=2");
  EXPECT_EQ(Norm("http://a.example/a?sid=9f8e&id=4"), "http://a.example/a?id=4");
  EXPECT_EQ(Norm("http://a.example/shop;jsessionid=0AB1C2?x=1"), "http://a.example/shop?x=1");
  EXPECT_EQ(Norm("http://a.example/a;JSESSIONID=0AB1/b"), "http://a.example/a/b");
  EXPECT_EQ(Norm("http://a.example/a;v=2"), "http://a.example/a;v=2") << "other path parameters stay";
}

TEST(Normalize, PerSourceParametersAreRemovedWithPrefixWildcard) {
  NormalizeOptions options;
  options.strip_params = {"sessionid", "ref*"};
  EXPECT_EQ(Norm("https://a.example/p?SessionId=9&referrer=x&refs=y&id=1", options),
            "https://a.example/p?id=1");
}

TEST(Normalize, EmptyQueryPiecesAndFragmentAreDropped) {
  EXPECT_EQ(Norm("http://a.example/?"), "http://a.example/");
  EXPECT_EQ(Norm("http://a.example/p?&&a=1&&b=2&#frag"), "http://a.example/p?a=1&b=2");
  EXPECT_EQ(Norm("http://a.example/p?utm_campaign=x#f"), "http://a.example/p");
  EXPECT_EQ(Norm("http://a.example/p?b=&c"), "http://a.example/p?b=&c");
}

TEST(Normalize, HostPortAndPathAreCanonical) {
  EXPECT_EQ(Norm("HTTP://WWW.Example.COM:80"), "http://www.example.com/");
  EXPECT_EQ(Norm("https://www.example.com.:443/a/./b/../c"), "https://www.example.com/a/c");
  EXPECT_EQ(Norm("http://bücher.de:8080/"), "http://xn--bcher-kva.de:8080/");
}

TEST(Normalize, UserinfoIsDropped) {
  EXPECT_EQ(Norm("http://user:secret@a.example/x"), "http://a.example/x");
}

TEST(Normalize, OnlyHttpAndHttpsAreAccepted) {
  EXPECT_EQ(Norm("ftp://a.example/x"), "<rejected>");
  EXPECT_EQ(Norm("mailto:a@b.example"), "<rejected>");
  EXPECT_EQ(Norm("javascript:void(0)"), "<rejected>");
  EXPECT_EQ(Norm("/relative/path"), "<rejected>");
  EXPECT_EQ(Norm("http://[::1"), "<rejected>");
}

TEST(Normalize, IsIdempotent) {
  for (const char* input :
       {"http://A.example:80/%7e/a b/[x]?q=%zz&utm_x=1#f", "https://bücher.de./ü?ä=ö",
        "http://a.example/%2e%2e/x%2Fy?a=%41", "http://1.2.3.4:8080/?&"}) {
    const std::optional<std::string> once = Normalize(input);
    ASSERT_TRUE(once) << input;
    EXPECT_EQ(Normalize(*once), once) << input;
  }
}

TEST(AuthorityOf, IsTheLowercaseAuthorityWithoutUserinfo) {
  EXPECT_EQ(AuthorityOf("https://User@WWW.Ankasam.org:8443/en/?x=1"), "www.ankasam.org:8443");
  EXPECT_EQ(AuthorityOf("http://timesca.com"), "timesca.com");
  EXPECT_EQ(AuthorityOf("http://[::1]:8080/x"), "[::1]:8080");
}

TEST(AuthorityOf, AgreesWithTheParseOnNormalizedUrls) {
  for (const char* u : {"https://www.ankasam.org/en/feed/", "http://127.0.0.1:8080/a?b#c", "https://xn--80ak6aa92e.com/"}) {
    auto normalized = Normalize(u);
    ASSERT_TRUE(normalized) << u;
    EXPECT_EQ(AuthorityOf(*normalized), Parse(*normalized)->Authority()) << u;
  }
}

}  // namespace
}  // namespace caravan::url
