#include "services/pipeline/pipeline.h"

#include <strings.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/discovery/discovery.h"
#include "crawler/fetch/failure.h"
#include "crawler/fetch/sniff.h"
#include "crawler/frontier/frontier.h"
#include "crawler/url/url.h"
#include "dedup/document.h"
#include "extract/listing.h"

namespace caravan::pipeline {
namespace {

using caravan::v1::DedupResult;
using caravan::v1::FetchResult;
using caravan::v1::FetchTask;
using caravan::v1::UrlCandidate;
using caravan::v1::UrlKind;

// Redirect hops followed from one URL, as browsers and libcurl's default.
constexpr int kMaxRedirects = 5;

std::string HeaderOf(const FetchResult& r, const char* name) {
  for (const auto& h : r.headers()) {
    if (strcasecmp(h.name().c_str(), name) == 0) return h.value();
  }
  return "";
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

// Whether `doc` has one of `topics` (a source's require_topics).
bool AboutAnyOf(const caravan::v1::Document& doc, const std::vector<std::string>& topics) {
  for (const caravan::v1::Topic& t : doc.topics()) {
    if (std::find(topics.begin(), topics.end(), t.name()) != topics.end()) return true;
  }
  return false;
}

}  // namespace

Pipeline::Pipeline(Sources* sources, FrontierStage* frontier, FetchStage* fetch, ExtractStage* extract,
                   DedupStage* dedup, StoreStage* store, PipelineOptions options,
                   templates::SiteTemplates* templates)
    : sources_(sources), frontier_(frontier), fetch_(fetch), extract_(extract), dedup_(dedup),
      store_(store), options_(options), templates_(templates) {}

Pipeline::~Pipeline() { Stop(); }

void Pipeline::AddSeeds() {
  for (const auto& s : sources_->all()) frontier_->AddUrls(sources_->Seeds(s.name));
}

void Pipeline::Start() {
  AddSeeds();
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

int Pipeline::LeaseAndFetch() {
  int capacity = options_.max_parallel - in_flight_.load();
  if (capacity <= 0) return 0;
  std::vector<FetchTask> tasks = frontier_->Lease(capacity, sources_->Paused());
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
  return static_cast<int>(tasks.size());
}

void Pipeline::ProcessOne(const FetchResult& result) {
  try {
    Process(result);
  } catch (const std::exception& e) {
    spdlog::error("processing {} failed: {}", result.task().url(), e.what());
    Complete(result);
  }
  in_flight_--;
  Wake();
}

int Pipeline::Step() {
  LeaseAndFetch();
  int processed = 0;
  while (true) {
    FetchResult result;
    {
      std::lock_guard lock(mu_);
      if (results_.empty()) break;
      result = std::move(results_.front());
      results_.pop_front();
    }
    ProcessOne(result);
    ++processed;
  }
  return processed;
}

void Pipeline::LeaseLoop() {
  while (running_) {
    bool leased = LeaseAndFetch() > 0;
    std::unique_lock lock(mu_);
    // Politeness delays are short; polling at 50 ms keeps the loop simple
    // while new capacity or URLs wake it at once.
    wake_.wait_for(lock, std::chrono::milliseconds(leased ? 5 : 50), [this] { return woken_ || !running_; });
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
    ProcessOne(result);
  }
}

void Pipeline::Process(const FetchResult& result) {
  const FetchTask& task = result.task();
  SourceCounters& counters = sources_->Counters(task.source());
  {
    std::lock_guard lock(counters.mu);
    counters.last_fetch_ms = options_.clock->NowMs();
  }
  if (result.crawl_delay_ms() > 0) {
    frontier_->SetHostDelay(task.url(), result.crawl_delay_ms());
  }
  if (result.robots_sitemaps_size() > 0) {
    std::vector<UrlCandidate> sitemaps;
    for (const auto& s : result.robots_sitemaps()) AddCandidate(task, s, caravan::v1::SITEMAP, 0, &sitemaps);
    frontier_->AddUrls(sitemaps);
  }
  if (result.deferred()) {
    // The lease went to robots.txt; the task comes back after the delay.
    Complete(result);
    return;
  }
  if (result.robots_denied()) {
    counters.robots_denied++;
    spdlog::debug("{}: {}", task.source(), result.error());
    Complete(result);
    return;
  }
  if (result.status() == 304) {
    counters.not_modified++;
    Complete(result);
    return;
  }
  std::vector<UrlCandidate> discovered;
  if (std::string location = HeaderOf(result, "Location");
      fetch::failure::IsRedirect(result.status()) && !location.empty()) {
    ProcessRedirect(result, location, &discovered);
    if (!discovered.empty()) frontier_->AddUrls(discovered);
    Complete(result);
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
    if (task.confirms_gone() && (result.status() == 404 || result.status() == 410) &&
        store_->DeleteByUrl(task.url())) {
      counters.deleted++;
      spdlog::info("{}: {} is gone (HTTP {} {}), its document deleted", task.source(), task.url(), result.status(),
                   task.left_sitemap() ? "after it left its sitemap" : "on two checks");
    }
    Complete(result);
    return;
  }
  counters.fetches_ok++;
  counters.bytes += static_cast<int64_t>(result.body().size());

  PageOutcome outcome;
  const bool sitemap = task.kind() == caravan::v1::SITEMAP;
  if (sitemap || task.kind() == caravan::v1::FEED || discovery::LooksLikeFeed(result.body())) {
    std::vector<discovery::Found> found;
    std::string error;
    bool ok = sitemap ? discovery::FromSitemap(result.body(), result.final_url(), TimestampMs(result.fetched_at()),
                                               &found, &error)
                      : discovery::FromFeed(result.body(), result.final_url(), &found, &error);
    if (!ok) {
      counters.RecordFailure(fetch::failure::kMalformed,
                             (sitemap ? "sitemap " : "feed ") + result.final_url() + ": " + error);
    }
    AddFound(task, found, &discovered);
    if (sitemap && ok) {
      std::vector<std::string> pages;
      for (const auto& c : discovered) {
        if (c.kind() == caravan::v1::PAGE) pages.push_back(c.url());
      }
      frontier_->SitemapListed(task.url(), pages);
    }
  } else {
    outcome = ProcessPage(result, &discovered);
  }
  if (!discovered.empty()) frontier_->AddUrls(discovered);
  Complete(result, outcome);
}

void Pipeline::ProcessRedirect(const FetchResult& result, const std::string& location,
                               std::vector<UrlCandidate>* out) {
  const FetchTask& task = result.task();
  SourceCounters& counters = sources_->Counters(task.source());
  auto target = url::Resolve(task.url(), location);
  auto normalized = target ? sources_->Normalize(task.source(), *target) : std::nullopt;
  if (!normalized) {
    counters.RecordFailure(fetch::failure::kRedirects,
                           task.url() + ": HTTP " + std::to_string(result.status()) + " to '" + location +
                               "', not an http(s) URL");
    return;
  }
  std::vector<std::string> chain(task.redirect_chain().begin(), task.redirect_chain().end());
  chain.push_back(task.url());
  if (std::find(chain.begin(), chain.end(), *normalized) != chain.end() ||
      static_cast<int>(chain.size()) > kMaxRedirects) {
    counters.RecordFailure(fetch::failure::kRedirects, chain.front() + ": redirect loop or over " +
                                                           std::to_string(kMaxRedirects) + " hops, via " +
                                                           task.url() + " to " + *normalized);
    return;
  }
  // A hop is not a link: same kind, depth and linker as the URL it replaces.
  UrlCandidate* c = AddCandidate(task, *target, task.kind(), task.depth(), out);
  if (!c) {
    counters.RecordSkip("redirect_out_of_scope");
    spdlog::info("{}: {} redirects out of scope to {}", task.source(), task.url(), *normalized);
    return;
  }
  c->set_linked_from(task.linked_from());
  c->set_announced(task.announced());
  for (const auto& u : chain) c->add_redirect_chain(u);
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

void Pipeline::AddFound(const FetchTask& from, const std::vector<discovery::Found>& found,
                        std::vector<UrlCandidate>* out) {
  for (const auto& f : found) {
    UrlCandidate* c = AddCandidate(from, f.url, f.kind, f.depth, out);
    if (!c) continue;
    c->set_announced(f.announced);
    if (f.lastmod_ms) SetTimestampMs(c->mutable_lastmod(), *f.lastmod_ms);
  }
}

std::optional<caravan::v1::Document> Pipeline::ExtractDocument(const FetchResult& result,
                                                               std::vector<UrlCandidate>* out, PageOutcome* outcome,
                                                               caravan::v1::ExtractResult* extracted_out,
                                                               const std::string& keep_canonical) {
  const FetchTask& task = result.task();
  caravan::v1::ExtractRequest request;
  request.set_url(result.final_url());
  request.set_content_type(result.content_type());
  request.set_charset(result.charset());
  request.set_body(result.body());
  caravan::v1::ExtractResult extracted = extract_->Extract(request);
  if (extracted.has_published()) outcome->published_ms = TimestampMs(extracted.published());
  outcome->listing = extracted.listing();
  outcome->listing_continuation = extracted.listing_continuation();

  for (const auto& link : extracted.outlinks()) {
    // Paging through a listing is not a hop away from it: an archive's
    // fiftieth page is as close to the site's entry as its first.
    bool next_page = outcome->listing && extract::ShapeOfUrl(link).page >= 2;
    UrlCandidate* c = AddCandidate(task, link, caravan::v1::PAGE, task.depth() + (next_page ? 0 : 1), out);
    if (c) c->set_linked_from(result.final_url());
  }
  for (const auto& link : extracted.feed_links()) {
    AddCandidate(task, link, caravan::v1::FEED, task.depth(), out);
  }
  // A translation is the same publication in another language, as close
  // to the site's entry as this page: found even where no link leads to it.
  for (const auto& t : extracted.translations()) {
    UrlCandidate* c = AddCandidate(task, t.url(), caravan::v1::PAGE, task.depth(), out);
    if (c) c->set_linked_from(result.final_url());
  }
  // Start URLs are entry points (home and section pages), not publications.
  if (task.kind() == caravan::v1::START) {
    AddFound(task, discovery::Conventional(result.final_url(), result.body()), out);
    return std::nullopt;
  }
  SourceCounters& counters = sources_->Counters(task.source());
  if (extracted.listing()) {
    // Its links are followed above; it is revisited as a hub, not stored.
    counters.RecordSkip("listing");
    return std::nullopt;
  }
  // The host's own boilerplate, learned from its other pages, is not text.
  const std::string host = templates_ ? url::HostOf(result.final_url()) : std::string();
  std::string text = extracted.text();
  if (templates_) {
    std::string error;
    text = templates_->Clean(host, text, &error);
    if (!error.empty()) spdlog::warn("{}: site templates of {} unreadable: {}", task.source(), host, error);
  }
  if (text.size() < dedup::kMinDocumentChars) return std::nullopt;

  std::optional<std::string> canonical;
  if (!extracted.canonical_url().empty()) {
    canonical = sources_->InScope(task.source(), extracted.canonical_url());
    // Some templates declare the home page canonical on every article;
    // trusting that would merge all of a site's articles into one document.
    if (canonical && IsSiteRoot(*canonical) && !IsSiteRoot(result.final_url())) canonical.reset();
  }
  if (!canonical) canonical = sources_->InScope(task.source(), result.final_url());
  // Re-extracted, a document keeps its identity whatever canonical the
  // new extractor reads.
  if (canonical && !keep_canonical.empty()) canonical = keep_canonical;
  if (!canonical) return std::nullopt;

  dedup::PageOrigin origin;
  origin.source = task.source();
  origin.url = result.final_url();
  origin.canonical_url = *canonical;
  origin.content_type = result.content_type();
  origin.linked_from = task.linked_from();
  origin.fetched_at = result.fetched_at();
  if (!result.has_fetched_at()) SetTimestampMs(&origin.fetched_at, options_.clock->NowMs());
  caravan::v1::Document doc = dedup::AssembleDocument(extracted, std::move(text), origin);
  *doc.mutable_fetch() = dedup::FetchRecordOf(result);
  // Translations are found in the store by the URLs their documents are
  // stored under: normalized as the source's own.
  for (caravan::v1::Translation& t : *doc.mutable_translations()) {
    if (auto normalized = sources_->InScope(task.source(), t.url())) t.set_url(*normalized);
  }

  *extracted_out = std::move(extracted);
  return doc;
}

PageOutcome Pipeline::ProcessPage(const FetchResult& result, std::vector<UrlCandidate>* out) {
  PageOutcome outcome;
  const FetchTask& task = result.task();
  caravan::v1::ExtractResult extracted;
  std::optional<caravan::v1::Document> extracted_doc = ExtractDocument(result, out, &outcome, &extracted);
  if (!extracted_doc) return outcome;
  caravan::v1::Document doc = std::move(*extracted_doc);
  SourceCounters& counters = sources_->Counters(task.source());
  const std::string host = templates_ ? url::HostOf(result.final_url()) : std::string();
  const std::string canonical = doc.canonical_url();

  caravan::v1::DedupRequest dedup_request;
  *dedup_request.mutable_document() = doc;
  // Two copies fetched at once must each see the other stored: the verdict
  // and the write it leads to are one step.
  std::unique_lock dedup_lock(dedup_mu_);
  DedupResult verdict = dedup_->Check(dedup_request);
  if (!verdict.error().empty()) {
    spdlog::error("{}: {}; {} to be fetched again", task.source(), verdict.error(), task.url());
    counters.RecordFailure(fetch::failure::kStoreRead, task.url() + ": " + verdict.error());
    outcome.retry = true;
    return outcome;
  }
  // The URLs that redirected here are addresses of the same document.
  auto add_aliases = [&](const std::string& id) {
    for (const auto& u : task.redirect_chain()) store_->AddAlias(id, u);
  };
  switch (verdict.verdict()) {
    case DedupResult::NEAR_DUPLICATE:
      if (verdict.supersedes()) {
        doc.add_copies(verdict.existing_id());
      } else {
        doc.set_duplicate_of(verdict.existing_id());
      }
      break;
    case DedupResult::DUPLICATE:
      counters.duplicates++;
      store_->AddAlias(verdict.existing_id(), canonical);
      add_aliases(verdict.existing_id());
      return outcome;
    case DedupResult::UNCHANGED:
      if (result.final_url() != canonical) store_->AddAlias(verdict.existing_id(), result.final_url());
      add_aliases(verdict.existing_id());
      return outcome;
    case DedupResult::CHANGED:
      // Another page naming this one as canonical must not overwrite it:
      // two pages with one canonical would flip the document on every visit.
      if (verdict.existing_url() != result.final_url() && !verdict.existing_url().empty()) {
        store_->AddAlias(verdict.existing_id(), result.final_url());
        add_aliases(verdict.existing_id());
        return outcome;
      }
      break;
    default:
      break;
  }
  // Tagged only now, on a page about to be written: topics cost a sixth of
  // an extraction, and most fetches are unchanged revisits.
  dedup::AddTopics(&doc);
  if (const config::SourceConfig* source = sources_->Find(task.source());
      source != nullptr && !source->require_topics.empty() && !AboutAnyOf(doc, source->require_topics)) {
    counters.RecordSkip("off_topic");
    return outcome;
  }
  caravan::v1::PutDocumentRequest put;
  *put.mutable_document() = std::move(doc);
  put.set_raw_body(result.body());
  caravan::v1::PutDocumentResponse response = store_->Put(put);
  dedup_lock.unlock();
  if (!response.error().empty()) {
    spdlog::error("{}: storing {} failed, to be fetched again: {}", task.source(), task.url(), response.error());
    counters.RecordFailure(fetch::failure::kStoreWrite, task.url() + ": " + response.error());
    outcome.retry = true;
    return outcome;
  }
  if (!response.has_event()) return outcome;
  add_aliases(put.document().id());
  if (verdict.verdict() == DedupResult::NEAR_DUPLICATE) counters.copies++;
  if (response.event().type() == caravan::v1::CREATED) {
    counters.documents_created++;
    // Each page is counted once, as extracted: a template already removed
    // from it must still be seen to stay a template.
    std::string error;
    if (templates_ && !templates_->Learn(host, extracted.text(), &error)) {
      spdlog::warn("{}: learning site templates of {} failed: {}", task.source(), host, error);
    }
  } else {
    counters.documents_updated++;
  }
  {
    std::lock_guard lock(counters.mu);
    counters.last_document_ms = options_.clock->NowMs();
  }
  spdlog::info("{}: {} v{} {}", task.source(),
               response.event().type() == caravan::v1::CREATED ? "new" : "updated",
               response.event().version(), put.document().canonical_url());
  outcome.changed = true;
  return outcome;
}

bool Pipeline::Ingest(const FetchResult& result) {
  std::vector<UrlCandidate> ignored;
  return ProcessPage(result, &ignored).changed;
}

Pipeline::Reextracted Pipeline::Reextract(const caravan::v1::Document& stored, const std::string& raw) {
  // The fetch as it was, from the version's provenance.
  FetchResult result;
  result.mutable_task()->set_url(stored.url());
  result.mutable_task()->set_source(stored.source());
  result.mutable_task()->set_kind(caravan::v1::PAGE);
  result.mutable_task()->set_linked_from(stored.landing_url());
  result.mutable_task()->mutable_redirect_chain()->CopyFrom(stored.fetch().redirect_chain());
  result.set_status(stored.fetch().http_status() ? stored.fetch().http_status() : 200);
  result.set_final_url(stored.fetch().final_url().empty() ? stored.url() : stored.fetch().final_url());
  result.set_content_type(stored.content_type());
  if (!stored.fetch().content_type().empty()) {
    caravan::v1::HttpHeader* h = result.add_headers();
    h->set_name("Content-Type");
    h->set_value(stored.fetch().content_type());
  }
  result.set_etag(stored.fetch().etag());
  result.set_last_modified(stored.fetch().last_modified());
  *result.mutable_fetched_at() = stored.fetched_at();
  result.set_body(raw);

  std::vector<UrlCandidate> ignored;
  PageOutcome outcome;
  caravan::v1::ExtractResult extracted;
  std::optional<caravan::v1::Document> doc =
      ExtractDocument(result, &ignored, &outcome, &extracted, stored.canonical_url());
  if (!doc) return Reextracted::kSkipped;
  dedup::AddTopics(&*doc);
  if (const config::SourceConfig* source = sources_->Find(stored.source());
      source != nullptr && !source->require_topics.empty() && !AboutAnyOf(*doc, source->require_topics)) {
    return Reextracted::kSkipped;
  }
  caravan::v1::PutDocumentRequest put;
  *put.mutable_document() = std::move(*doc);
  put.set_raw_body(raw);
  put.set_any_field_change(true);
  std::unique_lock dedup_lock(dedup_mu_);
  caravan::v1::PutDocumentResponse response = store_->Put(put);
  if (!response.error().empty()) {
    spdlog::error("{}: storing the re-extraction of {} failed: {}", stored.source(), stored.canonical_url(),
                  response.error());
    return Reextracted::kFailed;
  }
  if (!response.has_event()) return Reextracted::kUnchanged;
  spdlog::info("{}: re-extracted, v{} {}", stored.source(), response.event().version(), stored.canonical_url());
  return Reextracted::kChanged;
}

void Pipeline::Complete(const FetchResult& result, const PageOutcome& outcome) {
  caravan::v1::CompleteRequest request;
  *request.mutable_task() = result.task();
  request.set_status(result.robots_denied() ? 0 : result.status());
  request.set_error(result.error());
  request.set_etag(result.etag());
  request.set_last_modified(result.last_modified());
  request.set_changed(outcome.changed);
  request.set_published_ms(outcome.published_ms);
  request.set_listing(outcome.listing);
  request.set_listing_continuation(outcome.listing_continuation);
  request.set_elapsed_ms(result.elapsed_ms());
  request.set_deferred(result.deferred() || outcome.retry);
  request.set_address(result.address());
  if (result.robots_denied()) {
    request.set_failure(std::string(fetch::failure::kRobotsDenied));
  } else {
    request.set_failure(FailureOf(result));
  }
  if (auto ms = fetch::failure::ParseRetryAfter(HeaderOf(result, "Retry-After"), options_.clock->NowMs())) {
    request.set_retry_after_ms(*ms);
  }
  frontier_->Complete(request);
}

}  // namespace caravan::pipeline
