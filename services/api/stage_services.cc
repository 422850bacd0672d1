#include "services/api/stage_services.h"

#include <future>

namespace caravan::api {

grpc::Status FrontierService::AddUrls(grpc::ServerContext* context, const caravan::v1::AddUrlsRequest* request,
                                      caravan::v1::AddUrlsResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::vector<caravan::v1::UrlCandidate> urls(request->urls().begin(), request->urls().end());
  response->set_added(stage_->AddUrls(urls));
  return grpc::Status::OK;
}

grpc::Status FrontierService::Lease(grpc::ServerContext* context, const caravan::v1::LeaseRequest* request,
                                    caravan::v1::LeaseResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  for (auto& task : stage_->Lease(request->max(), {})) *response->add_tasks() = std::move(task);
  return grpc::Status::OK;
}

grpc::Status FrontierService::Complete(grpc::ServerContext* context, const caravan::v1::CompleteRequest* request,
                                       caravan::v1::CompleteResponse*) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  stage_->Complete(*request);
  return grpc::Status::OK;
}

grpc::Status FetcherService::Fetch(grpc::ServerContext* context, const caravan::v1::FetchTask* request,
                                   caravan::v1::FetchResult* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::promise<caravan::v1::FetchResult> done;
  auto result = done.get_future();
  stage_->Fetch(*request, [&done](caravan::v1::FetchResult r) { done.set_value(std::move(r)); });
  *response = result.get();
  return grpc::Status::OK;
}

grpc::Status ExtractorService::Extract(grpc::ServerContext* context, const caravan::v1::ExtractRequest* request,
                                       caravan::v1::ExtractResult* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  *response = stage_->Extract(*request);
  return grpc::Status::OK;
}

grpc::Status DedupService::Check(grpc::ServerContext* context, const caravan::v1::DedupRequest* request,
                                 caravan::v1::DedupResult* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  *response = stage_->Check(*request);
  return grpc::Status::OK;
}

grpc::Status StoreService::Put(grpc::ServerContext* context, const caravan::v1::PutDocumentRequest* request,
                               caravan::v1::PutDocumentResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  const auto& doc = request->document();
  if (doc.id().empty() || doc.content_hash().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "document needs id and content_hash");
  }
  *response = stage_->Put(*request);
  return grpc::Status::OK;
}

grpc::Status StoreService::Get(grpc::ServerContext* context, const caravan::v1::GetDocumentRequest* request,
                               caravan::v1::Document* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string error;
  auto doc = store_->Get(request->id(), &error);
  if (!error.empty())
    return grpc::Status(grpc::StatusCode::INTERNAL, "reading document " + request->id() + ": " + error);
  if (!doc) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no document with id " + request->id());
  *response = std::move(*doc);
  return grpc::Status::OK;
}

}  // namespace caravan::api
