// Where "now" comes from. Schedules (politeness gaps, revisits, backoff)
// read it through this, so tests can move time instead of waiting for it.
#pragma once

#include <atomic>
#include <cstdint>

namespace caravan {

// Unix milliseconds. Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
};

// The wall clock; lives for the whole process.
const Clock* SystemClock();

// Time that only moves when told to.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void Advance(int64_t ms) { now_ms_ += ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace caravan
