#include "crawler/fetch/fetcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/fetch/failure.h"
#include "net/http_server.h"

namespace caravan::fetch {
namespace {

using net::HttpRequest;
using net::HttpResponse;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string Gzip(const std::string& in) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper rather than raw zlib.
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Waits up to `ms` for the peer to go away (or the server to stop), so
// misbehaving fixtures end with the client rather than on their own clock.
bool PeerGone(int fd, int ms) {
  pollfd p{fd, POLLRDHUP, 0};
  return ::poll(&p, 1, ms) != 0;
}

// The fixtures answer on loopback, which the guard refuses unless allowed.
FetchOptions LoopbackOptions() {
  FetchOptions options;
  std::string error;
  options.guard = AddressGuard({*ParseNetwork("127.0.0.0/8", &error), *ParseNetwork("::1", &error)});
  return options;
}

HttpResponse Redirect(int status, const std::string& location) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Location", location);
  r.headers.emplace_back("X-Hop", "yes");
  r.body = "moved";
  return r;
}

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tests talk to 127.0.0.1 only: no proxy from the environment.
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                             "all_proxy", "ALL_PROXY"}) {
      ::unsetenv(name);
    }
    std::string error;
    ASSERT_TRUE(server_.Start("127.0.0.1", 0, &error)) << error;
    base_ = "http://127.0.0.1:" + std::to_string(server_.port());
  }

  HttpResponse Handle(const HttpRequest& q) {
    {
      std::lock_guard lock(mu_);
      ++requests_;
      last_user_agent_ = q.Header("User-Agent");
    }
    HttpResponse r;
    if (q.path == "/ok") {
      r.headers.emplace_back("Content-Type", "Text/HTML; Charset=\"UTF-8\"");
      r.headers.emplace_back("ETag", "\"v1\"");
      r.headers.emplace_back("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      r.headers.emplace_back("X-Custom", "42");
      r.body = "<p>hello</p>";
    } else if (q.path == "/gzip") {
      std::string text;
      for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + "\n";
      r.headers.emplace_back("Content-Type", "text/plain");
      if (q.Header("Accept-Encoding").find("gzip") != std::string::npos) {
        r.headers.emplace_back("Content-Encoding", "gzip");
        r.body = Gzip(text);
      } else {
        r.body = text;
      }
    } else if (q.path == "/r1") {
      return Redirect(302, "/r2");
    } else if (q.path == "/r2") {
      return Redirect(301, base_ + "/r3");
    } else if (q.path == "/r3") {
      r.body = "final";
    } else if (q.path == "/loop") {
      return Redirect(302, "/loop");
    } else if (q.path.starts_with("/chain/")) {
      int n = std::stoi(q.path.substr(7));
      if (n > 0) return Redirect(302, "/chain/" + std::to_string(n - 1));
      r.body = "end of chain";
    } else if (q.path == "/to-file") {
      return Redirect(302, "file:///etc/passwd");
    } else if (q.path == "/to-other-loopback") {
      std::string other = base_;
      other.replace(other.find("127.0.0.1"), 9, "127.0.0.2");
      return Redirect(302, other + "/ok");
    } else if (q.path == "/to-metadata") {
      return Redirect(302, "http://169.254.169.254/latest/meta-data/");
    } else if (q.path == "/cond") {
      if (q.Header("If-None-Match") == "\"v1\"" &&
          q.Header("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT") {
        r.status = 304;
        r.headers.emplace_back("ETag", "\"v1\"");
      } else {
        r.headers.emplace_back("ETag", "\"v1\"");
        r.body = "fresh";
      }
    } else if (q.path == "/big") {
      r.body = std::string(1 << 20, 'b');
    } else if (q.path == "/drip") {
      r.raw = [](int fd) {
        std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
        for (int i = 0; i < 30 && !PeerGone(fd, 1000); ++i) {
          if (::send(fd, "x", 1, MSG_NOSIGNAL) != 1) return;
        }
      };
    } else if (q.path == "/hang") {
      r.raw = [](int fd) { PeerGone(fd, 30'000); };
    } else if (q.path.starts_with("/n/")) {
      r.body = "page " + q.path.substr(3);
    } else {
      r.status = 404;
    }
    return r;
  }

  std::string Url(const std::string& path) const { return base_ + path; }
  int Requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

  net::HttpServer server_{[this](const HttpRequest& q) { return Handle(q); }};
  std::string base_;
  std::mutex mu_;
  int requests_ = 0;
  std::string last_user_agent_;
};

TEST_F(FetchTest, FetchesBodyAndHeaders) {
  FetchOptions options = LoopbackOptions();
  options.user_agent = "caravan-test/1";
  Fetcher fetcher(options);
  FetchResponse r = fetcher.FetchSync({Url("/ok?x=1"), "", ""});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.url, Url("/ok?x=1"));
  EXPECT_EQ(r.final_url, Url("/ok?x=1"));
  EXPECT_EQ(r.body, "<p>hello</p>");
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_EQ(r.charset, "utf-8");
  EXPECT_EQ(r.etag, "\"v1\"");
  EXPECT_EQ(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(r.Header("x-custom"), "42");
  EXPECT_FALSE(r.truncated);
  std::lock_guard lock(mu_);
  EXPECT_EQ(last_user_agent_, "caravan-test/1");
}

TEST_F(FetchTest, DecodesGzip) {
  Fetcher fetcher(LoopbackOptions());
  FetchResponse r = fetcher.FetchSync({Url("/gzip"), "", ""});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.body.rfind("line 0\nline 1\n", 0), 0u);
  EXPECT_NE(r.body.find("line 1999\n"), std::string::npos);
  EXPECT_GT(r.body.size(), std::stoul(r.Header("Content-Length")));
}

TEST_F(FetchTest, FollowsRedirectsAndReportsTheFinalResponse) {
  Fetcher fetcher(LoopbackOptions());
  FetchResponse r = fetcher.FetchSync({Url("/r1"), "", ""});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.url, Url("/r1"));
  EXPECT_EQ(r.final_url, Url("/r3"));
  EXPECT_EQ(r.body, "final");
  EXPECT_EQ(r.Header("X-Hop"), "") << "headers of a redirect hop leaked";
  EXPECT_EQ(r.Header("Location"), "");
}

TEST_F(FetchTest, RedirectLoopIsAnError) {
  Fetcher fetcher(LoopbackOptions());
  FetchResponse r = fetcher.FetchSync({Url("/loop"), "", ""});
  EXPECT_NE(r.error.find(Url("/loop")), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("redirects"), std::string::npos) << r.error;
}

TEST_F(FetchTest, StopsAfterMaxRedirects) {
  FetchOptions options = LoopbackOptions();
  options.max_redirects = 3;
  Fetcher fetcher(options);
  EXPECT_EQ(fetcher.FetchSync({Url("/chain/3"), "", ""}).body, "end of chain");
  FetchResponse r = fetcher.FetchSync({Url("/chain/4"), "", ""});
  EXPECT_NE(r.error.find(Url("/chain/4")), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("redirects"), std::string::npos) << r.error;
}

TEST_F(FetchTest, RefusesNonHttpSchemesIncludingViaRedirect) {
  Fetcher fetcher(LoopbackOptions());
  FetchResponse redirected = fetcher.FetchSync({Url("/to-file"), "", ""});
  EXPECT_NE(redirected.error.find(Url("/to-file")), std::string::npos) << redirected.error;
  EXPECT_EQ(redirected.body.find("root:"), std::string::npos);
  FetchResponse direct = fetcher.FetchSync({"file:///etc/passwd", "", ""});
  EXPECT_NE(direct.error.find("file:///etc/passwd"), std::string::npos) << direct.error;
  EXPECT_EQ(direct.body, "");
}

TEST_F(FetchTest, TheGuardRefusesLoopbackByDefault) {
  Fetcher fetcher(FetchOptions{});
  FetchResponse r = fetcher.FetchSync({Url("/ok"), "", ""});
  EXPECT_EQ(r.failure, failure::kBlockedAddress);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find(Url("/ok")), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("127.0.0.1 is loopback"), std::string::npos) << r.error;
  EXPECT_EQ(Requests(), 0) << "no connection was made";
}

TEST_F(FetchTest, TheGuardChecksTheAddressDnsGaveNotTheName) {
  // "localhost" is a name; only its DNS answer says it is loopback.
  std::string by_name = Url("/ok");
  by_name.replace(by_name.find("127.0.0.1"), 9, "localhost");
  Fetcher guarded(FetchOptions{});
  FetchResponse r = guarded.FetchSync({by_name, "", ""});
  EXPECT_EQ(r.failure, failure::kBlockedAddress) << r.error;
  EXPECT_EQ(Requests(), 0);
  Fetcher allowed(LoopbackOptions());
  EXPECT_EQ(allowed.FetchSync({by_name, "", ""}).body, "<p>hello</p>");
}

TEST_F(FetchTest, TheGuardChecksEveryRedirectHop) {
  FetchOptions options;
  std::string error;
  options.guard = AddressGuard({*ParseNetwork("127.0.0.1/32", &error)});
  Fetcher fetcher(options);
  FetchResponse r = fetcher.FetchSync({Url("/to-other-loopback"), "", ""});
  EXPECT_EQ(r.failure, failure::kBlockedAddress) << r.error;
  EXPECT_NE(r.error.find("127.0.0.2 is loopback"), std::string::npos) << r.error;
  FetchResponse metadata = fetcher.FetchSync({Url("/to-metadata"), "", ""});
  EXPECT_EQ(metadata.failure, failure::kBlockedAddress) << metadata.error;
  EXPECT_NE(metadata.error.find("169.254.169.254 is link-local"), std::string::npos) << metadata.error;
  EXPECT_EQ(metadata.body, "");
}

TEST_F(FetchTest, ConditionalGetGets304) {
  Fetcher fetcher(LoopbackOptions());
  FetchResponse fresh = fetcher.FetchSync({Url("/cond"), "", ""});
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.body, "fresh");
  FetchResponse r =
      fetcher.FetchSync({Url("/cond"), fresh.etag, "Wed, 21 Oct 2015 07:28:00 GMT"});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.etag, "\"v1\"");
}

TEST_F(FetchTest, TruncatesBodiesAtTheCap) {
  FetchOptions options = LoopbackOptions();
  options.max_body_bytes = 1000;
  Fetcher fetcher(options);
  FetchResponse r = fetcher.FetchSync({Url("/big"), "", ""});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.body, std::string(1000, 'b'));
  // The aborted transfer does not poison the fetcher.
  EXPECT_EQ(fetcher.FetchSync({Url("/ok"), "", ""}).body, "<p>hello</p>");
}

TEST_F(FetchTest, SlowDripTimesOut) {
  FetchOptions options = LoopbackOptions();
  options.low_speed_bytes = 100;
  options.low_speed_time_ms = 1000;
  options.total_timeout_ms = 2500;
  Fetcher fetcher(options);
  auto start = steady_clock::now();
  FetchResponse r = fetcher.FetchSync({Url("/drip"), "", ""});
  EXPECT_LT(steady_clock::now() - start, milliseconds(4000));
  EXPECT_NE(r.error.find(Url("/drip")), std::string::npos) << r.error;
  EXPECT_FALSE(r.truncated);
}

TEST_F(FetchTest, ConnectionRefusedNamesTheUrl) {
  // A port that was free a moment ago and has no listener now.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  socklen_t length = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  ::close(fd);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/x";

  Fetcher fetcher(LoopbackOptions());
  FetchResponse r = fetcher.FetchSync({url, "", ""});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find(url), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("onnect"), std::string::npos) << r.error;
}

TEST_F(FetchTest, CompletesManyConcurrentRequests) {
  constexpr int kRequests = 100;
  FetchOptions options = LoopbackOptions();
  options.max_parallel = 16;  // the rest wait in the queue
  Fetcher fetcher(options);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<FetchResponse> responses;
  for (int i = 0; i < kRequests; ++i) {
    fetcher.Submit({Url("/n/" + std::to_string(i)), "", ""}, [&](FetchResponse r) {
      std::lock_guard lock(mu);
      responses.push_back(std::move(r));
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10),
                            [&] { return responses.size() == kRequests; }));
  }
  for (const auto& r : responses) {
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "page " + r.url.substr(r.url.rfind('/') + 1));
  }
  EXPECT_EQ(fetcher.InFlight(), 0u);
  EXPECT_EQ(Requests(), kRequests);
}

TEST_F(FetchTest, CallbacksMaySubmit) {
  Fetcher fetcher(LoopbackOptions());
  std::mutex mu;
  std::condition_variable cv;
  std::string second_body;
  fetcher.Submit({Url("/ok"), "", ""}, [&](FetchResponse) {
    fetcher.Submit({Url("/r3"), "", ""}, [&](FetchResponse r) {
      std::lock_guard lock(mu);
      second_body = r.body;
      cv.notify_all();
    });
  });
  std::unique_lock lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return !second_body.empty(); }));
  EXPECT_EQ(second_body, "final");
}

TEST_F(FetchTest, DestructorFailsPendingRequests) {
  std::vector<FetchResponse> responses;
  std::mutex mu;
  {
    FetchOptions options = LoopbackOptions();
    options.max_parallel = 1;  // the second request stays queued
    Fetcher fetcher(options);
    for (const char* path : {"/hang", "/ok"}) {
      fetcher.Submit({Url(path), "", ""}, [&](FetchResponse r) {
        std::lock_guard lock(mu);
        responses.push_back(std::move(r));
      });
    }
    // Let the first transfer reach the server.
    for (int i = 0; i < 200 && Requests() == 0; ++i) {
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  std::lock_guard lock(mu);
  ASSERT_EQ(responses.size(), 2u);
  for (const auto& r : responses) {
    EXPECT_NE(r.error.find(r.url), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("stopped"), std::string::npos) << r.error;
  }
}

}  // namespace
}  // namespace caravan::fetch
