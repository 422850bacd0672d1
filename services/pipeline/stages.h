// The stage interfaces of the ingestion path. In --target=all every stage
// is a local object behind one of these; each can equally be a gRPC client
// of the stage running as its own process (the services in stages.proto).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "caravan/v1/stages.pb.h"

namespace caravan::pipeline {

class FrontierStage {
 public:
  virtual ~FrontierStage() = default;
  virtual int AddUrls(const std::vector<caravan::v1::UrlCandidate>& urls) = 0;
  // Makes the URLs due now (adding unknown ones).
  virtual void ScheduleNow(const std::vector<caravan::v1::UrlCandidate>& urls) = 0;
  virtual std::vector<caravan::v1::FetchTask> Lease(int max, const std::set<std::string>& paused) = 0;
  virtual void Complete(const caravan::v1::CompleteRequest& request) = 0;
  // Raises the delay of the host of `url`, a URL the frontier handed out.
  virtual void SetHostDelay(const std::string& url, int64_t delay_ms) = 0;
  // The page URLs (normalized) that sitemap `sitemap` lists now, from a
  // complete parse: pages it no longer lists are checked for deletion.
  virtual void SitemapListed(const std::string& sitemap, const std::vector<std::string>& urls) = 0;
};

// Fetches one task, obeying robots.txt; `done` may run on another thread.
class FetchStage {
 public:
  virtual ~FetchStage() = default;
  virtual void Fetch(const caravan::v1::FetchTask& task,
                     std::function<void(caravan::v1::FetchResult)> done) = 0;
};

class ExtractStage {
 public:
  virtual ~ExtractStage() = default;
  virtual caravan::v1::ExtractResult Extract(const caravan::v1::ExtractRequest& request) = 0;
};

class DedupStage {
 public:
  virtual ~DedupStage() = default;
  virtual caravan::v1::DedupResult Check(const caravan::v1::DedupRequest& request) = 0;
};

class StoreStage {
 public:
  virtual ~StoreStage() = default;
  // The event written; none when unchanged; error set when the write
  // failed, which is never to be taken for unchanged.
  virtual caravan::v1::PutDocumentResponse Put(const caravan::v1::PutDocumentRequest& request) = 0;
  virtual void AddAlias(const std::string& id, const std::string& url) = 0;
  // Makes the document found at `url` a tombstone, with a DELETED event.
  // False when no live document has that address, or the write failed.
  virtual bool DeleteByUrl(const std::string& url) = 0;
};

}  // namespace caravan::pipeline
