// End to end: caravand against servers that misbehave. The daemon must not
// hang, crash or let one bad host hold up another, and the operator must
// see what went wrong, per source and kind, through the Admin API.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;
using caravan::v1::SourceStatus;

constexpr auto kTimeout = std::chrono::seconds(60);

// Three paragraphs of think-tank prose about `topic`, well over the length
// a document needs.
std::string Article(const std::string& title, const std::string& topic) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " | Steppe Monitor</title></head><body><nav><a href=\"/\">Home</a></nav>"
         "<article><h1>" + title + "</h1>"
         "<p>The debate over " + topic + " has moved from ministries to freight yards, where the volume of "
         "containers crossing the Caspian decides more than any communique signed in Beijing or Astana.</p>"
         "<p>Officials in Tashkent and Bishkek describe " + topic + " as a matter of sequencing: first the "
         "customs reforms, then the rolling stock, and only then the financing that lenders keep promising.</p>"
         "<p>Whether " + topic + " survives the next budget cycle depends on tariffs that neither side has "
         "published, and on the patience of the shippers who have already paid for the detour.</p>"
         "</article><footer>© Steppe Monitor</footer></body></html>";
}

net::HttpResponse Html(std::string body) {
  net::HttpResponse r;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}

// Writes `head` then calls `chunk` until a write fails (Stop() shuts the
// socket down) or `chunk` returns empty.
std::function<void(int)> Stream(std::string head, std::function<std::string()> chunk) {
  return [head = std::move(head), chunk = std::move(chunk)](int fd) {
    if (write(fd, head.data(), head.size()) < 0) return;
    while (true) {
      std::string c = chunk();
      if (c.empty() || write(fd, c.data(), c.size()) <= 0) return;
    }
  };
}

// A server that records request paths and answers through `route`.
class Site {
 public:
  explicit Site(std::function<net::HttpResponse(const std::string& path)> route)
      : server_([this, route = std::move(route)](const net::HttpRequest& request) {
          {
            std::lock_guard lock(mu_);
            ++requests_[request.path];
          }
          return route(request.path);
        }) {}

  void Start(const std::string& host) {
    std::string error;
    ASSERT_TRUE(server_.Start(host, 0, &error)) << error;
    base_ = "http://" + host + ":" + std::to_string(server_.port());
  }
  void Stop() { server_.Stop(); }
  const std::string& base() const { return base_; }
  int Requests(const std::string& path) {
    std::lock_guard lock(mu_);
    return requests_[path];
  }
  std::map<std::string, int> AllRequests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  net::HttpServer server_;
  std::string base_;
  std::mutex mu_;
  std::map<std::string, int> requests_;
};

net::HttpResponse HostileRoute(const std::string& path, const std::atomic<bool>* stopping) {
  net::HttpResponse r;
  if (path == "/robots.txt") {
    r.headers.emplace_back("Content-Type", "text/plain");
    r.body = "User-agent: *\nAllow: /\n";
  } else if (path == "/") {
    return Html(
        "<html><body><h1>Steppe Monitor</h1><ul>"
        "<li><a href=\"/slow-drip\">slow</a><li><a href=\"/endless\">endless</a>"
        "<li><a href=\"/loop-a\">loop</a><li><a href=\"/photo\">photo</a>"
        "<li><a href=\"/latin1\">encoding</a><li><a href=\"/gone\">gone</a>"
        "<li><a href=\"/broken-framing\">framing</a><li><a href=\"/events/2090/01/\">calendar</a>"
        "<li><a href=\"/en/en/en/news/\">loop of segments</a>"
        "<li><a href=\"/analysis/corridor\">article</a></ul></body></html>");
  } else if (path == "/slow-drip") {
    // One byte every 200 ms: never done before the 3 s total timeout.
    r.raw = Stream("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n", [stopping] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return *stopping ? std::string() : std::string("<");
    });
  } else if (path == "/endless") {
    r.raw = Stream("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>",
                   [stopping] { return *stopping ? std::string() : std::string(64 * 1024, 'x'); });
  } else if (path == "/loop-a" || path == "/loop-b") {
    r.status = 302;
    r.headers.emplace_back("Location", path == "/loop-a" ? "/loop-b" : "/loop-a");
  } else if (path == "/photo") {
    r = Html(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 24) + std::string(2000, '\x07'));
  } else if (path == "/latin1") {
    // Declared UTF-8, written in Latin-1: invalid sequences, still a page.
    r = Html(Article("Caf\xe9 diplomacy on the Caspian", "caf\xe9 diplomacy"));
  } else if (path == "/broken-framing") {
    r.raw = Stream("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>short",
                   [] { return std::string(); });
  } else if (path == "/feed.xml") {
    r.headers.emplace_back("Content-Type", "application/rss+xml");
    // A CMS error page behind the feed URL: nothing feed-like to recover.
    r.body = "<html><body><h1>Service temporarily unavailable</h1></body></html>";
  } else if (path == "/analysis/corridor") {
    return Html(Article("Freight before finance on the Middle Corridor", "the Middle Corridor"));
  } else {
    r.status = 404;
    r.body = "not found";
  }
  return r;
}

class HostileE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-hostile-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);

    hostile_ = std::make_unique<Site>([this](const std::string& path) { return HostileRoute(path, &stopping_); });
    healthy_ = std::make_unique<Site>([](const std::string& path) {
      if (path == "/") {
        return Html("<html><body><a href=\"/a1\">one</a> <a href=\"/a2\">two</a></body></html>");
      }
      if (path == "/a1") return Html(Article("Rail gauges and the Khorgos bottleneck", "the Khorgos gateway"));
      if (path == "/a2") return Html(Article("Water, cotton and the Amu Darya", "the Amu Darya basin"));
      net::HttpResponse r;
      r.status = 404;
      return r;
    });
    // robots.txt answers after the fetch timeout: the host is unreachable
    // for us, so nothing else of it may be fetched.
    stalled_ = std::make_unique<Site>([this](const std::string& path) {
      for (int i = 0; i < 100 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      (void)path;
      return Html(Article("Never seen", "nothing"));
    });
    // A site on the operator's network, which no config allows: the SSRF
    // guard must keep caravan from it.
    intranet_ = std::make_unique<Site>([](const std::string&) { return Html(Article("Internal", "secret")); });
    hostile_->Start("127.0.0.1");
    healthy_->Start("127.0.0.2");
    stalled_->Start("127.0.0.3");
    intranet_->Start("127.0.0.4");

    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml")
        << ConfigHead((dir_ / "data").string(), grpc_address_)
        << "crawl:\n  allow_networks: [127.0.0.1/32, 127.0.0.2/32, 127.0.0.3]\n"
        << "  delay: 20ms\n  timeout: 3s\n  connect_timeout: 2s\n  max_body_bytes: 1MB\n"
        << "sources:\n"
        << "  - name: hostile\n    start_urls: [" << hostile_->base() << "/]\n"
        << "    feeds: [" << hostile_->base() << "/feed.xml]\n    revisit: 1h\n    max_depth: 2\n"
        << "  - name: healthy\n    start_urls: [" << healthy_->base() << "/]\n    revisit: 1h\n"
        << "  - name: stalled\n    start_urls: [" << stalled_->base() << "/]\n    revisit: 1h\n"
        << "  - name: intranet\n    start_urls: [" << intranet_->base() << "/]\n    revisit: 1h\n";
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
    admin_ = caravan::v1::Admin::NewStub(daemon_->channel());
  }

  void TearDown() override {
    stopping_ = true;
    daemon_.reset();
    hostile_->Stop();
    healthy_->Stop();
    stalled_->Stop();
    intranet_->Stop();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::map<std::string, SourceStatus> Status() {
    caravan::v1::Status status;
    grpc::ClientContext context;
    EXPECT_TRUE(admin_->GetStatus(&context, caravan::v1::GetStatusRequest(), &status).ok());
    std::map<std::string, SourceStatus> out;
    for (const auto& s : status.sources()) out[s.name()] = s;
    return out;
  }

  static int64_t Count(const google::protobuf::Map<std::string, int64_t>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
  }

  std::vector<caravan::v1::Document> Documents() {
    caravan::v1::ListDocumentsRequest request;
    request.set_page_size(100);
    // The sites' articles share a template's sentences, so some are copies
    // of each other's; this test counts pages, not publications.
    request.set_include_copies(true);
    caravan::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(documents_->List(&context, request, &response).ok());
    return {response.documents().begin(), response.documents().end()};
  }

  std::atomic<bool> stopping_{false};
  fs::path dir_;
  std::unique_ptr<Site> hostile_, healthy_, stalled_, intranet_;
  std::string grpc_address_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
  std::unique_ptr<caravan::v1::Admin::Stub> admin_;
};

TEST_F(HostileE2E, MisbehavingServersAreCountedPerSourceAndHoldUpNobody) {
  const std::vector<std::string> kinds = {"timeout",  "too_large", "redirects", "unsupported_type",
                                          "http_4xx", "connection", "malformed"};
  auto done = [&](std::map<std::string, SourceStatus>& s) {
    for (const auto& k : kinds) {
      if (Count(s["hostile"].failures(), k) == 0) return false;
    }
    return s["healthy"].documents() == 2 && s["hostile"].documents() == 2 &&
           Count(s["stalled"].failures(), "robots_unavailable") > 0 &&
           Count(s["intranet"].failures(), "blocked_address") > 0;
  };
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  std::map<std::string, SourceStatus> status = Status();
  while (!done(status) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = Status();
  }
  std::string log = daemon_->Log();
  for (const auto& k : kinds) {
    EXPECT_GE(Count(status["hostile"].failures(), k), 1) << k << "\n" << log;
  }
  EXPECT_EQ(status["healthy"].documents(), 2) << "a bad neighbour must not hold up a good host\n" << log;
  EXPECT_TRUE(status["healthy"].failures().empty());
  EXPECT_GE(Count(status["stalled"].failures(), "robots_unavailable"), 1) << log;
  EXPECT_EQ(stalled_->Requests("/"), 0) << "no page without a robots.txt verdict";

  // The SSRF guard: an address no config allows is never connected to, and
  // the operator sees which and why.
  EXPECT_GE(Count(status["intranet"].failures(), "blocked_address"), 1) << log;
  EXPECT_EQ(status["intranet"].documents(), 0);
  EXPECT_EQ(intranet_->Requests("/robots.txt") + intranet_->Requests("/"), 0);
  EXPECT_NE(log.find("127.0.0.4 is loopback"), std::string::npos) << log;

  // Traps are never requested, and the operator sees why.
  EXPECT_EQ(Count(status["hostile"].skipped(), "trap_calendar"), 1);
  EXPECT_EQ(Count(status["hostile"].skipped(), "trap_repeated_path"), 1);
  EXPECT_EQ(hostile_->Requests("/events/2090/01/"), 0);

  // The pages that were pages are stored: the article, and the one with a
  // wrong charset declaration (decoded, not dropped).
  std::map<std::string, std::string> titles;
  for (const auto& d : Documents()) titles[d.url().substr(d.url().rfind('/'))] = d.title();
  EXPECT_EQ(titles["/corridor"], "Freight before finance on the Middle Corridor");
  ASSERT_TRUE(titles.count("/latin1")) << log;
  EXPECT_NE(titles["/latin1"].find("diplomacy on the Caspian"), std::string::npos);
  EXPECT_FALSE(titles.count("/photo"));

  // Still serving after all of it.
  grpc::ClientContext context;
  caravan::v1::Status s;
  EXPECT_TRUE(admin_->GetStatus(&context, caravan::v1::GetStatusRequest(), &s).ok());
}

}  // namespace
}  // namespace caravan::testing
