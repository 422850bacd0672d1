#include "crawler/fetch/failure.h"

#include <ctime>
#include <string>

namespace caravan::fetch::failure {

std::string_view OfStatus(int status) {
  if (status == 429) return kThrottled;
  if (status >= 500) return kHttp5xx;
  if (status >= 400) return kHttp4xx;
  return "";
}

std::string_view OfResponse(int status, std::string_view transport_failure) {
  if (!transport_failure.empty()) return transport_failure;
  if (status == 0) return kTransport;
  if (status == 304) return "";
  if (auto kind = OfStatus(status); !kind.empty()) return kind;
  // A 3xx that was not followed has no Location libcurl could use.
  if (status >= 300) return kRedirects;
  if (status < 200) return kConnection;
  return "";
}

bool IsHostFailure(std::string_view kind) {
  // A refused address is the host's: every URL on it would be refused.
  return kind == kDns || kind == kConnect || kind == kTimeout || kind == kTls || kind == kConnection ||
         kind == kThrottled || kind == kHttp5xx || kind == kRobotsUnavailable || kind == kBlockedAddress;
}

std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_ms) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    // A ten-digit delay is a broken server; a day is as long as we listen.
    if (value.size() > 9) return std::nullopt;
    return std::stoll(std::string(value)) * 1000;
  }
  // IMF-fixdate, the only form RFC 9110 lets senders generate:
  // "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  int64_t at_ms = static_cast<int64_t>(timegm(&tm)) * 1000;
  return at_ms > now_ms ? at_ms - now_ms : 0;
}

}  // namespace caravan::fetch::failure
