#include "crawler/frontier/frontier.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "crawler/url/url.h"

namespace caravan::frontier {
namespace {

namespace fs = std::filesystem;
using caravan::v1::CompleteRequest;
using caravan::v1::FetchTask;
using caravan::v1::UrlCandidate;

constexpr int64_t kRevisit = 60'000;
constexpr int64_t kT0 = 1'700'000'000'000;

UrlCandidate Candidate(const std::string& url, caravan::v1::UrlKind kind = caravan::v1::PAGE,
                       const std::string& source = "s") {
  UrlCandidate c;
  c.set_url(url);
  c.set_source(source);
  c.set_kind(kind);
  return c;
}

CompleteRequest Done(const FetchTask& task, int status, bool changed = false) {
  CompleteRequest r;
  *r.mutable_task() = task;
  r.set_status(status);
  r.set_changed(changed);
  return r;
}

class FrontierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("frontier-test-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    Open();
  }
  void TearDown() override {
    frontier_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }
  void Open() {
    frontier_.reset();
    db_.reset();
    std::string error;
    db_ = storage::Database::Open(dir_.string(), &error);
    ASSERT_TRUE(db_) << error;
    FrontierOptions options;
    options.politeness.default_delay_ms = 1000;
    options.max_revisit_ms = 8 * kRevisit;
    options.revisit_share = revisit_share_;
    options.politeness_key = politeness_key_;
    frontier_ = std::make_unique<Frontier>(db_.get(), options, [](const std::string&) {
      return RevisitPolicy{.hub_ms = kRevisit, .page_min_ms = kRevisit, .page_max_ms = 8 * kRevisit};
    });
  }

  // Leases the host's next URL at `now` and completes it with `status`;
  // returns its URL, "" when nothing was leased.
  std::string Next(int64_t now, int status = 200, bool changed = true) {
    auto t = frontier_->Lease(1, now);
    if (t.empty()) return "";
    frontier_->Complete(Done(t[0], status, changed), now);
    return t[0].url();
  }

  double revisit_share_ = 0.2;
  PolitenessKey politeness_key_ = PolitenessKey::kHost;

  fs::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Frontier> frontier_;
};

TEST_F(FrontierTest, AddKeepsKnownUrlsAsTheyAre) {
  EXPECT_EQ(frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/1")}, kT0), 1);
  EXPECT_EQ(frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0), 1);
  EXPECT_EQ(frontier_->QueuedBySource()["s"], 2);
}

TEST_F(FrontierTest, LeasesAtMostOneUrlPerHost) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2"), Candidate("http://b.example/1")},
                 kT0);
  auto tasks = frontier_->Lease(10, kT0);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_NE(url::AuthorityOf(tasks[0].url()), url::AuthorityOf(tasks[1].url()));
  EXPECT_TRUE(frontier_->Lease(10, kT0).empty()) << "both hosts are busy";
}

TEST_F(FrontierTest, HostDelayHoldsBetweenRequests) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0);
  auto first = frontier_->Lease(1, kT0);
  ASSERT_EQ(first.size(), 1u);
  frontier_->Complete(Done(first[0], 200), kT0 + 10);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 500).empty());
  auto second = frontier_->Lease(1, kT0 + 1010);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0].url(), first[0].url());
}

TEST_F(FrontierTest, CrawlDelayRaisesTheHostDelay) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0);
  frontier_->SetHostDelay("http://a.example/robots.txt", 5000);
  auto first = frontier_->Lease(1, kT0);
  frontier_->Complete(Done(first[0], 200), kT0);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 4000).empty());
  EXPECT_EQ(frontier_->Lease(1, kT0 + 5000).size(), 1u);
}

TEST_F(FrontierTest, SeedsComeBackAfterTheRevisitInterval) {
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  auto t = frontier_->Lease(1, kT0);
  frontier_->Complete(Done(t[0], 200), kT0);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + kRevisit - 1).empty());
  EXPECT_EQ(frontier_->Lease(1, kT0 + kRevisit).size(), 1u);
}

TEST_F(FrontierTest, UnchangedPagesBackOffAndChangedPagesStartOver) {
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  int64_t now = kT0;
  auto t = frontier_->Lease(1, now);
  frontier_->Complete(Done(t[0], 200, /*changed=*/true), now);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->interval_ms(), kRevisit);
  now += kRevisit;
  t = frontier_->Lease(1, now);
  ASSERT_EQ(t.size(), 1u);
  frontier_->Complete(Done(t[0], 200, false), now);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->interval_ms(), 2 * kRevisit);
  now += 2 * kRevisit;
  t = frontier_->Lease(1, now);
  ASSERT_EQ(t.size(), 1u);
  frontier_->Complete(Done(t[0], 200, true), now);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->interval_ms(), kRevisit);
}

TEST_F(FrontierTest, UnchangedPagesBackOffUpToRevisitPagesMax) {
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  int64_t now = kT0;
  for (int i = 0; i < 10; ++i) {
    auto t = frontier_->Lease(1, now);
    ASSERT_EQ(t.size(), 1u) << i;
    frontier_->Complete(Done(t[0], 200, false), now);
    now = frontier_->Get("http://a.example/p")->due_ms();
  }
  EXPECT_EQ(frontier_->Get("http://a.example/p")->interval_ms(), 8 * kRevisit);
}

TEST_F(FrontierTest, AURLWhoseFirstFetchIs404IsNotScheduledAgain) {
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  auto t = frontier_->Lease(1, kT0);
  frontier_->Complete(Done(t[0], 404), kT0);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->due_ms(), 0);
  EXPECT_FALSE(frontier_->NextDueMs());
  EXPECT_EQ(frontier_->Add({Candidate("http://a.example/p")}, kT0), 0) << "a gone page is not re-added by links";
}

TEST_F(FrontierTest, AStoredPageThatAnswers404IsCheckedAgainAfterDeleteAfterThenDropped) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;  // FrontierOptions::delete_after_ms by default
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  ASSERT_EQ(Next(kT0, 200), "http://a.example/p");
  int64_t first_404 = frontier_->Get("http://a.example/p")->due_ms();
  auto t = frontier_->Lease(1, first_404);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_FALSE(t[0].confirms_gone());
  frontier_->Complete(Done(t[0], 404), first_404);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->due_ms(), first_404 + kDay) << "one 404 is no deletion";
  EXPECT_TRUE(frontier_->Lease(1, first_404 + kDay - 1).empty());
  t = frontier_->Lease(1, first_404 + kDay);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(t[0].confirms_gone()) << "the second check a day later decides";
  frontier_->Complete(Done(t[0], 410), first_404 + kDay);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->due_ms(), 0);
}

TEST_F(FrontierTest, APageThatAnswersAgainBeforeTheSecondCheckIsNotGone) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  ASSERT_EQ(Next(kT0, 200), "http://a.example/p");
  int64_t now = frontier_->Get("http://a.example/p")->due_ms();
  ASSERT_EQ(Next(now, 404), "http://a.example/p");
  now += kDay;
  ASSERT_EQ(Next(now, 200), "http://a.example/p");
  EXPECT_EQ(frontier_->Get("http://a.example/p")->gone_since_ms(), 0);
  now = frontier_->Get("http://a.example/p")->due_ms();
  auto t = frontier_->Lease(1, now);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_FALSE(t[0].confirms_gone());
}

TEST_F(FrontierTest, APageThatLeftItsSitemapIsCheckedNowAndGoneOnOne404) {
  const std::string sitemap = "http://a.example/sitemap.xml";
  frontier_->Add({Candidate("http://a.example/p"), Candidate("http://a.example/q")}, kT0);
  frontier_->SitemapListed(sitemap, {"http://a.example/p", "http://a.example/q"}, kT0);
  ASSERT_FALSE(Next(kT0, 200).empty());
  ASSERT_FALSE(Next(kT0 + 1000, 200).empty());
  const int64_t later = kT0 + 5000;  // both revisits are kRevisit away
  Frontier::SitemapChange change = frontier_->SitemapListed(sitemap, {"http://a.example/q"}, later);
  EXPECT_EQ(change.before, 2u);
  EXPECT_EQ(change.left, 1u);
  EXPECT_EQ(change.marked, 1u);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->left_sitemap_ms(), later);
  EXPECT_EQ(frontier_->Get("http://a.example/q")->left_sitemap_ms(), 0);
  auto t = frontier_->Lease(1, later);
  ASSERT_EQ(t.size(), 1u) << "due at once, not at its revisit";
  EXPECT_EQ(t[0].url(), "http://a.example/p");
  EXPECT_TRUE(t[0].confirms_gone()) << "one 404 after leaving the sitemap decides";
  EXPECT_TRUE(t[0].left_sitemap());
  frontier_->Complete(Done(t[0], 404), later);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->due_ms(), 0);
}

TEST_F(FrontierTest, APageStillInItsSitemapNeedsTwoChecksAndOneListedAgainLosesTheMark) {
  const std::string sitemap = "http://a.example/sitemap.xml";
  frontier_->Add({Candidate("http://a.example/p")}, kT0);
  frontier_->SitemapListed(sitemap, {"http://a.example/p"}, kT0);
  ASSERT_EQ(Next(kT0, 200), "http://a.example/p");
  frontier_->SitemapListed(sitemap, {"http://a.example/p"}, kT0 + 10);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->left_sitemap_ms(), 0);
  frontier_->SitemapListed(sitemap, {}, kT0 + 20);
  EXPECT_GT(frontier_->Get("http://a.example/p")->left_sitemap_ms(), 0);
  frontier_->SitemapListed(sitemap, {"http://a.example/p"}, kT0 + 30);
  EXPECT_EQ(frontier_->Get("http://a.example/p")->left_sitemap_ms(), 0) << "back in the sitemap";
  auto t = frontier_->Lease(1, kT0 + 2000);  // due at once, past the host's delay
  ASSERT_EQ(t.size(), 1u);
  EXPECT_FALSE(t[0].confirms_gone());
}

TEST_F(FrontierTest, ASitemapThatDropsMostOfALargeListingAtOnceMarksNothing) {
  const std::string sitemap = "http://a.example/sitemap.xml";
  std::vector<UrlCandidate> candidates;
  std::vector<std::string> urls;
  for (int i = 0; i < 40; ++i) {
    urls.push_back("http://a.example/p" + std::to_string(i));
    candidates.push_back(Candidate(urls.back()));
  }
  frontier_->Add(candidates, kT0);
  frontier_->SitemapListed(sitemap, urls, kT0);
  int64_t now = kT0;
  for (int i = 0; i < 40; ++i, now += 1000) ASSERT_FALSE(Next(now, 200).empty()) << i;
  Frontier::SitemapChange change = frontier_->SitemapListed(sitemap, {urls[0], urls[1]}, now);
  EXPECT_TRUE(change.reorganized);
  EXPECT_EQ(change.marked, 0u);
  EXPECT_EQ(frontier_->Get(urls[5])->left_sitemap_ms(), 0);
  // The new, shorter listing is the one compared next time.
  change = frontier_->SitemapListed(sitemap, {urls[0]}, now + 10);
  EXPECT_EQ(change.before, 2u);
  EXPECT_EQ(change.marked, 1u);
}

TEST_F(FrontierTest, ServerErrorsBackOffExponentially) {
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  int64_t now = kT0;
  std::vector<int64_t> intervals;
  for (int i = 0; i < 3; ++i) {
    auto t = frontier_->Lease(1, now);
    ASSERT_EQ(t.size(), 1u);
    frontier_->Complete(Done(t[0], 503), now);
    auto e = frontier_->Get("http://a.example/feed");
    intervals.push_back(e->interval_ms());
    now = e->due_ms();
  }
  EXPECT_EQ(intervals, (std::vector<int64_t>{2 * kRevisit, 4 * kRevisit, 8 * kRevisit}));
}

TEST_F(FrontierTest, LeasedUrlsSurviveARestart) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://b.example/1")}, kT0);
  ASSERT_EQ(frontier_->Lease(10, kT0).size(), 2u);
  Open();  // as after kill -9: the leases were never completed
  auto again = frontier_->Lease(10, kT0);
  EXPECT_EQ(again.size(), 2u);
  EXPECT_EQ(frontier_->QueuedBySource()["s"], 2);
}

TEST_F(FrontierTest, PausedSourcesAreNotLeased) {
  frontier_->Add({Candidate("http://a.example/1", caravan::v1::PAGE, "paused-one")}, kT0);
  EXPECT_TRUE(frontier_->Lease(10, kT0, {"paused-one"}).empty());
  EXPECT_EQ(frontier_->Lease(10, kT0).size(), 1u);
}

TEST_F(FrontierTest, ScheduleNowMakesAKnownUrlDue) {
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  auto t = frontier_->Lease(1, kT0);
  frontier_->Complete(Done(t[0], 200), kT0);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 2000).empty());
  frontier_->ScheduleNow(Candidate("http://a.example/feed", caravan::v1::FEED), kT0 + 2000);
  EXPECT_EQ(frontier_->Lease(1, kT0 + 2000).size(), 1u);
  EXPECT_EQ(frontier_->QueuedBySource()["s"], 1);
}

TEST_F(FrontierTest, ValidatorsAreKeptForConditionalGet) {
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  auto t = frontier_->Lease(1, kT0);
  CompleteRequest r = Done(t[0], 200);
  r.set_etag("\"v1\"");
  r.set_last_modified("Tue, 01 Oct 2024 04:00:00 GMT");
  frontier_->Complete(r, kT0);
  t = frontier_->Lease(1, kT0 + kRevisit);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].etag(), "\"v1\"");
  EXPECT_EQ(t[0].last_modified(), "Tue, 01 Oct 2024 04:00:00 GMT");
}

TEST_F(FrontierTest, EveryHostGetsItsTurn) {
  std::vector<UrlCandidate> urls;
  for (char h = 'a'; h <= 'e'; ++h) {
    for (int i = 0; i < 3; ++i) urls.push_back(Candidate(std::string("http://") + h + ".example/" + std::to_string(i)));
  }
  frontier_->Add(urls, kT0);
  std::set<std::string> hosts;
  // Each round every host is idle and past its delay: only rotation keeps
  // the first host in order from winning every time.
  for (int round = 0; round < 5; ++round) {
    int64_t now = kT0 + round * 2000;
    auto t = frontier_->Lease(1, now);
    ASSERT_EQ(t.size(), 1u);
    hosts.insert(url::AuthorityOf(t[0].url()));
    frontier_->Complete(Done(t[0], 200, true), now);
  }
  EXPECT_EQ(hosts.size(), 5u);
}

TEST_F(FrontierTest, ExpiredLeasesAreHandedOutAgain) {
  frontier_->Add({Candidate("http://a.example/1")}, kT0);
  ASSERT_EQ(frontier_->Lease(1, kT0).size(), 1u);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 1000).empty());
  EXPECT_EQ(frontier_->Lease(1, kT0 + 11 * 60 * 1000).size(), 1u);
}

CompleteRequest Failed(const FetchTask& task, const std::string& failure, int64_t elapsed_ms = 0,
                       int64_t retry_after_ms = 0) {
  CompleteRequest r = Done(task, failure == "timeout" ? 0 : 503);
  r.set_failure(failure);
  r.set_elapsed_ms(elapsed_ms);
  r.set_retry_after_ms(retry_after_ms);
  return r;
}

TEST_F(FrontierTest, SlowAnswersStretchTheHostDelay) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0);
  auto first = frontier_->Lease(1, kT0);
  CompleteRequest slow = Done(first[0], 200);
  slow.set_elapsed_ms(4000);
  frontier_->Complete(slow, kT0);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 7000).empty()) << "gap is twice the 4 s answer";
  EXPECT_EQ(frontier_->Lease(1, kT0 + 8000).size(), 1u);
}

TEST_F(FrontierTest, RetryAfterKeepsTheHostAway) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0);
  auto first = frontier_->Lease(1, kT0);
  frontier_->Complete(Failed(first[0], "throttled", 0, 120'000), kT0);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 119'000).empty());
  EXPECT_EQ(frontier_->Lease(1, kT0 + 120'000).size(), 1u);
}

TEST_F(FrontierTest, HostFailuresBackOffThenOpenTheCircuitUntilAProbeSucceeds) {
  std::vector<UrlCandidate> urls;
  for (int i = 0; i < 20; ++i) urls.push_back(Candidate("http://a.example/" + std::to_string(i)));
  frontier_->Add(urls, kT0);
  int64_t now = kT0;
  // Ends one lease with `outcome` and returns the gap before the host is
  // asked again.
  auto gap_after = [&](const std::string& failure) {
    auto t = frontier_->Lease(1, now);
    EXPECT_EQ(t.size(), 1u);
    if (t.empty()) return int64_t{-1};
    frontier_->Complete(failure.empty() ? Done(t[0], 200) : Failed(t[0], failure), now);
    int64_t gap = *frontier_->NextDueMs() - now;
    now += gap;
    return gap;
  };
  std::vector<int64_t> gaps;
  for (int i = 0; i < 4; ++i) gaps.push_back(gap_after("timeout"));
  EXPECT_EQ(gaps, (std::vector<int64_t>{2000, 4000, 8000, 16000}));
  EXPECT_TRUE(frontier_->SuspendedHosts(now).empty());

  EXPECT_EQ(gap_after("http_5xx"), 5 * 60'000) << "fifth failure in a row opens the circuit";
  EXPECT_EQ(frontier_->SuspendedHosts(now - 1)["s"], std::vector<std::string>{"a.example"});
  EXPECT_TRUE(frontier_->SuspendedHosts(now).empty()) << "cool-down over: half-open";
  EXPECT_EQ(gap_after("connect"), 10 * 60'000) << "a failed probe doubles the cool-down";
  EXPECT_EQ(gap_after(""), 1000) << "a good probe closes the circuit";
  EXPECT_EQ(gap_after("timeout"), 2000) << "and the count starts over";
}

TEST_F(FrontierTest, UrlFailuresDoNotBackTheHostOff) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2")}, kT0);
  auto first = frontier_->Lease(1, kT0);
  frontier_->Complete(Failed(first[0], "too_large"), kT0);
  EXPECT_EQ(frontier_->Lease(1, kT0 + 1000).size(), 1u);
}

TEST_F(FrontierTest, TrapUrlsAreSkippedAndCounted) {
  int added = frontier_->Add({Candidate("http://a.example/events/2087/03/"),
                              Candidate("http://a.example/a/b/a/b/a/b/"),
                              Candidate("http://a.example/events/2087/04/", caravan::v1::START),
                              Candidate("http://a.example/ok")},
                             kT0);
  EXPECT_EQ(added, 2) << "the start URL is the operator's choice and is kept";
  auto skipped = frontier_->SkippedBySource()["s"];
  EXPECT_EQ(skipped["trap_calendar"], 1);
  EXPECT_EQ(skipped["trap_repeated_path"], 1);
}

TEST_F(FrontierTest, NewerLastmodMakesAFetchedPageDueNow) {
  frontier_->Add({Candidate("http://a.example/1")}, kT0);
  auto t = frontier_->Lease(1, kT0);
  frontier_->Complete(Done(t[0], 200), kT0);
  int64_t due = frontier_->Get("http://a.example/1")->due_ms();
  ASSERT_GT(due, kT0 + 1000);

  UrlCandidate stale = Candidate("http://a.example/1");
  stale.mutable_lastmod()->set_seconds((kT0 - 1000) / 1000);
  frontier_->Add({stale}, kT0 + 5000);
  EXPECT_EQ(frontier_->Get("http://a.example/1")->due_ms(), due) << "older lastmod: nothing to refetch";

  UrlCandidate edited = Candidate("http://a.example/1");
  edited.mutable_lastmod()->set_seconds((kT0 + 3000) / 1000);
  EXPECT_EQ(frontier_->Add({edited}, kT0 + 5000), 0);
  EXPECT_EQ(frontier_->Get("http://a.example/1")->due_ms(), kT0 + 5000);
  EXPECT_EQ(frontier_->QueuedBySource()["s"], 1);
}

UrlCandidate Announced(const std::string& url, int64_t lastmod_ms) {
  UrlCandidate c = Candidate(url);
  c.set_announced(true);
  if (lastmod_ms) c.mutable_lastmod()->set_seconds(lastmod_ms / 1000);
  return c;
}

UrlCandidate Linked(const std::string& url, int depth) {
  UrlCandidate c = Candidate(url);
  c.set_depth(depth);
  return c;
}

TEST_F(FrontierTest, HubsComeFirstThenAnnouncedThenLinkedUrls) {
  frontier_->Add({Linked("http://a.example/linked", 1)}, kT0);
  frontier_->Add({Announced("http://a.example/announced", 0)}, kT0);
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) order.push_back(Next(kT0 + i * 1000));
  EXPECT_EQ(order, (std::vector<std::string>{"http://a.example/feed", "http://a.example/announced",
                                             "http://a.example/linked"}));
}

TEST_F(FrontierTest, ALinkedUrlAFeedThenAnnouncesJoinsTheAnnouncedClass) {
  // An archive walk (shallow pages) is under way when a listing links a new
  // post one hop deeper; the feed announces the post a moment later.
  frontier_->Add({Linked("http://a.example/category/page/2/", 1), Linked("http://a.example/category/page/3/", 1),
                  Linked("http://a.example/new-post/", 2)},
                 kT0);
  frontier_->Add({Announced("http://a.example/new-post/", kT0 - 1000)}, kT0 + 1);
  EXPECT_EQ(Next(kT0 + 10), "http://a.example/new-post/");
  EXPECT_TRUE(frontier_->Get("http://a.example/new-post/")->announced());
  EXPECT_EQ(Next(kT0 + 1010), "http://a.example/category/page/2/");
}

TEST_F(FrontierTest, AnnouncedUrlsComeNewestFirstAndUndatedLast) {
  frontier_->Add({Announced("http://a.example/old", kT0 - 86'400'000), Announced("http://a.example/undated", 0),
                  Announced("http://a.example/new", kT0 - 1000), Announced("http://a.example/mid", kT0 - 3'600'000)},
                 kT0);
  std::vector<std::string> order;
  for (int i = 0; i < 4; ++i) order.push_back(Next(kT0 + i * 1000));
  EXPECT_EQ(order, (std::vector<std::string>{"http://a.example/new", "http://a.example/mid", "http://a.example/old",
                                             "http://a.example/undated"}));
}

TEST_F(FrontierTest, LinkedUrlsComeShallowestFirstThenInTheOrderFound) {
  frontier_->Add({Linked("http://a.example/deep", 3)}, kT0);
  frontier_->Add({Linked("http://a.example/first", 1)}, kT0 + 1);
  frontier_->Add({Linked("http://a.example/second", 1)}, kT0 + 2);
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) order.push_back(Next(kT0 + 10 + i * 1000));
  EXPECT_EQ(order, (std::vector<std::string>{"http://a.example/first", "http://a.example/second",
                                             "http://a.example/deep"}));
}

TEST_F(FrontierTest, ADueHubWaitsForAtMostTheRequestInFlight) {
  std::vector<UrlCandidate> archive;
  for (int i = 0; i < 100; ++i) archive.push_back(Linked("http://a.example/archive/" + std::to_string(i), 1));
  frontier_->Add(archive, kT0);
  frontier_->Add({Candidate("http://a.example/feed", caravan::v1::FEED)}, kT0);
  ASSERT_EQ(Next(kT0), "http://a.example/feed");
  // The feed is due again at kT0 + kRevisit; one archive URL is in flight then.
  int64_t now = kT0 + 1000;
  auto t = frontier_->Lease(1, now);
  ASSERT_EQ(t.size(), 1u);
  while (now + 1000 < kT0 + kRevisit) {
    frontier_->Complete(Done(t[0], 200), now);
    now += 1000;
    t = frontier_->Lease(1, now);
    ASSERT_EQ(t.size(), 1u);
  }
  frontier_->Complete(Done(t[0], 200), kT0 + kRevisit);
  EXPECT_EQ(Next(kT0 + kRevisit + 1000), "http://a.example/feed");
}

TEST_F(FrontierTest, RevisitsTakeTheirShareWhileNewUrlsWait) {
  std::vector<UrlCandidate> known;
  for (int i = 0; i < 10; ++i) known.push_back(Linked("http://a.example/known/" + std::to_string(i), 1));
  frontier_->Add(known, kT0);
  int64_t now = kT0;
  for (int i = 0; i < 10; ++i, now += 1000) ASSERT_FALSE(Next(now).empty());
  // Every known page is due for a revisit; 40 new URLs arrive.
  now += kRevisit;
  std::vector<UrlCandidate> fresh;
  for (int i = 0; i < 40; ++i) fresh.push_back(Linked("http://a.example/new/" + std::to_string(i), 1));
  frontier_->Add(fresh, now);
  int revisits = 0;
  for (int i = 0; i < 40; ++i, now += 1000) revisits += Next(now).find("/known/") != std::string::npos;
  EXPECT_EQ(revisits, 8) << "a fifth of 40 requests";
}

TEST_F(FrontierTest, WithoutNewUrlsRevisitsTakeEveryTurn) {
  revisit_share_ = 0;
  Open();
  frontier_->Add({Linked("http://a.example/p", 1)}, kT0);
  ASSERT_EQ(Next(kT0), "http://a.example/p");
  EXPECT_EQ(Next(kT0 + kRevisit), "http://a.example/p");
}

TEST_F(FrontierTest, ADeferredLeaseCountsAsARequestAndLeavesTheUrlDue) {
  frontier_->Add({Candidate("http://a.example/1")}, kT0);
  auto t = frontier_->Lease(1, kT0);
  ASSERT_EQ(t.size(), 1u);
  CompleteRequest robots = Done(t[0], 404);
  robots.set_deferred(true);
  frontier_->Complete(robots, kT0 + 5);
  EXPECT_TRUE(frontier_->Lease(1, kT0 + 500).empty()) << "robots.txt was a request to the host";
  auto again = frontier_->Lease(1, kT0 + 1005);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].url(), "http://a.example/1");
  EXPECT_EQ(frontier_->Get("http://a.example/1")->last_fetch_ms(), 0) << "nothing was learnt of the URL";
}

TEST_F(FrontierTest, HostsOnOneAddressShareTheDelayWhenKeyedByIp) {
  politeness_key_ = PolitenessKey::kIp;
  Open();
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2"),
                  Candidate("http://b.example/1"), Candidate("http://b.example/2")},
                 kT0);
  // Before anything is known of their addresses, hosts go on their own.
  auto first = frontier_->Lease(10, kT0);
  ASSERT_EQ(first.size(), 2u);
  for (const auto& t : first) {
    CompleteRequest r = Done(t, 200);
    r.set_address("192.0.2.7");
    frontier_->Complete(r, kT0 + 10);
  }
  auto second = frontier_->Lease(10, kT0 + 1010);
  EXPECT_EQ(second.size(), 1u) << "one address, one request at a time";
}

TEST_F(FrontierTest, HostsOnOneAddressStayApartWhenKeyedByHost) {
  frontier_->Add({Candidate("http://a.example/1"), Candidate("http://a.example/2"),
                  Candidate("http://b.example/1"), Candidate("http://b.example/2")},
                 kT0);
  for (const auto& t : frontier_->Lease(10, kT0)) {
    CompleteRequest r = Done(t, 200);
    r.set_address("192.0.2.7");
    frontier_->Complete(r, kT0 + 10);
  }
  EXPECT_EQ(frontier_->Lease(10, kT0 + 1010).size(), 2u);
}

TEST_F(FrontierTest, AListingPageIsRevisitedLikeAHub) {
  frontier_->Add({Linked("http://a.example/category/energy/", 1), Linked("http://a.example/category/energy/page/2/", 2)},
                 kT0);
  for (int i = 0; i < 2; ++i) {
    auto t = frontier_->Lease(1, kT0 + i * 1000);
    ASSERT_EQ(t.size(), 1u);
    CompleteRequest r = Done(t[0], 200);
    r.set_listing(true);
    r.set_listing_continuation(t[0].url().find("/page/") != std::string::npos);
    frontier_->Complete(r, kT0 + i * 1000);
  }
  auto first = frontier_->Get("http://a.example/category/energy/");
  EXPECT_EQ(first->kind(), caravan::v1::LISTING);
  EXPECT_EQ(first->interval_ms(), kRevisit);
  EXPECT_EQ(frontier_->Get("http://a.example/category/energy/page/2/")->kind(), caravan::v1::PAGE)
      << "page 2 of an archive is revisited like an article";
}

TEST_F(FrontierTest, OlderPublicationsWaitLongerForTheirFirstRevisit) {
  frontier_->Add({Candidate("http://a.example/new"), Candidate("http://a.example/old")}, kT0);
  for (int i = 0; i < 2; ++i) {
    auto t = frontier_->Lease(1, kT0 + i * 1000);
    ASSERT_EQ(t.size(), 1u);
    CompleteRequest r = Done(t[0], 200, true);
    bool old = t[0].url().ends_with("/old");
    int64_t now = kT0 + i * 1000;
    r.set_published_ms(old ? now - 40 * kRevisit : now - 1000);
    frontier_->Complete(r, now);
  }
  EXPECT_EQ(frontier_->Get("http://a.example/new")->interval_ms(), kRevisit);
  EXPECT_EQ(frontier_->Get("http://a.example/old")->interval_ms(), 4 * kRevisit) << "a tenth of its age";
}

TEST_F(FrontierTest, PermanentlyMovedPagesAreNotScheduledAgainButMovedSeedsAre) {
  frontier_->Add({Candidate("http://a.example/moved"), Candidate("http://b.example/feed", caravan::v1::FEED)}, kT0);
  for (const auto& t : frontier_->Lease(10, kT0)) frontier_->Complete(Done(t, 301), kT0);
  EXPECT_EQ(frontier_->Get("http://a.example/moved")->due_ms(), 0);
  EXPECT_EQ(frontier_->Get("http://b.example/feed")->due_ms(), kT0 + kRevisit);
}

TEST_F(FrontierTest, AHubReachedByARedirectIsDueAtOnce) {
  frontier_->Add({Candidate("https://a.example/feed/", caravan::v1::FEED)}, kT0);
  ASSERT_EQ(Next(kT0), "https://a.example/feed/");
  UrlCandidate hop = Candidate("https://a.example/feed/", caravan::v1::FEED);
  hop.add_redirect_chain("http://a.example/feed");
  frontier_->Add({hop}, kT0 + 2000);
  EXPECT_EQ(Next(kT0 + 2000), "https://a.example/feed/");
}

TEST_F(FrontierTest, AQueueOfTheOlderLayoutIsRebuiltOnOpen) {
  // Before queue classes: host \0 be64(due) url, and no format record.
  caravan::v1::FrontierEntry entry;
  entry.set_url("http://a.example/1");
  entry.set_source("s");
  entry.set_kind(caravan::v1::PAGE);
  entry.set_due_ms(kT0);
  frontier_.reset();
  std::string key = "a.example";
  key.push_back('\0');
  key += storage::EncodeBe64(kT0) + entry.url();
  db_->db()->Put(rocksdb::WriteOptions(), db_->cf("frontier_queue"), key, "");
  db_->db()->Put(rocksdb::WriteOptions(), db_->cf("frontier_urls"), entry.url(), entry.SerializeAsString());
  db_->db()->Delete(rocksdb::WriteOptions(), db_->cf("meta"), "frontier_queue_format");
  frontier_ = std::make_unique<Frontier>(db_.get(), FrontierOptions{}, [](const std::string&) {
    return RevisitPolicy{};
  });
  auto t = frontier_->Lease(1, kT0);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].url(), "http://a.example/1");
}

TEST(RevisitPolicy, HubsFollowTheSourceRevisitWhetherOrNotTheyChanged) {
  RevisitPolicy p{.hub_ms = 60'000, .page_min_ms = 86'400'000, .page_max_ms = 30 * 86'400'000LL};
  FetchOutcome o{.hub = true, .previous_interval_ms = 60'000, .now_ms = kT0};
  EXPECT_EQ(NextRevisitMs(p, o, 0), 60'000);
  o.changed = true;
  EXPECT_EQ(NextRevisitMs(p, o, 0), 60'000);
}

TEST(RevisitPolicy, AnArticleIsFirstRevisitedAfterRevisitPagesMinThenDoublesUpToMax) {
  RevisitPolicy p{.hub_ms = 60'000, .page_min_ms = 86'400'000, .page_max_ms = 30 * 86'400'000LL};
  FetchOutcome o{.first_fetch = true, .now_ms = kT0};
  int64_t interval = NextRevisitMs(p, o, 0);
  EXPECT_EQ(interval, 86'400'000);
  o.first_fetch = false;
  std::vector<int64_t> days;
  for (int i = 0; i < 6; ++i) {
    o.previous_interval_ms = interval;
    interval = NextRevisitMs(p, o, 0);
    days.push_back(interval / 86'400'000);
  }
  EXPECT_EQ(days, (std::vector<int64_t>{2, 4, 8, 16, 30, 30}));
  o.changed = true;
  EXPECT_EQ(NextRevisitMs(p, o, 0), 86'400'000) << "a change starts over";
}

TEST(RevisitPolicy, AnArticleIsNotRevisitedSoonerThanATenthOfItsAge) {
  RevisitPolicy p{.hub_ms = 60'000, .page_min_ms = 86'400'000, .page_max_ms = 30 * 86'400'000LL};
  FetchOutcome o{.first_fetch = true, .published_ms = kT0 - 100LL * 86'400'000, .now_ms = kT0};
  EXPECT_EQ(NextRevisitMs(p, o, 0), 10LL * 86'400'000);
  o.published_ms = kT0 - 3650LL * 86'400'000;
  EXPECT_EQ(NextRevisitMs(p, o, 0), 30LL * 86'400'000) << "capped at revisit_pages.max";
}

TEST(RevisitPolicy, FailuresBackOffExponentiallyUpToTheCap) {
  RevisitPolicy p{.hub_ms = 60'000, .page_min_ms = 86'400'000, .page_max_ms = 30 * 86'400'000LL};
  FetchOutcome o{.hub = true, .failed = true, .now_ms = kT0};
  std::vector<int64_t> waits;
  for (int f = 1; f <= 4; ++f) {
    o.failures = f;
    waits.push_back(NextRevisitMs(p, o, 300'000));
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{120'000, 240'000, 300'000, 300'000}));
}

}  // namespace
}  // namespace caravan::frontier
