// Keeps the change log within storage.change_log_retention.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "common/periodic.h"
#include "storage/document_store.h"

namespace caravan::storage {

struct RetentionOptions {
  int64_t max_age_ms = 0;     // 0: no limit by age
  uint64_t max_events = 0;    // 0: no limit by count
  int64_t interval_ms = 60'000;  // how often the log is trimmed
};

// Trims the change log of `store` (not owned): once in Start, then every
// interval on a thread of its own. Failures are logged and tried again.
class Retention {
 public:
  Retention(DocumentStore* store, RetentionOptions options, const Clock* clock = SystemClock())
      : store_(store), options_(options), clock_(clock), timer_(options.interval_ms, [this] { RunOnce(); }) {}

  void Start();
  void Stop();
  // One trim now; returns the events dropped, -1 on failure (logged).
  int64_t RunOnce();

 private:
  DocumentStore* store_;
  RetentionOptions options_;
  const Clock* clock_;
  Periodic timer_;
};

}  // namespace caravan::storage
