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

// One caravand child process. The destructor kills it (SIGKILL) if running.
class CaravandProcess {
 public:
  CaravandProcess(std::string config_path, std::string log_path);
  ~CaravandProcess();

  // Starts caravand and waits until its gRPC port answers health checks.
  bool Start(const std::string& grpc_address, int timeout_ms);
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

// Every stored document, read through List in pages of `page_size`;
// copies of other documents too when `include_copies`.
std::vector<caravan::v1::Document> ListAllDocuments(caravan::v1::Documents::Stub* documents, int page_size = 100,
                                                    bool include_copies = false);

// Polls ListAllDocuments until at least `n` documents are stored or
// `timeout` passes; returns what was stored last.
std::vector<caravan::v1::Document> WaitForDocuments(caravan::v1::Documents::Stub* documents, size_t n,
                                                    std::chrono::seconds timeout, int page_size = 100,
                                                    bool include_copies = false);

}  // namespace caravan::testing
