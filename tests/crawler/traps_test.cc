#include "crawler/frontier/traps.h"

#include <gtest/gtest.h>

namespace caravan::frontier {
namespace {

constexpr int kYear = 2026;

std::string_view Reason(std::string_view url, TrapOptions options = {}) {
  return UrlTrapReason(url, options, kYear);
}

TEST(UrlTrapReason, OrdinaryArticleUrlsPass) {
  EXPECT_EQ(Reason("https://ankasam.org/en/2025/03/central-asia-and-the-belt-and-road/"), "");
  EXPECT_EQ(Reason("https://timesca.com/news/2027-budget-plans-for-kazakhstan.html"), "");
  EXPECT_EQ(Reason("https://www.news.cn/world/20250301/abc123/c.html"), "");
  EXPECT_EQ(Reason("https://cabar.asia/ru/page/2/?s=china"), "");
  EXPECT_EQ(Reason("https://example.org/item/2999"), "") << "a number alone is no year";
}

TEST(UrlTrapReason, CalendarYearMonthBeyondNextYearIsATrap) {
  EXPECT_EQ(Reason("https://example.org/events/2031/05/"), trap::kCalendar);
  EXPECT_EQ(Reason("https://example.org/calendar?date=2040-01-01"), trap::kCalendar);
  EXPECT_EQ(Reason("https://example.org/calendar?year=2099"), trap::kCalendar);
  EXPECT_EQ(Reason("https://example.org/events/1901/12/"), trap::kCalendar) << "before the web";
  EXPECT_EQ(Reason("https://example.org/events/2027/01/"), "") << "next year's events are real";
}

TEST(UrlTrapReason, RepeatedSegmentRunsAreALinkLoop) {
  EXPECT_EQ(Reason("https://example.org/en/en/en/news"), trap::kRepeatedPath);
  EXPECT_EQ(Reason("https://example.org/en/news/en/news/en/news/"), trap::kRepeatedPath);
  EXPECT_EQ(Reason("https://example.org/a/b/c/a/b/c/a/b/c"), trap::kRepeatedPath);
  EXPECT_EQ(Reason("https://example.org/en/news/en/news/"), "") << "twice is a site's quirk";
}

TEST(UrlTrapReason, LengthAndDepthAreBounded) {
  TrapOptions options;
  options.max_url_length = 60;
  options.max_path_segments = 4;
  EXPECT_EQ(Reason("https://example.org/" + std::string(60, 'x'), options), trap::kLongUrl);
  EXPECT_EQ(Reason("https://example.org/a/b/c/d/e", options), trap::kDeepPath);
  EXPECT_EQ(Reason("https://example.org/a/b/c/d", options), "");
}

TEST(TrapCounter, ManyValuesOfOneParameterAreFineUpToTheLimit) {
  TrapOptions options;
  options.max_values_per_name_set = 3;
  TrapCounter counter(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(counter.Admit("h", "http://h/article.php?id=" + std::to_string(i)), "");
  }
  EXPECT_EQ(counter.Admit("h", "http://h/article.php?id=9"), trap::kQueryValues);
  EXPECT_EQ(counter.Admit("h", "http://h/other.php?id=9"), "") << "counted per path";
}

TEST(TrapCounter, ParameterCombinationsOnOnePathAreATrap) {
  TrapOptions options;
  options.max_name_sets_per_path = 2;
  TrapCounter counter(options);
  EXPECT_EQ(counter.Admit("h", "http://h/list?sort=a"), "");
  EXPECT_EQ(counter.Admit("h", "http://h/list?color=red&sort=a"), "");
  EXPECT_EQ(counter.Admit("h", "http://h/list?sort=b&color=blue"), "") << "same names, other order";
  EXPECT_EQ(counter.Admit("h", "http://h/list?size=m&sort=a"), trap::kQueryCombinations);
}

TEST(TrapCounter, HostBudgetCountsKnownUrls) {
  TrapOptions options;
  options.max_urls_per_host = 2;
  TrapCounter counter(options);
  counter.Count("h", "http://h/known");
  EXPECT_EQ(counter.Admit("h", "http://h/1"), "");
  EXPECT_EQ(counter.Admit("h", "http://h/2"), trap::kHostBudget);
  EXPECT_EQ(counter.Admit("other", "http://other/1"), "");
}

}  // namespace
}  // namespace caravan::frontier
