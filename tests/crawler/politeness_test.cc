#include "crawler/frontier/politeness.h"

#include <gtest/gtest.h>

#include "crawler/fetch/failure.h"

namespace caravan::frontier {
namespace {

TEST(HostPoliteness, CrawlDelayIsAFloorAboveMaxDelay) {
  PolitenessOptions options;
  options.max_delay_ms = 10'000;
  HostPoliteness host;
  host.SetCrawlDelay(30'000);
  host.OnResponse(HostOutcome{"", 10, 0}, options, 0);
  EXPECT_EQ(host.next_allowed_ms(), 30'000) << "the site's own Crawl-delay is obeyed";
}

TEST(HostPoliteness, SlowFactorIsCappedByMaxDelay) {
  PolitenessOptions options;
  options.max_delay_ms = 10'000;
  HostPoliteness host;
  host.OnResponse(HostOutcome{"", 20'000, 0}, options, 0);
  EXPECT_EQ(host.next_allowed_ms(), 10'000);
}

TEST(HostPoliteness, AbsurdRetryAfterIsNotBelieved) {
  PolitenessOptions options;
  HostPoliteness host;
  host.OnResponse(HostOutcome{"throttled", 0, 400LL * 24 * 3600'000}, options, 0);
  EXPECT_EQ(host.next_allowed_ms(), options.max_retry_after_ms);
}

TEST(Failure, RetryAfterTakesSecondsOrAnHttpDate) {
  using fetch::failure::ParseRetryAfter;
  EXPECT_EQ(ParseRetryAfter("120", 0), 120'000);
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), 0);
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch.
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777'000 - 5000), 5000);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777'000 + 5000), 0) << "in the past";
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("-5", 0));
  EXPECT_FALSE(ParseRetryAfter("", 0));
}

TEST(Failure, StatusKinds) {
  using namespace fetch::failure;
  EXPECT_EQ(OfStatus(200), "");
  EXPECT_EQ(OfStatus(304), "");
  EXPECT_EQ(OfStatus(404), kHttp4xx);
  EXPECT_EQ(OfStatus(429), kThrottled);
  EXPECT_EQ(OfStatus(503), kHttp5xx);
  EXPECT_EQ(OfResponse(0, ""), kTransport);
  EXPECT_EQ(OfResponse(0, kTimeout), kTimeout);
  EXPECT_EQ(OfResponse(200, kTooLarge), kTooLarge);
  EXPECT_EQ(OfResponse(304, ""), "");
  EXPECT_EQ(OfResponse(302, ""), kRedirects) << "a redirect libcurl could not follow";
  EXPECT_EQ(OfResponse(503, ""), kHttp5xx);
  EXPECT_TRUE(IsHostFailure(kThrottled));
  EXPECT_FALSE(IsHostFailure(kHttp4xx));
  EXPECT_FALSE(IsHostFailure(kRobotsDenied));
  EXPECT_FALSE(IsHostFailure(kTooLarge));
}

}  // namespace
}  // namespace caravan::frontier
