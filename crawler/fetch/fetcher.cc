#include "crawler/fetch/fetcher.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "common/ascii.h"
#include "crawler/fetch/failure.h"
#include "crawler/fetch/sniff.h"

namespace caravan::fetch {
namespace {

// "text/HTML; Charset=\"UTF-8\"" -> "text/html", "utf-8".
void ParseContentType(std::string_view value, std::string* media_type, std::string* charset) {
  size_t semi = value.find(';');
  *media_type = AsciiLowerCopy(TrimAscii(value.substr(0, semi)));
  charset->clear();
  while (semi != std::string_view::npos) {
    value.remove_prefix(semi + 1);
    semi = value.find(';');
    std::string_view param = value.substr(0, semi);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || !EqualsNoCase(TrimAscii(param.substr(0, eq)), "charset")) {
      continue;
    }
    std::string_view v = TrimAscii(param.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    *charset = AsciiLowerCopy(v);
  }
}

std::string_view FailureOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return failure::kDns;
    case CURLE_COULDNT_CONNECT:
      return failure::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return failure::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
      return failure::kTls;
    case CURLE_TOO_MANY_REDIRECTS:
      return failure::kRedirects;
    case CURLE_BAD_CONTENT_ENCODING:
      return failure::kEncoding;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      return failure::kConnection;
    default:
      return failure::kTransport;
  }
}

long Clamp(int64_t v) { return static_cast<long>(std::max<int64_t>(v, 0)); }

std::once_flag curl_init_once;

}  // namespace

std::string FetchResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsNoCase(n, name)) return v;
  }
  return "";
}

struct Fetcher::Impl {
  struct Pending {
    FetchRequest request;
    FetchCallback done;
  };

  // One transfer on the multi handle; owned through CURLOPT_PRIVATE.
  struct Transfer {
    CURL* easy = nullptr;
    curl_slist* request_headers = nullptr;
    FetchCallback done;
    FetchResponse response;
    size_t max_body = 0;
    std::chrono::steady_clock::time_point start;
    char error[CURL_ERROR_SIZE] = {};
    const AddressGuard* guard = nullptr;
    std::string blocked;  // why the guard refused a connection, "" if it did not
  };

  // libcurl asks here for the socket of every connection it opens, with the
  // address it is about to connect to: after DNS, and for each redirect hop
  // and each address it tries, so this is where the guard stands.
  static curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    std::string why = t->guard->Check(&address->addr);
    if (!why.empty()) {
      t->blocked = std::move(why);
      return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  explicit Impl(FetchOptions o) : options(std::move(o)) {
    std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    options.max_parallel = std::max(options.max_parallel, 1);
    multi = curl_multi_init();
    // The connection cache is the multi handle's, so keep-alive connections
    // (and HTTP/2 sessions) outlive the transfer that opened them.
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_parallel));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    thread = std::thread([this] { Run(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mu);
      stopping = true;
    }
    curl_multi_wakeup(multi);
    thread.join();
    curl_multi_cleanup(multi);
  }

  void Submit(FetchRequest request, FetchCallback done) {
    in_flight.fetch_add(1);
    {
      std::lock_guard lock(mu);
      queue.push_back(Pending{std::move(request), std::move(done)});
    }
    curl_multi_wakeup(multi);
  }

  static size_t OnBody(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    std::string& body = t->response.body;
    if (body.size() + bytes > t->max_body) {
      body.append(data, t->max_body - body.size());
      t->response.truncated = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    body.append(data, bytes);
    return bytes;
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    std::string_view line(data, bytes);
    // Each status line starts a new response (a redirect hop, 100 Continue):
    // only the final response's headers are reported.
    if (line.starts_with("HTTP/")) {
      t->response.headers.clear();
      return bytes;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;
    t->response.headers.emplace_back(std::string(TrimAscii(line.substr(0, colon))),
                                     std::string(TrimAscii(line.substr(colon + 1))));
    return bytes;
  }

  void Start(Pending p) {
    auto* t = new Transfer;
    t->done = std::move(p.done);
    t->response.url = std::move(p.request.url);
    t->max_body = options.max_body_bytes;
    t->start = std::chrono::steady_clock::now();
    CURL* e = t->easy = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, t->response.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    // Signals are process-wide and this is one thread among many.
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, p.request.follow_redirects ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
    // Redirects must not lead to file://, ftp:// and the like.
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_MAXCONNECTS, static_cast<long>(options.max_parallel));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, Clamp(options.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, Clamp(options.total_timeout_ms));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, Clamp(options.low_speed_bytes));
    // libcurl counts low-speed time in whole seconds.
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, Clamp((options.low_speed_time_ms + 999) / 1000)));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    t->guard = &options.guard;
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
    if (!p.request.etag.empty()) {
      t->request_headers =
          curl_slist_append(t->request_headers, ("If-None-Match: " + p.request.etag).c_str());
    }
    if (!p.request.last_modified.empty()) {
      t->request_headers = curl_slist_append(
          t->request_headers, ("If-Modified-Since: " + p.request.last_modified).c_str());
    }
    if (t->request_headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->request_headers);
    CURLMcode rc = curl_multi_add_handle(multi, e);
    if (rc != CURLM_OK) {
      t->response.error = "fetch " + t->response.url + ": " + curl_multi_strerror(rc);
      Finish(t, /*added=*/false);
      return;
    }
    running.insert(t);
  }

  // Completes `t` with `code` (or with the error already set) and frees it.
  void Complete(Transfer* t, CURLcode code) {
    FetchResponse& r = t->response;
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    char* effective = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &effective);
    r.final_url = effective ? effective : r.url;
    char* address = nullptr;
    if (curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &address) == CURLE_OK && address) r.address = address;
    std::string declared;
    ParseContentType(r.Header("Content-Type"), &declared, &r.charset);
    r.content_type = SniffMediaType(declared, r.body);
    if (r.content_type != declared) r.declared_content_type = std::move(declared);
    r.etag = r.Header("ETag");
    r.last_modified = r.Header("Last-Modified");
    // Hitting the body cap is how OnBody stops a transfer, not a failure.
    bool capped = code == CURLE_WRITE_ERROR && r.truncated;
    // A refused address fails the transfer only when no other address of
    // the host could be reached.
    const bool blocked = code == CURLE_COULDNT_CONNECT && !t->blocked.empty();
    if (blocked) {
      r.error = "fetch " + r.url + ": not connecting: " + t->blocked +
                " (crawl.allow_networks can allow a network)";
    } else if (code != CURLE_OK && !capped && r.error.empty()) {
      r.error = "fetch " + r.url + ": " + (t->error[0] ? t->error : curl_easy_strerror(code));
    }
    if (capped) {
      r.failure = failure::kTooLarge;
    } else if (blocked) {
      r.failure = failure::kBlockedAddress;
    } else if (code != CURLE_OK) {
      r.failure = FailureOf(code);
    }
    Finish(t, /*added=*/true);
  }

  void Finish(Transfer* t, bool added) {
    if (added) {
      curl_multi_remove_handle(multi, t->easy);
      running.erase(t);
    }
    t->response.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - t->start)
                                 .count();
    FetchCallback done = std::move(t->done);
    FetchResponse response = std::move(t->response);
    curl_easy_cleanup(t->easy);
    curl_slist_free_all(t->request_headers);
    delete t;
    in_flight.fetch_sub(1);
    if (done) done(std::move(response));
  }

  void Run() {
    while (true) {
      std::deque<Pending> starting;
      const size_t slots = static_cast<size_t>(options.max_parallel);
      {
        std::lock_guard lock(mu);
        if (stopping) break;
        while (!queue.empty() && running.size() + starting.size() < slots) {
          starting.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      for (auto& p : starting) Start(std::move(p));
      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
        Complete(t, msg->data.result);
      }
      // Completions may have freed slots for queued requests: go round
      // again before sleeping.
      {
        std::lock_guard lock(mu);
        if (!queue.empty() && running.size() < slots) continue;
      }
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    Abandon();
  }

  // Fails every transfer still running or queued; callbacks may submit
  // more, which are failed in turn.
  void Abandon() {
    while (!running.empty()) {
      Transfer* t = *running.begin();
      t->response.error = "fetch " + t->response.url + ": fetcher stopped before completion";
      Complete(t, CURLE_ABORTED_BY_CALLBACK);
    }
    while (true) {
      std::deque<Pending> left;
      {
        std::lock_guard lock(mu);
        left.swap(queue);
      }
      if (left.empty()) break;
      for (auto& p : left) {
        in_flight.fetch_sub(1);
        FetchResponse r;
        r.url = r.final_url = p.request.url;
        r.error = "fetch " + r.url + ": fetcher stopped before the request started";
        if (p.done) p.done(std::move(r));
      }
    }
  }

  FetchOptions options;
  CURLM* multi = nullptr;
  std::thread thread;
  std::unordered_set<Transfer*> running;  // on the multi handle; fetcher thread only
  std::atomic<size_t> in_flight{0};
  std::mutex mu;
  bool stopping = false;
  std::deque<Pending> queue;
};

Fetcher::Fetcher(FetchOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Fetcher::~Fetcher() = default;

void Fetcher::Submit(FetchRequest request, FetchCallback done) {
  impl_->Submit(std::move(request), std::move(done));
}

FetchResponse Fetcher::FetchSync(FetchRequest request) {
  std::promise<FetchResponse> promise;
  std::future<FetchResponse> result = promise.get_future();
  Submit(std::move(request), [&promise](FetchResponse r) { promise.set_value(std::move(r)); });
  return result.get();
}

size_t Fetcher::InFlight() const { return impl_->in_flight.load(); }

}  // namespace caravan::fetch
