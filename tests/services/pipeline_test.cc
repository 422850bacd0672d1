// The ingestion loop with real frontier, extractor, dedup and store, and a
// scripted fetch stage in place of the network.
#include "services/pipeline/pipeline.h"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/proto_time.h"
#include "common/time.h"
#include "services/pipeline/local_stages.h"

namespace caravan::pipeline {
namespace {

namespace fs = std::filesystem;

struct Page {
  int status = 200;
  std::string content_type = "text/html";
  std::string body;
  std::string location;  // sent as Location when not empty
};

// Answers from a map of URL -> page; unknown URLs are 404s.
class ScriptedFetch : public FetchStage {
 public:
  void Fetch(const caravan::v1::FetchTask& task, std::function<void(caravan::v1::FetchResult)> done) override {
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_final_url(task.url());
    {
      std::lock_guard lock(mu);
      requested.push_back(task.url());
      auto it = pages.find(task.url());
      if (it == pages.end()) {
        r.set_status(404);
      } else {
        r.set_status(it->second.status);
        r.set_content_type(it->second.content_type);
        r.set_body(it->second.body);
        if (!it->second.location.empty()) {
          auto* h = r.add_headers();
          h->set_name("Location");
          h->set_value(it->second.location);
        }
      }
    }
    done(std::move(r));
  }
  int Count(const std::string& url) {
    std::lock_guard lock(mu);
    return static_cast<int>(std::count(requested.begin(), requested.end(), url));
  }
  std::mutex mu;
  std::map<std::string, Page> pages;
  std::vector<std::string> requested;
};

std::string Article(const std::string& title, const std::string& body, const std::string& links = "") {
  return "<html lang=\"en\"><head><title>" + title + "</title><meta property=\"og:type\" content=\"article\"></head>"
         "<body><nav class=\"menu\"><a href=\"/\">Home</a>" + links + "</nav><article><h1>" + title +
         "</h1><p>" + body + "</p><p>" + body + " Second paragraph with more detail on the same subject.</p>"
         "</article></body></html>";
}

const std::string kBody =
    "Kazakhstan and China signed agreements on transport and logistics worth several billion dollars, "
    "extending cooperation on the Middle Corridor and the dry ports on their border.";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pipeline-test-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    std::string error;
    db_ = storage::Database::Open(dir_.string(), &error);
    ASSERT_TRUE(db_) << error;
    store_ = std::make_unique<storage::DocumentStore>(db_.get());
  }
  void TearDown() override {
    pipeline_.reset();
    frontier_.reset();
    store_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  void Start(config::SourceConfig source, PipelineOptions options = {},
             templates::SiteTemplates* templates = nullptr) {
    if (source.scope.empty()) source.scope = {config::HostScopeRegex("think.example")};
    source.revisit_ms = 3'600'000;
    sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{source}, db_.get());
    frontier::FrontierOptions frontier_options;
    frontier_options.politeness.default_delay_ms = 0;
    Sources* s = sources_.get();
    frontier_ = std::make_unique<frontier::Frontier>(db_.get(), frontier_options,
                                                     [s](const std::string& n) { return s->Revisit(n); });
    frontier_stage_ = std::make_unique<LocalFrontier>(frontier_.get(), &clock_);
    dedup_ = std::make_unique<LocalDedup>(store_.get());
    store_stage_ = std::make_unique<LocalStore>(store_.get());
    options.clock = &clock_;
    pipeline_ = std::make_unique<Pipeline>(sources_.get(), frontier_stage_.get(), &fetch_, &extract_, dedup_.get(),
                                           store_stage_.get(), options, templates);
    pipeline_->AddSeeds();
  }

  // Runs the pipeline on this thread until nothing is due at the clock's
  // time: no threads, no waiting.
  void RunUntilQuiet() {
    for (int i = 0; i < 10'000 && pipeline_->Step() > 0; ++i) {
    }
  }

  ManualClock clock_{1'733'000'000'000};
  fs::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::DocumentStore> store_;
  std::unique_ptr<Sources> sources_;
  std::unique_ptr<frontier::Frontier> frontier_;
  std::unique_ptr<LocalFrontier> frontier_stage_;
  ScriptedFetch fetch_;
  LocalExtract extract_;
  std::unique_ptr<LocalDedup> dedup_;
  std::unique_ptr<LocalStore> store_stage_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, FeedItemsBecomeDocuments) {
  fetch_.pages["http://think.example/feed"] = {200, "application/rss+xml",
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
      "<item><title>A</title><link>http://think.example/a?utm_source=rss</link></item>"
      "<item><title>B</title><link>http://think.example/b</link></item></channel></rss>"};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", "A: " + kBody)};
  fetch_.pages["http://think.example/b"] = {200, "text/html", Article("Article B", "B: " + kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.feeds = {"http://think.example/feed"};
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(store_->Count(), 2);
  auto a = store_->FindByUrl("http://think.example/a");
  ASSERT_TRUE(a) << "tracking parameters are normalized away";
  EXPECT_EQ(store_->Get(*a)->title(), "Article A");
  EXPECT_EQ(store_->Get(*a)->source(), "think");
}

TEST_F(PipelineTest, StartPagesAreFollowedButNotStored) {
  fetch_.pages["http://think.example/"] = {200, "text/html",
      Article("Home", kBody, "<a href=\"/a\">A</a><a href=\"http://elsewhere.example/x\">X</a>")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_TRUE(store_->FindByUrl("http://think.example/a"));
  EXPECT_EQ(fetch_.Count("http://elsewhere.example/x"), 0) << "out of scope";
}

TEST_F(PipelineTest, DepthLimitStopsLinkFollowing) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/d1\">1</a>")};
  fetch_.pages["http://think.example/d1"] = {200, "text/html", Article("Depth 1", "1 " + kBody, "<a href=\"/d2\">2</a>")};
  fetch_.pages["http://think.example/d2"] = {200, "text/html", Article("Depth 2", "2 " + kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  s.max_depth = 1;
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/d1"), 1);
  EXPECT_EQ(fetch_.Count("http://think.example/d2"), 0);
}

TEST_F(PipelineTest, ExactCopiesAreCountedAsDuplicates) {
  fetch_.pages["http://think.example/"] = {200, "text/html",
      Article("Home", kBody, "<a href=\"/a\">A</a><a href=\"/print/a\">Print</a>")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  fetch_.pages["http://think.example/print/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_EQ(sources_->Counters("think").duplicates.load(), 1);
}

// The store stage, failing its first `failures` writes as a full disk would.
class FailingStore : public StoreStage {
 public:
  FailingStore(StoreStage* store, int failures) : store_(store), failures_(failures) {}
  caravan::v1::PutDocumentResponse Put(const caravan::v1::PutDocumentRequest& request) override {
    if (failures_ > 0) {
      --failures_;
      caravan::v1::PutDocumentResponse response;
      response.set_error("writing document " + request.document().id() + ": IO error: No space left on device");
      return response;
    }
    return store_->Put(request);
  }
  void AddAlias(const std::string& id, const std::string& url) override { store_->AddAlias(id, url); }
  bool DeleteByUrl(const std::string& url) override { return store_->DeleteByUrl(url); }

 private:
  StoreStage* store_;
  int failures_;
};

TEST_F(PipelineTest, AFailedStoreWriteIsCountedAndThePageFetchedAgain) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/a\">A</a>")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  FailingStore failing(store_stage_.get(), 1);
  pipeline_ = std::make_unique<Pipeline>(sources_.get(), frontier_stage_.get(), &fetch_, &extract_, dedup_.get(),
                                         &failing, PipelineOptions{.clock = &clock_});
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 2) << "fetched again, not taken for unchanged";
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_TRUE(store_->FindByUrl("http://think.example/a"));
  std::lock_guard lock(sources_->Counters("think").mu);
  EXPECT_EQ(sources_->Counters("think").failures["store_write"], 1);
}

// The dedup stage, failing its first check as an unreadable store would.
class FailingDedup : public DedupStage {
 public:
  explicit FailingDedup(DedupStage* dedup) : dedup_(dedup) {}
  caravan::v1::DedupResult Check(const caravan::v1::DedupRequest& request) override {
    if (failures_-- > 0) {
      caravan::v1::DedupResult result;
      result.set_error("deduplicating " + request.document().id() + ": reading docs: Corruption: block checksum");
      return result;
    }
    return dedup_->Check(request);
  }

 private:
  DedupStage* dedup_;
  int failures_ = 1;
};

TEST_F(PipelineTest, AStoreThatCannotBeReadIsCountedAndThePageFetchedAgainNotTakenForNew) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/a\">A</a>")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  FailingDedup failing(dedup_.get());
  pipeline_ = std::make_unique<Pipeline>(sources_.get(), frontier_stage_.get(), &fetch_, &extract_, &failing,
                                         store_stage_.get(), PipelineOptions{.clock = &clock_});
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 2);
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_EQ(store_->LastSeq(), 1u) << "stored once, when the verdict was known";
  std::lock_guard lock(sources_->Counters("think").mu);
  EXPECT_EQ(sources_->Counters("think").failures["store_read"], 1);
}

TEST_F(PipelineTest, ErrorsAreCountedPerSource) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/missing\">M</a>")};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(sources_->Counters("think").fetch_errors.load(), 1);
  std::lock_guard lock(sources_->Counters("think").mu);
  EXPECT_EQ(sources_->Counters("think").last_error, "HTTP 404 for http://think.example/missing");
}

TEST_F(PipelineTest, WordPressSitesGetTheirConventionalFeedAndSitemap) {
  fetch_.pages["http://think.example/"] = {200, "text/html",
      "<html><head><link rel=\"stylesheet\" href=\"/wp-content/themes/t/style.css\"></head>"
      "<body><p>Latest analysis</p></body></html>"};
  fetch_.pages["http://think.example/feed/"] = {200, "application/rss+xml",
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
      "<item><title>A</title><link>http://think.example/a</link></item></channel></rss>"};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_TRUE(store_->FindByUrl("http://think.example/a")) << "found through /feed/ alone";
  EXPECT_EQ(fetch_.Count("http://think.example/wp-sitemap.xml"), 1);
}

TEST_F(PipelineTest, SitemapLastmodNewerThanTheLastFetchRefetchesThePage) {
  auto sitemap = [](const std::string& lastmod) {
    return "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
           "<url><loc>http://think.example/a</loc><lastmod>" + lastmod + "</lastmod></url></urlset>";
  };
  fetch_.pages["http://think.example/sitemap.xml"] = {200, "application/xml", sitemap("2020-01-01")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.sitemaps = {"http://think.example/sitemap.xml"};
  Start(s);
  RunUntilQuiet();
  ASSERT_EQ(fetch_.Count("http://think.example/a"), 1);

  // The sitemap is read again (crawl-now) with an old lastmod: nothing to do.
  pipeline_->CrawlNow("think");
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 1);

  {
    std::lock_guard lock(fetch_.mu);
    fetch_.pages["http://think.example/sitemap.xml"].body = sitemap(FormatRfc3339(clock_.NowMs() + 60'000));
    fetch_.pages["http://think.example/a"].body = Article("Article A, revised", kBody + " Revised.");
  }
  pipeline_->CrawlNow("think");
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 2) << "edited after our fetch: due at once";
}

TEST_F(PipelineTest, PerSourceCountsSurviveARestart) {
  config::SourceConfig s;
  s.name = "think";
  sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{s}, db_.get());
  SourceCounters& c = sources_->Counters("think");
  c.documents_created = 7;
  c.documents_updated = 2;
  c.duplicates = 3;
  c.RecordFailure("timeout", "http://think.example/slow: timed out");
  c.RecordSkip("listing");
  {
    std::lock_guard lock(c.mu);
    c.last_document_ms = 1'726'200'000'000;
  }
  std::string error;
  ASSERT_TRUE(sources_->SaveCounters(&error)) << error;
  sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{s}, db_.get());  // as a restart does
  caravan::v1::SourceStatus status;
  FillStatus("think", sources_->Counters("think"), &status);
  EXPECT_EQ(status.documents(), 7);
  EXPECT_EQ(status.updated(), 2);
  EXPECT_EQ(status.duplicates(), 3);
  EXPECT_EQ(status.fetch_errors(), 1);
  EXPECT_EQ(status.failures().at("timeout"), 1);
  EXPECT_EQ(status.skipped().at("listing"), 1);
  EXPECT_EQ(status.last_error(), "http://think.example/slow: timed out");
  EXPECT_EQ(TimestampMs(status.last_document()), 1'726'200'000'000);
}

TEST_F(PipelineTest, PausedSourcesAreNotFetched) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{s}, db_.get());
  sources_->SetPaused("think", true);
  Start(s);  // a new Sources object reads the persisted pause
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/"), 0);
  EXPECT_TRUE(sources_->IsPaused("think"));
}

}  // namespace
}  // namespace caravan::pipeline

namespace caravan::pipeline {
namespace {

TEST_F(PipelineTest, CanonicalPointingAtTheHomePageIsIgnored) {
  auto with_root_canonical = [](const std::string& title) {
    return "<html><head><link rel=\"canonical\" href=\"http://think.example/\"><title>" + title +
           "</title></head><body><article><h1>" + title + "</h1><p>" + title + ": " + kBody + "</p><p>" + kBody +
           " More.</p></article></body></html>";
  };
  fetch_.pages["http://think.example/"] = {200, "text/html",
      Article("Home", kBody, "<a href=\"/a\">A</a><a href=\"/b\">B</a><a href=\"/c\">C</a>")};
  fetch_.pages["http://think.example/a"] = {200, "text/html", with_root_canonical("Article A")};
  fetch_.pages["http://think.example/b"] = {200, "text/html", with_root_canonical("Article B")};
  fetch_.pages["http://think.example/c"] = {200, "text/html",
      "<html><head><link rel=\"canonical\" href=\"/b?utm_source=x\"></head><body><article><p>" + kBody + " C</p><p>" +
      kBody + "</p></article></body></html>"};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_TRUE(store_->FindByUrl("http://think.example/a"));
  EXPECT_TRUE(store_->FindByUrl("http://think.example/b"));
  auto b = store_->Get(*store_->FindByUrl("http://think.example/b"));
  EXPECT_EQ(b->version(), 1u) << "c names b canonical: an alias of b, not a rewrite of it";
  EXPECT_EQ(store_->FindByUrl("http://think.example/c"), b->id());
}

TEST_F(PipelineTest, RedirectHopIsFetchedAsItsOwnRequestAndTheOldUrlBecomesAnAlias) {
  fetch_.pages["http://think.example/feed"] = {200, "application/rss+xml",
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
      "<item><title>A</title><link>http://think.example/?p=12</link></item></channel></rss>"};
  fetch_.pages["http://think.example/?p=12"] = {301, "text/html", "", "/2024/05/a/"};
  fetch_.pages["http://think.example/2024/05/a/"] = {200, "text/html", Article("Article A", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.feeds = {"http://think.example/feed"};
  Start(s);
  RunUntilQuiet();
  auto id = store_->FindByUrl("http://think.example/2024/05/a/");
  ASSERT_TRUE(id);
  EXPECT_EQ(store_->FindByUrl("http://think.example/?p=12"), id) << "the redirecting URL names the same document";
  EXPECT_EQ(fetch_.Count("http://think.example/?p=12"), 1);
  EXPECT_EQ(fetch_.Count("http://think.example/2024/05/a/"), 1);
}

TEST_F(PipelineTest, RedirectLoopIsARedirectsFailure) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/x\">X</a>")};
  fetch_.pages["http://think.example/x"] = {302, "text/html", "", "/y"};
  fetch_.pages["http://think.example/y"] = {302, "text/html", "", "http://think.example/x"};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  SourceCounters& c = sources_->Counters("think");
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://think.example/x"), 1);
  EXPECT_EQ(fetch_.Count("http://think.example/y"), 1);
  std::lock_guard lock(c.mu);
  EXPECT_EQ(c.failures["redirects"], 1);
  EXPECT_NE(c.last_error.find("redirect loop"), std::string::npos) << c.last_error;
}

TEST_F(PipelineTest, RedirectOutOfScopeIsCountedAsSkipped) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/out\">O</a>")};
  fetch_.pages["http://think.example/out"] = {301, "text/html", "", "http://elsewhere.example/a"};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  SourceCounters& c = sources_->Counters("think");
  RunUntilQuiet();
  EXPECT_EQ(fetch_.Count("http://elsewhere.example/a"), 0);
  std::lock_guard lock(c.mu);
  EXPECT_EQ(c.skipped["redirect_out_of_scope"], 1);
}

// A category page in the style of a WordPress think tank: teasers of posts
// [first, first + n), and the archive's next page in the head only, as many
// WordPress themes do.
std::string CategoryPage(int first, int n, const std::string& next) {
  std::string teasers;
  for (int i = first; i < first + n; ++i) {
    std::string id = std::to_string(i);
    teasers += "<article class=\"post\"><h2><a href=\"/analysis/post-" + id + "/\">Analysis number " + id +
               " on the Middle Corridor</a></h2><time>2024-05-0" + std::to_string(i % 9 + 1) +
               "</time><p>A short excerpt of analysis " + id + " about freight volumes across the Caspian.</p>"
               "</article>";
  }
  std::string head = next.empty() ? "" : "<link rel=\"next\" href=\"" + next + "\">";
  return "<html lang=\"en\"><head><title>Energy - Think</title>" + head +
         "</head><body><nav><a href=\"/\">Home</a></nav><main><h1>Energy</h1>" + teasers + "</main></body></html>";
}

TEST_F(PipelineTest, ListingPageIsFollowedAsAHubButNotStored) {
  // Linked from the start page: start pages are never stored anyway.
  fetch_.pages["http://think.example/"] = {200, "text/html",
                                           Article("Home", kBody, "<a href=\"/category/energy/\">Energy</a>")};
  fetch_.pages["http://think.example/category/energy/"] = {200, "text/html", CategoryPage(0, 6, "")};
  for (int i = 0; i < 6; ++i) {
    std::string id = std::to_string(i);
    fetch_.pages["http://think.example/analysis/post-" + id + "/"] = {200, "text/html",
                                                                      Article("Analysis " + id, id + " " + kBody)};
  }
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(store_->Count(), 6);
  EXPECT_FALSE(store_->FindByUrl("http://think.example/category/energy/"));
  SourceCounters& c = sources_->Counters("think");
  std::lock_guard lock(c.mu);
  EXPECT_EQ(c.skipped["listing"], 1);
}

TEST_F(PipelineTest, PagingThroughAListingIsNotAHop) {
  // Home (depth 0) -> category (1) -> its pages 2..4 (still 1) -> posts (2).
  fetch_.pages["http://think.example/"] = {200, "text/html",
                                           Article("Home", kBody, "<a href=\"/category/energy/\">Energy</a>")};
  fetch_.pages["http://think.example/category/energy/"] = {200, "text/html",
                                                           CategoryPage(0, 3, "/category/energy/page/2/")};
  for (int page = 2; page <= 4; ++page) {
    std::string next = page < 4 ? "/category/energy/page/" + std::to_string(page + 1) + "/" : "";
    fetch_.pages["http://think.example/category/energy/page/" + std::to_string(page) + "/"] = {
        200, "text/html", CategoryPage(3 * (page - 1), 3, next)};
  }
  for (int i = 0; i < 12; ++i) {
    std::string id = std::to_string(i);
    fetch_.pages["http://think.example/analysis/post-" + id + "/"] = {200, "text/html",
                                                                      Article("Analysis " + id, id + " " + kBody)};
  }
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  s.max_depth = 2;
  Start(s);
  RunUntilQuiet();
  EXPECT_EQ(store_->Count(), 12);
  EXPECT_TRUE(store_->FindByUrl("http://think.example/analysis/post-11/")) << "linked from page 4 only";
}

TEST_F(PipelineTest, ParagraphEveryPageOfAHostCarriesLeavesTheTextOnceLearned) {
  const std::string cite =
      "Please cite this report as a publication of the Think Institute for Eurasian Studies, Astana.";
  // Pages that differ in words, not only in numbers (digits are one).
  const char* places[] = {"Aktau", "Baku", "Poti", "Khorgos", "Termez", "Navoi", "Osh", "Kashgar"};
  std::string links;
  for (int i = 0; i < 8; ++i) {
    std::string id = std::to_string(i), place = places[i];
    links += "<a href=\"/r" + id + "\">R</a>";
    fetch_.pages["http://think.example/r" + id] = {200, "text/html",
        "<html><head><title>Report on " + place + "</title></head><body><article><h1>Report on " + place +
        "</h1><p>" + place + ": " + kBody + "</p><p>" + kBody + " The report on " + place + " goes on.</p><p>" +
        cite + "</p></article></body></html>"};
  }
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, links)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  templates::SiteTemplateOptions to;
  to.min_pages = 3;
  templates::SiteTemplates site_templates(db_.get(), to);
  Start(s, {}, &site_templates);  // Step() stores, and so learns, pages one at a time
  RunUntilQuiet();
  ASSERT_EQ(store_->Count(), 8);
  int with_cite = 0;
  for (int i = 0; i < 8; ++i) {
    auto id = store_->FindByUrl("http://think.example/r" + std::to_string(i));
    ASSERT_TRUE(id);
    auto doc = store_->Get(*id);
    EXPECT_NE(doc->text().find("goes on."), std::string::npos) << "the body stays";
    if (doc->text().find("Please cite") != std::string::npos) with_cite++;
  }
  EXPECT_EQ(with_cite, 3) << "stored before the sentence was on min_pages pages, and only those";
}

}  // namespace
}  // namespace caravan::pipeline
