#include "services/api/documents_service.h"

namespace caravan::api {

grpc::Status DocumentsService::Get(grpc::ServerContext*, const caravan::v1::GetDocumentRequest* request,
                                   caravan::v1::Document* response) {
  std::string id = request->id();
  if (id.empty() && !request->url().empty()) {
    auto found = store_->FindByUrl(request->url());
    if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no document for url " + request->url());
    id = *found;
  }
  if (id.empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "give id or url");
  auto doc = request->version() > 0 ? store_->GetVersion(id, request->version()) : store_->Get(id);
  if (!doc) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no document with id " + id +
                            (request->version() > 0 ? " at version " + std::to_string(request->version()) : ""));
  }
  store_->FillAttached(&*doc, /*omit_text=*/false);
  *response = std::move(*doc);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::List(grpc::ServerContext*, const caravan::v1::ListDocumentsRequest* request,
                                    caravan::v1::ListDocumentsResponse* response) {
  if (request->page_size() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_size must not be negative");
  }
  *response = store_->List(*request);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::Subscribe(grpc::ServerContext* context,
                                         const caravan::v1::SubscribeRequest* request,
                                         grpc::ServerWriter<caravan::v1::DocumentEvent>* writer) {
  auto after = storage::ParseCursor(request->cursor());
  if (!after) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "malformed cursor '" + request->cursor() + "'");
  }
  uint64_t seq = *after;
  while (!context->IsCancelled() && !shutdown_) {
    auto events = store_->ReadChanges(seq, 256, request->omit_text());
    for (const auto& event : events) {
      seq = *storage::ParseCursor(event.cursor());
      // A LINKED event may be the news that a document became a copy.
      if (!request->include_copies() && event.type() != caravan::v1::LINKED &&
          !event.document().duplicate_of().empty()) {
        continue;
      }
      if (!writer->Write(event)) return grpc::Status::OK;  // client went away
    }
    if (events.empty()) store_->WaitForChanges(seq, 500);
  }
  return grpc::Status::OK;
}

}  // namespace caravan::api
