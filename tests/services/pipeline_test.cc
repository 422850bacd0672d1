// The ingestion loop with real frontier, extractor, dedup and store, and a
// scripted fetch stage in place of the network.
#include "services/pipeline/pipeline.h"

#include <filesystem>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "common/time.h"
#include "services/pipeline/local_stages.h"

namespace caravan::pipeline {
namespace {

namespace fs = std::filesystem;

struct Page {
  int status = 200;
  std::string content_type = "text/html";
  std::string body;
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

  void Start(config::SourceConfig source) {
    if (source.scope.empty()) source.scope = {config::HostScopeRegex("think.example")};
    source.revisit_ms = 3'600'000;
    sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{source}, db_.get());
    frontier::FrontierOptions options;
    options.politeness.default_delay_ms = 0;
    Sources* s = sources_.get();
    frontier_ = std::make_unique<frontier::Frontier>(db_.get(), options,
                                                     [s](const std::string& n) { return s->RevisitMs(n); });
    frontier_stage_ = std::make_unique<LocalFrontier>(frontier_.get());
    dedup_ = std::make_unique<LocalDedup>(store_.get());
    store_stage_ = std::make_unique<LocalStore>(store_.get());
    pipeline_ = std::make_unique<Pipeline>(sources_.get(), frontier_stage_.get(), &fetch_, &extract_, dedup_.get(),
                                           store_stage_.get(), PipelineOptions{});
    pipeline_->Start();
  }

  // Waits until the store holds n documents and the crawl went quiet.
  void WaitFor(int64_t n) {
    for (int i = 0; i < 200 && store_->Count() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }

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
  WaitFor(2);
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
  WaitFor(1);
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
  WaitFor(1);
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
  WaitFor(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_EQ(sources_->Counters("think").duplicates.load(), 1);
}

TEST_F(PipelineTest, ErrorsAreCountedPerSource) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody, "<a href=\"/missing\">M</a>")};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  Start(s);
  for (int i = 0; i < 100 && sources_->Counters("think").fetch_errors.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
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
  WaitFor(1);
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
  WaitFor(1);
  ASSERT_EQ(fetch_.Count("http://think.example/a"), 1);

  // The sitemap is read again (crawl-now) with an old lastmod: nothing to do.
  pipeline_->CrawlNow("think");
  for (int i = 0; i < 100 && fetch_.Count("http://think.example/sitemap.xml") < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 1);

  {
    std::lock_guard lock(fetch_.mu);
    fetch_.pages["http://think.example/sitemap.xml"].body = sitemap(FormatRfc3339(NowMs() + 60'000));
    fetch_.pages["http://think.example/a"].body = Article("Article A, revised", kBody + " Revised.");
  }
  pipeline_->CrawlNow("think");
  for (int i = 0; i < 100 && fetch_.Count("http://think.example/a") < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(fetch_.Count("http://think.example/a"), 2) << "edited after our fetch: due at once";
}

TEST_F(PipelineTest, PausedSourcesAreNotFetched) {
  fetch_.pages["http://think.example/"] = {200, "text/html", Article("Home", kBody)};
  config::SourceConfig s;
  s.name = "think";
  s.start_urls = {"http://think.example/"};
  sources_ = std::make_unique<Sources>(std::vector<config::SourceConfig>{s}, db_.get());
  sources_->SetPaused("think", true);
  Start(s);  // a new Sources object reads the persisted pause
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
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
  WaitFor(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(store_->FindByUrl("http://think.example/a"));
  EXPECT_TRUE(store_->FindByUrl("http://think.example/b"));
  auto b = store_->Get(*store_->FindByUrl("http://think.example/b"));
  EXPECT_EQ(b->version(), 1u) << "c names b canonical: an alias of b, not a rewrite of it";
  EXPECT_EQ(store_->FindByUrl("http://think.example/c"), b->id());
}

}  // namespace
}  // namespace caravan::pipeline
