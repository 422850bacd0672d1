// The persistent crawl frontier: every known URL, when it is due and in what
// order, and the per-host politeness that decides what may be fetched now.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "caravan/v1/stages.pb.h"
#include "crawler/frontier/politeness.h"
#include "crawler/frontier/revisit.h"
#include "crawler/frontier/traps.h"
#include "storage/database.h"

namespace caravan::frontier {

// What one request waits for: each host alone, or every host on one IP
// address (shared hosting, a CDN edge), as Heritrix and Nutch can. Hosts
// join their address's group once a fetch has told which address it is.
enum class PolitenessKey { kHost, kIp };

struct FrontierOptions {
  PolitenessOptions politeness;
  TrapOptions traps;
  PolitenessKey politeness_key = PolitenessKey::kHost;
  // Share of a host's requests that revisits of known pages may take while
  // new URLs wait (crawl.revisit_share).
  double revisit_share = 0.2;
  // Longest interval a failing URL backs off to (crawl.max_revisit).
  int64_t max_revisit_ms = 7LL * 24 * 3600 * 1000;
  // A lease not completed within this time is handed out again.
  int64_t lease_timeout_ms = 10 * 60 * 1000;
  // A stored page is gone when it answers 404 or 410 on two checks at least
  // this far apart (crawl.delete_after): a CMS hiccup is no deletion.
  int64_t delete_after_ms = 24LL * 3600 * 1000;
};

// Revisit intervals of a source; supplied by the owner so the frontier
// needs no config.
using RevisitFn = std::function<RevisitPolicy(const std::string& source)>;

// Keeps URLs in per-host queues in RocksDB (column families frontier_urls
// and frontier_queue of `db`, not owned), so a killed process resumes with
// every queued URL. A URL stays queued while leased and is rescheduled or
// dropped only by Complete(), so a crash mid-fetch fetches it again rather
// than losing it.
//
// Each host's work is served in classes, highest first:
//   1. hubs due (start URLs, feeds, sitemaps, first pages of listings), at
//      their source's revisit, earliest due first;
//   2. URLs new from feeds and sitemaps, newest lastmod first;
//   3. URLs new from links, shallowest first, then oldest found first;
//   4. revisits of known pages, earliest due first (revisit.h).
// robots.txt comes before all of them: the fetch stage spends a lease on it
// when it is due (FetchResult.deferred). A host does one request at a time,
// so a lower class delays a higher one by at most the request in flight.
// While new URLs wait, revisits still get revisit_share of the host's
// requests, so that an archive is kept fresh without new posts waiting
// behind it.
//
// Politeness lives here, not in the fetchers, so it holds however many
// fetchers lease: at most one lease per host (or address) at a time, and a
// gap between requests that grows with slow answers, failures and
// Retry-After (politeness.h). Every lease is one request: robots.txt,
// redirect hops and retries each wait their turn. Discovered URLs pass the
// trap checks and the per-host budget (traps.h) before they are queued.
// Thread-safe.
class Frontier {
 public:
  Frontier(storage::Database* db, FrontierOptions options, RevisitFn revisit);

  // Adds unknown URLs, due at not_before (now when unset), unless they look
  // like a trap or their host's budget is spent (counted in
  // SkippedBySource). A known URL is left as it is, unless the candidate's
  // lastmod says it changed after its last fetch, or it is a hub reached by
  // a redirect: then it is due now. Returns how many were new.
  int Add(const std::vector<caravan::v1::UrlCandidate>& candidates, int64_t now_ms);

  // Makes a known URL due now (operator's crawl-now); adds it if unknown.
  void ScheduleNow(const caravan::v1::UrlCandidate& candidate, int64_t now_ms);

  // Records the page URLs sitemap `sitemap` lists now (in column family
  // sitemap_urls). A fetched page it listed before and lists no more is
  // marked (left_sitemap_ms) and made due now: if it answers 404 or 410,
  // that one answer confirms it gone, without the second check
  // delete_after later. Listed again, it loses the mark. When most of a
  // large listing leaves at once the site was reorganized, not emptied:
  // the listing is recorded but nothing is marked.
  struct SitemapChange {
    size_t before = 0;  // URLs the sitemap listed last time
    size_t left = 0;    // of those, not listed now
    size_t marked = 0;  // of those, fetched pages now due for a check
    bool reorganized = false;
  };
  SitemapChange SitemapListed(const std::string& sitemap, const std::vector<std::string>& urls, int64_t now_ms);

  // Up to `max` due URLs, at most one per politeness group, skipping busy
  // groups, groups still in their delay, and sources in `paused`.
  std::vector<caravan::v1::FetchTask> Lease(int max, int64_t now_ms,
                                            const std::set<std::string>& paused = {});

  // Ends a lease: stores the validators, reschedules the URL by its kind,
  // outcome and change (or drops a gone or moved page), and frees its host
  // after its politeness gap. A deferred lease only counts as a request:
  // the URL stays due. Unknown or expired leases are ignored.
  void Complete(const caravan::v1::CompleteRequest& request, int64_t now_ms);

  // Raises the delay of `url`'s host (robots.txt Crawl-delay); never below
  // the default.
  void SetHostDelay(const std::string& url, int64_t delay_ms);

  std::optional<caravan::v1::FrontierEntry> Get(const std::string& url) const;
  // Earliest time a host may be leased (its head due, its delay passed);
  // nullopt if nothing is queued or every host is busy.
  std::optional<int64_t> NextDueMs() const;
  // Queued (scheduled) URLs per source.
  std::map<std::string, int64_t> QueuedBySource() const;
  // Discovered URLs not added, per source and reason, since start-up.
  std::map<std::string, std::map<std::string, int64_t>> SkippedBySource() const;
  // Hosts whose circuit breaker is open at now_ms, by the source that last
  // fetched from them.
  std::map<std::string, std::vector<std::string>> SuspendedHosts(int64_t now_ms) const;
  size_t ActiveLeases() const;

 private:
  static constexpr int kClasses = 4;
  struct HostState {
    // Due time of each class's head; INT64_MAX when the class is empty.
    std::array<int64_t, kClasses> head_due;
    std::string group;   // politeness group
    std::string source;  // of the last lease, for status
    // This host's key in ready_, INT64_MIN when not in it.
    int64_t ready_ms = INT64_MIN;
    // Revisits owed while new URLs wait, in requests (revisit_share).
    double revisit_credit = 0;
    HostState() { head_due.fill(INT64_MAX); }
    int64_t next_due_ms() const { return *std::min_element(head_due.begin(), head_due.end()); }
  };
  // Hosts that take turns: one host, or every host on one address.
  struct Group {
    bool busy = false;
    HostPoliteness politeness;
    std::set<std::string> hosts;
  };
  struct LeaseInfo {
    std::string url;
    std::string host;
    std::string group;
    std::string source;
    int64_t leased_ms;
  };

  void LoadQueue();
  // Whether one more 404 or 410 from `entry` confirms it gone: it has
  // answered so since delete_after or longer, or it left its sitemap.
  bool GoneLongEnough(const caravan::v1::FrontierEntry& entry, int64_t now_ms) const;
  // Rewrites the queue from frontier_urls (a queue of an older layout).
  void RebuildQueue();
  void Enqueue(rocksdb::WriteBatch* batch, caravan::v1::FrontierEntry* entry, int64_t due_ms, int cls,
               int64_t order);
  void Dequeue(rocksdb::WriteBatch* batch, const caravan::v1::FrontierEntry& entry);
  std::optional<caravan::v1::FrontierEntry> ReadEntry(const std::string& url) const;
  // The head of one class of a host that may be fetched now: due, and not
  // of a paused source.
  std::optional<caravan::v1::FrontierEntry> Head(rocksdb::Iterator* it, const std::string& host, int cls,
                                                 int64_t now_ms, const std::set<std::string>& paused) const;
  // Which class to lease from, among the heads that may go now.
  std::optional<caravan::v1::FrontierEntry> Choose(rocksdb::Iterator* it, const std::string& host,
                                                   HostState& h, int64_t now_ms,
                                                   const std::set<std::string>& paused);
  HostState& HostRef(const std::string& host);
  Group& GroupOf(const HostState& h) { return groups_[h.group]; }
  // Moves a host to the group of `address` (PolitenessKey::kIp).
  void Regroup(const std::string& host, const std::string& address);
  // Re-reads the host's heads from the queue.
  void RefreshHostDue(const std::string& host);
  // Files the host in ready_ by when it may next be leased (a head due and
  // its group's gap passed), or takes it out while its group is busy or it
  // is empty. Called after every change to a group or a head.
  void Index(const std::string& host, HostState& h);
  void IndexGroup(Group& g);
  void EraseHost(const std::string& host);
  void ExpireLeases(int64_t now_ms);

  storage::Database* db_;
  FrontierOptions options_;
  RevisitFn revisit_;
  mutable std::mutex mu_;
  std::map<std::string, HostState> hosts_;
  std::map<std::string, Group> groups_;
  // Idle hosts with queued URLs, by the time they may be leased: Lease
  // reads only the front, so it costs the same with 10 hosts or 100,000,
  // and hosts take turns in the order they became ready.
  std::set<std::pair<int64_t, std::string>> ready_;
  std::unordered_map<uint64_t, LeaseInfo> leases_;
  uint64_t next_lease_ = 1;
  std::map<std::string, int64_t> queued_;  // scheduled URLs per source
  TrapCounter traps_;
  std::map<std::string, std::map<std::string, int64_t>> skipped_;
};

}  // namespace caravan::frontier
