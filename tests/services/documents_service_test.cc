// The consumer API served in process over loopback gRPC: List pages that
// arrive under a client's default receive limit, named consumers and
// their acknowledgements, Subscribe filters and start points, lag, and
// version history with provenance and raw bodies.
#include "services/api/documents_service.h"

#include <chrono>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "services/api/admin_service.h"
#include "services/http/json_api.h"
#include "services/pipeline/sources.h"
#include "storage/consumers.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::api {
namespace {

using caravan::v1::Document;
using caravan::v1::DocumentEvent;

class DocumentsServiceTest : public storage::DocumentStoreTest {
 protected:
  void SetUp() override {
    storage::DocumentStoreTest::SetUp();
    Serve();
  }
  void TearDown() override {
    documents_->Shutdown();
    server_->Shutdown();
  }

  // (Re)starts the services over the current store, as a caravand restart.
  void Serve() {
    if (server_) {
      documents_->Shutdown();
      server_->Shutdown();
    }
    consumers_ = std::make_unique<storage::ConsumerStore>(db_.get());
    sources_ = std::make_unique<pipeline::Sources>(std::vector<config::SourceConfig>{}, db_.get(), config::CrawlConfig{});
    documents_ = std::make_unique<DocumentsService>(store_.get(), consumers_.get());
    admin_ = std::make_unique<AdminService>(sources_.get(), nullptr, nullptr, store_.get(), consumers_.get(), nullptr,
                                            0);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(documents_.get());
    builder.RegisterService(admin_.get());
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_);
    // A client as any tool would make it: gRPC's default 4 MiB limit.
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
    stub_ = caravan::v1::Documents::NewStub(channel_);
    admin_stub_ = caravan::v1::Admin::NewStub(channel_);
  }

  // Up to `n` events of a stream, reading for at most `wait`.
  std::vector<DocumentEvent> Read(caravan::v1::SubscribeRequest request, size_t n,
                                  std::chrono::milliseconds wait = std::chrono::milliseconds(1500)) {
    request.set_omit_text(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + wait);
    auto reader = stub_->Subscribe(&context, request);
    std::vector<DocumentEvent> events;
    DocumentEvent event;
    while (events.size() < n && reader->Read(&event)) events.push_back(event);
    context.TryCancel();
    reader->Finish();
    return events;
  }
  static std::vector<std::string> Cursors(const std::vector<DocumentEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.cursor());
    return out;
  }
  caravan::v1::Consumer Consumer(const std::string& name) {
    caravan::v1::ListConsumersResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(admin_stub_->ListConsumers(&context, {}, &response).ok());
    for (const auto& c : response.consumers()) {
      if (c.name() == name) return c;
    }
    return {};
  }

  std::unique_ptr<storage::ConsumerStore> consumers_;
  std::unique_ptr<pipeline::Sources> sources_;
  std::unique_ptr<DocumentsService> documents_;
  std::unique_ptr<AdminService> admin_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<caravan::v1::Documents::Stub> stub_;
  std::unique_ptr<caravan::v1::Admin::Stub> admin_stub_;
};

Document Sized(const std::string& id, size_t bytes, const std::string& source = "ankasam") {
  Document d = storage::SampleDoc(id, std::string(bytes, 'x') + id, source);
  d.set_content_hash("h" + id + "/" + std::to_string(bytes));
  return d;
}

TEST_F(DocumentsServiceTest, ListPagesArriveUnderTheDefaultReceiveLimit) {
  for (int i = 0; i < 60; ++i) MustPut(Sized("d" + std::to_string(100 + i), 100'000));
  caravan::v1::ListDocumentsRequest request;
  request.set_page_size(1000);
  size_t listed = 0;
  int pages = 0;
  while (true) {
    caravan::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    grpc::Status s = stub_->List(&context, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ++pages;
    listed += response.documents_size();
    if (response.next_page_token().empty()) break;
    EXPECT_TRUE(response.byte_limited());
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(listed, 60u);
  EXPECT_GE(pages, 2);
}

TEST_F(DocumentsServiceTest, ANamedConsumerResumesAfterWhatItAcknowledgedAcrossARestart) {
  for (int i = 0; i < 5; ++i) MustPut(Sized("d" + std::to_string(i), 300));
  caravan::v1::SubscribeRequest request;
  request.set_consumer("analysis");
  std::vector<DocumentEvent> first = Read(request, 3);
  ASSERT_EQ(Cursors(first), (std::vector<std::string>{"1", "2", "3"}));
  // Processed two of the three; then the client, and the server, restart.
  caravan::v1::AckRequest ack;
  ack.set_consumer("analysis");
  ack.set_cursor("2");
  caravan::v1::Consumer acked;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->Ack(&context, ack, &acked).ok());
  EXPECT_EQ(acked.cursor(), "2");
  Reopen();
  Serve();
  MustPut(Sized("d5", 300));
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"3", "4", "5", "6"}))
      << "at least once: the unacknowledged third event comes again";
}

TEST_F(DocumentsServiceTest, AnAckNeverMovesACursorBackAndNamesAreChecked) {
  for (int i = 0; i < 3; ++i) MustPut(Sized("d" + std::to_string(i), 300));
  auto ack = [&](const std::string& consumer, const std::string& cursor, caravan::v1::Consumer* out) {
    caravan::v1::AckRequest r;
    r.set_consumer(consumer);
    r.set_cursor(cursor);
    grpc::ClientContext context;
    return stub_->Ack(&context, r, out);
  };
  caravan::v1::Consumer c;
  ASSERT_TRUE(ack("late-acks", "3", &c).ok());
  ASSERT_TRUE(ack("late-acks", "1", &c).ok());
  EXPECT_EQ(c.cursor(), "3");
  EXPECT_EQ(ack("no spaces", "1", &c).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ack("ahead", "9", &c).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DocumentsServiceTest, AckOnReceiveKeepsTheCursorOfWhatWasSent) {
  for (int i = 0; i < 4; ++i) MustPut(Sized("d" + std::to_string(i), 300));
  caravan::v1::SubscribeRequest request;
  request.set_consumer("tail");
  request.set_ack_on_receive(true);
  ASSERT_EQ(Read(request, 4).size(), 4u);
  // The server acknowledges a batch once it is written, maybe just after
  // the client has read it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (Consumer("tail").cursor() != "4" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Consumer("tail").cursor(), "4");
  EXPECT_EQ(Consumer("tail").lag_events(), 0);
  EXPECT_TRUE(Read(request, 1, std::chrono::milliseconds(300)).empty());
}

TEST_F(DocumentsServiceTest, LagCountsEventsAndSecondsBehind) {
  MustPut(Sized("d0", 300));
  caravan::v1::AckRequest ack;
  ack.set_consumer("slow");
  ack.set_cursor("1");
  caravan::v1::Consumer acked;
  grpc::ClientContext ack_context;
  ASSERT_TRUE(stub_->Ack(&ack_context, ack, &acked).ok());
  MustPut(Sized("d1", 300));
  MustPut(Sized("d2", 300));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  caravan::v1::Consumer slow = Consumer("slow");
  EXPECT_EQ(slow.lag_events(), 2);
  EXPECT_GE(slow.lag_seconds(), 1);
  caravan::v1::Status status;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_stub_->GetStatus(&context, {}, &status).ok());
  ASSERT_EQ(status.consumers_size(), 1);
  EXPECT_EQ(status.consumers(0).lag_events(), 2);
}

TEST_F(DocumentsServiceTest, ResetAndDeleteAConsumer) {
  for (int i = 0; i < 3; ++i) MustPut(Sized("d" + std::to_string(i), 300));
  caravan::v1::SubscribeRequest request;
  request.set_consumer("replay");
  request.set_ack_on_receive(true);
  ASSERT_EQ(Read(request, 3).size(), 3u);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (Consumer("replay").cursor() != "3" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  caravan::v1::ResetConsumerRequest reset;
  reset.set_name("replay");
  reset.set_cursor("1");
  caravan::v1::Consumer c;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_stub_->ResetConsumer(&context, reset, &c).ok());
  EXPECT_EQ(c.lag_events(), 2);
  EXPECT_EQ(Cursors(Read(request, 5)), (std::vector<std::string>{"2", "3"}));
  grpc::ClientContext del_context;
  caravan::v1::ConsumerRequest del;
  del.set_name("replay");
  ASSERT_TRUE(admin_stub_->DeleteConsumer(&del_context, del, &c).ok());
  EXPECT_EQ(Consumer("replay").name(), "");
  grpc::ClientContext again;
  EXPECT_EQ(admin_stub_->DeleteConsumer(&again, del, &c).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(DocumentsServiceTest, SubscribeFiltersBySourceLanguageTopicAndType) {
  Document ru = Sized("ru1", 300, "cabar");
  ru.set_language("ru");
  ru.add_topics()->set_name("middle_corridor");
  MustPut(ru);
  MustPut(Sized("en1", 300, "cabar"));
  Document ru2 = Sized("ru2", 300, "timesca");
  ru2.set_language("ru");
  MustPut(ru2);
  MustPut(Sized("ru1", 400, "cabar"));  // edited: version 2, English and without topics (SampleDoc's)

  caravan::v1::SubscribeRequest request;
  request.set_language("ru");
  std::vector<std::string> ids;
  for (const auto& e : Read(request, 10)) ids.push_back(e.document_id());
  EXPECT_EQ(ids, (std::vector<std::string>{"ru1", "ru2"})) << "the update of ru1 is English by SampleDoc";

  request = {};
  request.set_topic("middle_corridor");
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"1"}));
  request = {};
  request.set_source("cabar");
  request.add_types(caravan::v1::UPDATED);
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"4"}));
}

// The stream reads the log in batches, the next while the last is written:
// across their boundaries no event is lost, repeated or reordered, and a
// filter that skips whole batches still moves on.
TEST_F(DocumentsServiceTest, SubscribeDeliversEveryEventInOrderAcrossReadBatches) {
  constexpr int kDocs = 700;  // two full batches of 256 and a short one
  for (int i = 0; i < kDocs; ++i) {
    MustPut(Sized("d" + std::to_string(i), 50, i >= 300 && i < 640 ? "timesca" : "cabar"));
  }
  caravan::v1::SubscribeRequest request;
  std::vector<DocumentEvent> all = Read(request, kDocs, std::chrono::milliseconds(5000));
  ASSERT_EQ(all.size(), static_cast<size_t>(kDocs));
  for (int i = 0; i < kDocs; ++i) {
    EXPECT_EQ(all[i].cursor(), std::to_string(i + 1));
    EXPECT_EQ(all[i].document_id(), "d" + std::to_string(i));
  }
  request.set_source("cabar");
  std::vector<DocumentEvent> cabar = Read(request, 360, std::chrono::milliseconds(5000));
  ASSERT_EQ(cabar.size(), 360u);
  EXPECT_EQ(cabar[299].document_id(), "d299");
  EXPECT_EQ(cabar[300].document_id(), "d640") << "past the 340 events of the other source";
  EXPECT_EQ(cabar.back().cursor(), std::to_string(kDocs));
}

TEST_F(DocumentsServiceTest, SinceStartsAtTheFirstEventOfThatTime) {
  MustPut(Sized("old", 300));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  auto between = std::chrono::system_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  MustPut(Sized("new1", 300));
  MustPut(Sized("new2", 300));
  caravan::v1::SubscribeRequest request;
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(between.time_since_epoch()).count();
  request.mutable_since()->set_seconds(ms / 1000);
  request.mutable_since()->set_nanos(static_cast<int32_t>(ms % 1000) * 1'000'000);
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"2", "3"}));
}

TEST_F(DocumentsServiceTest, VersionsListTheirFetchAndKeepTheirRawBodies) {
  Document v1 = Sized("doc", 300);
  v1.mutable_fetch()->set_http_status(200);
  v1.mutable_fetch()->set_etag("\"abc\"");
  v1.mutable_fetch()->set_extractor_version("test-1");
  MustPut(v1, "<html>first</html>");
  Document v2 = Sized("doc", 400);
  v2.mutable_fetch()->set_http_status(200);
  MustPut(v2, "<html>second</html>");

  caravan::v1::ListVersionsRequest list;
  list.set_id("doc");
  caravan::v1::ListVersionsResponse versions;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ListVersions(&context, list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(0).type(), caravan::v1::CREATED);
  EXPECT_EQ(versions.versions(0).fetch().etag(), "\"abc\"");
  EXPECT_EQ(versions.versions(0).fetch().extractor_version(), "test-1");
  EXPECT_EQ(versions.versions(1).type(), caravan::v1::UPDATED);

  caravan::v1::GetVersionRequest get;
  get.set_id("doc");
  get.set_version(1);
  Document first;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->GetVersion(&c1, get, &first).ok());
  EXPECT_EQ(first.version(), 1u);
  caravan::v1::RawBody raw;
  grpc::ClientContext c2;
  ASSERT_TRUE(stub_->GetRaw(&c2, get, &raw).ok());
  EXPECT_EQ(raw.body(), "<html>first</html>");
  get.set_version(0);
  grpc::ClientContext c3;
  ASSERT_TRUE(stub_->GetRaw(&c3, get, &raw).ok());
  EXPECT_EQ(raw.body(), "<html>second</html>");
  list.set_id("missing");
  grpc::ClientContext c4;
  EXPECT_EQ(stub_->ListVersions(&c4, list, &versions).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(DocumentsServiceTest, ACursorBeforeTheRetainedLogIsOutOfRangeAndTheBeginningIsItsStart) {
  for (int i = 0; i < 5; ++i) MustPut(Sized("d" + std::to_string(i), 300));
  caravan::v1::Consumer c;
  caravan::v1::AckRequest ack;
  ack.set_consumer("behind");
  ack.set_cursor("1");
  grpc::ClientContext ack_context;
  ASSERT_TRUE(stub_->Ack(&ack_context, ack, &c).ok());
  std::string error;
  ASSERT_EQ(store_->PruneChanges(0, 2, &error), 3) << error;

  auto status_of = [&](const caravan::v1::SubscribeRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    auto reader = stub_->Subscribe(&context, request);
    DocumentEvent event;
    while (reader->Read(&event)) {
    }
    return reader->Finish();
  };
  caravan::v1::SubscribeRequest request;
  request.set_cursor("2");
  grpc::Status s = status_of(request);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_NE(s.error_message().find("begins at event 4"), std::string::npos) << s.error_message();
  request.set_cursor("");
  request.set_consumer("behind");
  s = status_of(request);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_NE(s.error_message().find("consumers reset behind"), std::string::npos) << s.error_message();
  request.set_cursor("3");
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"4", "5"}));
  request = {};
  EXPECT_EQ(Cursors(Read(request, 10)), (std::vector<std::string>{"4", "5"})) << "the beginning is the oldest kept";
}

net::HttpRequest JsonGet(const std::string& path, const std::string& query = "") {
  net::HttpRequest r;
  r.method = "GET";
  r.path = path;
  r.query = query;
  r.target = path + (query.empty() ? "" : "?" + query);
  return r;
}

TEST_F(DocumentsServiceTest, TheJsonApiListsGetsAndReportsErrorsAsTheRpcsDo) {
  MustPut(Sized("d1", 300, "cabar"));
  MustPut(Sized("d2", 300, "ankasam"));
  auto list = http::ServeJsonApi(JsonGet("/api/v1/documents", "source=cabar&omit_text=true&page_size=10"),
                                 documents_.get());
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("\"id\":\"d1\""), std::string::npos) << list->body;
  EXPECT_EQ(list->body.find("\"d2\""), std::string::npos) << list->body;
  EXPECT_EQ(list->body.find("\"text\""), std::string::npos) << "omit_text=true " << list->body;

  auto get = http::ServeJsonApi(JsonGet("/api/v1/documents/d2"), documents_.get());
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_NE(get->body.find("\"source\":\"ankasam\""), std::string::npos) << get->body;
  auto missing = http::ServeJsonApi(JsonGet("/api/v1/documents/nope"), documents_.get());
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("no document with id nope"), std::string::npos) << missing->body;
  auto bad = http::ServeJsonApi(JsonGet("/api/v1/documents", "sauce=cabar"), documents_.get());
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("sauce"), std::string::npos) << bad->body;
  auto search = http::ServeJsonApi(JsonGet("/api/v1/search", "q=corridor"), documents_.get());
  EXPECT_EQ(search->status, 503) << "no index in this test: " << search->body;
  EXPECT_FALSE(http::ServeJsonApi(JsonGet("/metrics"), documents_.get())) << "not the API's";
}

TEST_F(DocumentsServiceTest, TheJsonApiTakesAConsumerOrAdminTokenInTheAuthorizationHeader) {
  MustPut(Sized("d1", 300, "cabar"));
  config::AuthConfig auth;
  auth.consumer_tokens = {"reader-7f3a9c2e51d04b86"};
  auth.admin_tokens = {"admin-0b5e8d1f94c27a63"};
  auth.cluster_token = "cluster-5c81e0a7d9f24b3e";
  const Authorizer authorizer(auth, false);
  auto get = [&](const std::string& authorization) {
    net::HttpRequest r = JsonGet("/api/v1/documents/d1");
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    return *http::ServeJsonApi(r, documents_.get(), &authorizer);
  };
  net::HttpResponse missing = get("");
  EXPECT_EQ(missing.status, 401);
  bool challenge = false;
  for (const auto& [name, value] : missing.headers) challenge |= name == "WWW-Authenticate" && value.starts_with("Bearer");
  EXPECT_TRUE(challenge);
  EXPECT_EQ(get("Bearer reader-7f3a9c2e51d04b87").status, 401) << "one character off";
  EXPECT_EQ(get("Bearer cluster-5c81e0a7d9f24b3e").status, 403) << "the cluster token is not a consumer's";
  EXPECT_EQ(get("Bearer reader-7f3a9c2e51d04b86").status, 200);
  EXPECT_EQ(get("Bearer admin-0b5e8d1f94c27a63").status, 200);
}

}  // namespace
}  // namespace caravan::api
