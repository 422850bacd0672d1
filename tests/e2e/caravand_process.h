// Runs caravand as a child process for end-to-end tests.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace caravan::testing {

// A free TCP port on 127.0.0.1 (bound once and released, so a race with
// another process is possible but unlikely on a test machine).
int FreePort();

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

}  // namespace caravan::testing
