#include "common/spaces.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(CollapseSpaces, OneSpaceForEveryRunIncludingNoBreakSpaces) {
  EXPECT_EQ(CollapseSpaces("  Almaty\u00a0\u00a0and \n\t Astana\u3000 "), "Almaty and Astana");
  EXPECT_EQ(CollapseSpaces("a\u202fb\u2009c"), "a b c");
}

TEST(CollapseSpaces, AsciiSetKeepsNoBreakSpacesAsFeedReadersDo) {
  EXPECT_EQ(CollapseSpaces("  testing \n\t entity  ", Spaces::kAscii), "testing entity");
  EXPECT_EQ(CollapseSpaces("testing \u00a0 entity", Spaces::kAscii), "testing \u00a0 entity");
  EXPECT_EQ(CollapseSpaces("a\f\vb", Spaces::kAscii), "a b");
}

TEST(SpaceAt, MeasuresTheSpaceAtTheStartInBytes) {
  EXPECT_EQ(SpaceAt(" x"), 1u);
  EXPECT_EQ(SpaceAt("\u00a0x"), 2u);
  EXPECT_EQ(SpaceAt("\u3000x"), 3u);
  EXPECT_EQ(SpaceAt("\u3000x", Spaces::kAscii), 0u);
  EXPECT_EQ(SpaceAt("\u4e2d"), 0u);  // a CJK character, not a space
  EXPECT_EQ(SpaceAt(""), 0u);
}

TEST(AppendCollapsed, CarriesASpaceBetweenInlinePieces) {
  std::string out;
  bool pending = false;
  AppendCollapsed("  Dry ", &out, &pending);
  AppendCollapsed("ports", &out, &pending);
  AppendCollapsed(" grew ", &out, &pending);
  EXPECT_EQ(out, "Dry ports grew");
  EXPECT_TRUE(pending);
}

TEST(AppendCollapsed, DropsLeadingSpaceOfANewLine) {
  std::string out = "Title\n";
  bool pending = true;
  AppendCollapsed("  Body", &out, &pending);
  EXPECT_EQ(out, "Title\nBody");
}

}  // namespace
}  // namespace caravan
