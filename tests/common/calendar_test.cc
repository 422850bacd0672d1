#include "common/calendar.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(Calendar, DaysFromCivilCountsFromTheUnixEpoch) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 9, 13), 19979);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28), 2);  // 2000 was a leap year
}

TEST(Calendar, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2024, 9), 30);
}

TEST(Calendar, MonthNamesInEveryLanguageOfTheTable) {
  EXPECT_EQ(MonthOfName("september"), 9);
  EXPECT_EQ(MonthOfName("sept"), 9);
  EXPECT_EQ(MonthOfName("eylül"), 9);
  EXPECT_EQ(MonthOfName("қыркүйек"), 9);
  EXPECT_EQ(MonthOfName("сентября"), 9);
  EXPECT_EQ(MonthOfName("września"), 9);  // Polish, which dates.cc lacked
  EXPECT_EQ(MonthOfName("setembro"), 9);
  EXPECT_EQ(MonthOfName("September"), 0) << "callers fold case";
  EXPECT_EQ(MonthOfName("sunday"), 0);
}

TEST(Calendar, DatelineWordsStartLikeAMonth) {
  EXPECT_TRUE(StartsLikeAMonth("sept."));
  EXPECT_TRUE(StartsLikeAMonth("janv"));
  EXPECT_TRUE(StartsLikeAMonth("października"));
  EXPECT_TRUE(StartsLikeAMonth("şubat"));
  EXPECT_FALSE(StartsLikeAMonth("ma"));
  EXPECT_FALSE(StartsLikeAMonth("corridor"));
}

}  // namespace
}  // namespace caravan
