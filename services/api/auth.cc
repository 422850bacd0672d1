#include "services/api/auth.h"

#include <grpcpp/security/auth_context.h>

#include <fstream>
#include <sstream>
#include <utility>

namespace caravan::api {
namespace {

// Compares in time that depends on the lengths only, so that a caller
// cannot learn a token's prefix from how fast it is refused.
bool SameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool AnyToken(const std::vector<std::string>& tokens, const std::string& token) {
  bool found = false;
  for (const std::string& t : tokens) found |= SameToken(t, token);
  return found;
}

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kConsumer:
      return "consumer (Documents)";
    case Scope::kAdmin:
      return "admin (Admin)";
    case Scope::kCluster:
      return "cluster (stage services)";
  }
  return "";
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return !out->empty();
}

}  // namespace

Authorizer::Authorizer(config::AuthConfig auth, bool verified_peers_are_cluster)
    : auth_(std::move(auth)),
      verified_peers_are_cluster_(verified_peers_are_cluster),
      enabled_(auth_.enabled() || verified_peers_are_cluster) {}

grpc::Status Authorizer::Check(const grpc::ServerContext& context, Scope scope) const {
  if (!enabled_) return grpc::Status::OK;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  const std::string header = it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
  return CheckToken(header, context.auth_context() && context.auth_context()->IsPeerAuthenticated(), scope);
}

grpc::Status Authorizer::CheckToken(const std::string& header, bool verified_peer, Scope scope) const {
  if (!enabled_) return grpc::Status::OK;
  static constexpr char kBearer[] = "Bearer ";
  const std::string token = header.rfind(kBearer, 0) == 0 ? header.substr(sizeof(kBearer) - 1) : header;
  if (!token.empty() && AnyToken(auth_.admin_tokens, token)) return grpc::Status::OK;
  const bool consumer = !token.empty() && AnyToken(auth_.consumer_tokens, token);
  const bool cluster = !token.empty() && !auth_.cluster_token.empty() && SameToken(auth_.cluster_token, token);
  switch (scope) {
    case Scope::kConsumer:
      if (consumer) return grpc::Status::OK;
      break;
    case Scope::kAdmin:
      break;
    case Scope::kCluster:
      if (cluster) return grpc::Status::OK;
      if (verified_peers_are_cluster_ && verified_peer) return grpc::Status::OK;
      break;
  }
  if (consumer || cluster) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        std::string("this token's scope does not include the ") + ScopeName(scope) + " scope");
  }
  if (token.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string("the ") + ScopeName(scope) +
                            " scope needs a token (authorization: Bearer TOKEN; caravanctl --token or CARAVAN_TOKEN)");
  }
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const config::TlsConfig& tls, std::string* error) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!ReadFile(tls.cert_file, &pair.cert_chain)) {
    *error = "tls.cert_file: cannot read " + tls.cert_file;
    return nullptr;
  }
  if (!ReadFile(tls.key_file, &pair.private_key)) {
    *error = "tls.key_file: cannot read " + tls.key_file;
    return nullptr;
  }
  // Clients without a certificate still connect (consumers with a token);
  // a certificate one presents must verify against the CA.
  grpc::SslServerCredentialsOptions options(tls.client_ca_file.empty()
                                                ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                                : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!tls.client_ca_file.empty() && !ReadFile(tls.client_ca_file, &options.pem_root_certs)) {
    *error = "tls.client_ca_file: cannot read " + tls.client_ca_file;
    return nullptr;
  }
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace caravan::api
