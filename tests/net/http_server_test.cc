#include "net/http_server.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace caravan::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

HttpResponse Echo(const HttpRequest& r) {
  HttpResponse response;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.headers.emplace_back("X-Path", r.path);
  response.headers.emplace_back("X-Query", r.query);
  response.headers.emplace_back("X-Agent", r.Header("user-agent"));
  response.body = r.method + " " + r.target + " " + r.body;
  return response;
}

// A connected client socket whose reads give up after 5 s, so a server bug
// fails the test instead of hanging it.
int Connect(int port, bool v6 = false) {
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  int rc;
  if (v6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<uint16_t>(port));
    a.sin6_addr = in6addr_loopback;
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  } else {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  }
  if (rc != 0) throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  return fd;
}

void Send(int fd, const std::string& data) {
  ASSERT_EQ(::send(fd, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));
}

// Everything until the server closes (or the 5 s timeout).
std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

// One response framed by Content-Length (absent means no body); "" on EOF.
std::string ReadResponse(int fd, bool head = false) {
  std::string out;
  char c;
  while (out.find("\r\n\r\n") == std::string::npos) {
    if (::recv(fd, &c, 1, 0) != 1) return out;
    out += c;
  }
  size_t length = 0;
  size_t at = out.find("Content-Length: ");
  if (at != std::string::npos && !head) length = std::stoul(out.substr(at + 16));
  while (length > 0) {
    char buf[4096];
    ssize_t n = ::recv(fd, buf, std::min(length, sizeof(buf)), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    length -= static_cast<size_t>(n);
  }
  return out;
}

// A connection still in the listen backlog is reset rather than closed.
bool PeerClosed(int fd) {
  char c;
  ssize_t n = ::recv(fd, &c, 1, 0);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartWith(HttpHandler handler) {
    server_ = std::make_unique<HttpServer>(std::move(handler));
    std::string error;
    ASSERT_TRUE(server_->Start("127.0.0.1", 0, &error)) << error;
    port_ = server_->port();
  }
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpServerTest, ServesRequestLineHeadersAndQuery) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: h\r\nUser-Agent: ua/1\r\n\r\n");
  std::string r = ReadResponse(fd);
  ::close(fd);
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("X-Path: /a/b\r\n"), std::string::npos);
  EXPECT_NE(r.find("X-Query: x=1&y=2\r\n"), std::string::npos);
  EXPECT_NE(r.find("X-Agent: ua/1\r\n"), std::string::npos);
  EXPECT_NE(r.find("Content-Length: 17\r\n"), std::string::npos);
  EXPECT_EQ(r.substr(r.size() - 17), "GET /a/b?x=1&y=2 ");
}

TEST_F(HttpServerTest, KeepsAliveUntilConnectionClose) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_NE(ReadResponse(fd).find("GET /one"), std::string::npos);
  Send(fd, "GET /two HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  std::string r = ReadResponse(fd);
  EXPECT_NE(r.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(r.find("GET /two"), std::string::npos);
  EXPECT_TRUE(PeerClosed(fd));
  ::close(fd);
}

TEST_F(HttpServerTest, ClosesHttp10Connections) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "GET /old HTTP/1.0\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(r.find("GET /old"), std::string::npos);
}

TEST_F(HttpServerTest, ReadsContentLengthBodiesAndPipelinedRequests) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd,
       "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
       "POST /q HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
  std::string first = ReadResponse(fd);
  std::string second = ReadResponse(fd);
  ::close(fd);
  EXPECT_NE(first.find("POST /p hello"), std::string::npos) << first;
  EXPECT_NE(second.find("POST /q abc"), std::string::npos) << second;
}

TEST_F(HttpServerTest, HeadSendsLengthButNoBody) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string r = ReadResponse(fd, /*head=*/true);
  EXPECT_NE(r.find("Content-Length: 8\r\n"), std::string::npos) << r;
  // The connection stays usable: no stray body bytes precede the next answer.
  Send(fd, "GET /g HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string next = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(next.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << next;
  EXPECT_NE(next.find("GET /g"), std::string::npos);
}

TEST_F(HttpServerTest, NotModifiedHasNoBody) {
  StartWith([](const HttpRequest&) {
    HttpResponse r;
    r.status = 304;
    r.body = "ignored";
    return r;
  });
  int fd = Connect(port_);
  Send(fd, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(r, "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n");
}

TEST_F(HttpServerTest, RejectsMalformedRequestsWith400) {
  StartWith(Echo);
  for (std::string bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /  HTTP/1.1\r\n\r\n",
                          "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
                          "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
                          "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
                          "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
                          "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
    int fd = Connect(port_);
    Send(fd, bad);
    std::string r = ReadAll(fd);
    ::close(fd);
    EXPECT_EQ(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << bad;
  }
}

TEST_F(HttpServerTest, RejectsOversizedHeadersWith431) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "GET / HTTP/1.1\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(r.rfind("HTTP/1.1 431 ", 0), 0u) << r.substr(0, 100);
}

TEST_F(HttpServerTest, RejectsChunkedRequestBodiesWith501) {
  StartWith(Echo);
  int fd = Connect(port_);
  Send(fd, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(r.rfind("HTTP/1.1 501 ", 0), 0u) << r;
}

TEST_F(HttpServerTest, HandlerExceptionBecomes500) {
  StartWith([](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  int fd = Connect(port_);
  Send(fd, "GET / HTTP/1.1\r\n\r\n");
  std::string r = ReadResponse(fd);
  ::close(fd);
  EXPECT_EQ(r.rfind("HTTP/1.1 500 ", 0), 0u) << r;
}

TEST_F(HttpServerTest, RawHookOwnsTheSocketThenCloses) {
  StartWith([](const HttpRequest&) {
    HttpResponse r;
    r.raw = [](int fd) {
      std::string s = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
      ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    };
    return r;
  });
  int fd = Connect(port_);
  Send(fd, "GET / HTTP/1.1\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(r, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
}

TEST_F(HttpServerTest, ClosesIdleConnections) {
  server_ = std::make_unique<HttpServer>(Echo);
  server_->set_idle_timeout_ms(200);
  std::string error;
  ASSERT_TRUE(server_->Start("127.0.0.1", 0, &error)) << error;
  int fd = Connect(server_->port());
  auto start = steady_clock::now();
  EXPECT_TRUE(PeerClosed(fd));
  ::close(fd);
  EXPECT_LT(steady_clock::now() - start, milliseconds(2000));
}

TEST_F(HttpServerTest, StopIsPromptWithIdleConnectionsOpen) {
  StartWith(Echo);
  std::vector<int> fds;
  for (int i = 0; i < 5; ++i) {
    fds.push_back(Connect(port_));
    Send(fds.back(), "GET / HTTP/1.1\r\n\r\n");
    ReadResponse(fds.back());
  }
  fds.push_back(Connect(port_));  // connected, nothing sent
  auto start = steady_clock::now();
  server_->Stop();
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
  for (int fd : fds) {
    EXPECT_TRUE(PeerClosed(fd));
    ::close(fd);
  }
  EXPECT_THROW(Connect(port_), std::runtime_error);
}

int ThreadCount() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// More sequential connections than the concurrency cap: without reaping,
// threads pile up and accepting stalls at the cap.
TEST_F(HttpServerTest, ReapsFinishedConnectionThreads) {
  StartWith(Echo);
  int before = ThreadCount();
  for (int i = 0; i < HttpServer::kMaxConnections + 44; ++i) {
    int fd = Connect(port_);
    Send(fd, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(ReadAll(fd).rfind("HTTP/1.1 200", 0), 0u) << "connection " << i;
    ::close(fd);
  }
  EXPECT_LE(ThreadCount(), before + 2);
}

TEST_F(HttpServerTest, CapsConcurrentConnections) {
  StartWith(Echo);
  std::vector<int> fds;
  for (int i = 0; i < HttpServer::kMaxConnections; ++i) {
    fds.push_back(Connect(port_));
    Send(fds.back(), "GET / HTTP/1.1\r\n\r\n");
    ASSERT_FALSE(ReadResponse(fds.back()).empty()) << i;
  }
  int extra = Connect(port_);  // completes in the kernel's backlog
  Send(extra, "GET /extra HTTP/1.1\r\n\r\n");
  pollfd p{extra, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 300), 0) << "served beyond the cap";
  ::close(fds.front());
  EXPECT_NE(ReadResponse(extra).find("GET /extra"), std::string::npos);
  ::close(extra);
  for (size_t i = 1; i < fds.size(); ++i) ::close(fds[i]);
}

TEST(HttpServer, ServesIpv6Loopback) {
  HttpServer server(Echo);
  std::string error;
  if (!server.Start("::1", 0, &error)) GTEST_SKIP() << "no IPv6 loopback: " << error;
  int fd = Connect(server.port(), /*v6=*/true);
  Send(fd, "GET /six HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string r = ReadAll(fd);
  ::close(fd);
  EXPECT_NE(r.find("GET /six"), std::string::npos);
}

TEST(HttpServer, StartErrorsNameTheAddress) {
  HttpServer server(Echo);
  std::string error;
  EXPECT_FALSE(server.Start("not-an-ip", 0, &error));
  EXPECT_NE(error.find("not-an-ip:0"), std::string::npos) << error;

  HttpServer first(Echo);
  ASSERT_TRUE(first.Start("127.0.0.1", 0, &error)) << error;
  HttpServer second(Echo);
  EXPECT_FALSE(second.Start("127.0.0.1", first.port(), &error));
  EXPECT_NE(error.find("127.0.0.1:" + std::to_string(first.port())), std::string::npos) << error;
}

TEST(HttpServer, RestartsAfterStop) {
  HttpServer server(Echo);
  std::string error;
  ASSERT_TRUE(server.Start("127.0.0.1", 0, &error)) << error;
  server.Stop();
  ASSERT_TRUE(server.Start("127.0.0.1", 0, &error)) << error;
  int fd = Connect(server.port());
  Send(fd, "GET /again HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ReadAll(fd).find("GET /again"), std::string::npos);
  ::close(fd);
}

size_t AppendTo(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

TEST_F(HttpServerTest, InteroperatesWithLibcurlAndReusesTheConnection) {
  StartWith(Echo);
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendTo);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  std::string base = "http://127.0.0.1:" + std::to_string(port_);

  curl_easy_setopt(curl, CURLOPT_URL, (base + "/first").c_str());
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  EXPECT_EQ(body, "GET /first ");

  body.clear();
  std::string payload(3000, 'p');
  curl_easy_setopt(curl, CURLOPT_URL, (base + "/post").c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  EXPECT_EQ(body, "POST /post " + payload);
  long new_connections = -1;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
  EXPECT_EQ(new_connections, 0);

  body.clear();
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  EXPECT_EQ(body, "");
  curl_off_t length = -1;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  EXPECT_EQ(length, static_cast<curl_off_t>(std::string("HEAD /post ").size()));
  curl_easy_cleanup(curl);
}

}  // namespace
}  // namespace caravan::net
