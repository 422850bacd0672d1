// End to end: caravand crawls a fixture site on loopback and serves the
// result over the public gRPC API, across a SIGKILL and restart.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "tests/e2e/caravand_process.h"
#include "tests/fixtures/fixture_site.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;
using caravan::v1::Document;
using caravan::v1::DocumentEvent;

constexpr auto kTimeout = std::chrono::seconds(60);

class IngestE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-e2e-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(fs::path(CARAVAN_SOURCE_DIR) / "tests/fixtures/site", dir_ / "site", fs::copy_options::recursive);
    site_ = std::make_unique<FixtureSite>((dir_ / "site").string());
    std::string error;
    ASSERT_TRUE(site_->Start(0, &error)) << error;
    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml") << ConfigHead((dir_ / "data").string(), grpc_address_)
                                         << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n  max_revisit: 2s\n  revisit_pages: {min: 1s, max: 2s}\n"
                                         << "sources:\n"
                                         << "  - name: steppe\n"
                                         << "    start_urls: [" << site_->BaseUrl() << "/]\n"
                                         << "    feeds: [" << site_->BaseUrl() << "/feed/]\n"
                                         << "    revisit: 1s\n"
                                         << "    max_depth: 2\n";
    StartDaemon();
  }

  void TearDown() override {
    daemon_.reset();
    site_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void StartDaemon() {
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
    admin_ = caravan::v1::Admin::NewStub(daemon_->channel());
  }

  std::vector<Document> ListAll() {
    return ListAllDocuments(documents_.get(), ListFilter(2));  // small pages exercise paging
  }

  std::vector<Document> WaitForDocuments(size_t n) {
    std::vector<Document> docs = testing::WaitForDocuments(documents_.get(), n, kTimeout, ListFilter(2));
    if (docs.size() < n) ADD_FAILURE() << "only " << docs.size() << " of " << n << " documents\n" << daemon_->Log();
    return docs;
  }

  // Reads events after `cursor` until `done` says so or the timeout.
  std::vector<DocumentEvent> ReadEvents(const std::string& cursor,
                                        const std::function<bool(const std::vector<DocumentEvent>&)>& done) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kTimeout);
    caravan::v1::SubscribeRequest request;
    request.set_cursor(cursor);
    auto reader = documents_->Subscribe(&context, request);
    std::vector<DocumentEvent> events;
    DocumentEvent event;
    while (!done(events) && reader->Read(&event)) events.push_back(event);
    context.TryCancel();
    reader->Finish();
    return events;
  }

  const Document* ByUrlPart(const std::vector<Document>& docs, const std::string& part) {
    for (const auto& d : docs) {
      if (d.canonical_url().find(part) != std::string::npos) return &d;
    }
    return nullptr;
  }

  fs::path dir_;
  std::unique_ptr<FixtureSite> site_;
  std::string grpc_address_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
  std::unique_ptr<caravan::v1::Admin::Stub> admin_;
};

TEST_F(IngestE2E, CrawlsExtractsDedupsAndResumesAfterKill) {
  // Five articles: four linked from the home page and the feed, one listed
  // only in the sitemap that robots.txt names. The print copy and the
  // tracking-parameter variants collapse into them, and the home page is an
  // entry point, not a document.
  constexpr size_t kArticles = 5;
  std::vector<Document> docs = WaitForDocuments(kArticles);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let duplicates arrive, if any
  docs = ListAll();
  ASSERT_EQ(docs.size(), kArticles) << daemon_->Log();

  const Document* corridor = ByUrlPart(docs, "/en/analysis/middle-corridor-after-2024/");
  ASSERT_NE(corridor, nullptr);
  EXPECT_EQ(corridor->title(), "The Middle Corridor after 2024: Freight, Ports and Politics");
  EXPECT_EQ(corridor->source(), "steppe");
  EXPECT_EQ(corridor->language(), "en");
  EXPECT_EQ(corridor->author(), "Aruzhan Bekova");
  EXPECT_EQ(corridor->published().seconds(), 1726198200);  // 2024-09-13T08:30+05:00
  EXPECT_NE(corridor->text().find("Third, customs procedures along the corridor are being digitalised"),
            std::string::npos);
  EXPECT_NE(corridor->text().find("What holds the corridor back"), std::string::npos);
  EXPECT_NE(corridor->text().find("\n\n"), std::string::npos) << "paragraphs separated by blank lines";
  for (const char* boilerplate : {"We use cookies", "LATEST ARTICLES", "Subscribe to our newsletter", "Share:",
                                  "About the author", "also available in", "All rights reserved", "Related posts"}) {
    EXPECT_EQ(corridor->text().find(boilerplate), std::string::npos) << boilerplate << " in\n" << corridor->text();
  }
  EXPECT_EQ(corridor->id().size(), 32u);
  EXPECT_EQ(corridor->version(), 1u);
  EXPECT_FALSE(corridor->content_hash().empty());

  const Document* interview = ByUrlPart(docs, "/en/interviews/csr-and-bri-image/");
  ASSERT_NE(interview, nullptr);
  EXPECT_EQ(interview->title(), "Interview: Corporate Social Responsibility and the Image of the BRI");
  const Document* russian = ByUrlPart(docs, "/ru/analitika/");
  ASSERT_NE(russian, nullptr);
  EXPECT_EQ(russian->language(), "ru");
  EXPECT_EQ(russian->title(), "Средний коридор после 2024 года");
  ASSERT_NE(ByUrlPart(docs, "/en/news/khorgos-dry-port-update/"), nullptr);
  const Document* from_sitemap = ByUrlPart(docs, "/en/events/sco-summit-astana/");
  ASSERT_NE(from_sitemap, nullptr) << "robots.txt Sitemap: lines are followed";
  EXPECT_EQ(from_sitemap->title(), "SCO Summit in Astana: Connectivity on the Agenda");
  for (const auto& d : docs) {
    EXPECT_EQ(d.canonical_url().find("utm_"), std::string::npos) << d.canonical_url();
    EXPECT_EQ(d.canonical_url().find("/print/"), std::string::npos) << d.canonical_url();
  }

  // robots.txt was read and its disallowed path never requested.
  EXPECT_GE(site_->CountRequests("/robots.txt"), 1);
  EXPECT_EQ(site_->CountRequests("/private/"), 0);
  {
    caravan::v1::Status status;
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->GetStatus(&context, caravan::v1::GetStatusRequest(), &status).ok());
    ASSERT_EQ(status.sources_size(), 1);
    EXPECT_GE(status.sources(0).robots_denied(), 1);
    EXPECT_GE(status.sources(0).duplicates(), 1);
    EXPECT_EQ(status.documents(), static_cast<int64_t>(kArticles));
  }

  // The feed: each document once, as CREATED, in cursor order.
  std::vector<DocumentEvent> first = ReadEvents("", [&](const auto& e) { return e.size() >= kArticles; });
  ASSERT_EQ(first.size(), kArticles);
  std::set<std::string> ids;
  for (const auto& e : first) {
    EXPECT_EQ(e.type(), caravan::v1::CREATED);
    EXPECT_TRUE(ids.insert(e.document_id()).second) << "event twice for " << e.document_id();
    EXPECT_EQ(e.document().id(), e.document_id());
  }

  // A page that changes becomes version 2 with one UPDATED event.
  const std::string khorgos_id = ByUrlPart(docs, "/en/news/khorgos-dry-port-update/")->id();
  {
    fs::path page = dir_ / "site/en/news/khorgos-dry-port-update/index.html";
    std::ifstream in(page);
    std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t at = html.find("</div>\n<div class=\"share-buttons");
    ASSERT_NE(at, std::string::npos);
    html.insert(at, "<p>Update: the operator now expects a further rise in the fourth quarter.</p>\n");
    std::ofstream(page) << html;
  }
  std::vector<DocumentEvent> after_first =
      ReadEvents(first.back().cursor(), [](const auto& e) { return !e.empty(); });
  ASSERT_EQ(after_first.size(), 1u) << daemon_->Log();
  EXPECT_EQ(after_first[0].type(), caravan::v1::UPDATED);
  EXPECT_EQ(after_first[0].document_id(), khorgos_id);
  EXPECT_EQ(after_first[0].version(), 2u);
  EXPECT_NE(after_first[0].document().text().find("further rise in the fourth quarter"), std::string::npos);

  // Kill -9 and restart: nothing stored is lost, and a consumer resuming
  // from a cursor gets exactly the events after it.
  daemon_->Signal(SIGKILL);
  StartDaemon();
  std::vector<Document> after_restart = ListAll();
  ASSERT_EQ(after_restart.size(), kArticles);
  std::map<std::string, uint32_t> versions;
  for (const auto& d : after_restart) versions[d.id()] = d.version();
  EXPECT_EQ(versions[khorgos_id], 2u);

  // Resume after the second event: the rest of the creations, then the update.
  std::vector<DocumentEvent> resumed =
      ReadEvents(first[1].cursor(), [&](const auto& e) { return e.size() >= kArticles - 1; });
  ASSERT_EQ(resumed.size(), kArticles - 1);
  for (size_t i = 2; i < kArticles; ++i) {
    EXPECT_EQ(resumed[i - 2].cursor(), first[i].cursor());
    EXPECT_EQ(resumed[i - 2].document_id(), first[i].document_id());
  }
  EXPECT_EQ(resumed.back().cursor(), after_first[0].cursor());
  EXPECT_EQ(resumed.back().type(), caravan::v1::UPDATED);

  // After the restart the crawl goes on without new events for unchanged pages.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::vector<DocumentEvent> all = ReadEvents("", [&](const auto& e) { return e.size() >= kArticles + 1; });
  std::vector<DocumentEvent> more = ReadEvents(all.back().cursor(), [](const auto&) { return true; });
  EXPECT_TRUE(more.empty()) << "unexpected event for " << more[0].document().canonical_url();
  EXPECT_EQ(site_->CountRequests("/private/"), 0);
}

TEST_F(IngestE2E, GetByIdAndUrl) {
  std::vector<Document> docs = WaitForDocuments(1);
  ASSERT_FALSE(docs.empty());
  caravan::v1::GetDocumentRequest request;
  request.set_id(docs[0].id());
  Document got;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(documents_->Get(&context, request, &got).ok());
  }
  EXPECT_EQ(got.canonical_url(), docs[0].canonical_url());
  request.Clear();
  request.set_url(docs[0].canonical_url());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(documents_->Get(&context, request, &got).ok());
  }
  EXPECT_EQ(got.id(), docs[0].id());
  request.Clear();
  request.set_id("0000");
  grpc::ClientContext context;
  EXPECT_EQ(documents_->Get(&context, request, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace caravan::testing

namespace caravan::testing {
namespace {

TEST_F(IngestE2E, SigtermMidCrawlExitsCleanlyAndKeepsEverything) {
  std::vector<Document> docs = WaitForDocuments(1);
  // Revisits every second keep fetches in flight while the signal arrives.
  int status = daemon_->Signal(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << "caravand died of signal " << WTERMSIG(status) << "\n" << daemon_->Log();
  EXPECT_EQ(WEXITSTATUS(status), 0) << daemon_->Log();
  StartDaemon();
  EXPECT_GE(ListAll().size(), docs.size());
}

}  // namespace
}  // namespace caravan::testing
