#include "services/pipeline/local_stages.h"

#include <spdlog/spdlog.h>

#include "common/proto_time.h"
#include "common/time.h"
#include "extract/article.h"

namespace caravan::pipeline {
int LocalFrontier::AddUrls(const std::vector<caravan::v1::UrlCandidate>& urls) {
  return frontier_->Add(urls, clock_->NowMs());
}

void LocalFrontier::ScheduleNow(const std::vector<caravan::v1::UrlCandidate>& urls) {
  for (const auto& u : urls) frontier_->ScheduleNow(u, clock_->NowMs());
}

std::vector<caravan::v1::FetchTask> LocalFrontier::Lease(int max, const std::set<std::string>& paused) {
  return frontier_->Lease(max, clock_->NowMs(), paused);
}

void LocalFrontier::Complete(const caravan::v1::CompleteRequest& request) {
  frontier_->Complete(request, clock_->NowMs());
}

void LocalFrontier::SetHostDelay(const std::string& url, int64_t delay_ms) {
  frontier_->SetHostDelay(url, delay_ms);
}

void LocalFrontier::SitemapListed(const std::string& sitemap, const std::vector<std::string>& urls) {
  frontier::Frontier::SitemapChange change = frontier_->SitemapListed(sitemap, urls, clock_->NowMs());
  if (change.reorganized) {
    spdlog::info("sitemap {} dropped {} of its {} URLs at once: taken for a reorganization, none checked for deletion",
                 sitemap, change.left, change.before);
  } else if (change.marked > 0) {
    spdlog::info("sitemap {} no longer lists {} stored pages: each checked now, and deleted if it answers 404 or 410",
                 sitemap, change.marked);
  }
}

caravan::v1::ExtractResult LocalExtract::Extract(const caravan::v1::ExtractRequest& request) {
  extract::Input input;
  input.body = request.body();
  input.url = request.url();
  input.content_type = request.content_type();
  input.charset = request.charset();
  extract::Article a = extract::Extract(input);
  caravan::v1::ExtractResult r;
  r.set_title(a.title);
  for (auto& author : a.authors) r.add_authors(author);
  if (a.published_ms) SetTimestampMs(r.mutable_published(), *a.published_ms);
  if (a.modified_ms) SetTimestampMs(r.mutable_modified(), *a.modified_ms);
  r.set_language(a.language);
  r.set_text(std::move(a.text));
  r.set_standfirst(std::move(a.standfirst));
  r.set_canonical_url(a.canonical_url);
  for (auto& link : a.outlinks) r.add_outlinks(link);
  for (auto& link : a.feed_links) r.add_feed_links(link);
  r.set_site_name(a.site_name);
  r.set_description(a.description);
  r.set_published_offset_min(a.published_offset_min);
  for (auto& tag : a.tags) r.add_tags(std::move(tag));
  for (auto& t : a.translations) {
    caravan::v1::Translation* out = r.add_translations();
    out->set_language(std::move(t.language));
    out->set_url(std::move(t.url));
  }
  for (auto& image : a.images) {
    caravan::v1::Image* out = r.add_images();
    out->set_url(std::move(image.url));
    out->set_caption(std::move(image.caption));
  }
  r.set_listing(a.listing);
  r.set_listing_continuation(a.listing_continuation);
  r.set_error(a.error);
  return r;
}

caravan::v1::DedupResult LocalDedup::Check(const caravan::v1::DedupRequest& request) {
  return dedup_.Check(request.document());
}

caravan::v1::PutDocumentResponse LocalStore::Put(const caravan::v1::PutDocumentRequest& request) {
  caravan::v1::PutDocumentResponse response;
  std::string error;
  if (auto event = store_->Put(request.document(), request.raw_body(), &error, request.any_field_change())) {
    *response.mutable_event() = std::move(*event);
  }
  response.set_error(std::move(error));
  return response;
}

void LocalStore::AddAlias(const std::string& id, const std::string& url) { store_->AddAlias(id, url); }

bool LocalStore::DeleteByUrl(const std::string& url) {
  std::optional<std::string> id = store_->FindByUrl(url);
  if (!id) return false;
  std::string error;
  if (store_->Delete(*id, &error)) return true;
  if (!error.empty()) spdlog::error("deleting document {} of {}: {}", *id, url, error);
  return false;
}

}  // namespace caravan::pipeline
