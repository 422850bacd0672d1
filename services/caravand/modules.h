// caravand's modules and targets, wired in one place (the Loki pattern):
// a target names the modules one process runs; each module builds its
// stage and registers its gRPC services, pulling in what it depends on.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "config/config.h"

namespace caravan::daemon {

// The targets `--target` accepts, "all" first.
const std::vector<std::string>& Targets();

// Modules of a target with their dependencies, in start order; empty for
// an unknown target.
std::vector<std::string> ModulesOf(const std::string& target);

// Runs one caravand process: builds the target's modules, serves gRPC on
// config.grpc_listen and HTTP on config.http_listen, and blocks until
// SIGINT or SIGTERM. Returns the process exit code; errors are logged
// with what failed (which address, which directory). An address reachable
// from the network is refused unless it is guarded (gRPC with TLS and
// tokens) or `insecure_listen` says the operator knows.
int Run(const config::Config& config, const std::string& target, bool insecure_listen = false);

}  // namespace caravan::daemon
