#include "extract/charset.h"

#include <gtest/gtest.h>

#include "tests/extract/testing.h"

namespace caravan::extract {
namespace {

using testing::Encode;

TEST(Charset, CanonicalNamesFollowWhatwgSupersets) {
  EXPECT_EQ(CanonicalCharset("gb2312"), "GB18030");
  EXPECT_EQ(CanonicalCharset("GBK"), "GB18030");
  EXPECT_EQ(CanonicalCharset(" \"x-gbk\" "), "GB18030");
  EXPECT_EQ(CanonicalCharset("big5"), "BIG5-HKSCS");
  EXPECT_EQ(CanonicalCharset("ISO-8859-1"), "WINDOWS-1252");
  EXPECT_EQ(CanonicalCharset("iso-8859-9"), "WINDOWS-1254");
  EXPECT_EQ(CanonicalCharset("cp1251"), "WINDOWS-1251");
  EXPECT_EQ(CanonicalCharset("koi8-r"), "KOI8-R");
  EXPECT_EQ(CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset("iso-8859-5"), "ISO-8859-5");
  EXPECT_EQ(CanonicalCharset(""), "");
}

TEST(Charset, Utf8BomWinsOverDeclarations) {
  std::string used;
  EXPECT_EQ(ToUtf8("\xEF\xBB\xBFqazaq \xD3\x99", "windows-1251", &used), "qazaq \xD3\x99");
  EXPECT_EQ(used, "UTF-8");
}

TEST(Charset, Utf16BomIsDecoded) {
  std::string used;
  std::string body(
      "\xFF\xFE"
      "A\0\x16\x04",
      6);  // "AЖ" in UTF-16LE
  EXPECT_EQ(ToUtf8(body, "", &used), "A\xD0\x96");
  EXPECT_EQ(used, "UTF-16LE");
}

TEST(Charset, HeaderCharsetIsApplied) {
  std::string body = Encode("<p>Казахстан и Китай</p>", "WINDOWS-1251");
  std::string used;
  EXPECT_EQ(ToUtf8(body, "windows-1251", &used), "<p>Казахстан и Китай</p>");
  EXPECT_EQ(used, "WINDOWS-1251");
}

TEST(Charset, MetaCharsetInHeadIsApplied) {
  std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "</head><body><p>一带一路倡议</p></body></html>";
  std::string used;
  EXPECT_EQ(ToUtf8(Encode(html, "GBK"), "", &used), html);
  EXPECT_EQ(used, "GB18030");

  std::string koi = "<meta charset='koi8-r'><p>Средняя Азия</p>";
  EXPECT_EQ(ToUtf8(Encode(koi, "KOI8-R"), "", &used), koi);
  EXPECT_EQ(used, "KOI8-R");
}

TEST(Charset, TurkishLatin5LabelDecodesAsWindows1254) {
  std::string html = "<meta charset=\"iso-8859-9\"><p>Orta Koridor'un geleceği: Şubat ayında İstanbul'da</p>";
  EXPECT_EQ(ToUtf8(Encode(html, "WINDOWS-1254"), ""), html);
}

TEST(Charset, Big5IsDecoded) {
  std::string html = "<meta charset=big5><p>中亞鐵路</p>";
  EXPECT_EQ(ToUtf8(Encode(html, "BIG5"), ""), html);
}

TEST(Charset, UndeclaredLegacyTextIsDetected) {
  std::string text =
      "<p>Транскаспийский маршрут становится всё более важным для торговли между Китаем и Европой. "
      "Эксперты отмечают, что страны региона договорились о единых тарифах и сократили время на границе.</p>";
  std::string used;
  EXPECT_EQ(ToUtf8(Encode(text, "WINDOWS-1251"), "", &used), text);
  EXPECT_EQ(used, "WINDOWS-1251");
}

TEST(Charset, MislabelledUtf8StaysUtf8) {
  std::string html = "<meta charset=\"iso-8859-1\"><p>Qazaqstan — Қазақстан</p>";
  std::string used;
  EXPECT_EQ(ToUtf8(html, "", &used), html);
  EXPECT_EQ(used, "UTF-8");
}

TEST(Charset, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(ToUtf8("ab\xFF"
                   "c\xE2\x82",
                   "utf-8"),
            "ab\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ToUtf8("\xC0\xAF\xED\xA0\x80 overlong and surrogate", "")));
  // A sequence the declared legacy charset cannot map.
  std::string out = ToUtf8("ok \x98 ok", "windows-1251");
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_NE(out.find("ok"), std::string::npos);
}

TEST(Charset, MetaClaimingUtf16IsReadAsUtf8) {
  std::string used;
  EXPECT_EQ(ToUtf8("<meta charset=\"utf-16\"><p>Алматы</p>", "", &used), "<meta charset=\"utf-16\"><p>Алматы</p>");
  EXPECT_EQ(used, "UTF-8");
}

TEST(Charset, UnknownCharsetFallsBackToUtf8) {
  std::string used;
  EXPECT_EQ(ToUtf8("plain text", "x-no-such-charset", &used), "plain text");
  EXPECT_EQ(used, "UTF-8");
}

TEST(Charset, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("ascii only"));
  EXPECT_TRUE(IsValidUtf8("Türkçe Русский 中文 𝄞"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace caravan::extract
