// A small HTTP/1.1 server: caravand's side port (/healthz, /metrics, status
// page) and the fixture web sites of the tests and `make demo`.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace caravan::net {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: path[?query]
  std::string path;    // target without the query
  std::string query;   // without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Value of the first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length is added
  std::string body;
  // When set, the server writes nothing itself and hands the socket to this
  // function, then closes the connection: fixtures use it to misbehave
  // (slow drip, endless body, broken framing).
  std::function<void(int fd)> raw;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves `handler` on one listening socket, a thread per connection,
// HTTP/1.1 keep-alive. Stop() (or the destructor) closes the socket and
// joins every thread.
class HttpServer {
 public:
  explicit HttpServer(HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port ("127.0.0.1", 0 for any free port). False with
  // `error` set (naming the address) on failure.
  bool Start(const std::string& host, int port, std::string* error);
  int port() const { return port_; }
  void Stop();

 private:
  void AcceptLoop();
  void Serve(int fd);

  HttpHandler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;
};

}  // namespace caravan::net
