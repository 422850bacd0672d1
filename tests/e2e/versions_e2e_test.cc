// End to end: a page edited, then removed, after it was stored. Through the
// gRPC API the edit is version 2 with one UPDATED event, version 1 stays
// readable, and `caravanctl docs diff` shows the edit word by word;
// refetches of the unchanged page write nothing. A page that answers 404 on
// two checks crawl.delete_after apart becomes a tombstone with one DELETED
// event, and not before; one that has also left its sitemap, on the first
// 404.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;

std::string Page(const std::string& figure) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Aktau's new berths</title>"
         "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>Aktau's new berths</h1>"
         "<p>The port of Aktau opened two new berths this spring, and its operators expect to handle " +
         figure +
         " containers this year, most of them on the ferry line to Baku that links Kazakhstan with the "
         "Middle Corridor.</p><p>The expansion was financed by the port itself and a loan from a "
         "development bank, and it is meant to cut the waiting time of trains at the port from days to "
         "hours. Forwarders say the ferries, not the berths, remain the bottleneck.</p></article>"
         "<footer>Caspian Desk</footer></body></html>";
}

// One article on one site, which the test edits or removes, crawled by a
// caravand that revisits it every second.
class VersionsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-versions-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    site_ = std::make_unique<net::HttpServer>([this](const net::HttpRequest& r) {
      net::HttpResponse response;
      response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
      if (r.path == "/") {
        response.body = "<html><body><a href=\"/ports/aktau/\">Aktau</a></body></html>";
      } else if (r.path == "/sitemap.xml") {
        response.headers[0].second = "application/xml";
        response.body = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
        if (!unlisted_) response.body += "<url><loc>" + url_ + "</loc></url>";
        response.body += "</urlset>";
      } else if (r.path == "/ports/aktau/" && !removed_) {
        response.body = Page(edited_ ? "1.2 million" : "800,000");
      } else {
        if (r.path == "/ports/aktau/" && first_404_ms_ == 0) first_404_ms_ = NowMs();
        response.status = 404;
      }
      return response;
    });
    std::string error;
    ASSERT_TRUE(site_->Start("127.0.0.1", 0, &error)) << error;
    url_ = "http://127.0.0.1:" + std::to_string(site_->port()) + "/ports/aktau/";
    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml")
        << ConfigHead((dir_ / "data").string(), grpc_address_)
        << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n  revisit_pages: {min: 1s, max: 1s}\n  delete_after: " << DeleteAfter()
        << "\nsources:\n  - name: desk\n    start_urls: [http://127.0.0.1:" << site_->port() << "/]\n"
        << "    sitemaps: [http://127.0.0.1:" << site_->port() << "/sitemap.xml]\n    revisit: 1s\n";
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
  }
  void TearDown() override {
    daemon_.reset();
    site_->Stop();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  virtual std::string DeleteAfter() const { return "2s"; }

  static int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  caravan::v1::Document Get(uint32_t version = 0) {
    caravan::v1::GetDocumentRequest request;
    request.set_url(url_);
    request.set_version(version);
    caravan::v1::Document doc;
    grpc::ClientContext context;
    documents_->Get(&context, request, &doc);
    return doc;
  }

  // Polls Get until `done` holds or 30 s pass; returns the last answer.
  caravan::v1::Document WaitFor(const std::function<bool(const caravan::v1::Document&)>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    caravan::v1::Document doc = Get();
    while (!done(doc) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      doc = Get();
    }
    return doc;
  }

  // Events of document `id` in the change feed, counted by type.
  std::map<caravan::v1::EventType, int> EventsOf(const std::string& id) {
    caravan::v1::SubscribeRequest subscribe;
    subscribe.set_omit_text(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    auto reader = documents_->Subscribe(&context, subscribe);
    std::map<caravan::v1::EventType, int> counts;
    caravan::v1::DocumentEvent event;
    while (reader->Read(&event)) {
      if (event.document_id() == id) counts[event.type()]++;
    }
    return counts;
  }

  fs::path dir_;
  std::atomic<bool> edited_{false}, removed_{false}, unlisted_{false};
  std::atomic<int64_t> first_404_ms_{0};
  std::unique_ptr<net::HttpServer> site_;
  std::string url_, grpc_address_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
};

TEST_F(VersionsE2E, AnEditIsVersionTwoWithOneUpdatedEventAndAWordDiff) {
  ASSERT_EQ(WaitFor([](const auto& d) { return d.version() >= 1; }).version(), 1u) << daemon_->Log();
  edited_ = true;
  caravan::v1::Document latest = WaitFor([](const auto& d) { return d.version() >= 2; });
  ASSERT_EQ(latest.version(), 2u) << daemon_->Log();
  EXPECT_NE(latest.text().find("1.2 million"), std::string::npos);
  // Refetches of the unchanged page (a revisit a second) write nothing.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(Get().version(), 2u);
  caravan::v1::Document first = Get(1);
  EXPECT_EQ(first.version(), 1u);
  EXPECT_NE(first.text().find("800,000"), std::string::npos);

  std::map<caravan::v1::EventType, int> events = EventsOf(latest.id());
  EXPECT_EQ(events[caravan::v1::CREATED], 1);
  EXPECT_EQ(events[caravan::v1::UPDATED], 1);

  std::string diff = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                            " docs diff " + latest.id() + " 2>&1");
  EXPECT_NE(diff.find("version 1"), std::string::npos) << diff;
  EXPECT_NE(diff.find("[-800,000-]{+1.2 million+}"), std::string::npos) << diff;
}

TEST_F(VersionsE2E, APageGoneOnTwoChecksDeleteAfterApartIsATombstone) {
  caravan::v1::Document stored = WaitFor([](const auto& d) { return d.version() >= 1; });
  ASSERT_EQ(stored.version(), 1u) << daemon_->Log();
  removed_ = true;
  caravan::v1::Document tombstone = WaitFor([](const auto& d) { return d.deleted(); });
  int64_t seen_deleted_ms = NowMs();
  ASSERT_TRUE(tombstone.deleted()) << daemon_->Log();
  EXPECT_GE(seen_deleted_ms - first_404_ms_.load(), 2000) << "one 404 is no deletion";
  EXPECT_EQ(tombstone.version(), 2u);
  EXPECT_NE(tombstone.text().find("Aktau"), std::string::npos) << "a tombstone keeps its last text";
  std::map<caravan::v1::EventType, int> events = EventsOf(stored.id());
  EXPECT_EQ(events[caravan::v1::DELETED], 1);
  EXPECT_EQ(Get(1).version(), 1u) << "the version before the deletion stays readable";
}

// delete_after is an hour here: only leaving the sitemap can make one 404
// enough.
class SitemapVersionsE2E : public VersionsE2E {
 protected:
  std::string DeleteAfter() const override { return "1h"; }
};

TEST_F(SitemapVersionsE2E, APageThatLeftItsSitemapAndAnswers404IsATombstone) {
  caravan::v1::Document stored = WaitFor([](const auto& d) { return d.version() >= 1; });
  ASSERT_EQ(stored.version(), 1u) << daemon_->Log();
  unlisted_ = true;
  removed_ = true;
  caravan::v1::Document tombstone = WaitFor([](const auto& d) { return d.deleted(); });
  ASSERT_TRUE(tombstone.deleted()) << daemon_->Log();
  EXPECT_EQ(tombstone.version(), 2u);
  EXPECT_EQ(EventsOf(stored.id())[caravan::v1::DELETED], 1);
  EXPECT_NE(daemon_->Log().find("after it left its sitemap"), std::string::npos) << daemon_->Log();
}

}  // namespace
}  // namespace caravan::testing
