// A small HTTP/1.1 server: caravand's side port (/healthz, /metrics, status
// page) and the fixture web sites of the tests and `make demo`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
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
  // (slow drip, endless body, broken framing). Stop() shuts the socket down
  // under it, so it should return once a write fails. SIGPIPE is ignored
  // while a server runs, so plain write() on a vanished peer returns EPIPE.
  std::function<void(int fd)> raw;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves `handler` on one listening socket, a thread per connection,
// HTTP/1.1 keep-alive. Stop() (or the destructor) closes the socket and
// joins every thread.
//
// At most kMaxConnections connections are served at once; further ones wait
// in the listen backlog. A connection idle for idle_timeout_ms is closed.
// Requests: Content-Length bodies only (chunked ones get 501), headers up to
// 64 KiB (else 431), bodies up to 64 MiB (else 413). HEAD gets the headers
// the handler's GET-style response would have, without the body. Handler
// exceptions become 500. The handler runs on many threads at once.
class HttpServer {
 public:
  static constexpr int kMaxConnections = 256;

  explicit HttpServer(HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port ("127.0.0.1", 0 for any free port). False with
  // `error` set (naming the address) on failure.
  bool Start(const std::string& host, int port, std::string* error);
  int port() const { return port_; }
  // Call before Start(); tests shorten it.
  void set_idle_timeout_ms(int ms) { idle_timeout_ms_ = ms; }
  void Stop();

 private:
  void AcceptLoop();
  void Serve(int fd);
  // Joins the threads of connections that have ended.
  void ReapFinished();

  HttpHandler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  int idle_timeout_ms_ = 30'000;
  std::mutex mu_;
  std::condition_variable slot_free_;  // a connection ended, or stopping
  std::vector<std::thread> workers_;
  std::vector<std::thread::id> finished_;  // workers that have returned
  std::vector<int> open_fds_;
};

}  // namespace caravan::net
