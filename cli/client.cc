#include "cli/client.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <utility>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/support/client_interceptor.h>

#include "common/time.h"
#include "services/api/limits.h"

namespace caravan::cli {

namespace {

// Adds the token to every call's metadata. gRPC's own call credentials
// are only sent over TLS, and a token for caravand on loopback may go
// without it.
class BearerToken final : public grpc::experimental::Interceptor {
 public:
  explicit BearerToken(const std::string& token) : header_("Bearer " + token) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerTokenFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenFactory(std::string token) : token_(std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo*) override {
    return new BearerToken(token_);
  }

 private:
  std::string token_;
};

}  // namespace

std::shared_ptr<grpc::Channel> Connect(const Options& o) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(api::kClientMaxReceiveBytes);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (o.tls || !o.tls_ca.empty()) {
    grpc::SslCredentialsOptions tls;
    if (!o.tls_ca.empty()) {
      std::ifstream in(o.tls_ca, std::ios::binary);
      tls.pem_root_certs.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    credentials = grpc::SslCredentials(tls);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  if (!o.token.empty()) interceptors.push_back(std::make_unique<BearerTokenFactory>(o.token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(o.server, credentials, args, std::move(interceptors));
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
