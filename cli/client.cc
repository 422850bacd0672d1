#include "cli/client.h"

#include <iostream>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "common/time.h"
#include "services/api/limits.h"

namespace caravan::cli {

std::shared_ptr<grpc::Channel> Connect(const Options& o) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(api::kClientMaxReceiveBytes);
  return grpc::CreateCustomChannel(o.server, grpc::InsecureChannelCredentials(), args);
}

int Fail(const Options& o, const grpc::Status& status) {
  std::cerr << "caravanctl: " << o.server << ": " << status.error_message() << " (code " << status.error_code()
            << ")\n";
  return status.error_code() == grpc::StatusCode::NOT_FOUND ? 3 : 1;
}

std::string Json(const google::protobuf::Message& m, bool pretty) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = pretty;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  if (!pretty) {
    while (!out.empty() && out.back() == '\n') out.pop_back();
  }
  return out;
}

std::optional<int64_t> ParseSince(std::string_view text, int64_t now_ms) {
  if (auto age = ParseDurationMs(text)) return now_ms - *age;
  std::string rfc3339(text);
  if (rfc3339.size() == 10) rfc3339 += "T00:00:00Z";
  google::protobuf::Timestamp t;
  if (!google::protobuf::util::TimeUtil::FromString(rfc3339, &t)) return std::nullopt;
  return t.seconds() * 1000 + t.nanos() / 1'000'000;
}

}  // namespace caravan::cli
