#include "common/ascii.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(Ascii, ClassesAreLocaleFreeAndIgnoreNonAsciiBytes) {
  EXPECT_TRUE(IsHexDigit('f') && IsHexDigit('F') && IsHexDigit('9'));
  EXPECT_FALSE(IsHexDigit('g'));
  EXPECT_FALSE(IsAsciiAlpha('\xc3'));  // the lead byte of "é"
  EXPECT_FALSE(IsAsciiSpace('\xa0'));
  EXPECT_TRUE(IsAsciiSpace('\v'));
  EXPECT_TRUE(IsUnreserved('~'));
  EXPECT_FALSE(IsUnreserved('/'));
}

TEST(Ascii, HexValueReadsBothCases) {
  EXPECT_EQ(HexValue('a'), 10);
  EXPECT_EQ(HexValue('F'), 15);
  EXPECT_EQ(HexValue('7'), 7);
  EXPECT_EQ(kHexUpper[HexValue('c')], 'C');
}

TEST(Ascii, CaseFoldsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLowerCopy("Content-TYPE \xc3\x89"), "content-type \xc3\x89");
  EXPECT_EQ(AsciiUpper('q'), 'Q');
  EXPECT_TRUE(EqualsNoCase("ETag", "etag"));
  EXPECT_FALSE(EqualsNoCase("ETag", "etags"));
  EXPECT_TRUE(StartsWithNoCase("User-Agent: x", "user-agent"));
  EXPECT_FALSE(StartsWithNoCase("User", "user-agent"));
}

TEST(Ascii, TrimAsciiLeavesInnerAndNonAsciiSpace) {
  EXPECT_EQ(TrimAscii(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimAscii("\u00a0a"), "\u00a0a");
  EXPECT_EQ(TrimAscii("   "), "");
}

TEST(Ascii, PercentEscapesAreReadOnlyWhenWellFormed) {
  EXPECT_EQ(PercentEscapeAt("a%2Fb", 1), '/');
  EXPECT_EQ(PercentEscapeAt("%e2%80", 0), 0xE2);
  EXPECT_FALSE(PercentEscapeAt("%2", 0));
  EXPECT_FALSE(PercentEscapeAt("%zz", 0));
  EXPECT_FALSE(PercentEscapeAt("a%2F", 0));
  std::string out;
  AppendPercentEncoded(&out, 0xE2);
  AppendPercentEncoded(&out, ' ');
  EXPECT_EQ(out, "%E2%20");
}

TEST(Ascii, NormalEscapesDecodeUnreservedAndUppercaseTheRest) {
  std::string out;
  size_t i = 0;
  EXPECT_TRUE(AppendNormalEscape("%7euser", &i, &out));
  EXPECT_EQ(out, "~");
  EXPECT_EQ(i, 2u);
  i = 1;
  EXPECT_TRUE(AppendNormalEscape("a%2fb", &i, &out));
  EXPECT_EQ(out, "~%2F");
  i = 0;
  EXPECT_FALSE(AppendNormalEscape("%g1", &i, &out));
  EXPECT_EQ(i, 0u);
}

}  // namespace
}  // namespace caravan
