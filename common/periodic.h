// A task run on a timer, on a thread of its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace caravan {

// Runs `task` every `interval_ms` from Start until Stop (or destruction),
// which wakes the wait and lets a run in progress finish. Start and Stop
// are for one owning thread; the task runs on another.
class Periodic {
 public:
  Periodic(int64_t interval_ms, std::function<void()> task) : interval_ms_(interval_ms), task_(std::move(task)) {}
  ~Periodic() { Stop(); }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  void Start() {
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] {
      std::unique_lock lock(mu_);
      while (!wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stop_; })) {
        lock.unlock();
        task_();
        lock.lock();
      }
    });
  }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  const int64_t interval_ms_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace caravan
