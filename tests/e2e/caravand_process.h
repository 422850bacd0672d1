// Runs caravand as a child process for end-to-end tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "caravan/v1/documents.grpc.pb.h"

namespace caravan::testing {

// What `command` (run by the shell) writes on its standard output.
std::string CommandOutput(const std::string& command);

// A free TCP port on 127.0.0.1 (bound once and released, so a race with
// another process is possible but unlikely on a test machine).
int FreePort();

// The start of a test config: data in `data_dir`, gRPC on `grpc_address`,
// the side port on a free port, a test user agent. Tests append their
// crawl: and sources: sections.
std::string ConfigHead(const std::string& data_dir, const std::string& grpc_address);

// A line of a config's crawl: section that lets caravand reach the fixture
// sites on loopback, which its SSRF guard refuses by default.
inline constexpr char kAllowLoopback[] = "  allow_networks: [127.0.0.0/8, \"::1\"]\n";

// One caravand child process. The destructor kills it (SIGKILL) if running.
class CaravandProcess {
 public:
  CaravandProcess(std::string config_path, std::string log_path);
  ~CaravandProcess();

  // Starts caravand (with `flags` after --config) and waits until its gRPC
  // port accepts a connection made with `credentials` (plain text when
  // null); channel() then uses them. False when caravand exits first.
  bool Start(const std::string& grpc_address, int timeout_ms,
             std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr, std::vector<std::string> flags = {});
  // Sends `signal` and waits for the process to exit; returns its status.
  int Signal(int signal);
  bool running() const { return pid_ > 0; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // The process's log so far (for failure messages).
  std::string Log() const;

 private:
  std::string config_path_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::shared_ptr<grpc::Channel> channel_;
};

// Every document `filter` selects (its page_token ignored), read through
// List page by page.
std::vector<caravan::v1::Document> ListAllDocuments(caravan::v1::Documents::Stub* documents,
                                                    caravan::v1::ListDocumentsRequest filter = {});

// Polls ListAllDocuments until it gives at least `n` documents or `timeout`
// passes; returns what was listed last.
std::vector<caravan::v1::Document> WaitForDocuments(caravan::v1::Documents::Stub* documents, size_t n,
                                                    std::chrono::seconds timeout,
                                                    const caravan::v1::ListDocumentsRequest& filter = {});

// A List filter: `page_size` per page, copies and attachments listed too
// when asked.
caravan::v1::ListDocumentsRequest ListFilter(int page_size, bool include_copies = false,
                                             bool include_attachments = false);

}  // namespace caravan::testing
