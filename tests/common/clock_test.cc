#include "common/clock.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace caravan {
namespace {

TEST(Clock, SystemClockIsTheWallClock) {
  int64_t before = NowMs();
  int64_t now = SystemClock()->NowMs();
  EXPECT_GE(now, before);
  EXPECT_LE(now, NowMs());
}

TEST(Clock, ManualClockMovesOnlyWhenAdvanced) {
  ManualClock clock(1'733'000'000'000);
  EXPECT_EQ(clock.NowMs(), 1'733'000'000'000);
  clock.Advance(250);
  EXPECT_EQ(clock.NowMs(), 1'733'000'000'250);
}

}  // namespace
}  // namespace caravan
