#include "services/api/admin_service.h"

#include <spdlog/spdlog.h>

#include "common/ascii.h"
#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/frontier/frontier.h"
#include "services/api/documents_service.h"

namespace caravan::api {
namespace {

grpc::Status UnknownSource(const std::string& name) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "no source named '" + name + "'");
}

}  // namespace

grpc::Status AdminService::ListSources(grpc::ServerContext* context, const caravan::v1::ListSourcesRequest*,
                                       caravan::v1::ListSourcesResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  for (const auto& s : sources_->all()) {
    auto* out = response->add_sources();
    out->set_name(s.name);
    for (const auto& u : s.start_urls) out->add_start_urls(u);
    for (const auto& u : s.feeds) out->add_feeds(u);
    for (const auto& u : s.sitemaps) out->add_sitemaps(u);
    for (const auto& u : s.scope) out->add_scope(u);
    SetDurationMs(out->mutable_revisit(), s.revisit_ms);
    out->set_max_depth(s.max_depth);
  }
  return grpc::Status::OK;
}

AdminService::FrontierView AdminService::ReadFrontier() const {
  FrontierView view;
  if (!frontier_) return view;
  view.queued = frontier_->QueuedBySource();
  view.skipped = frontier_->SkippedBySource();
  view.suspended = frontier_->SuspendedHosts(NowMs());
  return view;
}

void AdminService::FillSource(const std::string& name, const FrontierView& frontier,
                              caravan::v1::SourceStatus* status) {
  pipeline::FillStatus(name, sources_->Counters(name), status);
  status->set_paused(sources_->IsPaused(name));
  auto q = frontier.queued.find(name);
  status->set_queued(q == frontier.queued.end() ? 0 : q->second);
  if (auto s = frontier.skipped.find(name); s != frontier.skipped.end()) {
    for (const auto& [reason, n] : s->second) (*status->mutable_skipped())[reason] = n;
  }
  if (auto s = frontier.suspended.find(name); s != frontier.suspended.end()) {
    for (const auto& host : s->second) status->add_hosts_suspended(host);
  }
}

caravan::v1::Status AdminService::BuildStatus() {
  caravan::v1::Status status;
  status.set_version(CARAVAN_VERSION);
  SetTimestampMs(status.mutable_started(), started_ms_);
  status.set_documents(store_->Count());
  status.set_last_cursor(std::to_string(store_->LastSeq()));
  FrontierView frontier = ReadFrontier();
  for (const auto& s : sources_->all()) FillSource(s.name, frontier, status.add_sources());
  std::string error;
  for (auto& c : consumers_->List(&error)) {
    FillLag(*store_, clock_->NowMs(), &c);
    *status.add_consumers() = std::move(c);
  }
  return status;
}

grpc::Status AdminService::GetStatus(grpc::ServerContext* context, const caravan::v1::GetStatusRequest*,
                                     caravan::v1::Status* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  *response = BuildStatus();
  return grpc::Status::OK;
}

grpc::Status AdminService::PauseSource(grpc::ServerContext* context, const caravan::v1::SourceRequest* request,
                                       caravan::v1::SourceStatus* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!sources_->SetPaused(request->name(), true)) return UnknownSource(request->name());
  FillSource(request->name(), ReadFrontier(), response);
  return grpc::Status::OK;
}

grpc::Status AdminService::ResumeSource(grpc::ServerContext* context, const caravan::v1::SourceRequest* request,
                                        caravan::v1::SourceStatus* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!sources_->SetPaused(request->name(), false)) return UnknownSource(request->name());
  FillSource(request->name(), ReadFrontier(), response);
  return grpc::Status::OK;
}

grpc::Status AdminService::CrawlNow(grpc::ServerContext* context, const caravan::v1::SourceRequest* request,
                                    caravan::v1::SourceStatus* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!pipeline_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no crawl pipeline in this process");
  if (!pipeline_->CrawlNow(request->name())) return UnknownSource(request->name());
  FillSource(request->name(), ReadFrontier(), response);
  return grpc::Status::OK;
}

grpc::Status AdminService::ListConsumers(grpc::ServerContext* context, const caravan::v1::ListConsumersRequest*,
                                         caravan::v1::ListConsumersResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string error;
  std::vector<caravan::v1::Consumer> consumers = consumers_->List(&error);
  if (!error.empty()) return grpc::Status(grpc::StatusCode::INTERNAL, error);
  for (auto& c : consumers) {
    FillLag(*store_, clock_->NowMs(), &c);
    *response->add_consumers() = std::move(c);
  }
  return grpc::Status::OK;
}

grpc::Status AdminService::ResetConsumer(grpc::ServerContext* context, const caravan::v1::ResetConsumerRequest* request,
                                         caravan::v1::Consumer* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  uint64_t seq = 0;
  if (!request->cursor().empty()) {
    auto parsed = storage::ParseCursor(request->cursor());
    if (!parsed) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "malformed cursor '" + request->cursor() + "'");
    seq = *parsed;
  } else if (request->has_since()) {
    seq = store_->FirstSeqAtOrAfter(TimestampMs(request->since())) - 1;
  } else if (request->to_end()) {
    seq = store_->LastSeq();
  }
  std::string error;
  auto consumer = consumers_->Reset(request->name(), seq, clock_->NowMs(), &error);
  if (!consumer) {
    bool missing = error.rfind("no consumer", 0) == 0;
    return grpc::Status(missing ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::INTERNAL, error);
  }
  FillLag(*store_, clock_->NowMs(), &*consumer);
  *response = std::move(*consumer);
  return grpc::Status::OK;
}

grpc::Status AdminService::DeleteConsumer(grpc::ServerContext* context, const caravan::v1::ConsumerRequest* request,
                                          caravan::v1::Consumer* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  std::string error;
  auto consumer = consumers_->Get(request->name(), &error);
  if (!consumer) {
    if (!error.empty()) return grpc::Status(grpc::StatusCode::INTERNAL, error);
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no consumer named " + request->name());
  }
  if (!consumers_->Delete(request->name(), &error) && !error.empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, error);
  }
  *response = std::move(*consumer);
  return grpc::Status::OK;
}

grpc::Status AdminService::RebuildSearch(grpc::ServerContext* context, const caravan::v1::RebuildSearchRequest*,
                                         caravan::v1::RebuildSearchResponse* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!search_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no search index in this process");
  std::string error;
  int64_t n = search_->Rebuild(&error);
  if (n < 0) return grpc::Status(grpc::StatusCode::INTERNAL, "rebuilding the search index: " + error);
  response->set_documents(n);
  return grpc::Status::OK;
}

grpc::Status AdminService::Reextract(grpc::ServerContext* context, const caravan::v1::ReextractRequest* request,
                                     grpc::ServerWriter<caravan::v1::ReextractProgress>* writer) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!pipeline_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no crawl pipeline in this process");
  if (!request->source().empty() && !sources_->Find(request->source())) return UnknownSource(request->source());
  caravan::v1::ReextractProgress progress;
  int64_t last_report_ms = clock_->NowMs();
  // The ids first: the walk must not hold an iterator while it writes.
  std::vector<std::string> ids;
  store_->ForEachDocument([&](const caravan::v1::Document& d) {
    if (!d.deleted() && (request->source().empty() || d.source() == request->source())) ids.push_back(d.id());
    return true;
  });
  for (const std::string& id : ids) {
    if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "re-extraction cancelled");
    progress.set_examined(progress.examined() + 1);
    std::optional<caravan::v1::Document> doc = store_->Get(id);
    std::optional<std::string> raw = doc ? store_->GetRawBody(id, doc->version()) : std::nullopt;
    if (!doc || !raw) {
      progress.set_skipped(progress.skipped() + 1);
    } else {
      switch (pipeline_->Reextract(*doc, *raw)) {
        case pipeline::Pipeline::Reextracted::kChanged: progress.set_changed(progress.changed() + 1); break;
        case pipeline::Pipeline::Reextracted::kUnchanged: progress.set_unchanged(progress.unchanged() + 1); break;
        case pipeline::Pipeline::Reextracted::kSkipped: progress.set_skipped(progress.skipped() + 1); break;
        case pipeline::Pipeline::Reextracted::kFailed: progress.set_failed(progress.failed() + 1); break;
      }
    }
    if (clock_->NowMs() - last_report_ms >= 1000) {
      last_report_ms = clock_->NowMs();
      writer->Write(progress);
    }
  }
  progress.set_done(true);
  writer->Write(progress);
  spdlog::info("re-extraction{}: {} documents, {} changed, {} unchanged, {} skipped",
               request->source().empty() ? "" : " of " + request->source(), progress.examined(), progress.changed(),
               progress.unchanged(), progress.skipped());
  return grpc::Status::OK;
}

grpc::Status AdminService::Import(grpc::ServerContext* context, grpc::ServerReader<caravan::v1::ImportPage>* reader,
                                  caravan::v1::ImportSummary* response) {
  if (grpc::Status denied = Allow(context); !denied.ok()) return denied;
  if (!pipeline_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no crawl pipeline in this process");
  caravan::v1::ImportPage page;
  while (reader->Read(&page)) {
    response->set_pages(response->pages() + 1);
    std::string source = page.source();
    if (source.empty()) {
      for (const auto& s : sources_->all()) {
        if (sources_->InScope(s.name, page.url())) {
          source = s.name;
          break;
        }
      }
    }
    if (!page.source().empty() && !sources_->Find(page.source())) return UnknownSource(page.source());
    std::optional<std::string> url = source.empty() ? std::nullopt : sources_->InScope(source, page.url());
    if (!url || page.http_status() < 200 || page.http_status() >= 300) {
      response->set_skipped(response->skipped() + 1);
      continue;
    }
    caravan::v1::FetchResult result;
    result.mutable_task()->set_url(*url);
    result.mutable_task()->set_source(source);
    result.mutable_task()->set_kind(caravan::v1::PAGE);
    result.mutable_task()->set_depth(1);
    result.set_status(page.http_status());
    result.set_final_url(*url);
    std::string content_type = page.content_type();
    result.set_content_type(AsciiLowerCopy(TrimAscii(content_type.substr(0, content_type.find(';')))));
    if (size_t at = AsciiLowerCopy(content_type).find("charset="); at != std::string::npos) {
      result.set_charset(std::string(TrimAscii(content_type.substr(at + 8))));
    }
    caravan::v1::HttpHeader* header = result.add_headers();
    header->set_name("Content-Type");
    header->set_value(content_type);
    result.set_etag(page.etag());
    result.set_last_modified(page.last_modified());
    *result.mutable_fetched_at() = page.fetched_at();
    result.set_body(page.body());
    if (pipeline_->Ingest(result)) {
      response->set_stored(response->stored() + 1);
    } else {
      response->set_not_stored(response->not_stored() + 1);
    }
  }
  spdlog::info("import: {} pages, {} stored, {} not stored, {} skipped", response->pages(), response->stored(),
               response->not_stored(), response->skipped());
  return grpc::Status::OK;
}

}  // namespace caravan::api
