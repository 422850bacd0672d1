// caravan.v1.Documents over the document store.
#pragma once

#include <atomic>

#include "caravan/v1/documents.grpc.pb.h"
#include "storage/document_store.h"

namespace caravan::api {

// Serves Get, List and Subscribe from `store` (not owned). Subscribe reads
// the durable change log, so a consumer resuming with its last cursor gets
// every later event exactly once, also after a restart of caravand.
class DocumentsService final : public caravan::v1::Documents::Service {
 public:
  explicit DocumentsService(storage::DocumentStore* store) : store_(store) {}

  grpc::Status Get(grpc::ServerContext* context, const caravan::v1::GetDocumentRequest* request,
                   caravan::v1::Document* response) override;
  grpc::Status List(grpc::ServerContext* context, const caravan::v1::ListDocumentsRequest* request,
                    caravan::v1::ListDocumentsResponse* response) override;
  grpc::Status Subscribe(grpc::ServerContext* context, const caravan::v1::SubscribeRequest* request,
                         grpc::ServerWriter<caravan::v1::DocumentEvent>* writer) override;

  // Ends open Subscribe streams (server shutdown).
  void Shutdown() { shutdown_ = true; }

 private:
  storage::DocumentStore* store_;
  std::atomic<bool> shutdown_{false};
};

}  // namespace caravan::api
