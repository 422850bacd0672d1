// What caravanctl's subcommands share: the connection to caravand, how a
// failed call is reported, JSON output and time arguments.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "cli/commands.h"

namespace caravan::cli {

// A channel to o.server that accepts the largest messages caravand sends.
std::shared_ptr<grpc::Channel> Connect(const Options& o);

// Prints the failed call's status on stderr; the exit code: 3 for
// NOT_FOUND, 1 otherwise.
int Fail(const Options& o, const grpc::Status& status);

// protobuf's JSON mapping with the .proto field names; one line unless
// `pretty`.
std::string Json(const google::protobuf::Message& m, bool pretty);

// A point in time as operators write it: an age ("30d", "6h": that long
// before `now_ms`), a date ("2024-09-01", midnight UTC) or RFC 3339.
std::optional<int64_t> ParseSince(std::string_view text, int64_t now_ms);

// Registers `subscribe` and `consumers` (feed.cc).
void RegisterFeed(CLI::App& app, Options& o);
// Registers `search` (search.cc).
void RegisterSearch(CLI::App& app, Options& o);
// Registers `export` and `import` (archive.cc).
void RegisterArchive(CLI::App& app, Options& o);

}  // namespace caravan::cli
