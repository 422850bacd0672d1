// gRPC services of the internal stages (stages.proto), each a thin adapter
// over a stage interface, so one stage can run as its own process.
#pragma once

#include "caravan/v1/stages.grpc.pb.h"
#include "services/api/auth.h"
#include "services/pipeline/stages.h"
#include "storage/document_store.h"

namespace caravan::api {

class FrontierService final : public caravan::v1::Frontier::Service, public Guarded {
 public:
  explicit FrontierService(pipeline::FrontierStage* stage) : Guarded(Scope::kCluster), stage_(stage) {}
  grpc::Status AddUrls(grpc::ServerContext*, const caravan::v1::AddUrlsRequest* request,
                       caravan::v1::AddUrlsResponse* response) override;
  grpc::Status Lease(grpc::ServerContext*, const caravan::v1::LeaseRequest* request,
                     caravan::v1::LeaseResponse* response) override;
  grpc::Status Complete(grpc::ServerContext*, const caravan::v1::CompleteRequest* request,
                        caravan::v1::CompleteResponse* response) override;

 private:
  pipeline::FrontierStage* stage_;
};

class FetcherService final : public caravan::v1::Fetcher::Service, public Guarded {
 public:
  explicit FetcherService(pipeline::FetchStage* stage) : Guarded(Scope::kCluster), stage_(stage) {}
  grpc::Status Fetch(grpc::ServerContext*, const caravan::v1::FetchTask* request,
                     caravan::v1::FetchResult* response) override;

 private:
  pipeline::FetchStage* stage_;
};

class ExtractorService final : public caravan::v1::Extractor::Service, public Guarded {
 public:
  explicit ExtractorService(pipeline::ExtractStage* stage) : Guarded(Scope::kCluster), stage_(stage) {}
  grpc::Status Extract(grpc::ServerContext*, const caravan::v1::ExtractRequest* request,
                       caravan::v1::ExtractResult* response) override;

 private:
  pipeline::ExtractStage* stage_;
};

class DedupService final : public caravan::v1::Dedup::Service, public Guarded {
 public:
  explicit DedupService(pipeline::DedupStage* stage) : Guarded(Scope::kCluster), stage_(stage) {}
  grpc::Status Check(grpc::ServerContext*, const caravan::v1::DedupRequest* request,
                     caravan::v1::DedupResult* response) override;

 private:
  pipeline::DedupStage* stage_;
};

class StoreService final : public caravan::v1::Store::Service, public Guarded {
 public:
  StoreService(pipeline::StoreStage* stage, const storage::DocumentStore* store)
      : Guarded(Scope::kCluster), stage_(stage), store_(store) {}
  grpc::Status Put(grpc::ServerContext*, const caravan::v1::PutDocumentRequest* request,
                   caravan::v1::PutDocumentResponse* response) override;
  grpc::Status Get(grpc::ServerContext*, const caravan::v1::GetDocumentRequest* request,
                   caravan::v1::Document* response) override;

 private:
  pipeline::StoreStage* stage_;
  const storage::DocumentStore* store_;
};

}  // namespace caravan::api
