// The configured sources at run time: scope, seeds, pause state, counters.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "caravan/v1/admin.pb.h"
#include "caravan/v1/stages.pb.h"
#include "config/config.h"
#include "crawler/frontier/revisit.h"
#include "crawler/url/url.h"
#include "storage/database.h"

namespace caravan::pipeline {

// What happened to one source's fetches and documents: restored from the
// database when Sources is made, kept there by SaveCounters.
struct SourceCounters {
  std::atomic<int64_t> fetches_ok{0};
  std::atomic<int64_t> fetch_errors{0};
  std::atomic<int64_t> robots_denied{0};
  std::atomic<int64_t> not_modified{0};
  std::atomic<int64_t> documents_created{0};
  std::atomic<int64_t> documents_updated{0};
  std::atomic<int64_t> duplicates{0};
  std::atomic<int64_t> copies{0};
  std::atomic<int64_t> deleted{0};
  std::atomic<int64_t> bytes{0};
  std::mutex mu;  // guards the fields below
  int64_t last_fetch_ms = 0;
  int64_t last_document_ms = 0;
  std::string last_error;
  std::map<std::string, int64_t> failures;  // by failure kind (failure.h)
  // Fetched pages not stored, and redirects not followed, by reason
  // ("listing", "redirect_out_of_scope"); the frontier counts the URLs it
  // never queued under the same map in the status.
  std::map<std::string, int64_t> skipped;

  // Counts a failed fetch of `kind` (also in fetch_errors) with its message.
  void RecordFailure(std::string_view kind, std::string error);
  void RecordSkip(std::string_view reason);
};

// Immutable source definitions plus mutable pause state (persisted in the
// database's meta column family so a restart keeps a paused source paused).
// Thread-safe.
class Sources {
 public:
  Sources(std::vector<config::SourceConfig> sources, storage::Database* db,
          const config::CrawlConfig& crawl = {});

  const config::SourceConfig* Find(const std::string& name) const;
  const std::vector<config::SourceConfig>& all() const { return sources_; }

  // Normalized form of `url` when it is in the source's scope, else nullopt.
  std::optional<std::string> InScope(const std::string& source, const std::string& url) const;
  // Normalizes with the source's rules; nullopt when not http(s).
  std::optional<std::string> Normalize(const std::string& source, const std::string& url) const;

  // Start URLs, feeds and sitemaps as frontier candidates.
  std::vector<caravan::v1::UrlCandidate> Seeds(const std::string& source) const;
  // The source's revisit intervals: its own, else the crawl-wide ones.
  frontier::RevisitPolicy Revisit(const std::string& source) const;

  bool SetPaused(const std::string& name, bool paused);
  std::set<std::string> Paused() const;
  bool IsPaused(const std::string& name) const;

  // Counters of a configured source; a shared sink for unknown names.
  SourceCounters& Counters(const std::string& name);
  // Writes every source's counters to the database, which the next Sources
  // over it starts from: counts survive restarts, less what came after the
  // last save. False with `error` when the write fails.
  bool SaveCounters(std::string* error);

 private:
  struct Compiled {
    std::vector<std::unique_ptr<RE2>> scope;
    url::NormalizeOptions normalize;
  };
  std::vector<config::SourceConfig> sources_;
  config::RevisitPagesConfig revisit_pages_;  // crawl-wide default
  std::map<std::string, size_t> by_name_;
  std::vector<Compiled> compiled_;
  std::map<std::string, std::unique_ptr<SourceCounters>> counters_;
  SourceCounters unknown_;
  storage::Database* db_;
  mutable std::mutex mu_;
  std::set<std::string> paused_;
};

// Fills an Admin SourceStatus from the counters.
void FillStatus(const std::string& name, SourceCounters& counters, caravan::v1::SourceStatus* status);

}  // namespace caravan::pipeline
