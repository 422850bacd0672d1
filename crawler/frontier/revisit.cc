#include "crawler/frontier/revisit.h"

#include <algorithm>

namespace caravan::frontier {
namespace {

// A page is not revisited sooner than this share of its age.
constexpr int64_t kAgeDivisor = 10;

}  // namespace

int64_t NextRevisitMs(const RevisitPolicy& policy, const FetchOutcome& outcome, int64_t max_backoff_ms) {
  const int64_t hub = std::max<int64_t>(policy.hub_ms, 1);
  const int64_t page_min = std::max<int64_t>(policy.page_min_ms, 1);
  const int64_t page_max = std::max(policy.page_max_ms, page_min);
  if (outcome.failed) {
    int64_t base = outcome.hub ? hub : page_min;
    int64_t cap = std::max({max_backoff_ms, base, outcome.hub ? 0 : page_max});
    int64_t wait = base;
    for (int i = 0; i < outcome.failures && wait < cap; ++i) wait *= 2;
    return std::min(wait, cap);
  }
  if (outcome.hub) return hub;
  int64_t age = outcome.published_ms > 0 ? std::max<int64_t>(outcome.now_ms - outcome.published_ms, 0) : 0;
  int64_t floor = std::clamp(age / kAgeDivisor, page_min, page_max);
  if (outcome.first_fetch || outcome.changed) return floor;
  return std::clamp(outcome.previous_interval_ms * 2, floor, page_max);
}

}  // namespace caravan::frontier
