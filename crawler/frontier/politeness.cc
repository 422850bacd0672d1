#include "crawler/frontier/politeness.h"

#include <algorithm>

#include "crawler/fetch/failure.h"

namespace caravan::frontier {
namespace {

// base * 2^n without overflow, capped.
int64_t Doubled(int64_t base, int n, int64_t cap) {
  int64_t v = std::max<int64_t>(base, 1);
  for (int i = 0; i < n && v < cap; ++i) v *= 2;
  return std::min(v, cap);
}

}  // namespace

void HostPoliteness::OnResponse(const HostOutcome& outcome, const PolitenessOptions& options,
                                int64_t now_ms) {
  int64_t floor = std::max(options.default_delay_ms, crawl_delay_ms_);
  int64_t slow = static_cast<int64_t>(static_cast<double>(outcome.elapsed_ms) * options.slow_factor);
  // A Crawl-delay above max_delay_ms is the site's wish and still obeyed.
  delay_ms_ = std::max(floor, std::min(slow, options.max_delay_ms));

  int64_t wait = delay_ms_;
  if (fetch::failure::IsHostFailure(outcome.failure)) {
    ++failures_;
    if (open_ || failures_ >= options.breaker_threshold) {
      // A failed probe (or the failure that trips the breaker).
      wait = Doubled(options.breaker_cooldown_ms, opens_, options.breaker_max_cooldown_ms);
      open_ = true;
      ++opens_;
    } else {
      wait = Doubled(std::max<int64_t>(delay_ms_, 1000), failures_, options.max_backoff_ms);
    }
  } else {
    failures_ = 0;
    opens_ = 0;
    open_ = false;
  }
  // The server said when to come back (429, 503); believe it within reason.
  if (outcome.retry_after_ms > 0) {
    wait = std::max(wait, std::min(outcome.retry_after_ms, options.max_retry_after_ms));
  }
  next_allowed_ms_ = now_ms + wait;
}

}  // namespace caravan::frontier
