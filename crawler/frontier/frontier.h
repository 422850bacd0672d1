// The persistent crawl frontier: every known URL, when it is due, and the
// per-host politeness that decides what may be fetched now.
#pragma once

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
#include "crawler/frontier/traps.h"
#include "storage/database.h"

namespace caravan::frontier {

struct FrontierOptions {
  PolitenessOptions politeness;
  TrapOptions traps;
  // Longest revisit interval of a page that keeps not changing.
  int64_t max_revisit_ms = 7LL * 24 * 3600 * 1000;
  // A lease not completed within this time is handed out again.
  int64_t lease_timeout_ms = 10 * 60 * 1000;
};

// Revisit interval of a source, by URL kind; supplied by the owner so the
// frontier needs no config.
using RevisitFn = std::function<int64_t(const std::string& source)>;

// Keeps URLs in per-host queues ordered by due time, in RocksDB (column
// families frontier_urls and frontier_queue of `db`, not owned), so a
// killed process resumes with every queued URL. A URL stays queued while
// leased and is rescheduled or dropped only by Complete(), so a crash
// mid-fetch fetches it again rather than losing it.
//
// Politeness lives here, not in the fetchers, so it holds however many
// fetchers lease: at most one lease per host at a time, and a per-host gap
// between requests that grows with slow answers, failures and Retry-After
// (politeness.h). Discovered URLs pass the trap checks and the per-host
// budget (traps.h) before they are queued. Thread-safe.
class Frontier {
 public:
  Frontier(storage::Database* db, FrontierOptions options, RevisitFn revisit);

  // Adds unknown URLs, due at not_before (now when unset), unless they look
  // like a trap or their host's budget is spent (counted in
  // SkippedBySource). A known URL is left as it is, unless the candidate's
  // lastmod says it changed after its last fetch: then it is due now.
  // Returns how many were new.
  int Add(const std::vector<caravan::v1::UrlCandidate>& candidates, int64_t now_ms);

  // Makes a known URL due now (operator's crawl-now); adds it if unknown.
  void ScheduleNow(const caravan::v1::UrlCandidate& candidate, int64_t now_ms);

  // Up to `max` due URLs, at most one per host, skipping busy hosts, hosts
  // still in their delay, and sources in `paused`.
  std::vector<caravan::v1::FetchTask> Lease(int max, int64_t now_ms,
                                            const std::set<std::string>& paused = {});

  // Ends a lease: stores the validators, reschedules the URL by its kind,
  // outcome and change (or drops a gone page), and frees its host after
  // its politeness gap. Unknown or expired leases are ignored.
  void Complete(const caravan::v1::CompleteRequest& request, int64_t now_ms);

  // Raises a host's delay (robots.txt Crawl-delay); never below the default.
  void SetHostDelay(const std::string& host, int64_t delay_ms);

  std::optional<caravan::v1::FrontierEntry> Get(const std::string& url) const;
  // Earliest time a queued URL is due (ignoring politeness); nullopt if none.
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
  struct HostState {
    bool busy = false;
    HostPoliteness politeness;
    // Due time of the host's earliest queued URL; INT64_MAX when empty.
    int64_t next_due_ms = INT64_MAX;
    std::string source;  // of the last lease, for status
    // This host's key in ready_, INT64_MIN when not in it.
    int64_t ready_ms = INT64_MIN;
  };
  struct LeaseInfo {
    std::string url;
    std::string host;
    std::string source;
    int64_t leased_ms;
  };

  void LoadQueue();
  void Enqueue(rocksdb::WriteBatch* batch, caravan::v1::FrontierEntry* entry, int64_t due_ms);
  void Dequeue(rocksdb::WriteBatch* batch, const caravan::v1::FrontierEntry& entry);
  std::optional<caravan::v1::FrontierEntry> ReadEntry(const std::string& url) const;
  // Re-reads the host's earliest due time from the queue.
  void RefreshHostDue(const std::string& host);
  // Files the host in ready_ by when it may next be leased (its head due
  // and its politeness gap both passed), or takes it out while busy or
  // empty. Called after every change to busy, next_due_ms or politeness.
  void Index(const std::string& host, HostState& h);
  void EraseHost(const std::string& host);
  int64_t NextInterval(const caravan::v1::FrontierEntry& entry,
                       const caravan::v1::CompleteRequest& outcome) const;
  void ExpireLeases(int64_t now_ms);

  storage::Database* db_;
  FrontierOptions options_;
  RevisitFn revisit_;
  mutable std::mutex mu_;
  std::map<std::string, HostState> hosts_;
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

// Key of a URL's host in the queue; the politeness unit ("host:port").
std::string QueueHost(const std::string& url);

}  // namespace caravan::frontier
