// In-process implementations of the stage interfaces over the modules.
#pragma once

#include "common/clock.h"
#include "crawler/frontier/frontier.h"
#include "dedup/dedup.h"
#include "services/pipeline/stages.h"
#include "storage/document_store.h"

namespace caravan::pipeline {

// The frontier module at the time `clock` (not owned) gives.
class LocalFrontier : public FrontierStage {
 public:
  explicit LocalFrontier(frontier::Frontier* frontier, const Clock* clock = SystemClock())
      : frontier_(frontier), clock_(clock) {}
  int AddUrls(const std::vector<caravan::v1::UrlCandidate>& urls) override;
  void ScheduleNow(const std::vector<caravan::v1::UrlCandidate>& urls) override;
  std::vector<caravan::v1::FetchTask> Lease(int max, const std::set<std::string>& paused) override;
  void Complete(const caravan::v1::CompleteRequest& request) override;
  void SetHostDelay(const std::string& url, int64_t delay_ms) override;
  void SitemapListed(const std::string& sitemap, const std::vector<std::string>& urls) override;

 private:
  frontier::Frontier* frontier_;
  const Clock* clock_;
};

// Runs the extraction module; stateless and thread-safe.
class LocalExtract : public ExtractStage {
 public:
  caravan::v1::ExtractResult Extract(const caravan::v1::ExtractRequest& request) override;
};

class LocalDedup : public DedupStage {
 public:
  explicit LocalDedup(const storage::DocumentStore* store) : dedup_(store) {}
  caravan::v1::DedupResult Check(const caravan::v1::DedupRequest& request) override;

 private:
  dedup::Deduplicator dedup_;
};

class LocalStore : public StoreStage {
 public:
  explicit LocalStore(storage::DocumentStore* store) : store_(store) {}
  caravan::v1::PutDocumentResponse Put(const caravan::v1::PutDocumentRequest& request) override;
  void AddAlias(const std::string& id, const std::string& url) override;
  bool DeleteByUrl(const std::string& url) override;

 private:
  storage::DocumentStore* store_;
};

}  // namespace caravan::pipeline
