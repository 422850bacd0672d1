// caravanctl subscribe and consumers: the change feed from the command
// line, as a named consumer or with a cursor kept by the caller.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "cli/client.h"
#include "common/proto_time.h"
#include "common/time.h"

namespace caravan::cli {
namespace {

struct SubscribeArgs {
  std::string from, since, consumer, source, language, topic;
  std::vector<std::string> types;
  bool omit_text = false, include_copies = false, ack_on_receive = false;
};

const std::map<std::string, caravan::v1::EventType>& EventTypes() {
  static const std::map<std::string, caravan::v1::EventType> types = {
      {"created", caravan::v1::CREATED},
      {"updated", caravan::v1::UPDATED},
      {"deleted", caravan::v1::DELETED},
      {"linked", caravan::v1::LINKED}};
  return types;
}

// A named consumer run from the command line acknowledges what it has
// printed, at most a second late: killed, it gets at most that second's
// events again.
class Acker {
 public:
  Acker(caravan::v1::Documents::Stub* stub, std::string consumer) : stub_(stub), consumer_(std::move(consumer)) {}
  void Printed(const std::string& cursor) {
    pending_ = cursor;
    if (std::chrono::steady_clock::now() - last_ >= std::chrono::seconds(1)) Flush();
  }
  void Flush() {
    last_ = std::chrono::steady_clock::now();
    if (pending_.empty() || consumer_.empty()) return;
    std::cout.flush();
    caravan::v1::AckRequest request;
    request.set_consumer(consumer_);
    request.set_cursor(pending_);
    caravan::v1::Consumer response;
    grpc::ClientContext context;
    if (grpc::Status s = stub_->Ack(&context, request, &response); !s.ok()) {
      std::cerr << "caravanctl: ack of " << pending_ << " for consumer " << consumer_ << ": " << s.error_message()
                << "\n";
    }
    pending_.clear();
  }

 private:
  caravan::v1::Documents::Stub* stub_;
  std::string consumer_;
  std::string pending_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

int Subscribe(const Options& o, const SubscribeArgs& a) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::SubscribeRequest request;
  request.set_cursor(a.from);
  if (!a.since.empty()) {
    std::optional<int64_t> since = ParseSince(a.since, NowMs());
    if (!since) {
      std::cerr << "caravanctl subscribe: --since '" << a.since << "' is no age (30d) nor date (2024-09-01)\n";
      return 2;
    }
    SetTimestampMs(request.mutable_since(), *since);
  }
  request.set_consumer(a.consumer);
  request.set_ack_on_receive(a.ack_on_receive);
  request.set_omit_text(a.omit_text);
  request.set_include_copies(a.include_copies);
  request.set_source(a.source);
  request.set_language(a.language);
  request.set_topic(a.topic);
  for (const auto& t : a.types) request.add_types(EventTypes().at(t));
  grpc::ClientContext context;
  auto reader = stub->Subscribe(&context, request);
  Acker acker(stub.get(), a.ack_on_receive ? "" : a.consumer);
  caravan::v1::DocumentEvent event;
  while (reader->Read(&event)) {
    std::cout << Json(event, false) << "\n";
    acker.Printed(event.cursor());
  }
  acker.Flush();
  grpc::Status status = reader->Finish();
  return status.ok() ? 0 : Fail(o, status);
}

int ConsumersList(const Options& o, const std::string& format) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ListConsumersResponse response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->ListConsumers(&context, caravan::v1::ListConsumersRequest(), &response); !s.ok()) {
    return Fail(o, s);
  }
  if (format == "json") {
    std::cout << Json(response, true);
    return 0;
  }
  std::cout << std::left << std::setw(24) << "CONSUMER" << std::setw(10) << "CURSOR" << std::setw(12) << "LAG"
            << std::setw(14) << "LAG SECONDS" << "ACKED\n";
  for (const auto& c : response.consumers()) {
    std::cout << std::left << std::setw(24) << c.name() << std::setw(10) << c.cursor() << std::setw(12)
              << c.lag_events() << std::setw(14) << c.lag_seconds()
              << (c.has_acked() ? FormatRfc3339(TimestampMs(c.acked())) : "-") << "\n";
  }
  return 0;
}

int ConsumersReset(const Options& o, const std::string& name, const std::string& cursor, const std::string& since,
                   bool to_end) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ResetConsumerRequest request;
  request.set_name(name);
  request.set_cursor(cursor);
  if (!since.empty()) {
    std::optional<int64_t> t = ParseSince(since, NowMs());
    if (!t) {
      std::cerr << "caravanctl consumers reset: --since '" << since << "' is no age (30d) nor date (2024-09-01)\n";
      return 2;
    }
    SetTimestampMs(request.mutable_since(), *t);
  }
  request.set_to_end(to_end);
  caravan::v1::Consumer response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->ResetConsumer(&context, request, &response); !s.ok()) return Fail(o, s);
  std::cout << name << ": cursor " << response.cursor() << ", " << response.lag_events() << " events to go\n";
  return 0;
}

int ConsumersDelete(const Options& o, const std::string& name) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ConsumerRequest request;
  request.set_name(name);
  caravan::v1::Consumer response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->DeleteConsumer(&context, request, &response); !s.ok()) return Fail(o, s);
  std::cout << name << ": deleted (was at cursor " << response.cursor() << ")\n";
  return 0;
}

}  // namespace

void RegisterFeed(CLI::App& app, Options& o) {
  {
    auto* sub = app.add_subcommand("subscribe", "follow the change feed: one JSON line per event");
    auto a = std::make_shared<SubscribeArgs>();
    sub->add_option("--from", a->from, "start after this cursor");
    sub->add_option("--since", a->since, "start at the first event of this time: an age (30d) or a date");
    sub->add_option("--consumer", a->consumer,
                    "a named consumer: the server keeps its cursor, and a restart resumes where it left off");
    sub->add_flag("--ack-on-receive", a->ack_on_receive,
                  "the server acknowledges events as it sends them (default: acknowledged once printed)");
    sub->add_flag("--omit-text", a->omit_text, "leave document text out of events");
    sub->add_flag("--include-copies", a->include_copies, "also events of documents that are copies of another");
    sub->add_option("--source", a->source, "only this source");
    sub->add_option("--language", a->language, "only this language (e.g. en, ru)");
    sub->add_option("--topic", a->topic, "only documents with this topic (e.g. middle_corridor)");
    sub->add_option("--type", a->types, "only these events: created, updated, deleted, linked")
        ->check(CLI::IsMember({"created", "updated", "deleted", "linked"}));
    sub->callback([&o, a] { o.exit_code = Subscribe(o, *a); });
  }
  auto* consumers = app.add_subcommand("consumers", "named consumers of the change feed");
  consumers->require_subcommand(1);
  {
    auto* list = consumers->add_subcommand("list", "each consumer's cursor and lag");
    auto format = std::make_shared<std::string>("table");
    list->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
    list->callback([&o, format] { o.exit_code = ConsumersList(o, *format); });
  }
  {
    auto* reset = consumers->add_subcommand("reset", "move a consumer's cursor (default: to the beginning)");
    auto name = std::make_shared<std::string>();
    auto cursor = std::make_shared<std::string>();
    auto since = std::make_shared<std::string>();
    auto to_end = std::make_shared<bool>(false);
    reset->add_option("NAME", *name, "consumer name")->required();
    reset->add_option("--cursor", *cursor, "resume after this cursor");
    reset->add_option("--since", *since, "resume at the first event of this time: an age (30d) or a date");
    reset->add_flag("--to-end", *to_end, "skip everything written so far");
    reset->callback([&o, name, cursor, since, to_end] {
      o.exit_code = ConsumersReset(o, *name, *cursor, *since, *to_end);
    });
  }
  {
    auto* del = consumers->add_subcommand("delete", "forget a consumer and its cursor");
    auto name = std::make_shared<std::string>();
    del->add_option("NAME", *name, "consumer name")->required();
    del->callback([&o, name] { o.exit_code = ConsumersDelete(o, *name); });
  }
}

}  // namespace caravan::cli
