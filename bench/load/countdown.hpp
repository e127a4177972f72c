// A counter worker threads move and the main thread waits on: "every socket connected",
// "every pacer finished", "nothing outstanding". Waiting blocks on a condition variable;
// workers take its lock only when the count reaches zero.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace chat::load {

class countdown {
 public:
  explicit countdown(std::int64_t start = 0) : value_(start) {}

  void reset(std::int64_t start) { value_.store(start); }
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void sub(std::int64_t n = 1) {
    if (value_.fetch_sub(n, std::memory_order_acq_rel) - n <= 0) {
      std::lock_guard lock(mutex_);  // pairs with the waiter's predicate check
      cv_.notify_all();
    }
  }
  std::int64_t value() const { return value_.load(); }

  /// True once the count is zero or less; false when `seconds` passed first.
  bool wait(double seconds) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::duration<double>(seconds),
                        [this] { return value_.load() <= 0; });
  }

 private:
  std::atomic<std::int64_t> value_;
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace chat::load
