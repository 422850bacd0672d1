// Per-host politeness: when the next request to a host may start, given how
// the host answered the last ones. The frontier keeps one per host.
#pragma once

#include <cstdint>
#include <string_view>

namespace caravan::frontier {

struct PolitenessOptions {
  // Minimum gap between the end of one request to a host and the next.
  int64_t default_delay_ms = 1000;
  // A host that answers slowly is asked less often: the gap becomes this
  // many times the last response time (Heritrix's "delay factor"),
  // between default_delay_ms and max_delay_ms.
  double slow_factor = 2.0;
  int64_t max_delay_ms = 60'000;
  // Consecutive host failures (failure::IsHostFailure) back the host off
  // exponentially from its delay, up to max_backoff_ms; at
  // breaker_threshold of them the circuit opens and the host is left alone
  // for breaker_cooldown_ms, doubling on every failed probe up to
  // breaker_max_cooldown_ms.
  int64_t max_backoff_ms = 10 * 60'000;
  int breaker_threshold = 5;
  int64_t breaker_cooldown_ms = 5 * 60'000;
  int64_t breaker_max_cooldown_ms = 60 * 60'000;
  // A Retry-After longer than this is not believed.
  int64_t max_retry_after_ms = 6 * 3600'000;
};

// How one request to the host ended.
struct HostOutcome {
  std::string_view failure;  // failure kind, "" on success (failure.h)
  int64_t elapsed_ms = 0;
  int64_t retry_after_ms = 0;  // 0: none given
};

// The state machine of one host: closed (normal, with backoff after
// failures) -> open (suspended) -> half-open (one probe) -> closed or open
// again. A host does one request at a time (the frontier's lease), so the
// first request after a cool-down is the probe. Not thread-safe.
class HostPoliteness {
 public:
  // The host's own minimum gap (robots.txt Crawl-delay); never below the
  // default.
  void SetCrawlDelay(int64_t delay_ms) { crawl_delay_ms_ = delay_ms; }
  int64_t crawl_delay_ms() const { return crawl_delay_ms_; }

  // Records the end of a request at now_ms and sets when the next may start.
  void OnResponse(const HostOutcome& outcome, const PolitenessOptions& options, int64_t now_ms);

  // Earliest time the next request may start.
  int64_t next_allowed_ms() const { return next_allowed_ms_; }
  // Whether the circuit breaker has the host suspended at now_ms.
  bool suspended(int64_t now_ms) const { return open_ && now_ms < next_allowed_ms_; }

 private:
  int64_t crawl_delay_ms_ = 0;
  int64_t delay_ms_ = 0;
  int64_t next_allowed_ms_ = 0;
  int failures_ = 0;
  int opens_ = 0;  // failed probes since the circuit first opened
  bool open_ = false;
};

}  // namespace caravan::frontier
