#include "services/api/documents_service.h"

#include <algorithm>
#include <future>
#include <vector>

#include "common/proto_time.h"
#include "storage/filter.h"

namespace caravan::api {
namespace {

grpc::Status Internal(const std::string& error) { return grpc::Status(grpc::StatusCode::INTERNAL, error); }

bool WantsType(const caravan::v1::SubscribeRequest& request, caravan::v1::EventType type) {
  return request.types().empty() || std::find(request.types().begin(), request.types().end(), type) !=
                                        request.types().end();
}

// Whether the stream delivers `event`. A LINKED event may be the news that
// a document became a copy, so copies' LINKED events pass.
bool Wanted(const caravan::v1::DocumentEvent& event, const caravan::v1::SubscribeRequest& request,
            const storage::DocumentFilter& filter) {
  if (!WantsType(request, event.type())) return false;
  if (event.type() != caravan::v1::LINKED || filter.include_copies) return storage::Matches(event.document(), filter);
  storage::DocumentFilter f = filter;
  f.include_copies = true;
  return storage::Matches(event.document(), f);
}

// Events read from the change log ahead of the stream: those the request
// wants, in messages reused from batch to batch.
struct EventBatch {
  std::vector<caravan::v1::DocumentEvent> events;  // the first `wanted` are this batch's
  size_t wanted = 0;
  size_t read = 0;        // events visited, wanted or not
  uint64_t last_seq = 0;  // of the last event visited

  void Take(caravan::v1::DocumentEvent* event) {
    if (wanted == events.size()) events.emplace_back();
    events[wanted++].Swap(event);
  }
};

constexpr size_t kEventBatch = 256;

}  // namespace

void FillLag(const storage::DocumentStore& store, int64_t now_ms, caravan::v1::Consumer* consumer) {
  const uint64_t cursor = storage::ParseCursor(consumer->cursor()).value_or(0);
  const uint64_t last = store.LastSeq();
  consumer->set_lag_events(last > cursor ? static_cast<int64_t>(last - cursor) : 0);
  consumer->set_lag_seconds(0);
  if (last > cursor) {
    if (std::optional<int64_t> t = store.EventTimeMs(cursor + 1)) {
      consumer->set_lag_seconds(std::max<int64_t>(0, (now_ms - *t) / 1000));
    }
  }
}

grpc::Status DocumentsService::ResolveId(const std::string& id, const std::string& url, std::string* out) const {
  if (!id.empty()) {
    *out = id;
    return grpc::Status::OK;
  }
  if (url.empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "give id or url");
  std::string error;
  auto found = store_->FindByUrl(url, &error);
  if (!error.empty()) return Internal("looking up url " + url + ": " + error);
  if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no document for url " + url);
  *out = *found;
  return grpc::Status::OK;
}

grpc::Status DocumentsService::ReadDocument(const std::string& id, uint32_t version,
                                            caravan::v1::Document* out) const {
  std::string error;
  auto doc = version > 0 ? store_->GetVersion(id, version, &error) : store_->Get(id, &error);
  if (!error.empty()) return Internal("reading document " + id + ": " + error);
  if (!doc) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no document with id " + id + (version > 0 ? " at version " + std::to_string(version) : ""));
  }
  store_->FillAttached(&*doc, /*omit_text=*/false);
  *out = std::move(*doc);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::Get(grpc::ServerContext* context, const caravan::v1::GetDocumentRequest* request,
                                   caravan::v1::Document* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string id;
  if (grpc::Status s = ResolveId(request->id(), request->url(), &id); !s.ok()) return s;
  return ReadDocument(id, request->version(), response);
}

grpc::Status DocumentsService::GetVersion(grpc::ServerContext* context, const caravan::v1::GetVersionRequest* request,
                                          caravan::v1::Document* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string id;
  if (grpc::Status s = ResolveId(request->id(), request->url(), &id); !s.ok()) return s;
  return ReadDocument(id, request->version(), response);
}

grpc::Status DocumentsService::ListVersions(grpc::ServerContext* context,
                                            const caravan::v1::ListVersionsRequest* request,
                                            caravan::v1::ListVersionsResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string id;
  if (grpc::Status s = ResolveId(request->id(), request->url(), &id); !s.ok()) return s;
  std::vector<caravan::v1::VersionInfo> versions = store_->ListVersions(id);
  if (versions.empty()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no document with id " + id);
  response->set_id(id);
  for (auto& v : versions) *response->add_versions() = std::move(v);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::GetRaw(grpc::ServerContext* context, const caravan::v1::GetVersionRequest* request,
                                      caravan::v1::RawBody* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string id;
  if (grpc::Status s = ResolveId(request->id(), request->url(), &id); !s.ok()) return s;
  caravan::v1::Document doc;
  if (grpc::Status s = ReadDocument(id, request->version(), &doc); !s.ok()) return s;
  std::optional<std::string> body = store_->GetRawBody(id, doc.version());
  if (!body) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no raw body stored for document " + id + " version " + std::to_string(doc.version()));
  }
  response->set_id(id);
  response->set_version(doc.version());
  response->set_content_type(doc.fetch().content_type().empty() ? doc.content_type() : doc.fetch().content_type());
  response->set_body(std::move(*body));
  return grpc::Status::OK;
}

grpc::Status DocumentsService::Search(grpc::ServerContext* context, const caravan::v1::SearchRequest* request,
                                      caravan::v1::SearchResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!search_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no search index in this process");
  if (request->page_size() < 0 || request->page_size() > search::kMaxLimit) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "page_size must be 0-" + std::to_string(search::kMaxLimit));
  }
  search::Query q;
  q.text = request->query();
  q.source = request->source();
  q.language = request->language();
  q.topic = request->topic();
  auto ms = [](bool has, const google::protobuf::Timestamp& t) -> std::optional<int64_t> {
    return has ? std::optional<int64_t>(TimestampMs(t)) : std::nullopt;
  };
  q.published_after = ms(request->has_published_after(), request->published_after());
  q.published_before = ms(request->has_published_before(), request->published_before());
  q.fetched_after = ms(request->has_fetched_after(), request->fetched_after());
  q.fetched_before = ms(request->has_fetched_before(), request->fetched_before());
  q.include_copies = request->include_copies();
  q.order = request->order() == caravan::v1::SearchRequest::NEWEST ? search::Query::kNewest
                                                                     : search::Query::kRelevance;
  q.limit = request->page_size() == 0 ? 20 : request->page_size();
  if (!request->page_token().empty()) {
    auto offset = storage::ParseCursor(request->page_token());
    if (!offset || *offset > 1'000'000) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "malformed page_token '" + request->page_token() + "'");
    }
    q.offset = static_cast<int>(*offset);
  }
  std::string error;
  std::optional<search::Result> result = search_->Search(q, &error);
  if (!result) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, error);
  response->set_estimated_total(result->estimated_total);
  for (const search::Hit& h : result->hits) {
    caravan::v1::SearchHit* hit = response->add_hits();
    hit->set_id(h.id);
    hit->set_title(h.title);
    hit->set_source(h.source);
    hit->set_language(h.language);
    hit->set_url(h.url);
    if (h.published_ms != 0) SetTimestampMs(hit->mutable_published(), h.published_ms);
    hit->set_score(h.score);
    hit->set_snippet(h.snippet);
  }
  const int64_t next = q.offset + static_cast<int64_t>(result->hits.size());
  if (static_cast<int>(result->hits.size()) == q.limit && next < result->estimated_total) {
    response->set_next_page_token(std::to_string(next));
  }
  return grpc::Status::OK;
}

grpc::Status DocumentsService::List(grpc::ServerContext* context, const caravan::v1::ListDocumentsRequest* request,
                                    caravan::v1::ListDocumentsResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (request->page_size() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_size must not be negative");
  }
  std::string error;
  *response = store_->List(*request, &error);
  if (!error.empty()) return Internal("listing documents: " + error);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::Ack(grpc::ServerContext* context, const caravan::v1::AckRequest* request,
                                   caravan::v1::Consumer* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!storage::ValidConsumerName(request->consumer())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "consumer name '" + request->consumer() + "' is not 1-64 of [A-Za-z0-9._-]");
  }
  auto seq = storage::ParseCursor(request->cursor());
  if (!seq) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "malformed cursor '" + request->cursor() + "'");
  if (*seq > store_->LastSeq()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "cursor " + request->cursor() +
                                                                " is beyond the newest event " +
                                                                std::to_string(store_->LastSeq()));
  }
  std::string error;
  auto consumer = consumers_->Ack(request->consumer(), *seq, clock_->NowMs(), &error);
  if (!consumer) return Internal(error);
  FillLag(*store_, clock_->NowMs(), &*consumer);
  *response = std::move(*consumer);
  return grpc::Status::OK;
}

grpc::Status DocumentsService::Subscribe(grpc::ServerContext* context,
                                         const caravan::v1::SubscribeRequest* request,
                                         grpc::ServerWriter<caravan::v1::DocumentEvent>* writer) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  const std::string& name = request->consumer();
  if (!name.empty() && !storage::ValidConsumerName(name)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "consumer name '" + name +
                                                                "' is not 1-64 of [A-Za-z0-9._-]");
  }
  if (request->ack_on_receive() && name.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "ack_on_receive needs a consumer name");
  }
  uint64_t seq = 0;
  if (!request->cursor().empty()) {
    auto after = storage::ParseCursor(request->cursor());
    if (!after) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "malformed cursor '" + request->cursor() + "'");
    seq = *after;
  } else if (request->has_since()) {
    seq = store_->FirstSeqAtOrAfter(TimestampMs(request->since())) - 1;
  }
  // Whether `seq` comes from the caller (or a consumer's past), so that a
  // gap retention made in front of it must be reported, not skipped.
  bool resuming = !request->cursor().empty();
  if (!name.empty()) {
    std::string error;
    bool created = false;
    auto consumer = consumers_->GetOrCreate(name, seq, clock_->NowMs(), &error, &created);
    if (!consumer) return Internal(error);
    if (request->cursor().empty() && !request->has_since()) {
      seq = storage::ParseCursor(consumer->cursor()).value_or(0);
      resuming = !created;
    }
  }
  const uint64_t first = store_->FirstSeq();
  if (seq + 1 < first) {
    if (resuming) {
      return grpc::Status(
          grpc::StatusCode::OUT_OF_RANGE,
          "cursor " + std::to_string(seq) + " is older than the change log, which now begins at event " +
              std::to_string(first) + " (storage.change_log_retention dropped the events between). To resync: " +
              "note the last cursor of Status, read every document with List, then Subscribe after that cursor" +
              (name.empty() ? std::string(".")
                            : " (caravanctl consumers reset " + name + " --cursor CURSOR)."));
    }
    seq = first - 1;  // "from the beginning" is from the oldest event kept
  }
  const storage::DocumentFilter filter = storage::FilterOf(*request);
  // While one batch is written to the stream the next is read from the log:
  // each takes about half of an event's time when a consumer catches up.
  auto read = [&](uint64_t after, EventBatch* batch) {
    batch->wanted = 0;
    batch->last_seq = after;
    batch->read = store_->VisitChanges(after, kEventBatch, request->omit_text(),
                                       [&](uint64_t event_seq, caravan::v1::DocumentEvent* event) {
                                         batch->last_seq = event_seq;
                                         if (Wanted(*event, *request, filter)) batch->Take(event);
                                         return true;
                                       });
  };
  EventBatch current, next;
  read(seq, &current);
  while (!context->IsCancelled() && !shutdown_) {
    if (current.read == 0) {
      store_->WaitForChanges(seq, 500);
      read(seq, &current);
      continue;
    }
    // A short batch means the stream is live: the next event may be a while.
    std::future<void> ahead;
    if (current.read == kEventBatch) ahead = std::async(std::launch::async, read, current.last_seq, &next);
    for (size_t i = 0; i < current.wanted; ++i) {
      if (!writer->Write(current.events[i])) {
        if (ahead.valid()) ahead.wait();
        return grpc::Status::OK;
      }
    }
    seq = current.last_seq;
    // Skipped events are acknowledged too: the consumer has seen past them.
    if (request->ack_on_receive()) {
      std::string error;
      if (!consumers_->Ack(name, seq, clock_->NowMs(), &error)) {
        if (ahead.valid()) ahead.wait();
        return Internal(error);
      }
    }
    if (ahead.valid()) {
      ahead.get();
      std::swap(current, next);
    } else {
      read(seq, &current);
    }
  }
  return grpc::Status::OK;
}

}  // namespace caravan::api
