#include "services/api/admin_service.h"

#include "common/proto_time.h"
#include "crawler/frontier/frontier.h"

namespace caravan::api {
namespace {

grpc::Status UnknownSource(const std::string& name) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "no source named '" + name + "'");
}

}  // namespace

grpc::Status AdminService::ListSources(grpc::ServerContext*, const caravan::v1::ListSourcesRequest*,
                                       caravan::v1::ListSourcesResponse* response) {
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

void AdminService::FillSource(const std::string& name, const std::map<std::string, int64_t>& queued,
                              caravan::v1::SourceStatus* status) {
  pipeline::FillStatus(name, sources_->Counters(name), status);
  status->set_paused(sources_->IsPaused(name));
  auto q = queued.find(name);
  status->set_queued(q == queued.end() ? 0 : q->second);
}

caravan::v1::Status AdminService::BuildStatus() {
  caravan::v1::Status status;
  status.set_version(CARAVAN_VERSION);
  SetTimestampMs(status.mutable_started(), started_ms_);
  status.set_documents(store_->Count());
  status.set_last_cursor(std::to_string(store_->LastSeq()));
  std::map<std::string, int64_t> queued;
  if (frontier_) queued = frontier_->QueuedBySource();
  for (const auto& s : sources_->all()) FillSource(s.name, queued, status.add_sources());
  return status;
}

grpc::Status AdminService::GetStatus(grpc::ServerContext*, const caravan::v1::GetStatusRequest*,
                                     caravan::v1::Status* response) {
  *response = BuildStatus();
  return grpc::Status::OK;
}

grpc::Status AdminService::PauseSource(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                                       caravan::v1::SourceStatus* response) {
  if (!sources_->SetPaused(request->name(), true)) return UnknownSource(request->name());
  FillSource(request->name(), {}, response);
  return grpc::Status::OK;
}

grpc::Status AdminService::ResumeSource(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                                        caravan::v1::SourceStatus* response) {
  if (!sources_->SetPaused(request->name(), false)) return UnknownSource(request->name());
  FillSource(request->name(), {}, response);
  return grpc::Status::OK;
}

grpc::Status AdminService::CrawlNow(grpc::ServerContext*, const caravan::v1::SourceRequest* request,
                                    caravan::v1::SourceStatus* response) {
  if (!pipeline_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no crawl pipeline in this process");
  if (!pipeline_->CrawlNow(request->name())) return UnknownSource(request->name());
  FillSource(request->name(), {}, response);
  return grpc::Status::OK;
}

}  // namespace caravan::api
