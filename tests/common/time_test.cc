#include "common/time.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(ParseDurationMs, AcceptsEachUnit) {
  EXPECT_EQ(ParseDurationMs("500ms"), 500);
  EXPECT_EQ(ParseDurationMs("2s"), 2000);
  EXPECT_EQ(ParseDurationMs("15m"), 15 * 60 * 1000);
  EXPECT_EQ(ParseDurationMs("6h"), 6 * 3600 * 1000);
  EXPECT_EQ(ParseDurationMs("7d"), int64_t{7} * 86400 * 1000);
}

TEST(ParseDurationMs, AddsCompoundParts) {
  EXPECT_EQ(ParseDurationMs("1h30m"), 90 * 60 * 1000);
}

TEST(ParseDurationMs, RejectsMalformed) {
  EXPECT_FALSE(ParseDurationMs(""));
  EXPECT_FALSE(ParseDurationMs("15"));
  EXPECT_FALSE(ParseDurationMs("m"));
  EXPECT_FALSE(ParseDurationMs("2 weeks"));
  EXPECT_FALSE(ParseDurationMs("-1s"));
}

TEST(FormatRfc3339, WithAnOffsetShowsThePublishersLocalTime) {
  EXPECT_EQ(FormatRfc3339(1726198200000, 300), "2024-09-13T08:30:00+05:00");
  EXPECT_EQ(FormatRfc3339(1726198200000, -330), "2024-09-12T22:00:00-05:30");
  EXPECT_EQ(FormatRfc3339(1726198200000, 0), "2024-09-13T03:30:00Z");
}

TEST(FormatRfc3339, FormatsUtcWithOptionalMillis) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1726216200123), "2024-09-13T08:30:00.123Z");
}

}  // namespace
}  // namespace caravan
