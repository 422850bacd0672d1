#include "services/pipeline/pipeline.h"

#include <strings.h>

#include <spdlog/spdlog.h>

#include "common/hash.h"
#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/feeds/feed.h"
#include "crawler/fetch/failure.h"
#include "crawler/fetch/sniff.h"
#include "crawler/frontier/frontier.h"
#include "crawler/sitemaps/sitemap.h"
#include "crawler/url/url.h"

namespace caravan::pipeline {
namespace {

using caravan::v1::DedupResult;
using caravan::v1::FetchResult;
using caravan::v1::FetchTask;
using caravan::v1::UrlCandidate;
using caravan::v1::UrlKind;

// Pages with less main text than this are listings or stubs, not documents.
constexpr size_t kMinDocumentChars = 200;

std::string NormalizedText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}


// True for "https://host/" (any query), the usual target of a broken canonical.
bool IsSiteRoot(const std::string& url) {
  auto parsed = url::Parse(url);
  return parsed && (parsed->path.empty() || parsed->path == "/");
}

// The failure kind of a result that brought no usable body; "" if usable.
std::string FailureOf(const FetchResult& r) {
  std::string_view transport = r.failure();
  if (transport.empty() && !r.error().empty()) transport = fetch::failure::kTransport;
  if (auto kind = fetch::failure::OfResponse(r.status(), transport); !kind.empty()) return std::string(kind);
  // Sitemaps come gzipped as often as not; the sitemap parser inflates them.
  if (r.task().kind() != caravan::v1::SITEMAP && !fetch::IsProcessableType(r.content_type())) {
    return std::string(fetch::failure::kUnsupportedType);
  }
  return "";
}

// Some sitemaps stamp every URL with the time they were generated; such
// lastmods say nothing about the pages and would refetch all of them on
// every visit.
bool LastmodsAreGenerationTimes(const sitemaps::Sitemap& sitemap, int64_t fetched_ms) {
  constexpr int64_t kRecentMs = 3600'000;
  size_t recent = 0;
  for (const auto& e : sitemap.entries) {
    if (e.lastmod_ms && *e.lastmod_ms >= fetched_ms - kRecentMs) ++recent;
  }
  return sitemap.entries.size() >= 10 && recent * 2 > sitemap.entries.size();
}

// WordPress, which most think tanks run on, serves a feed at /feed/ and a
// sitemap at /wp-sitemap.xml (SEO plugins redirect it to theirs) whether
// or not the theme links them.
bool LooksLikeWordPress(std::string_view body) {
  return body.find("/wp-content/") != std::string_view::npos ||
         body.find("/wp-includes/") != std::string_view::npos;
}

}  // namespace

Pipeline::Pipeline(Sources* sources, FrontierStage* frontier, FetchStage* fetch, ExtractStage* extract,
                   DedupStage* dedup, StoreStage* store, PipelineOptions options)
    : sources_(sources), frontier_(frontier), fetch_(fetch), extract_(extract), dedup_(dedup),
      store_(store), options_(options) {}

Pipeline::~Pipeline() { Stop(); }

void Pipeline::Start() {
  for (const auto& s : sources_->all()) frontier_->AddUrls(sources_->Seeds(s.name));
  running_ = true;
  lease_thread_ = std::thread([this] { LeaseLoop(); });
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers_.emplace_back([this] { WorkLoop(); });
  }
}

void Pipeline::Stop() {
  if (!running_.exchange(false)) return;
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
  work_cv_.notify_all();
  if (lease_thread_.joinable()) lease_thread_.join();
  for (auto& w : workers_) w.join();
  workers_.clear();
}

bool Pipeline::CrawlNow(const std::string& source) {
  if (!sources_->Find(source)) return false;
  frontier_->ScheduleNow(sources_->Seeds(source));
  Wake();
  return true;
}

void Pipeline::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Pipeline::LeaseLoop() {
  while (running_) {
    int capacity = options_.max_parallel - in_flight_.load();
    std::vector<FetchTask> tasks;
    if (capacity > 0) tasks = frontier_->Lease(capacity, sources_->Paused());
    for (const auto& task : tasks) {
      in_flight_++;
      fetch_->Fetch(task, [this](FetchResult result) {
        {
          std::lock_guard lock(mu_);
          results_.push_back(std::move(result));
        }
        work_cv_.notify_one();
      });
    }
    std::unique_lock lock(mu_);
    // Politeness delays are short; polling at 50 ms keeps the loop simple
    // while new capacity or URLs wake it at once.
    wake_.wait_for(lock, std::chrono::milliseconds(tasks.empty() ? 50 : 5),
                   [this] { return woken_ || !running_; });
    woken_ = false;
  }
}

void Pipeline::WorkLoop() {
  while (true) {
    FetchResult result;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [this] { return !results_.empty() || !running_; });
      if (results_.empty()) return;  // stopping; unprocessed leases are refetched next start
      result = std::move(results_.front());
      results_.pop_front();
    }
    try {
      Process(result);
    } catch (const std::exception& e) {
      spdlog::error("processing {} failed: {}", result.task().url(), e.what());
      Complete(result, false);
    }
    in_flight_--;
    Wake();
  }
}

void Pipeline::Process(const FetchResult& result) {
  const FetchTask& task = result.task();
  SourceCounters& counters = sources_->Counters(task.source());
  {
    std::lock_guard lock(counters.mu);
    counters.last_fetch_ms = NowMs();
  }
  if (result.crawl_delay_ms() > 0) {
    frontier_->SetHostDelay(frontier::QueueHost(task.url()), result.crawl_delay_ms());
  }
  if (result.robots_sitemaps_size() > 0) {
    std::vector<UrlCandidate> sitemaps;
    for (const auto& s : result.robots_sitemaps()) AddCandidate(task, s, caravan::v1::SITEMAP, 0, &sitemaps);
    frontier_->AddUrls(sitemaps);
  }
  if (result.robots_denied()) {
    counters.robots_denied++;
    spdlog::debug("{}: {}", task.source(), result.error());
    Complete(result, false);
    return;
  }
  if (result.status() == 304) {
    counters.not_modified++;
    Complete(result, false);
    return;
  }
  if (std::string failure = FailureOf(result); !failure.empty()) {
    std::string error = result.error().empty()
                            ? "HTTP " + std::to_string(result.status()) + " for " + task.url()
                            : result.error();
    if (failure == fetch::failure::kTooLarge) error = task.url() + ": body over the size cap, not processed";
    if (failure == fetch::failure::kUnsupportedType) {
      error = task.url() + ": " + result.content_type() + " is not a page caravan extracts";
    }
    spdlog::info("{}: {} ({})", task.source(), error, failure);
    counters.RecordFailure(failure, std::move(error));
    Complete(result, false);
    return;
  }
  counters.fetches_ok++;
  counters.bytes += static_cast<int64_t>(result.body().size());

  std::vector<UrlCandidate> discovered;
  bool changed = false;
  if (task.kind() == caravan::v1::SITEMAP) {
    ProcessSitemap(result, &discovered);
  } else if (task.kind() == caravan::v1::FEED || feeds::LooksLikeFeed(result.body())) {
    ProcessFeed(result, &discovered);
  } else {
    changed = ProcessPage(result, &discovered);
  }
  if (!discovered.empty()) frontier_->AddUrls(discovered);
  Complete(result, changed);
}

UrlCandidate* Pipeline::AddCandidate(const FetchTask& from, const std::string& url, UrlKind kind, int depth,
                                     std::vector<UrlCandidate>* out) {
  const config::SourceConfig* source = sources_->Find(from.source());
  if (!source || depth > source->max_depth) return nullptr;
  auto normalized = sources_->InScope(from.source(), url);
  if (!normalized) return nullptr;
  UrlCandidate c;
  c.set_url(*normalized);
  c.set_source(from.source());
  c.set_kind(kind);
  c.set_depth(depth);
  out->push_back(std::move(c));
  return &out->back();
}

void Pipeline::ProcessFeed(const FetchResult& result, std::vector<UrlCandidate>* out) {
  std::string error;
  auto feed = feeds::ParseFeed(result.body(), result.final_url(), &error);
  if (!feed) {
    sources_->Counters(result.task().source())
        .RecordFailure(fetch::failure::kMalformed, "feed " + result.final_url() + ": " + error);
    return;
  }
  // Feed items are what the source says it published: follow them even
  // when the feed itself sits at the depth limit.
  for (const auto& entry : feed->entries) {
    UrlCandidate* c = AddCandidate(result.task(), entry.url, caravan::v1::PAGE, 1, out);
    // An edited post shows a newer updated date: refetch it.
    if (c && entry.updated_ms) SetTimestampMs(c->mutable_lastmod(), *entry.updated_ms);
  }
}

void Pipeline::ProcessSitemap(const FetchResult& result, std::vector<UrlCandidate>* out) {
  std::string error;
  auto sitemap = sitemaps::ParseSitemap(result.body(), result.final_url(), &error);
  if (!sitemap) {
    sources_->Counters(result.task().source())
        .RecordFailure(fetch::failure::kMalformed, "sitemap " + result.final_url() + ": " + error);
    return;
  }
  bool use_lastmod = !LastmodsAreGenerationTimes(*sitemap, TimestampMs(result.fetched_at()));
  for (const auto& entry : sitemap->entries) {
    UrlCandidate* c = AddCandidate(result.task(), entry.url,
                                   sitemap->is_index ? caravan::v1::SITEMAP : caravan::v1::PAGE,
                                   sitemap->is_index ? 0 : 1, out);
    if (c && use_lastmod && entry.lastmod_ms) SetTimestampMs(c->mutable_lastmod(), *entry.lastmod_ms);
  }
}

bool Pipeline::ProcessPage(const FetchResult& result, std::vector<UrlCandidate>* out) {
  const FetchTask& task = result.task();
  caravan::v1::ExtractRequest request;
  request.set_url(result.final_url());
  request.set_content_type(result.content_type());
  request.set_charset(result.charset());
  request.set_body(result.body());
  caravan::v1::ExtractResult extracted = extract_->Extract(request);

  for (const auto& link : extracted.outlinks()) {
    UrlCandidate* c = AddCandidate(task, link, caravan::v1::PAGE, task.depth() + 1, out);
    if (c) c->set_linked_from(result.final_url());
  }
  for (const auto& link : extracted.feed_links()) {
    AddCandidate(task, link, caravan::v1::FEED, task.depth(), out);
  }
  // Start URLs are entry points (home and section pages), not publications.
  if (task.kind() == caravan::v1::START) {
    if (LooksLikeWordPress(result.body())) {
      if (auto base = url::Parse(result.final_url())) {
        AddCandidate(task, base->Origin() + "/feed/", caravan::v1::FEED, task.depth(), out);
        AddCandidate(task, base->Origin() + "/wp-sitemap.xml", caravan::v1::SITEMAP, 0, out);
      }
    }
    return false;
  }
  if (extracted.text().size() < kMinDocumentChars) return false;

  std::optional<std::string> canonical;
  if (!extracted.canonical_url().empty()) {
    canonical = sources_->InScope(task.source(), extracted.canonical_url());
    // Some templates declare the home page canonical on every article;
    // trusting that would merge all of a site's articles into one document.
    if (canonical && IsSiteRoot(*canonical) && !IsSiteRoot(result.final_url())) canonical.reset();
  }
  if (!canonical) canonical = sources_->InScope(task.source(), result.final_url());
  if (!canonical) return false;  // redirected out of scope

  caravan::v1::Document doc;
  doc.set_id(Hash128Hex(*canonical));
  doc.set_source(task.source());
  doc.set_url(result.final_url());
  doc.set_canonical_url(*canonical);
  doc.set_title(extracted.title());
  for (const auto& a : extracted.authors()) doc.add_authors(a);
  if (!extracted.authors().empty()) doc.set_author(extracted.authors(0));
  if (extracted.has_published()) *doc.mutable_published() = extracted.published();
  if (extracted.has_modified()) *doc.mutable_modified() = extracted.modified();
  doc.set_language(extracted.language());
  doc.set_text(extracted.text());
  doc.set_content_hash(Hash128Hex(NormalizedText(extracted.text())));
  *doc.mutable_fetched_at() = result.fetched_at();
  if (!doc.has_fetched_at()) SetTimestampMs(doc.mutable_fetched_at(), NowMs());
  doc.set_content_type(result.content_type());
  for (const auto& link : extracted.outlinks()) doc.add_outlinks(link);
  doc.set_site_name(extracted.site_name());
  doc.set_description(extracted.description());
  doc.set_published_offset_min(extracted.published_offset_min());
  doc.mutable_tags()->CopyFrom(extracted.tags());
  doc.mutable_translations()->CopyFrom(extracted.translations());
  doc.mutable_images()->CopyFrom(extracted.images());
  // A page's linker is worth keeping only for files: a report's PDF is
  // read with its landing page, while pages link each other everywhere.
  if (result.content_type() != "text/html") doc.set_landing_url(task.linked_from());

  caravan::v1::DedupRequest dedup_request;
  *dedup_request.mutable_document() = doc;
  DedupResult verdict = dedup_->Check(dedup_request);
  SourceCounters& counters = sources_->Counters(task.source());
  switch (verdict.verdict()) {
    case DedupResult::DUPLICATE:
      counters.duplicates++;
      store_->AddAlias(verdict.existing_id(), *canonical);
      return false;
    case DedupResult::UNCHANGED:
      if (result.final_url() != *canonical) store_->AddAlias(verdict.existing_id(), result.final_url());
      return false;
    case DedupResult::CHANGED:
      // Another page naming this one as canonical must not overwrite it:
      // two pages with one canonical would flip the document on every visit.
      if (verdict.existing_url() != result.final_url() && !verdict.existing_url().empty()) {
        store_->AddAlias(verdict.existing_id(), result.final_url());
        return false;
      }
      break;
    default:
      break;
  }
  caravan::v1::PutDocumentRequest put;
  *put.mutable_document() = std::move(doc);
  put.set_raw_body(result.body());
  caravan::v1::PutDocumentResponse response = store_->Put(put);
  if (!response.has_event()) return false;
  if (response.event().type() == caravan::v1::CREATED) {
    counters.documents_created++;
  } else {
    counters.documents_updated++;
  }
  {
    std::lock_guard lock(counters.mu);
    counters.last_document_ms = NowMs();
  }
  spdlog::info("{}: {} v{} {}", task.source(),
               response.event().type() == caravan::v1::CREATED ? "new" : "updated",
               response.event().version(), put.document().canonical_url());
  return true;
}

void Pipeline::Complete(const FetchResult& result, bool changed) {
  caravan::v1::CompleteRequest request;
  *request.mutable_task() = result.task();
  request.set_status(result.robots_denied() ? 0 : result.status());
  request.set_error(result.error());
  request.set_etag(result.etag());
  request.set_last_modified(result.last_modified());
  request.set_changed(changed);
  request.set_elapsed_ms(result.elapsed_ms());
  if (result.robots_denied()) {
    request.set_failure(std::string(fetch::failure::kRobotsDenied));
  } else {
    request.set_failure(FailureOf(result));
  }
  for (const auto& h : result.headers()) {
    if (strcasecmp(h.name().c_str(), "Retry-After") != 0) continue;
    if (auto ms = fetch::failure::ParseRetryAfter(h.value(), NowMs())) request.set_retry_after_ms(*ms);
  }
  frontier_->Complete(request);
}

}  // namespace caravan::pipeline
