// End to end: a general news source with require_topics. Its article on
// the Middle Corridor becomes a document carrying its topics; its football
// report does not, and the operator sees it counted as skipped{off_topic}.
// `caravanctl topics explain` names the terms that decided.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;

std::string Article(const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " | The Steppe Times</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>" + title +
         "</h1>" + body + "</article></body></html>";
}

TEST(TopicsE2E, AnOffTopicArticleIsKeptOutByRequireTopics) {
  fs::path dir = fs::temp_directory_path() / ("caravan-topics-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  net::HttpServer site([](const net::HttpRequest& r) {
    net::HttpResponse response;
    response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    if (r.path == "/") {
      response.body = "<html><body><a href=\"/news/corridor\">Corridor</a> <a href=\"/sport/derby\">Derby</a>"
                      "</body></html>";
    } else if (r.path == "/news/corridor") {
      response.body = Article(
          "Kazakhstan doubles Caspian ferry capacity",
          "<p>Kazakhstan will double the number of ferries between Aktau and Baku next year, the transport "
          "ministry said, as cargo on the Middle Corridor keeps growing.</p><p>Most of the containers come "
          "from China and are bound for Turkey and Europe, and shippers say the crossing is still the slowest "
          "part of the route.</p>");
    } else if (r.path == "/sport/derby") {
      response.body = Article(
          "Late goal settles the derby",
          "<p>The home side scored in the last minute after a corner, and the visitors' coach praised the "
          "referee after a tense evening in front of a full stadium.</p><p>Both teams now prepare for the "
          "cup quarter-finals next week, with two players back from injury.</p>");
    } else {
      response.status = 404;
    }
    return response;
  });
  std::string error;
  ASSERT_TRUE(site.Start("127.0.0.1", 0, &error)) << error;
  const std::string base = "http://127.0.0.1:" + std::to_string(site.port());
  const std::string grpc_address = "127.0.0.1:" + std::to_string(FreePort());
  std::ofstream(dir / "caravan.yaml") << ConfigHead((dir / "data").string(), grpc_address)
                                      << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n"
                                      << "sources:\n  - name: times\n    start_urls: [" << base << "/]\n"
                                      << "    require_topics: [central_asia, middle_corridor, bri]\n";
  CaravandProcess daemon((dir / "caravan.yaml").string(), (dir / "caravand.log").string());
  ASSERT_TRUE(daemon.Start(grpc_address, 20'000)) << daemon.Log();
  auto documents = caravan::v1::Documents::NewStub(daemon.channel());
  auto admin = caravan::v1::Admin::NewStub(daemon.channel());

  auto off_topic = [&] {
    caravan::v1::Status status;
    grpc::ClientContext context;
    if (!admin->GetStatus(&context, caravan::v1::GetStatusRequest(), &status).ok() || status.sources_size() != 1) {
      return int64_t{0};
    }
    auto it = status.sources(0).skipped().find("off_topic");
    return it == status.sources(0).skipped().end() ? int64_t{0} : it->second;
  };
  std::vector<caravan::v1::Document> docs = WaitForDocuments(documents.get(), 1, std::chrono::seconds(60));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (off_topic() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(off_topic(), 1) << daemon.Log();
  docs = ListAllDocuments(documents.get());
  ASSERT_EQ(docs.size(), 1u) << daemon.Log();
  EXPECT_EQ(docs[0].url(), base + "/news/corridor");
  std::vector<std::string> names;
  for (const auto& t : docs[0].topics()) names.push_back(t.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "central_asia"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "transport"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "middle_corridor"), names.end()) << "named once, below the score";

  std::string out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address +
                                  " topics explain " + docs[0].id() + " 2>&1");
  EXPECT_NE(out.find("central_asia  score"), std::string::npos) << out;
  EXPECT_NE(out.find("    kazakhstan x"), std::string::npos) << out;
  out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address + " docs get " +
                      docs[0].id() + " --format text 2>&1");
  EXPECT_NE(out.find("\ntopics " + names[0] + " ("), std::string::npos) << out;
  site.Stop();
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace caravan::testing
