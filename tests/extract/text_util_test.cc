#include "extract/text_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace caravan::extract {
namespace {

using ::testing::ElementsAre;

TEST(FoldCase, LowersLatinCyrillicKazakhAndTurkishCapitals) {
  EXPECT_EQ(FoldCase("ANKASAM Österreich"), "ankasam österreich");
  EXPECT_EQ(FoldCase("СРЕДНИЙ КОРИДОР Ёлка"), "средний коридор ёлка");
  EXPECT_EQ(FoldCase("ҚАЗАҚСТАН ӘЛЕМ"), "қазақстан әлем");
  EXPECT_EQ(FoldCase("İSTANBUL ĞÜŞ"), "istanbul ğüş");
}

TEST(FoldCase, LowersPolishCapitalsThatStartOnOddCodePoints) {
  EXPECT_EQ(FoldCase("ŹRÓDŁO: ŁÓDŹ, ŻNIN, ŃA"), "źródło: łódź, żnin, ńa");
  EXPECT_EQ(FoldCase("Źródło"), FoldCase("źródło"));
}

TEST(FoldCase, DropsInvalidBytes) { EXPECT_EQ(FoldCase("A\xff" "B"), "ab"); }

TEST(HasToken, MatchesWholeTokensIgnoringAsciiCase) {
  EXPECT_TRUE(HasToken("category TAG", "tag"));
  EXPECT_TRUE(HasToken("  \tnofollow  tag\n", "tag"));
  EXPECT_FALSE(HasToken("tagged post-tag", "tag"));
  EXPECT_FALSE(HasToken("", "tag"));
}

TEST(SplitAny, SplitsOnEverySeparatorTrimsAndDropsEmptyParts) {
  EXPECT_THAT(SplitAny(" a, b ,,c\u3001d ", {",", "\u3001"}), ElementsAre("a", "b", "c", "d"));
  EXPECT_THAT(SplitAny("", {","}), ElementsAre());
}

TEST(RepairUtf8, ReplacesInvalidSequencesAndKeepsValidText) {
  EXPECT_EQ(RepairUtf8("ok \xc3\xa9 \xc3"), "ok \u00e9 \ufffd");
  EXPECT_EQ(ValidUtf8Prefix("ab\xe4\xb8"), 2u);
  EXPECT_EQ(CodePoints("中国 ok"), 5u);
}

}  // namespace
}  // namespace caravan::extract
