// caravan.v1.Admin: the operator's view of sources and the crawl.
#pragma once

#include <cstdint>

#include "caravan/v1/admin.grpc.pb.h"
#include "services/api/auth.h"
#include "services/pipeline/pipeline.h"
#include "services/pipeline/sources.h"
#include "common/clock.h"
#include "search/feeder.h"
#include "storage/consumers.h"
#include "storage/document_store.h"

namespace caravan::frontier {
class Frontier;
}

namespace caravan::api {

// Reports and steers the crawl; every pointer is borrowed and outlives it.
class AdminService final : public caravan::v1::Admin::Service, public Guarded {
 public:
  AdminService(pipeline::Sources* sources, pipeline::Pipeline* pipeline, frontier::Frontier* frontier,
               storage::DocumentStore* store, storage::ConsumerStore* consumers, search::Feeder* search,
               int64_t started_ms, const Clock* clock = SystemClock())
      : Guarded(Scope::kAdmin),
        sources_(sources),
        pipeline_(pipeline),
        frontier_(frontier),
        store_(store),
        consumers_(consumers),
        search_(search),
        started_ms_(started_ms),
        clock_(clock) {}

  grpc::Status ListSources(grpc::ServerContext*, const caravan::v1::ListSourcesRequest*,
                           caravan::v1::ListSourcesResponse* response) override;
  grpc::Status GetStatus(grpc::ServerContext*, const caravan::v1::GetStatusRequest*,
                         caravan::v1::Status* response) override;
  grpc::Status PauseSource(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                           caravan::v1::SourceStatus* response) override;
  grpc::Status ResumeSource(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                            caravan::v1::SourceStatus* response) override;
  grpc::Status CrawlNow(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                        caravan::v1::SourceStatus* response) override;
  grpc::Status ListConsumers(grpc::ServerContext*, const caravan::v1::ListConsumersRequest*,
                             caravan::v1::ListConsumersResponse* response) override;
  grpc::Status ResetConsumer(grpc::ServerContext*, const caravan::v1::ResetConsumerRequest* request,
                             caravan::v1::Consumer* response) override;
  grpc::Status DeleteConsumer(grpc::ServerContext*, const caravan::v1::ConsumerRequest* request,
                              caravan::v1::Consumer* response) override;
  grpc::Status RebuildSearch(grpc::ServerContext*, const caravan::v1::RebuildSearchRequest*,
                             caravan::v1::RebuildSearchResponse* response) override;
  grpc::Status Reextract(grpc::ServerContext* context, const caravan::v1::ReextractRequest* request,
                         grpc::ServerWriter<caravan::v1::ReextractProgress>* writer) override;
  grpc::Status Import(grpc::ServerContext* context, grpc::ServerReader<caravan::v1::ImportPage>* reader,
                      caravan::v1::ImportSummary* response) override;

  // The same status the RPC returns, for the HTTP side port.
  caravan::v1::Status BuildStatus();

 private:
  // What the frontier knows per source, read once per status.
  struct FrontierView {
    std::map<std::string, int64_t> queued;
    std::map<std::string, std::map<std::string, int64_t>> skipped;
    std::map<std::string, std::vector<std::string>> suspended;
  };
  FrontierView ReadFrontier() const;
  void FillSource(const std::string& name, const FrontierView& frontier, caravan::v1::SourceStatus* status);

  pipeline::Sources* sources_;
  pipeline::Pipeline* pipeline_;
  frontier::Frontier* frontier_;
  storage::DocumentStore* store_;
  storage::ConsumerStore* consumers_;
  search::Feeder* search_;  // may be null
  int64_t started_ms_;
  const Clock* clock_;
};

}  // namespace caravan::api
