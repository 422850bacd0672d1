#include "common/hash.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(Hash128Hex, IsStableLowercaseHex) {
  std::string h = Hash128Hex("https://ankasam.org/a");
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h, Hash128Hex("https://ankasam.org/a"));
  EXPECT_NE(h, Hash128Hex("https://ankasam.org/b"));
  for (char c : h) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
}

}  // namespace
}  // namespace caravan
