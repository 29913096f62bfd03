#pragma once

#include <memory>

#include "core/executor.h"

namespace ovos::engine {

/// A strand over a ComputePool: runs its tasks one at a time, in the order posted, on the
/// pool's threads, so one call's blocking writes never overlap or reorder. post() never blocks
/// and is thread-safe. Queued tasks keep the queue's state alive, so they still run after the
/// SerialQueue object is gone; the pool must outlive them (its destructor runs what is queued).
/// When the pool refuses work (full or stopping), tasks wait for the next post() or for
/// wait_idle(), which then runs them on its own thread.
class SerialQueue {
 public:
  explicit SerialQueue(core::ComputePool& pool);
  ~SerialQueue();  // does not wait; see wait_idle()
  SerialQueue(const SerialQueue&) = delete;
  SerialQueue& operator=(const SerialQueue&) = delete;

  /// Runs `task` after every task posted before it. A task that throws is logged and skipped.
  void post(core::Task task);
  /// Blocks until every task posted so far has run. Not to be called from one of its tasks.
  void wait_idle();
  /// True when nothing is queued or running.
  [[nodiscard]] bool idle() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace ovos::engine
