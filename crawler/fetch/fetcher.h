// HTTP fetching on the libcurl multi interface.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetch/address_guard.h"

namespace caravan::fetch {

struct FetchOptions {
  std::string user_agent = "caravan/0.1";
  int64_t connect_timeout_ms = 10'000;
  int64_t total_timeout_ms = 60'000;
  // Abort when slower than low_speed_bytes per second for low_speed_time_ms.
  int64_t low_speed_bytes = 100;
  int64_t low_speed_time_ms = 20'000;
  size_t max_body_bytes = 16 * 1024 * 1024;
  int max_redirects = 5;
  int max_parallel = 256;
  // Where the fetcher may connect: by default public addresses only. A
  // refused connection fails the request as "blocked_address".
  AddressGuard guard;
};

struct FetchRequest {
  std::string url;
  // Validators for conditional GET; empty when unknown.
  std::string etag;
  std::string last_modified;
  // A crawler follows redirects itself, one hop a request, so that each hop
  // waits its host's turn and is checked against robots.txt and scope; a
  // 3xx then arrives as it is, with its Location header.
  bool follow_redirects = true;
};

struct FetchResponse {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  int status = 0;         // 0 when no HTTP response arrived
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response
  // Media type to process the body as: the Content-Type's, lowercase and
  // without parameters, unless sniffing the body contradicts it (sniff.h).
  std::string content_type;
  std::string declared_content_type;  // the server's, when sniffing overrode it
  std::string charset;       // charset parameter of Content-Type, lowercase
  std::string etag;
  std::string last_modified;
  std::string body;          // decoded (gzip/deflate/br), at most max_body_bytes
  bool truncated = false;    // body hit max_body_bytes; the transfer was stopped
  std::string error;         // transport error with the URL in it, "" on success
  // Failure kind of a transport error or a truncated body (failure.h).
  std::string failure;
  int64_t elapsed_ms = 0;
  std::string address;       // IP address connected to, "" when none
  std::string Header(std::string_view name) const;  // case-insensitive, "" if absent
};

using FetchCallback = std::function<void(FetchResponse)>;

// Runs transfers concurrently on one libcurl multi handle in its own
// thread; HTTP/1.1 and HTTP/2 with connection reuse. Politeness (one
// request per host at a time, delays) is the frontier's job, not this one's.
// Callbacks run on the fetcher thread and must not block (no FetchSync in
// them); they may Submit. A body over max_body_bytes is cut there and
// reported with truncated=true and failure "too_large". Validators in the request
// become If-None-Match / If-Modified-Since; a 304 arrives as status 304.
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();  // stops; pending callbacks get an error response
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Never blocks; requests beyond max_parallel wait in a queue.
  void Submit(FetchRequest request, FetchCallback done);
  // Blocks until the one request completes.
  FetchResponse FetchSync(FetchRequest request);
  size_t InFlight() const;  // submitted, callback not yet run

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace caravan::fetch
