// Who may call which gRPC service: bearer tokens in three scopes, TLS and
// mTLS credentials, and the rule that keeps an open server on loopback.
#pragma once

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "config/config.h"

namespace caravan::api {

enum class Scope {
  kConsumer,  // Documents (get, list, search, subscribe, a consumer's acks)
  kAdmin,     // Admin
  kCluster,   // the stage services, called by other caravand processes
};

// Checks a call's credentials against auth.* (config/config.h): the token
// of "authorization: Bearer TOKEN", or for the cluster scope a client
// certificate the configured CA verified. An admin token passes every scope.
// With no token and no client CA configured, every call passes. Thread-safe.
class Authorizer {
 public:
  Authorizer(config::AuthConfig auth, bool verified_peers_are_cluster);

  bool enabled() const { return enabled_; }
  // OK; UNAUTHENTICATED when the call has no token or an unknown one;
  // PERMISSION_DENIED when its token belongs to another scope.
  grpc::Status Check(const grpc::ServerContext& context, Scope scope) const;
  // The same for a token from elsewhere (an HTTP Authorization header:
  // "Bearer TOKEN" or the token alone, "" when none); `verified_peer` when
  // the caller presented a certificate the client CA verified.
  grpc::Status CheckToken(const std::string& token, bool verified_peer, Scope scope) const;

 private:
  config::AuthConfig auth_;
  bool verified_peers_are_cluster_;
  bool enabled_;
};

// Base of a service whose every RPC first asks Allow(): RPCs of `scope`,
// checked by the Authorizer given to Guard (none: every call passes).
class Guarded {
 public:
  void Guard(const Authorizer* authorizer) { authorizer_ = authorizer; }

 protected:
  explicit Guarded(Scope scope) : scope_(scope) {}
  grpc::Status Allow(const grpc::ServerContext* context) const {
    return authorizer_ ? authorizer_->Check(*context, scope_) : grpc::Status::OK;
  }

 private:
  Scope scope_;
  const Authorizer* authorizer_ = nullptr;
};

// TLS credentials from tls.* (reading its files), or plain text when
// tls.cert_file is unset. nullptr and `error` naming the key when a file
// cannot be read.
std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const config::TlsConfig& tls, std::string* error);

// Whether a listen address's host (without brackets) binds loopback only
// (127.0.0.0/8, ::1, localhost). Anything else is reachable from the
// network.
bool IsLoopbackHost(const std::string& host);

}  // namespace caravan::api
