// The ingestion loop of --target=all: frontier -> fetch -> extract ->
// dedup -> store, and discovered URLs back to the frontier.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "crawler/discovery/discovery.h"
#include "services/pipeline/sources.h"
#include "services/pipeline/stages.h"
#include "templates/site_templates.h"

namespace caravan::pipeline {

struct PipelineOptions {
  // Fetches in flight at most (each on a different host: see Frontier).
  int max_parallel = 64;
  // Threads that parse, extract and store fetched bodies.
  int workers = 2;
  // Not owned; outlives the pipeline.
  const Clock* clock = SystemClock();
};

// What a fetched page told about its URL, for its next visit.
struct PageOutcome {
  bool changed = false;  // a stored document was created or changed
  int64_t published_ms = 0;
  bool listing = false;
  bool listing_continuation = false;
  // The document could not be stored: the lease is given back (deferred),
  // so the page is fetched again after its host's delay.
  bool retry = false;
};

// Drives the stages (none owned). One thread leases due URLs and hands
// them to the fetch stage; worker threads turn fetched bodies into
// documents and new URLs. Completes every lease it takes, whatever
// happens to the fetch, so no host stays blocked. Or, without Start(),
// the caller drives it a Step() at a time.
class Pipeline {
 public:
  // `templates` may be null: main text is then stored as extracted.
  Pipeline(Sources* sources, FrontierStage* frontier, FetchStage* fetch, ExtractStage* extract,
           DedupStage* dedup, StoreStage* store, PipelineOptions options,
           templates::SiteTemplates* templates = nullptr);
  ~Pipeline();

  // Adds every source's seeds (known ones keep their schedule) and starts
  // the threads.
  void Start();
  void Stop();

  // Adds every source's seeds (known ones keep their schedule); for a
  // caller that drives the pipeline with Step() instead of Start().
  void AddSeeds();
  // On the calling thread: leases what is due now, fetches it and
  // processes every result the fetch stage has delivered; returns how many
  // it processed. A fetch stage that answers later has its results
  // processed by a later Step. Not to be mixed with Start().
  int Step();

  // Schedules the source's seeds now. False for an unknown source.
  bool CrawlNow(const std::string& source);

  // Processes a page fetched elsewhere (`result`'s task names its URL and
  // source) through extraction, dedup and the store, following none of
  // its links. True when it stored a new document or version.
  bool Ingest(const caravan::v1::FetchResult& result);

  enum class Reextracted { kChanged, kUnchanged, kSkipped, kFailed };
  // Runs the current extractor over `raw`, the stored body of `stored`'s
  // latest version, as the crawl would have (site templates, topics), and
  // stores the result as a new version when any extracted field differs.
  // kSkipped when the page makes no document any more (too short, a
  // listing, off the source's topics): the stored one is left as it is.
  // kFailed when the new version could not be written (logged).
  Reextracted Reextract(const caravan::v1::Document& stored, const std::string& raw);
  int InFlight() const { return in_flight_.load(); }

 private:
  void LeaseLoop();
  void WorkLoop();
  // Leases up to the free capacity and hands the tasks to the fetch stage,
  // whose results queue up for ProcessOne; returns how many it leased.
  int LeaseAndFetch();
  // Processes one result, whatever goes wrong, and frees its capacity.
  void ProcessOne(const caravan::v1::FetchResult& result);
  void Process(const caravan::v1::FetchResult& result);
  // Each adds the URLs it discovered to `out`. ProcessRedirect queues the
  // next hop to `location`, or counts why not.
  void ProcessRedirect(const caravan::v1::FetchResult& result, const std::string& location,
                       std::vector<caravan::v1::UrlCandidate>* out);
  PageOutcome ProcessPage(const caravan::v1::FetchResult& result, std::vector<caravan::v1::UrlCandidate>* out);
  // The document a fetched page makes (not yet deduplicated, tagged or
  // stored), with what extraction found in `*extracted`; nullopt for a
  // start page, a listing, too little text or a page out of scope. Adds
  // the links it found to `out` and what the frontier wants to `outcome`.
  // `keep_canonical`, when given, is the canonical URL (and so the id) the
  // document keeps.
  std::optional<caravan::v1::Document> ExtractDocument(const caravan::v1::FetchResult& result,
                                                       std::vector<caravan::v1::UrlCandidate>* out,
                                                       PageOutcome* outcome, caravan::v1::ExtractResult* extracted,
                                                       const std::string& keep_canonical = "");
  // The candidate added to `out`, or null when out of scope or too deep.
  caravan::v1::UrlCandidate* AddCandidate(const caravan::v1::FetchTask& from, const std::string& url,
                                          caravan::v1::UrlKind kind, int depth,
                                          std::vector<caravan::v1::UrlCandidate>* out);
  // Adds what a hub named, in scope and within the source's depth.
  void AddFound(const caravan::v1::FetchTask& from, const std::vector<discovery::Found>& found,
                std::vector<caravan::v1::UrlCandidate>* out);
  void Complete(const caravan::v1::FetchResult& result, const PageOutcome& outcome = {});
  void Wake();

  Sources* sources_;
  FrontierStage* frontier_;
  FetchStage* fetch_;
  ExtractStage* extract_;
  DedupStage* dedup_;
  StoreStage* store_;
  PipelineOptions options_;
  templates::SiteTemplates* templates_;

  std::atomic<bool> running_{false};
  std::atomic<int> in_flight_{0};
  std::mutex dedup_mu_;  // held from a dedup verdict to the write it leads to
  std::mutex mu_;
  std::condition_variable wake_;     // lease loop: capacity or new URLs
  std::condition_variable work_cv_;  // workers: results to process
  std::deque<caravan::v1::FetchResult> results_;
  bool woken_ = false;
  std::thread lease_thread_;
  std::vector<std::thread> workers_;
};

}  // namespace caravan::pipeline
