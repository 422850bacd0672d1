// Why a fetch gave no usable page. The names are the keys of the per-source
// failure counts an operator sees in `caravanctl status` and /metrics, so
// they are stable strings rather than an enum that would need mapping at
// every boundary (proto, JSON, Prometheus labels).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace caravan::fetch::failure {

// Transport, set by the fetcher.
inline constexpr std::string_view kDns = "dns";
inline constexpr std::string_view kConnect = "connect";
inline constexpr std::string_view kTimeout = "timeout";  // total, connect or low-speed
inline constexpr std::string_view kTls = "tls";
inline constexpr std::string_view kConnection = "connection";  // reset, empty reply, bad framing
inline constexpr std::string_view kRedirects = "redirects";    // loop or too many hops
inline constexpr std::string_view kEncoding = "content_encoding";  // broken gzip/br
inline constexpr std::string_view kTooLarge = "too_large";          // body over the size cap
inline constexpr std::string_view kTransport = "transport";         // anything else
// The SSRF guard refused the address (address_guard.h): the host, or a
// redirect, leads to a loopback, private, link-local... network.
inline constexpr std::string_view kBlockedAddress = "blocked_address";
// Set by the fetch stage.
inline constexpr std::string_view kRobotsUnavailable = "robots_unavailable";
inline constexpr std::string_view kUnsupportedType = "unsupported_type";  // images, archives, binary
// Not fetched: robots.txt disallows the URL. The URL's fault, not the host's.
inline constexpr std::string_view kRobotsDenied = "robots_denied";
// From the HTTP status, by the receiver.
inline constexpr std::string_view kThrottled = "throttled";  // 429
inline constexpr std::string_view kHttp4xx = "http_4xx";
inline constexpr std::string_view kHttp5xx = "http_5xx";
// Set by the pipeline on a 2xx body it could not use.
inline constexpr std::string_view kMalformed = "malformed";  // feed or sitemap that does not parse
// The store could not write the page's document (disk full, I/O error);
// the page is fetched again. Ours, not the host's.
inline constexpr std::string_view kStoreWrite = "store_write";
// The store could not be read to deduplicate the page: not taken for new,
// fetched again.
inline constexpr std::string_view kStoreRead = "store_read";

// Whether an HTTP status (0: no response) says the server could not or
// would not answer now: no response, 5xx, or 429 asking us to slow down.
// Such a request is worth repeating later; it says nothing about the URL.
constexpr bool IsServerUnavailable(int status) { return status <= 0 || status == 429 || status >= 500; }

// A redirect to follow (3xx but 304, which answers a conditional request).
constexpr bool IsRedirect(int status) { return status >= 300 && status < 400 && status != 304; }

// The failure kind of an HTTP status, "" for 1xx-3xx (a 304 is a success).
std::string_view OfStatus(int status);

// The failure kind of a finished request: the transport's when it set one,
// else "transport" without a response, else by status ("" for 2xx and
// 304; a 3xx that was not followed is "redirects", 1xx "connection").
std::string_view OfResponse(int status, std::string_view transport_failure);

// Whether a failure of this kind says the host is unwell (so the host,
// not just the URL, backs off), as opposed to the URL being bad.
bool IsHostFailure(std::string_view kind);

// Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date, as
// milliseconds from now_ms; nullopt when absent or unreadable.
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_ms);

}  // namespace caravan::fetch::failure
