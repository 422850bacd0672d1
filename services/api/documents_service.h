// caravan.v1.Documents over the document store.
#pragma once

#include <atomic>
#include <string>

#include "caravan/v1/documents.grpc.pb.h"
#include "common/clock.h"
#include "search/index.h"
#include "services/api/auth.h"
#include "storage/consumers.h"
#include "storage/document_store.h"

namespace caravan::api {

// Serves documents, their versions and raw bodies, and the change feed
// from `store`, with named consumers' cursors in `consumers` (neither
// owned). Subscribe reads the durable change log, so a consumer resuming
// after its last cursor (its own, or the one the server kept for it) gets
// every later event, also after a restart of caravand.
class DocumentsService final : public caravan::v1::Documents::Service, public Guarded {
 public:
  // `search` may be null: Search then answers UNAVAILABLE.
  DocumentsService(storage::DocumentStore* store, storage::ConsumerStore* consumers,
                   search::SearchIndex* search = nullptr, const Clock* clock = SystemClock())
      : Guarded(Scope::kConsumer), store_(store), consumers_(consumers), search_(search), clock_(clock) {}

  grpc::Status Get(grpc::ServerContext* context, const caravan::v1::GetDocumentRequest* request,
                   caravan::v1::Document* response) override;
  grpc::Status List(grpc::ServerContext* context, const caravan::v1::ListDocumentsRequest* request,
                    caravan::v1::ListDocumentsResponse* response) override;
  grpc::Status Subscribe(grpc::ServerContext* context, const caravan::v1::SubscribeRequest* request,
                         grpc::ServerWriter<caravan::v1::DocumentEvent>* writer) override;
  grpc::Status Ack(grpc::ServerContext* context, const caravan::v1::AckRequest* request,
                   caravan::v1::Consumer* response) override;
  grpc::Status ListVersions(grpc::ServerContext* context, const caravan::v1::ListVersionsRequest* request,
                            caravan::v1::ListVersionsResponse* response) override;
  grpc::Status GetVersion(grpc::ServerContext* context, const caravan::v1::GetVersionRequest* request,
                          caravan::v1::Document* response) override;
  grpc::Status GetRaw(grpc::ServerContext* context, const caravan::v1::GetVersionRequest* request,
                      caravan::v1::RawBody* response) override;
  grpc::Status Search(grpc::ServerContext* context, const caravan::v1::SearchRequest* request,
                      caravan::v1::SearchResponse* response) override;

  // Ends open Subscribe streams (server shutdown).
  void Shutdown() { shutdown_ = true; }

 private:
  // The document id a request names by id or by URL.
  grpc::Status ResolveId(const std::string& id, const std::string& url, std::string* out) const;
  // A version of `id` (0: latest), with its attachments' documents.
  grpc::Status ReadDocument(const std::string& id, uint32_t version, caravan::v1::Document* out) const;

  storage::DocumentStore* store_;
  storage::ConsumerStore* consumers_;
  search::SearchIndex* search_;
  const Clock* clock_;
  std::atomic<bool> shutdown_{false};
};

// A consumer's lag behind the change log of `store` at `now_ms`.
void FillLag(const storage::DocumentStore& store, int64_t now_ms, caravan::v1::Consumer* consumer);

}  // namespace caravan::api
