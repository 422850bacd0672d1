#include <gtest/gtest.h>

#include "crawler/feeds/feed.h"

namespace caravan::feeds {
namespace {

constexpr int64_t Ms(int64_t unix_seconds) { return unix_seconds * 1000; }
constexpr int64_t k20240913 = 1726185600;  // 2024-09-13T00:00:00Z

TEST(ParseFeedDate, Rfc822WithNamedZones) {
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 GMT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 UT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 04:30:00 EDT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 01:30:00 PDT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 10:30:00 CEST"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 Etc/GMT"), Ms(k20240913 + 30600));
}

TEST(ParseFeedDate, Rfc822MilitaryZonesUseTheSignsRfc822Printed) {
  EXPECT_EQ(ParseFeedDate("13 Sep 2024 08:30 Z"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("13 Sep 2024 07:30 A"), Ms(k20240913 + 30600));   // A = -1
  EXPECT_EQ(ParseFeedDate("13 Sep 2024 09:30 N"), Ms(k20240913 + 30600));   // N = +1
  EXPECT_EQ(ParseFeedDate("13 Sep 2024 20:30 Y"), Ms(k20240913 + 30600));   // Y = +12
  EXPECT_FALSE(ParseFeedDate("13 Sep 2024 08:30 J"));                       // J was never assigned
}

TEST(ParseFeedDate, Rfc822NumericOffsetsWithOrWithoutColon) {
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 11:30:00 +0300"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 14:00:00 +05:30"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 -0000"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 09:30:00 GMT+0100"), Ms(k20240913 + 30600));
}

TEST(ParseFeedDate, TwoDigitYearsPivotAtFifty) {
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 24 08:30:00 GMT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("01 Jan 70 00:00:00 GMT"), Ms(0));
  EXPECT_EQ(ParseFeedDate("01 Jan 49 00:00:00 GMT"), Ms(2493072000));
}

TEST(ParseFeedDate, Rfc822VariantsRealServersSend) {
  EXPECT_EQ(ParseFeedDate("13 Sep 2024 08:30:00 +0000"), Ms(k20240913 + 30600));        // no weekday
  EXPECT_EQ(ParseFeedDate("Fri,13 Sep 2024 08:30 GMT"), Ms(k20240913 + 30600));         // no space, no seconds
  EXPECT_EQ(ParseFeedDate("Friday, 13 September 2024 08:30:00 GMT"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep, 2024 08:30:00 UTC"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024"), Ms(k20240913));                          // date only: midnight UTC
  EXPECT_EQ(ParseFeedDate("Fri, 13 Sep 2024 08:30:00"), Ms(k20240913 + 30600));         // no zone: UTC
}

TEST(ParseFeedDate, AsctimeTwitterAndJavaScriptForms) {
  EXPECT_EQ(ParseFeedDate("Fri Sep 13 08:30:00 2024"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri Sep 13 08:30:00 +0000 2024"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("Fri Sep 13 2024 10:30:00 GMT+0200 (Central European Summer Time)"),
            Ms(k20240913 + 30600));
}

TEST(ParseFeedDate, Rfc3339AndW3cDtfAtEveryPrecision) {
  EXPECT_EQ(ParseFeedDate("2024"), Ms(1704067200));
  EXPECT_EQ(ParseFeedDate("2024-09"), Ms(1725148800));
  EXPECT_EQ(ParseFeedDate("2024-09-13"), Ms(k20240913));
  EXPECT_EQ(ParseFeedDate("2024-09-13T13:30+05:00"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("2024-09-13T08:30:00Z"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("2024-09-13t08:30:00z"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("2024-09-13T08:30:00.25Z"), Ms(k20240913 + 30600) + 250);
  EXPECT_EQ(ParseFeedDate("2024-09-13T08:30:00.123456789-00:00"), Ms(k20240913 + 30600) + 123);
  EXPECT_EQ(ParseFeedDate("2024-09-13T11:30:00+0300"), Ms(k20240913 + 30600));
}

TEST(ParseFeedDate, Iso8601VariantsFromHandWrittenFeeds) {
  EXPECT_EQ(ParseFeedDate("2024-09-13 08:30:00"), Ms(k20240913 + 30600));  // space, no zone: UTC
  EXPECT_EQ(ParseFeedDate("2024-09-13 11:30:00 +03:00"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("2024-09-13 08:30:00 UTC"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("20240913T083000Z"), Ms(k20240913 + 30600));
  EXPECT_EQ(ParseFeedDate("20240913"), Ms(k20240913));
  EXPECT_EQ(ParseFeedDate("  2024-09-13\n"), Ms(k20240913));
}

TEST(ParseFeedDate, LeapDaysExistOnlyInLeapYears) {
  EXPECT_EQ(ParseFeedDate("2024-02-29"), Ms(1709164800));
  EXPECT_EQ(ParseFeedDate("2000-02-29"), Ms(951782400));
  EXPECT_FALSE(ParseFeedDate("2023-02-29"));
  EXPECT_FALSE(ParseFeedDate("1900-02-29"));
}

TEST(ParseFeedDate, OutOfRangeFieldsAreRejectedNotNormalised) {
  EXPECT_FALSE(ParseFeedDate("2024-13-01"));
  EXPECT_FALSE(ParseFeedDate("2024-09-31"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13T24:30:00Z"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13T08:60:00Z"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13T08:30:00+24:00"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13T08:30:00+05:60"));
  EXPECT_FALSE(ParseFeedDate("Fri, 32 Sep 2024 08:30:00 GMT"));
  EXPECT_FALSE(ParseFeedDate("Fri, 13 Sep 2024 8:3:0 GMT"));
}

TEST(ParseFeedDate, InstantsOutsideYears1To9999AreRejected) {
  EXPECT_FALSE(ParseFeedDate("9999-12-31T23:30:00-01:00"));
  EXPECT_FALSE(ParseFeedDate("0001-01-01T00:30:00+01:00"));
  EXPECT_TRUE(ParseFeedDate("9999-12-31T23:59:59Z"));
}

TEST(ParseFeedDate, GarbageAndUnknownWordsAreRejected) {
  EXPECT_FALSE(ParseFeedDate(""));
  EXPECT_FALSE(ParseFeedDate("   "));
  EXPECT_FALSE(ParseFeedDate("yesterday"));
  EXPECT_FALSE(ParseFeedDate("Fri, 13 Foo 2024 08:30:00 GMT"));
  EXPECT_FALSE(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 XYZT"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13T08:30:00Zextra"));
  EXPECT_FALSE(ParseFeedDate("2024-09-13-01"));
  EXPECT_FALSE(ParseFeedDate("12345"));
  EXPECT_FALSE(ParseFeedDate("Fri, 13 Sep 2024 08:30:00 +03:00 +04:00"));
}

}  // namespace
}  // namespace caravan::feeds
