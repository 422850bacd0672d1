#include "common/utf8.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(NextCodePoint, DecodesOneToFourBytesAndMovesPast) {
  std::string s = "aж中😀";
  size_t i = 0;
  EXPECT_EQ(NextCodePoint(s, &i), 'a');
  EXPECT_EQ(NextCodePoint(s, &i), 0x436u);
  EXPECT_EQ(NextCodePoint(s, &i), 0x4E2Du);
  EXPECT_EQ(NextCodePoint(s, &i), 0x1F600u);
  EXPECT_EQ(i, s.size());
}

TEST(NextCodePoint, AStrayOrTruncatedByteIsItsOwnValue) {
  std::string s = "\x80\xE4\xB8";
  size_t i = 0;
  EXPECT_EQ(NextCodePoint(s, &i), 0x80u);
  EXPECT_EQ(NextCodePoint(s, &i), 0xE4u);
  EXPECT_EQ(NextCodePoint(s, &i), 0xB8u);
  EXPECT_EQ(i, s.size());
}

TEST(IsWordCodePoint, LettersAndDigitsOfAnyScriptButNotPunctuationOrSymbols) {
  for (uint32_t cp : {U'a', U'Z', U'7', U'é', U'ж', U'ş', U'қ', U'中'}) EXPECT_TRUE(IsWordCodePoint(cp)) << cp;
  for (uint32_t cp : {U' ', U',', U'-', U'«', U'»', U'×', U'—', U'“', U'→', U'™', U'。', U'，', U'︰'}) {
    EXPECT_FALSE(IsWordCodePoint(cp)) << cp;
  }
}

}  // namespace
}  // namespace caravan
