// When a URL is fetched again, by what kind of page it is.
//
// A source has two kinds of pages that change in opposite ways:
//  - hubs (start URLs, feeds, sitemaps, the first page of a listing) change
//    whenever the source publishes; they are how new publications are
//    found, so they are fetched at the source's `revisit`, whether or not
//    they changed last time.
//  - articles and documents are written once and edited rarely, and ever
//    more rarely as they age. Fetching them at the hubs' rate is what made
//    two thirds of all requests 304s and kept new posts waiting.
//
// Where this comes from:
//  - Cho & Garcia-Molina ("Effective page refresh policies", 2003; "Estimating
//    frequency of change", 2003) model a page's changes as a Poisson process
//    and show that a crawler should spend its requests where change is
//    likely, and not chase pages that rarely change. Their estimators need a
//    history per page; two signals we already have stand in for it: whether
//    the last fetch found a change, and the publication's age (a post is
//    corrected in its first days, seldom after its first months).
//  - Nutch's AdaptiveFetchSchedule multiplies a page's interval by 1.4 when
//    unchanged and by 0.8 when changed, between a minimum and a maximum.
//    Heritrix's WaitEvaluator does the same with a factor of 1.5 from a
//    first wait of a day, between an hour and four weeks, on the content
//    digest. StormCrawler's AdaptiveScheduler keeps a per-status interval
//    and grows it while the signature stays the same, resetting it on change.
//  - We double while unchanged (the history is short, so converge fast) from
//    `page_min_ms` to `page_max_ms`, start over on change, and never go below
//    a tenth of the publication's age: a year-old report is not worth a
//    visit a day. A lastmod or feed date newer than the last fetch makes the
//    page due at once whatever its interval (Frontier::Add).
#pragma once

#include <cstdint>

namespace caravan::frontier {

// One source's revisit intervals.
struct RevisitPolicy {
  int64_t hub_ms = 15 * 60'000;                   // the source's `revisit`
  int64_t page_min_ms = 24LL * 3600'000;          // revisit_pages.min
  int64_t page_max_ms = 30LL * 24 * 3600'000;     // revisit_pages.max
};

// What the frontier knows of a URL when one of its fetches ends.
struct FetchOutcome {
  bool hub = false;
  bool failed = false;       // transport error, 5xx, 429
  int failures = 0;          // consecutive, this one included
  bool changed = false;      // stored text or title changed (or is new)
  bool first_fetch = false;  // the URL had never been fetched
  int64_t previous_interval_ms = 0;
  int64_t published_ms = 0;  // 0 when unknown
  int64_t now_ms = 0;
};

// The wait before the URL's next fetch. The n-th failure in a row waits
// 2^n times the kind's interval, up to max_backoff_ms (or the page
// maximum, when larger), so a broken URL does not cost a request per
// interval.
int64_t NextRevisitMs(const RevisitPolicy& policy, const FetchOutcome& outcome, int64_t max_backoff_ms);

}  // namespace caravan::frontier
