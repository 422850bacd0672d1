#include "services/pipeline/sources.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "common/proto_time.h"

namespace caravan::pipeline {
namespace {

const std::string kPausedPrefix = "paused/";
const std::string kCountersPrefix = "counters/";

// The reverse of FillStatus, for counters saved by SaveCounters.
void Restore(const caravan::v1::SourceStatus& saved, SourceCounters* c) {
  c->documents_created = saved.documents();
  c->documents_updated = saved.updated();
  c->fetches_ok = saved.fetches_ok();
  c->fetch_errors = saved.fetch_errors();
  c->robots_denied = saved.robots_denied();
  c->duplicates = saved.duplicates();
  c->copies = saved.copies();
  c->deleted = saved.deleted();
  c->not_modified = saved.not_modified();
  std::lock_guard lock(c->mu);
  if (saved.has_last_fetch()) c->last_fetch_ms = TimestampMs(saved.last_fetch());
  if (saved.has_last_document()) c->last_document_ms = TimestampMs(saved.last_document());
  c->last_error = saved.last_error();
  c->failures.insert(saved.failures().begin(), saved.failures().end());
  c->skipped.insert(saved.skipped().begin(), saved.skipped().end());
}

}  // namespace

Sources::Sources(std::vector<config::SourceConfig> sources, storage::Database* db,
                 const config::CrawlConfig& crawl)
    : sources_(std::move(sources)), revisit_pages_(crawl.revisit_pages), db_(db) {
  for (size_t i = 0; i < sources_.size(); ++i) {
    const auto& s = sources_[i];
    by_name_[s.name] = i;
    Compiled c;
    for (const auto& pattern : s.scope) c.scope.push_back(std::make_unique<RE2>(pattern));
    c.normalize.strip_params = s.strip_params;
    compiled_.push_back(std::move(c));
    counters_[s.name] = std::make_unique<SourceCounters>();
    std::string value;
    caravan::v1::SourceStatus saved;
    if (db_ && db_->db()->Get(rocksdb::ReadOptions(), db_->cf("meta"), kCountersPrefix + s.name, &value).ok() &&
        saved.ParseFromString(value)) {
      Restore(saved, counters_[s.name].get());
    }
    if (db_ && db_->db()->Get(rocksdb::ReadOptions(), db_->cf("meta"), kPausedPrefix + s.name, &value).ok()) {
      paused_.insert(s.name);
    }
  }
}

const config::SourceConfig* Sources::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &sources_[it->second];
}

std::optional<std::string> Sources::Normalize(const std::string& source, const std::string& url) const {
  auto it = by_name_.find(source);
  if (it == by_name_.end()) return url::Normalize(url);
  return url::Normalize(url, compiled_[it->second].normalize);
}

std::optional<std::string> Sources::InScope(const std::string& source, const std::string& url) const {
  auto it = by_name_.find(source);
  if (it == by_name_.end()) return std::nullopt;
  auto normalized = url::Normalize(url, compiled_[it->second].normalize);
  if (!normalized) return std::nullopt;
  for (const auto& re : compiled_[it->second].scope) {
    if (RE2::PartialMatch(*normalized, *re)) return normalized;
  }
  return std::nullopt;
}

std::vector<caravan::v1::UrlCandidate> Sources::Seeds(const std::string& source) const {
  std::vector<caravan::v1::UrlCandidate> out;
  const config::SourceConfig* s = Find(source);
  if (!s) return out;
  auto add = [&](const std::vector<std::string>& urls, caravan::v1::UrlKind kind) {
    for (const auto& u : urls) {
      auto normalized = Normalize(source, u);
      if (!normalized) continue;
      caravan::v1::UrlCandidate c;
      c.set_url(*normalized);
      c.set_source(source);
      c.set_kind(kind);
      c.set_depth(0);
      out.push_back(std::move(c));
    }
  };
  add(s->start_urls, caravan::v1::START);
  add(s->feeds, caravan::v1::FEED);
  add(s->sitemaps, caravan::v1::SITEMAP);
  return out;
}

frontier::RevisitPolicy Sources::Revisit(const std::string& source) const {
  const config::SourceConfig* s = Find(source);
  const config::RevisitPagesConfig& pages = s && s->revisit_pages ? *s->revisit_pages : revisit_pages_;
  frontier::RevisitPolicy policy;
  policy.hub_ms = s ? s->revisit_ms : config::SourceConfig().revisit_ms;
  policy.page_min_ms = pages.min_ms;
  policy.page_max_ms = pages.max_ms;
  return policy;
}

bool Sources::SetPaused(const std::string& name, bool paused) {
  if (!Find(name)) return false;
  std::lock_guard lock(mu_);
  if (paused) {
    paused_.insert(name);
    if (db_) db_->db()->Put(db_->write_options(), db_->cf("meta"), kPausedPrefix + name, "1");
  } else {
    paused_.erase(name);
    if (db_) db_->db()->Delete(db_->write_options(), db_->cf("meta"), kPausedPrefix + name);
  }
  return true;
}

std::set<std::string> Sources::Paused() const {
  std::lock_guard lock(mu_);
  return paused_;
}

bool Sources::IsPaused(const std::string& name) const {
  std::lock_guard lock(mu_);
  return paused_.count(name) > 0;
}

SourceCounters& Sources::Counters(const std::string& name) {
  auto it = counters_.find(name);
  return it == counters_.end() ? unknown_ : *it->second;
}

void SourceCounters::RecordFailure(std::string_view kind, std::string error) {
  fetch_errors++;
  std::lock_guard lock(mu);
  ++failures[std::string(kind)];
  last_error = std::move(error);
}

void SourceCounters::RecordSkip(std::string_view reason) {
  std::lock_guard lock(mu);
  ++skipped[std::string(reason)];
}

bool Sources::SaveCounters(std::string* error) {
  if (!db_) return true;
  rocksdb::WriteBatch batch;
  for (const auto& [name, counters] : counters_) {
    caravan::v1::SourceStatus status;
    FillStatus(name, *counters, &status);
    batch.Put(db_->cf("meta"), kCountersPrefix + name, status.SerializeAsString());
  }
  rocksdb::Status s = db_->db()->Write(db_->write_options(), &batch);
  if (!s.ok() && error) *error = "saving the per-source counters: " + s.ToString();
  return s.ok();
}

void FillStatus(const std::string& name, SourceCounters& c, caravan::v1::SourceStatus* status) {
  status->set_name(name);
  status->set_documents(c.documents_created.load());
  status->set_updated(c.documents_updated.load());
  status->set_fetches_ok(c.fetches_ok.load());
  status->set_fetch_errors(c.fetch_errors.load());
  status->set_robots_denied(c.robots_denied.load());
  status->set_duplicates(c.duplicates.load());
  status->set_copies(c.copies.load());
  status->set_deleted(c.deleted.load());
  status->set_not_modified(c.not_modified.load());
  std::lock_guard lock(c.mu);
  if (c.last_fetch_ms) SetTimestampMs(status->mutable_last_fetch(), c.last_fetch_ms);
  if (c.last_document_ms) SetTimestampMs(status->mutable_last_document(), c.last_document_ms);
  status->set_last_error(c.last_error);
  for (const auto& [kind, n] : c.failures) (*status->mutable_failures())[kind] = n;
  for (const auto& [reason, n] : c.skipped) (*status->mutable_skipped())[reason] = n;
}

}  // namespace caravan::pipeline
