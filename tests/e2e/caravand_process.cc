#include "tests/e2e/caravand_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "services/api/limits.h"

namespace caravan::testing {

std::string CommandOutput(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

CaravandProcess::CaravandProcess(std::string config_path, std::string log_path)
    : config_path_(std::move(config_path)), log_path_(std::move(log_path)) {}

CaravandProcess::~CaravandProcess() {
  if (pid_ > 0) Signal(SIGKILL);
}

bool CaravandProcess::Start(const std::string& grpc_address, int timeout_ms,
                            std::shared_ptr<grpc::ChannelCredentials> credentials, std::vector<std::string> flags) {
  std::string binary = std::string(CARAVAN_BINARY_DIR) + "/bin/caravand";
  std::vector<std::string> argv_strings = {binary, "--config", config_path_, "--log-level", "debug"};
  argv_strings.insert(argv_strings.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, 1);
    dup2(log, 2);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  if (pid_ < 0) return false;
  // A private subchannel pool: otherwise gRPC may hand this channel the
  // still-"ready" connection to a previous caravand on the same address.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(api::kClientMaxReceiveBytes);
  channel_ =
      grpc::CreateCustomChannel(grpc_address, credentials ? credentials : grpc::InsecureChannelCredentials(), args);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;  // exited during start-up
    }
    if (channel_->WaitForConnected(std::chrono::system_clock::now() + std::chrono::milliseconds(200))) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int CaravandProcess::Signal(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::string CaravandProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string ConfigHead(const std::string& data_dir, const std::string& grpc_address) {
  return "data_dir: " + data_dir + "\ngrpc_listen: " + grpc_address + "\nhttp_listen: 127.0.0.1:" +
         std::to_string(FreePort()) + "\nuser_agent: caravan-test/0.1\n";
}

std::vector<caravan::v1::Document> ListAllDocuments(caravan::v1::Documents::Stub* documents,
                                                    caravan::v1::ListDocumentsRequest filter) {
  std::vector<caravan::v1::Document> out;
  filter.clear_page_token();
  while (true) {
    caravan::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    if (!documents->List(&context, filter, &response).ok()) return out;
    out.insert(out.end(), response.documents().begin(), response.documents().end());
    if (response.next_page_token().empty()) return out;
    filter.set_page_token(response.next_page_token());
  }
}

std::vector<caravan::v1::Document> WaitForDocuments(caravan::v1::Documents::Stub* documents, size_t n,
                                                    std::chrono::seconds timeout,
                                                    const caravan::v1::ListDocumentsRequest& filter) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<caravan::v1::Document> docs;
  while (std::chrono::steady_clock::now() < deadline) {
    docs = ListAllDocuments(documents, filter);
    if (docs.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return docs;
}

caravan::v1::ListDocumentsRequest ListFilter(int page_size, bool include_copies, bool include_attachments) {
  caravan::v1::ListDocumentsRequest filter;
  filter.set_page_size(page_size);
  filter.set_include_copies(include_copies);
  filter.set_include_attachments(include_attachments);
  return filter;
}

}  // namespace caravan::testing
