#include "net/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <utility>

#include "common/ascii.h"
#include "common/http_reason.h"

namespace caravan::net {
namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxBodyBytes = 64 * 1024 * 1024;

// RFC 9110 token characters, for methods and header names.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (std::isalnum(c)) continue;
    if (std::strchr("!#$%&'*+-.^_`|~", c) == nullptr || c == 0) return false;
  }
  return true;
}

// True when the comma-separated header value lists `token`.
bool ListHasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    if (EqualsNoCase(TrimAscii(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}


bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Error responses the server writes itself; the connection closes after.
void SendError(int fd, int status) {
  std::string body = std::to_string(status) + " " + std::string(HttpReasonPhrase(status)) + "\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(HttpReasonPhrase(status)) +
                    "\r\nContent-Type: text/plain\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  SendAll(fd, out);
}

enum class ParseResult { kOk, kBad, kUnsupported };

// Parses the request line and headers (without the blank line). Sets
// `http10` for HTTP/1.0 requests.
ParseResult ParseHead(std::string_view head, HttpRequest* request, bool* http10) {
  bool first = true;
  while (!head.empty()) {
    size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      first = false;
      size_t sp1 = line.find(' ');
      size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return ParseResult::kBad;
      }
      std::string_view method = line.substr(0, sp1);
      std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
      std::string_view version = line.substr(sp2 + 1);
      if (!IsToken(method) || target.empty()) return ParseResult::kBad;
      if (version == "HTTP/1.0") {
        *http10 = true;
      } else if (version != "HTTP/1.1") {
        return ParseResult::kBad;
      }
      request->method = method;
      request->target = target;
      size_t q = target.find('?');
      request->path = target.substr(0, q);
      request->query = q == std::string_view::npos ? "" : target.substr(q + 1);
      continue;
    }
    // Obsolete line folding and whitespace before the colon are request
    // smuggling vectors (RFC 9112 5.1, 5.2): refuse them.
    if (line.empty() || line[0] == ' ' || line[0] == '\t') return ParseResult::kBad;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return ParseResult::kBad;
    }
    request->headers.emplace_back(std::string(line.substr(0, colon)),
                                  std::string(TrimAscii(line.substr(colon + 1))));
  }
  if (first) return ParseResult::kBad;
  for (const auto& [name, value] : request->headers) {
    if (EqualsNoCase(name, "Transfer-Encoding")) return ParseResult::kUnsupported;
  }
  return ParseResult::kOk;
}

// Content-Length of the request: 0 when absent, -1 when malformed or
// repeated with different values.
int64_t ContentLength(const HttpRequest& request) {
  int64_t length = 0;
  bool seen = false;
  for (const auto& [name, value] : request.headers) {
    if (!EqualsNoCase(name, "Content-Length")) continue;
    if (value.empty() || value.size() > 18 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return -1;
    }
    int64_t v = std::stoll(value);
    if (seen && v != length) return -1;
    length = v;
    seen = true;
  }
  return length;
}

std::string SerializeHead(const HttpResponse& response, bool head_only, bool close) {
  int status = response.status;
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(HttpReasonPhrase(status)) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    // The server owns the framing headers.
    if (EqualsNoCase(name, "Content-Length") || EqualsNoCase(name, "Connection") ||
        EqualsNoCase(name, "Transfer-Encoding")) {
      continue;
    }
    out += name + ": " + value + "\r\n";
  }
  // 1xx, 204 and 304 responses never have a body (RFC 9110 6.4.1).
  bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
  if (!bodyless) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head_only && !bodyless) out += response.body;
  return out;
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsNoCase(n, name)) return v;
  }
  return "";
}

HttpServer::HttpServer(HttpHandler handler) : handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

bool HttpServer::Start(const std::string& host, int port, std::string* error) {
  std::string address = host;
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  std::string where = (address.find(':') != std::string::npos ? "[" + address + "]" : address) +
                      ":" + std::to_string(port);
  auto fail = [&](const std::string& what) {
    if (error) *error = "listen on " + where + ": " + what;
    return false;
  };
  if (listen_fd_ >= 0) return fail("server already started");
  if (port < 0 || port > 65535) return fail("port out of range");

  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v4);
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(*v6);
  } else {
    return fail("not an IPv4 or IPv6 address literal");
  }

  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::strerror(errno));
  int one = 1;
  // Restarted servers (and tests reusing a port) must not wait out TIME_WAIT.
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 ||
      ::listen(fd, SOMAXCONN) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return fail(why);
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof(bound);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  port_ = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                  : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);

  // A peer that disconnects mid-response must cost a write error, not the
  // process; raw handlers may use plain write().
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    std::signal(SIGPIPE, SIG_IGN);
  }

  listen_fd_ = fd;
  stopping_ = false;
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void HttpServer::Stop() {
  if (listen_fd_ < 0) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  slot_free_.notify_all();
  // shutdown() wakes a thread blocked in accept(); close() alone would not.
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (accept_thread_.joinable()) accept_thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;

  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  std::lock_guard lock(mu_);
  // Thread ids get reused; stale ones would make a restarted server join a
  // live connection.
  finished_.clear();
}

void HttpServer::ReapFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(mu_);
    if (finished_.empty()) return;
    auto ended = [&](const std::thread& t) {
      return std::find(finished_.begin(), finished_.end(), t.get_id()) != finished_.end();
    };
    for (auto& t : workers_) {
      if (ended(t)) done.push_back(std::move(t));
    }
    std::erase_if(workers_, [](const std::thread& t) { return !t.joinable(); });
    finished_.clear();
  }
  for (auto& t : done) t.join();
}

void HttpServer::AcceptLoop() {
  while (!stopping_) {
    ReapFinished();
    {
      std::unique_lock lock(mu_);
      slot_free_.wait(lock, [&] {
        return stopping_ || workers_.size() - finished_.size() < kMaxConnections;
      });
      if (stopping_) return;
    }
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      // Out of descriptors: back off instead of spinning on the same error.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    // A peer that stops reading must not pin a thread forever either.
    timeval send_timeout{idle_timeout_ms_ / 1000, (idle_timeout_ms_ % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof(send_timeout));
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void HttpServer::Serve(int fd) {
  std::string buffer;
  char chunk[16 * 1024];
  // Appends what the peer sends next; false on close, error or idle timeout.
  auto read_more = [&] {
    pollfd p{fd, POLLIN, 0};
    int ready;
    do {
      ready = ::poll(&p, 1, idle_timeout_ms_);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0 || stopping_) return false;
    ssize_t n;
    do {
      n = ::recv(fd, chunk, sizeof(chunk), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  };

  bool keep_alive = true;
  while (keep_alive && !stopping_) {
    size_t head_end = std::string::npos;
    size_t body_start = 0;
    while (true) {
      size_t crlf = buffer.find("\r\n\r\n");
      size_t lf = buffer.find("\n\n");
      if (crlf != std::string::npos && (lf == std::string::npos || crlf < lf)) {
        head_end = crlf;
        body_start = crlf + 4;
      } else if (lf != std::string::npos) {
        head_end = lf;
        body_start = lf + 2;
      }
      if (head_end != std::string::npos) break;
      if (buffer.size() > kMaxHeaderBytes) {
        SendError(fd, 431);
        head_end = std::string::npos;
        break;
      }
      if (!read_more()) break;
    }
    if (head_end == std::string::npos) break;
    if (head_end > kMaxHeaderBytes) {
      SendError(fd, 431);
      break;
    }

    HttpRequest request;
    bool http10 = false;
    ParseResult parsed = ParseHead(std::string_view(buffer).substr(0, head_end), &request, &http10);
    if (parsed != ParseResult::kOk) {
      SendError(fd, parsed == ParseResult::kBad ? 400 : 501);
      break;
    }
    int64_t content_length = ContentLength(request);
    if (content_length < 0) {
      SendError(fd, 400);
      break;
    }
    if (static_cast<uint64_t>(content_length) > kMaxBodyBytes) {
      SendError(fd, 413);
      break;
    }
    size_t body_length = static_cast<size_t>(content_length);
    if (body_length > 0 && buffer.size() - body_start < body_length && !http10 &&
        EqualsNoCase(request.Header("Expect"), "100-continue")) {
      if (!SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n")) break;
    }
    bool complete = true;
    while (buffer.size() - body_start < body_length) {
      if (!read_more()) {
        complete = false;
        break;
      }
    }
    if (!complete) break;
    request.body = buffer.substr(body_start, body_length);
    buffer.erase(0, body_start + body_length);

    keep_alive = !http10 && !ListHasToken(request.Header("Connection"), "close");
    HttpResponse response;
    try {
      response = handler_(request);
    } catch (...) {
      response = HttpResponse{};
      response.status = 500;
      response.body = "internal error\n";
    }
    if (response.raw) {
      response.raw(fd);
      break;
    }
    for (const auto& [name, value] : response.headers) {
      if (EqualsNoCase(name, "Connection") && ListHasToken(value, "close")) keep_alive = false;
    }
    if (stopping_) keep_alive = false;
    if (!SendAll(fd, SerializeHead(response, request.method == "HEAD", !keep_alive))) break;
  }

  std::lock_guard lock(mu_);
  // Removed before close(): once closed, the number may be reused by another
  // connection, which Stop() must not shut down by mistake.
  std::erase(open_fds_, fd);
  ::close(fd);
  finished_.push_back(std::this_thread::get_id());
  slot_free_.notify_all();
}

}  // namespace caravan::net
