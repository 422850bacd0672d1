// The generated web of `make bench-crawl` and `make bench-freshness`: many
// think-tank-like sites, each with a home page, an RSS feed, a sitemap,
// robots.txt and article pages linking to each other. Every response is
// computed from (site, page) on request, so a 100,000-page web costs no
// memory and no disk.
//
// The freshness web adds category listings and a clock: articles carry real
// publication times, new ones come out while the server runs, and pages
// answer conditional requests, so that a crawler's revisits and its latency
// to new publications can be measured.
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace caravan::bench {

struct WebShape {
  int pages = 100;       // articles per site; on a clock, those out before the server starts
  int feed_items = 20;   // newest articles in the feed
  int home_links = 30;   // newest articles on the home page
  // Teasers per page of the category listings (/category/<section>/ and
  // /category/<section>/page/N/); 0: no listings, as in bench-crawl.
  int listing_size = 0;
  // Without a clock, every article is out from the start with a made-up
  // date in 2018+ and pages have no validators: the web of bench-crawl.
  bool clock = false;
  int new_per_site = 0;            // articles per site that come out once the clock runs
  int64_t new_start_ms = 0;        // from the clock's start to the new articles' window
  int64_t new_window_ms = 60'000;  // the new articles come out at random moments in it
  int64_t archive_spacing_ms = 3'600'000;  // between two archive articles' publication times
  uint64_t seed = 1;
};

class GeneratedWeb {
 public:
  // now_ms (unix): the archive's newest article was published one spacing
  // before it.
  GeneratedWeb(const WebShape& shape, int sites, int64_t now_ms);

  // Starts the new articles' clock at now_ms (unix); once only, later calls
  // are ignored. Returns whether this call started it.
  bool StartClock(int64_t now_ms);
  bool clock_started() const { return clock_start_ms_.load() != kNotStarted; }
  // site, URL and unix ms of every article with a publication time, one a
  // line, tab-separated; the new ones only once the clock runs.
  void WriteSchedule(const std::vector<std::string>& origins, std::ostream& out) const;

  // The response of site `site` (0-based) served at `origin`
  // ("http://127.0.1.1:18180") to `request` at now_ms (unix); 404 for paths
  // the site lacks and for articles not out yet.
  net::HttpResponse Serve(int site, const std::string& origin, const net::HttpRequest& request,
                          int64_t now_ms) const;

  // Articles of `site` out at now_ms: always 0..n-1, since new ones come
  // out in the order of their numbers.
  int Published(int site, int64_t now_ms) const;
  // When article `page` of `site` comes out (unix ms); INT64_MAX for a new
  // one while the clock has not started.
  int64_t PublishedMs(int site, int page) const;

 private:
  static constexpr int64_t kNotStarted = INT64_MAX;

  WebShape shape_;
  int64_t archive_end_ms_;
  // Per site, ascending: when each new article comes out, from the clock's start.
  std::vector<std::vector<int64_t>> new_offsets_ms_;
  // Per site, the section of every article, for the category listings.
  std::vector<std::vector<uint8_t>> sections_;
  std::atomic<int64_t> clock_start_ms_{kNotStarted};
};

}  // namespace caravan::bench
