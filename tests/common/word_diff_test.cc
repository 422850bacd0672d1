#include "common/word_diff.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(WordDiff, EqualTextsHaveNoMarks) {
  EXPECT_EQ(WordDiff("Dry ports grow.\n\nSlowly.", "Dry ports grow.\n\nSlowly."), "Dry ports grow.\n\nSlowly.");
}

TEST(WordDiff, AChangedWordIsRemovedThenAdded) {
  EXPECT_EQ(WordDiff("The port handled 4.5 million tonnes last year.",
                     "The port handled 5.1 million tonnes last year."),
            "The port handled [-4.5-]{+5.1+} million tonnes last year.");
}

TEST(WordDiff, AddedAndRemovedRunsAreMarkedWhole) {
  EXPECT_EQ(WordDiff("a b c d", "a x y d"), "a [-b c-]{+x y+} d");
  EXPECT_EQ(WordDiff("a b c", "a c"), "a [-b-] c");
  EXPECT_EQ(WordDiff("a c", "a b c"), "a {+b+} c");
}

TEST(WordDiff, UnchangedWordsBetweenChangesStay) {
  EXPECT_EQ(WordDiff("one two three four five", "one 2 three four 5"), "one [-two-]{+2+} three four [-five-]{+5+}");
}

TEST(WordDiff, WhiteSpaceAloneIsNoChangeAndTheNewTextsIsKept) {
  EXPECT_EQ(WordDiff("a  b\nc", "a b\n\nc"), "a b\n\nc");
}

TEST(WordDiff, EmptySides) {
  EXPECT_EQ(WordDiff("", "new text"), "{+new text+}");
  EXPECT_EQ(WordDiff("old text", ""), "[-old text-]");
  EXPECT_EQ(WordDiff("", ""), "");
}

}  // namespace
}  // namespace caravan
