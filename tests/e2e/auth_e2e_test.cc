// End to end: caravand serving gRPC over TLS with tokens in three scopes.
// A plain-text client cannot talk to it; a call without a token, or with
// an unknown one, is UNAUTHENTICATED; a consumer token reads documents but
// is PERMISSION_DENIED on Admin and on the stage services, and what it
// tried changes nothing; the cluster scope takes the cluster token or a
// client certificate of the configured CA (mTLS). caravanctl connects with
// --tls-ca and CARAVAN_TOKEN. caravand refuses to listen beyond loopback
// without TLS and tokens.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "caravan/v1/stages.grpc.pb.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kConsumerToken[] = "reader-7f3a9c2e51d04b86";
constexpr char kAdminToken[] = "admin-0b5e8d1f94c27a63";
constexpr char kClusterToken[] = "cluster-5c81e0a7d9f24b3e";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A throwaway CA, a server certificate for 127.0.0.1 and a client
// certificate, made with the openssl command in `dir`.
bool MakeCertificates(const fs::path& dir) {
  const std::string d = dir.string();
  std::ofstream(dir / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string script =
      "cd " + d + " && openssl req -x509" + key + " -keyout ca.key -out ca.crt -days 36500 -subj /CN=caravan-test-ca" +
      " && openssl req" + key + " -keyout server.key -out server.csr -subj /CN=localhost" +
      " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 36500" +
      " -extfile server.ext" + " && openssl req" + key +
      " -keyout client.key -out client.csr -subj /CN=caravan-fetcher-0" +
      " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 36500" +
      " >/dev/null 2>&1 && echo ok";
  return CommandOutput(script).find("ok") != std::string::npos;
}

std::shared_ptr<grpc::ChannelCredentials> Tls(const fs::path& dir, bool client_certificate = false) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadAll(dir / "ca.crt");
  if (client_certificate) {
    options.pem_private_key = ReadAll(dir / "client.key");
    options.pem_cert_chain = ReadAll(dir / "client.crt");
  }
  return grpc::SslCredentials(options);
}

void WithToken(grpc::ClientContext* context, const std::string& token) {
  context->AddMetadata("authorization", "Bearer " + token);
}

class AuthE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-auth-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(MakeCertificates(dir_)) << "the openssl command could not make test certificates";
    address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml")
        << ConfigHead((dir_ / "data").string(), address_) << "crawl:\n"
        << kAllowLoopback << "tls:\n  cert_file: " << (dir_ / "server.crt").string()
        << "\n  key_file: " << (dir_ / "server.key").string() << "\n  client_ca_file: " << (dir_ / "ca.crt").string()
        << "\nauth:\n  consumer_tokens: [" << kConsumerToken << "]\n  admin_tokens: [" << kAdminToken
        << "]\n  cluster_token: " << kClusterToken
        << "\nsources:\n  - name: caspian-desk\n    start_urls: [\"http://127.0.0.1:9/\"]\n";
    caravand_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(caravand_->Start(address_, 15000, Tls(dir_))) << caravand_->Log();
    documents_ = caravan::v1::Documents::NewStub(caravand_->channel());
    admin_ = caravan::v1::Admin::NewStub(caravand_->channel());
    store_ = caravan::v1::Store::NewStub(caravand_->channel());
  }
  void TearDown() override {
    caravand_.reset();
    fs::remove_all(dir_);
  }

  grpc::Status ListWith(const std::string& token) {
    grpc::ClientContext context;
    if (!token.empty()) WithToken(&context, token);
    caravan::v1::ListDocumentsRequest request;
    caravan::v1::ListDocumentsResponse response;
    return documents_->List(&context, request, &response);
  }
  grpc::Status StoreGetWith(caravan::v1::Store::Stub* store, const std::string& token) {
    grpc::ClientContext context;
    if (!token.empty()) WithToken(&context, token);
    caravan::v1::GetDocumentRequest request;
    request.set_id("no-such-document");
    caravan::v1::Document response;
    return store->Get(&context, request, &response);
  }
  bool Paused() {
    grpc::ClientContext context;
    WithToken(&context, kAdminToken);
    caravan::v1::Status response;
    EXPECT_TRUE(admin_->GetStatus(&context, caravan::v1::GetStatusRequest(), &response).ok());
    return response.sources_size() == 1 && response.sources(0).paused();
  }
  std::string Caravanctl(const std::string& env, const std::string& args) {
    return CommandOutput(env + " " + std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " + address_ + " " +
                         args + " 2>&1; echo exit=$?");
  }

  fs::path dir_;
  std::string address_;
  std::unique_ptr<CaravandProcess> caravand_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
  std::unique_ptr<caravan::v1::Admin::Stub> admin_;
  std::unique_ptr<caravan::v1::Store::Stub> store_;
};

TEST_F(AuthE2E, PlainTextClientCannotTalkToATlsServer) {
  auto plain = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  auto documents = caravan::v1::Documents::NewStub(plain);
  grpc::ClientContext context;
  WithToken(&context, kAdminToken);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  caravan::v1::ListDocumentsResponse response;
  grpc::Status s = documents->List(&context, caravan::v1::ListDocumentsRequest(), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(AuthE2E, MissingOrUnknownTokenIsUnauthenticated) {
  grpc::Status missing = ListWith("");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(missing.error_message().find("needs a token"), std::string::npos) << missing.error_message();
  grpc::Status wrong = ListWith("reader-7f3a9c2e51d04b87");  // one character off
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "unknown token");
}

TEST_F(AuthE2E, ConsumerTokenReadsDocumentsButCannotSteer) {
  EXPECT_TRUE(ListWith(kConsumerToken).ok());
  EXPECT_TRUE(ListWith(kAdminToken).ok()) << "an admin token passes every scope";
  grpc::ClientContext context;
  WithToken(&context, kConsumerToken);
  caravan::v1::SourceRequest request;
  request.set_name("caspian-desk");
  caravan::v1::SourceStatus response;
  grpc::Status s = admin_->PauseSource(&context, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_FALSE(Paused()) << "a refused call changes nothing";
  grpc::ClientContext admin_context;
  WithToken(&admin_context, kAdminToken);
  EXPECT_TRUE(admin_->PauseSource(&admin_context, request, &response).ok());
  EXPECT_TRUE(Paused());
}

TEST_F(AuthE2E, StageServicesTakeTheClusterTokenOrAClientCertificate) {
  // NOT_FOUND: let in, and the document is not there.
  EXPECT_EQ(StoreGetWith(store_.get(), kClusterToken).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(StoreGetWith(store_.get(), kConsumerToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(StoreGetWith(store_.get(), "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto mtls = grpc::CreateChannel(address_, Tls(dir_, /*client_certificate=*/true));
  auto store = caravan::v1::Store::NewStub(mtls);
  EXPECT_EQ(StoreGetWith(store.get(), "").error_code(), grpc::StatusCode::NOT_FOUND);
  // A certificate is no token for the other scopes.
  auto documents = caravan::v1::Documents::NewStub(mtls);
  grpc::ClientContext context;
  caravan::v1::ListDocumentsResponse response;
  EXPECT_EQ(documents->List(&context, caravan::v1::ListDocumentsRequest(), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2E, CaravanctlConnectsWithTlsCaAndTokenFromTheEnvironment) {
  const std::string ca = "--tls-ca " + (dir_ / "ca.crt").string();
  std::string out = Caravanctl(std::string("CARAVAN_TOKEN=") + kAdminToken, ca + " status");
  EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
  out = Caravanctl("", ca + " --token " + kConsumerToken + " docs list");
  EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
  out = Caravanctl("", ca + " --token " + kConsumerToken + " pause caspian-desk");
  EXPECT_NE(out.find("exit=1"), std::string::npos) << out;
  EXPECT_NE(out.find("does not include the admin"), std::string::npos) << out;
  out = Caravanctl("", ca + " docs list");
  EXPECT_NE(out.find("needs a token"), std::string::npos) << out;
  out = Caravanctl("", "docs list");  // plain text
  EXPECT_NE(out.find("exit=1"), std::string::npos) << out;
}

// The refusal happens before anything binds, so no port is opened beyond
// loopback.
TEST(ListenGuard, AddressBeyondLoopbackWithoutTlsAndTokensIsRefused) {
  const fs::path dir = fs::temp_directory_path() / ("caravan-listen-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string address = "0.0.0.0:" + std::to_string(FreePort());
  std::ofstream(dir / "caravan.yaml") << ConfigHead((dir / "data").string(), address) << "sources: []\n";
  CaravandProcess caravand((dir / "caravan.yaml").string(), (dir / "caravand.log").string());
  EXPECT_FALSE(caravand.Start(address, 5000));
  const std::string log = caravand.Log();
  EXPECT_NE(log.find("grpc_listen " + address + " is reachable from the network"), std::string::npos) << log;
  EXPECT_NE(log.find("--insecure-listen"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(dir / "data")) << "refused before opening anything";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace caravan::testing
