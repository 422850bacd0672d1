#include "storage/retention.h"

#include <spdlog/spdlog.h>

namespace caravan::storage {

int64_t Retention::RunOnce() {
  if (options_.max_age_ms <= 0 && options_.max_events == 0) return 0;
  const int64_t before = options_.max_age_ms > 0 ? clock_->NowMs() - options_.max_age_ms : 0;
  std::string error;
  int64_t dropped = store_->PruneChanges(before, options_.max_events, &error);
  if (dropped < 0) {
    spdlog::error("change-log retention: {}", error);
  } else if (dropped > 0) {
    spdlog::info("change-log retention: dropped {} events; the log now begins at event {}", dropped,
                 store_->FirstSeq());
  }
  return dropped;
}

void Retention::Start() {
  // Before anything is served, so no consumer sees a log longer than the
  // setting allows.
  RunOnce();
  timer_.Start();
}

void Retention::Stop() { timer_.Stop(); }

}  // namespace caravan::storage
