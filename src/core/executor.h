#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "core/clock.h"

namespace ovos::core {

/// A unit of work posted to an executor.
using Task = std::function<void()>;

/// Cancels a timer scheduled with Executor::post_after. Copyable; cancel() is idempotent, may be
/// called from any thread, and is harmless after the timer fired. A default handle does nothing.
class TimerHandle {
 public:
  TimerHandle() = default;
  explicit TimerHandle(std::shared_ptr<std::atomic<bool>> cancelled)
      : cancelled_(std::move(cancelled)) {}
  void cancel() const {
    if (cancelled_) cancelled_->store(true);
  }
  [[nodiscard]] bool active() const { return cancelled_ && !cancelled_->load(); }

 private:
  std::shared_ptr<std::atomic<bool>> cancelled_;
};

/// Where a call's work runs: one thread at a time, tasks in the order posted. Production code
/// gets one per shard (an event loop); tests use ManualExecutor and drive time by hand.
class Executor {
 public:
  virtual ~Executor() = default;
  /// Runs `task` soon on this executor's thread. Thread-safe.
  virtual void post(Task task) = 0;
  /// Runs `task` on this executor after `delay` unless cancelled first. Thread-safe.
  virtual TimerHandle post_after(std::chrono::milliseconds delay, Task task) = 0;
  /// The time source its timers follow.
  [[nodiscard]] virtual const Clock& clock() const = 0;
  /// True on the thread that runs this executor's tasks.
  [[nodiscard]] virtual bool running_in_this_thread() const = 0;
};

/// An executor that runs nothing by itself: tests call run_ready() and advance() on one thread.
/// Timers follow its ManualClock; tasks posted from other threads are queued safely.
class ManualExecutor final : public Executor {
 public:
  explicit ManualExecutor(ManualClock& clock) : clock_(clock) {}

  void post(Task task) override;
  TimerHandle post_after(std::chrono::milliseconds delay, Task task) override;
  [[nodiscard]] const Clock& clock() const override { return clock_; }
  [[nodiscard]] bool running_in_this_thread() const override { return true; }

  /// Runs queued tasks (and those they post) until none is ready; returns how many ran.
  std::size_t run_ready();
  /// Moves the clock forward in steps, firing each due timer at its due time, running ready
  /// tasks after every step.
  void advance(std::chrono::milliseconds by);
  /// Tasks queued plus active timers.
  [[nodiscard]] std::size_t pending() const;

 private:
  struct Timer {
    std::shared_ptr<std::atomic<bool>> cancelled;
    Task task;
  };
  ManualClock& clock_;
  mutable std::mutex mutex_;
  std::deque<Task> ready_;
  std::multimap<std::int64_t, Timer> timers_;  // due (ms since the clock's start) -> timer
  std::int64_t now_ms_ = 0;
};

/// A bounded pool of threads for CPU-heavy or blocking work (local speech decoding and synthesis,
/// database writes of live calls). Results go back to the caller's executor by posting.
class ComputePool {
 public:
  /// `threads` workers (at least 1); submit() refuses work once `max_queued` tasks wait.
  ComputePool(unsigned threads, std::size_t max_queued);
  ~ComputePool();  // runs the queued tasks, then joins
  ComputePool(const ComputePool&) = delete;
  ComputePool& operator=(const ComputePool&) = delete;

  /// Queues `task`; false when the queue is full or the pool is stopping.
  [[nodiscard]] bool submit(Task task);
  [[nodiscard]] std::size_t queued() const;
  [[nodiscard]] unsigned threads() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ovos::core
