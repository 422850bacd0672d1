// End to end, as an analysis tool uses caravan: a named consumer reads part
// of the feed and acknowledges it, then both the tool and caravand die
// (SIGKILL); after the restart the consumer resumes after its
// acknowledgement and, with what it read before, has every event. Search
// finds the articles in English, Russian and Chinese, through the RPC and
// through caravanctl; a filtered Subscribe delivers only Russian events; a
// document's history names how each version was fetched; and a cursor older
// than the retained change log gets OUT_OF_RANGE with how to resync; a
// re-extraction writes a new version only where the output changed; and a
// WARC export imported by another caravand gives the same documents.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "archive/warc.h"
#include "net/http_server.h"
#include "storage/database.h"
#include "storage/document_store.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;

struct Article {
  std::string path, language, title, body;
};

const Article kArticles[] = {
    {"/en/middle-corridor-ports/", "en", "Ports of the Middle Corridor expand",
     "<p>Aktau and Kuryk, the Kazakh ports on the Caspian, are adding berths for container ferries as cargo on "
     "the Middle Corridor keeps growing. Shippers say the crossing to Baku still takes too long.</p><p>The "
     "ports' operators expect the new berths to cut waiting times by half within two years, if the ferry "
     "fleet grows as planned.</p>"},
    {"/ru/srednij-koridor/", "ru", "Порты Среднего коридора растут",
     "<p>Актау и Курык, казахстанские порты на Каспии, строят новые причалы для контейнерных паромов: грузов "
     "на Среднем коридоре становится всё больше. Экспедиторы жалуются, что переправа в Баку занимает слишком "
     "много времени.</p><p>Операторы портов рассчитывают сократить ожидание вдвое за два года, если флот "
     "паромов вырастет, как запланировано.</p>"},
    {"/zh/zhongjian-zoulang/", "zh", "中间走廊港口扩建",
     "<p>哈萨克斯坦里海港口阿克套和库里克正在为集装箱渡轮增建泊位，因为中间走廊的货运量持续增长。托运人表示，前往巴"
     "库的航程仍然太长。</p><p>港口运营商预计，如果渡轮船队按计划扩大，新泊位将在两年内把等待时间缩短一半。这条"
     "跨里海国际运输路线连接中国与欧洲。</p>"},
};

std::string Page(const Article& a) {
  return "<!doctype html><html lang=\"" + a.language + "\"><head><meta charset=\"utf-8\"><title>" + a.title +
         "</title><meta property=\"article:published_time\" content=\"2024-10-0" +
         std::to_string(1 + (&a - kArticles)) + "T09:00:00+05:00\"></head><body><nav><a href=\"/\">Home</a></nav>"
         "<article><h1>" + a.title + "</h1>" + a.body + "</article><footer>Caspian Desk</footer></body></html>";
}

class ConsumerE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-consumer-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    site_ = std::make_unique<net::HttpServer>([](const net::HttpRequest& r) {
      net::HttpResponse response;
      response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
      if (r.path == "/") {
        response.body = "<html><body>";
        for (const Article& a : kArticles) response.body += "<a href=\"" + a.path + "\">" + a.title + "</a> ";
        response.body += "</body></html>";
        return response;
      }
      for (const Article& a : kArticles) {
        if (r.path == a.path) {
          response.body = Page(a);
          return response;
        }
      }
      response.status = 404;
      return response;
    });
    std::string error;
    ASSERT_TRUE(site_->Start("127.0.0.1", 0, &error)) << error;
    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml") << ConfigHead((dir_ / "data").string(), grpc_address_) << ExtraConfig()
                                         << "crawl:\n" << kAllowLoopback << "  delay: 20ms\nsources:\n  - name: desk\n"
                                         << "    start_urls: [http://127.0.0.1:" << site_->port() << "/]\n";
    StartDaemon();
  }
  void TearDown() override {
    daemon_.reset();
    site_->Stop();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  virtual std::string ExtraConfig() const { return ""; }

  void StartDaemon() {
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
  }

  // Up to `n` events of `request`'s stream, reading for at most `wait`.
  std::vector<caravan::v1::DocumentEvent> Read(const caravan::v1::SubscribeRequest& request, size_t n,
                                               std::chrono::milliseconds wait) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + wait);
    auto reader = documents_->Subscribe(&context, request);
    std::vector<caravan::v1::DocumentEvent> events;
    caravan::v1::DocumentEvent event;
    while (events.size() < n && reader->Read(&event)) events.push_back(event);
    context.TryCancel();
    reader->Finish();
    return events;
  }

  // Polls Search until it gives a hit or 20 s pass (the index follows the
  // change log a moment behind the store).
  caravan::v1::SearchResponse SearchFor(const std::string& query, const std::string& language) {
    caravan::v1::SearchRequest request;
    request.set_query(query);
    request.set_language(language);
    caravan::v1::SearchResponse response;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    do {
      response.Clear();
      grpc::ClientContext context;
      grpc::Status s = documents_->Search(&context, request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (response.hits_size() > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < deadline);
    return response;
  }

  fs::path dir_;
  std::unique_ptr<net::HttpServer> site_;
  std::string grpc_address_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
};

TEST_F(ConsumerE2E, ANamedConsumerResumesAfterItAndCaravandAreKilled) {
  ASSERT_EQ(WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60)).size(), 3u) << daemon_->Log();
  caravan::v1::SubscribeRequest request;
  request.set_consumer("analysis");
  request.set_omit_text(true);
  std::vector<caravan::v1::DocumentEvent> before = Read(request, 2, std::chrono::seconds(5));
  ASSERT_EQ(before.size(), 2u);
  caravan::v1::AckRequest ack;
  ack.set_consumer("analysis");
  ack.set_cursor(before[1].cursor());
  caravan::v1::Consumer acked;
  grpc::ClientContext context;
  ASSERT_TRUE(documents_->Ack(&context, ack, &acked).ok());

  daemon_->Signal(SIGKILL);
  StartDaemon();
  std::vector<caravan::v1::DocumentEvent> after = Read(request, 100, std::chrono::seconds(3));
  ASSERT_FALSE(after.empty()) << daemon_->Log();
  EXPECT_EQ(std::stoull(after[0].cursor()), std::stoull(before[1].cursor()) + 1) << "resumes after the ack";
  std::set<std::string> created;
  for (const auto* events : {&before, &after}) {
    for (const auto& e : *events) {
      if (e.type() == caravan::v1::CREATED) created.insert(e.document_id());
    }
  }
  EXPECT_EQ(created.size(), 3u) << "nothing missed";

  std::string list = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                                   " consumers list");
  EXPECT_NE(list.find("analysis"), std::string::npos) << list;
}

TEST_F(ConsumerE2E, SearchFindsEnglishRussianAndChinese) {
  ASSERT_EQ(WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60)).size(), 3u) << daemon_->Log();
  caravan::v1::SearchResponse en = SearchFor("\"middle corridor\" ferries", "en");
  ASSERT_EQ(en.hits_size(), 1) << daemon_->Log();
  EXPECT_EQ(en.hits(0).title(), "Ports of the Middle Corridor expand");
  EXPECT_NE(en.hits(0).snippet().find("<b>"), std::string::npos) << en.hits(0).snippet();
  caravan::v1::SearchResponse ru = SearchFor("порт", "ru");  // the text has "порты", "портов"
  ASSERT_EQ(ru.hits_size(), 1);
  EXPECT_EQ(ru.hits(0).language(), "ru");
  caravan::v1::SearchResponse zh = SearchFor("中间走廊", "");
  ASSERT_EQ(zh.hits_size(), 1);
  EXPECT_EQ(zh.hits(0).language(), "zh");

  std::string out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                                  " search \"middle corridor\" --language en --since 3650d");
  EXPECT_NE(out.find("Ports of the Middle Corridor expand"), std::string::npos) << out;
  out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                      " search --rebuild");
  EXPECT_NE(out.find("rebuilt: 3 documents"), std::string::npos) << out;
  EXPECT_EQ(SearchFor("berths", "en").hits_size(), 1) << "found again after the rebuild";
}

TEST_F(ConsumerE2E, AFilteredFeedAndAHistory) {
  std::vector<caravan::v1::Document> docs = WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60));
  ASSERT_EQ(docs.size(), 3u) << daemon_->Log();
  caravan::v1::SubscribeRequest request;
  request.set_language("ru");
  request.set_omit_text(true);
  std::vector<caravan::v1::DocumentEvent> events = Read(request, 10, std::chrono::seconds(2));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].document().title(), "Порты Среднего коридора растут");

  caravan::v1::ListVersionsRequest history;
  history.set_id(events[0].document_id());
  caravan::v1::ListVersionsResponse versions;
  grpc::ClientContext context;
  ASSERT_TRUE(documents_->ListVersions(&context, history, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 1);
  const caravan::v1::FetchRecord& fetch = versions.versions(0).fetch();
  EXPECT_EQ(fetch.http_status(), 200);
  EXPECT_EQ(fetch.content_type(), "text/html; charset=utf-8");
  EXPECT_GT(fetch.body_bytes(), 500);
  EXPECT_EQ(fetch.body_hash().size(), 32u);
  EXPECT_FALSE(fetch.extractor_version().empty());
  caravan::v1::GetVersionRequest raw_request;
  raw_request.set_id(events[0].document_id());
  caravan::v1::RawBody raw;
  grpc::ClientContext raw_context;
  ASSERT_TRUE(documents_->GetRaw(&raw_context, raw_request, &raw).ok());
  EXPECT_EQ(static_cast<int64_t>(raw.body().size()), fetch.body_bytes());

  std::string out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                                  " docs history " + events[0].document_id());
  EXPECT_NE(out.find("1   CREATED"), std::string::npos) << out;
  EXPECT_NE(out.find("HTTP 200"), std::string::npos) << out;
}

TEST_F(ConsumerE2E, AReextractionWritesANewVersionOnlyWhereTheOutputChanged) {
  std::vector<caravan::v1::Document> docs = WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60));
  ASSERT_EQ(docs.size(), 3u) << daemon_->Log();
  // As an older extractor would have left one of them, a share line kept in
  // its text: written in place while caravand is down.
  daemon_->Signal(SIGTERM);
  const std::string stale_id = docs[0].id();
  {
    std::string error;
    auto db = storage::Database::Open((dir_ / "data" / "db").string(), &error);
    ASSERT_TRUE(db) << error;
    storage::DocumentStore store(db.get());
    ASSERT_EQ(store.Migrate("test-older-extractor", "1",
                            [&](caravan::v1::Document* d) {
                              if (d->id() != stale_id) return false;
                              d->set_text(d->text() + "\n\nShare on Facebook");
                              return true;
                            },
                            &error),
              1)
        << error;
  }
  StartDaemon();
  caravan::v1::Status before;
  std::unique_ptr<caravan::v1::Admin::Stub> admin = caravan::v1::Admin::NewStub(daemon_->channel());
  grpc::ClientContext status_context;
  ASSERT_TRUE(admin->GetStatus(&status_context, {}, &before).ok());

  std::string out = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + grpc_address_ +
                                  " reextract 2>&1");
  EXPECT_NE(out.find("done: 3 documents, 1 changed (new versions), 2 unchanged"), std::string::npos) << out;
  caravan::v1::SubscribeRequest request;
  request.set_cursor(before.last_cursor());
  request.set_omit_text(true);
  std::vector<caravan::v1::DocumentEvent> events = Read(request, 10, std::chrono::seconds(2));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), caravan::v1::UPDATED);
  EXPECT_EQ(events[0].document_id(), stale_id);
  EXPECT_EQ(events[0].version(), 2u);
  caravan::v1::GetDocumentRequest get;
  get.set_id(stale_id);
  caravan::v1::Document now;
  grpc::ClientContext get_context;
  ASSERT_TRUE(documents_->Get(&get_context, get, &now).ok());
  EXPECT_EQ(now.text().find("Share on Facebook"), std::string::npos);
  EXPECT_EQ(now.text(), docs[0].text());
}

TEST_F(ConsumerE2E, AWarcExportImportedIntoAnotherCaravandGivesTheSameDocuments) {
  std::vector<caravan::v1::Document> crawled = WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60));
  ASSERT_EQ(crawled.size(), 3u) << daemon_->Log();
  const std::string ctl = std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server ";
  const std::string warc = (dir_ / "export.warc.gz").string();
  std::string out = CommandOutput(ctl + grpc_address_ + " export --format warc -o " + warc + " 2>&1");
  EXPECT_NE(out.find("exported 3 documents"), std::string::npos) << out;

  // The file reads back as WARC: a warcinfo, then response, request and
  // metadata for each document, every digest sound.
  std::string error;
  std::unique_ptr<archive::WarcReader> reader = archive::WarcReader::Open(warc, &error);
  ASSERT_TRUE(reader) << error;
  std::map<std::string, int> types;
  archive::WarcRecord record;
  while (reader->Next(&record)) {
    EXPECT_EQ(record.error, "");
    types[std::string(record.Header("WARC-Type"))]++;
    EXPECT_NE(archive::CheckDigests(record).Overall(), archive::DigestVerdict::kFail) << record.Header("WARC-Type");
  }
  EXPECT_EQ(reader->error(), "");
  EXPECT_EQ(types, (std::map<std::string, int>{{"warcinfo", 1}, {"response", 3}, {"request", 3}, {"metadata", 3}}));

  // A second caravand, its store empty and the site gone, imports it.
  daemon_.reset();
  site_->Stop();
  fs::create_directories(dir_ / "second");
  const std::string second = "127.0.0.1:" + std::to_string(FreePort());
  std::ofstream(dir_ / "second" / "caravan.yaml") << ConfigHead((dir_ / "second" / "data").string(), second)
                                                  << "crawl:\n" << kAllowLoopback << "  delay: 20ms\nsources:\n  - name: desk\n"
                                                  << "    start_urls: [http://127.0.0.1:" << site_->port() << "/]\n";
  CaravandProcess daemon((dir_ / "second" / "caravan.yaml").string(), (dir_ / "second" / "caravand.log").string());
  ASSERT_TRUE(daemon.Start(second, 20'000)) << daemon.Log();
  out = CommandOutput(ctl + second + " import " + warc + " 2>&1");
  EXPECT_NE(out.find("3 responses: 3 stored"), std::string::npos) << out;
  auto stub = caravan::v1::Documents::NewStub(daemon.channel());
  std::vector<caravan::v1::Document> imported = ListAllDocuments(stub.get());
  ASSERT_EQ(imported.size(), 3u) << daemon.Log();
  std::map<std::string, const caravan::v1::Document*> by_id;
  for (const auto& d : crawled) by_id[d.id()] = &d;
  for (const auto& d : imported) {
    ASSERT_TRUE(by_id.count(d.id())) << d.url();
    EXPECT_EQ(d.text(), by_id[d.id()]->text());
    EXPECT_EQ(d.title(), by_id[d.id()]->title());
    EXPECT_EQ(d.published().seconds(), by_id[d.id()]->published().seconds());
    EXPECT_EQ(d.fetched_at().seconds(), by_id[d.id()]->fetched_at().seconds()) << "the capture's own time";
  }
  out = CommandOutput(ctl + second + " import " + warc + " 2>&1");
  EXPECT_NE(out.find("3 responses: 0 stored, 3 not stored"), std::string::npos) << "a second import changes nothing "
                                                                                 << out;
}

// A change log that keeps only the newest two events.
class RetentionE2E : public ConsumerE2E {
 protected:
  std::string ExtraConfig() const override { return "storage:\n  change_log_retention: 2\n"; }
};

TEST_F(RetentionE2E, ACursorOlderThanTheRetainedLogIsOutOfRange) {
  ASSERT_EQ(WaitForDocuments(documents_.get(), 3, std::chrono::seconds(60)).size(), 3u) << daemon_->Log();
  daemon_->Signal(SIGTERM);
  StartDaemon();  // retention runs at start
  caravan::v1::SubscribeRequest request;
  request.set_cursor("0");  // a consumer that has seen nothing yet
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  auto reader = documents_->Subscribe(&context, request);
  caravan::v1::DocumentEvent event;
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  EXPECT_NE(status.error_message().find("change_log_retention"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("List"), std::string::npos) << status.error_message();

  // The documents are all still there, and a cursor within the log resumes.
  EXPECT_EQ(ListAllDocuments(documents_.get()).size(), 3u);
  std::unique_ptr<caravan::v1::Admin::Stub> admin = caravan::v1::Admin::NewStub(daemon_->channel());
  caravan::v1::Status daemon_status;
  grpc::ClientContext status_context;
  ASSERT_TRUE(admin->GetStatus(&status_context, {}, &daemon_status).ok());
  const uint64_t last = std::stoull(daemon_status.last_cursor());
  request.set_cursor(std::to_string(last - 2));  // before the oldest of the two kept
  grpc::ClientContext resume;
  resume.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  auto tail = documents_->Subscribe(&resume, request);
  ASSERT_TRUE(tail->Read(&event));
  EXPECT_EQ(event.cursor(), std::to_string(last - 1));
}

}  // namespace
}  // namespace caravan::testing
