#pragma once

#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "core/executor.h"
#include "core/trace.h"

namespace ovos::core {

/// Owns the timers and callbacks one object (a call session, a playout) hands to an executor
/// and to providers, so that none of them runs after the owner closed the group or died.
/// Each runs under a trace context (core/trace.h): the owner's live one when set_trace() gave
/// one, else the one current when the callback was made. Used only on its executor's thread.
class TaskGroup {
 public:
  explicit TaskGroup(Executor& executor)
      : executor_(executor), open_(std::make_shared<bool>(true)) {}
  ~TaskGroup() { close(); }
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /// Runs `fn` on the executor, unless the group is closed by then.
  template <typename Fn>
  void post(Fn fn) {
    executor_.post(guard(std::move(fn)));
  }

  /// Runs `fn` after `delay`; the timer is cancelled when the group closes.
  template <typename Fn>
  TimerHandle post_after(std::chrono::milliseconds delay, Fn fn) {
    if (timers_.size() > 16) prune();
    TimerHandle handle = executor_.post_after(delay, guard(std::move(fn)));
    timers_.push_back(handle);
    return handle;
  }

  /// Wraps a callback (e.g. a provider's event handler) so it does nothing once the group is
  /// closed. The wrapper must be invoked on the executor's thread.
  template <typename Fn>
  auto guard(Fn fn) {
    return [open = std::weak_ptr<bool>(open_), live = trace_, made_in = current_trace(),
            fn = std::move(fn)](auto&&... args) mutable {
      const auto alive = open.lock();
      if (!alive || !*alive) return;
      const TraceContext context = live ? *live : made_in;
      if (context.empty()) {
        fn(std::forward<decltype(args)>(args)...);
      } else {
        const ScopedTrace scope(context);
        fn(std::forward<decltype(args)>(args)...);
      }
    };
  }

  /// The owner's live trace context (a call's: its trace id and the span of the turn in
  /// progress), read by every callback guarded from now on when it runs.
  void set_trace(SharedTrace trace) { trace_ = std::move(trace); }

  /// Cancels every timer; guarded callbacks become no-ops. Idempotent.
  void close() {
    if (open_) *open_ = false;
    for (const auto& timer : timers_)
      timer.cancel();
    timers_.clear();
  }
  [[nodiscard]] bool closed() const { return !*open_; }
  [[nodiscard]] Executor& executor() const { return executor_; }
  [[nodiscard]] std::size_t active_timers() const {
    std::size_t n = 0;
    for (const auto& timer : timers_)
      n += timer.active() ? 1 : 0;
    return n;
  }

 private:
  void prune() {
    std::erase_if(timers_, [](const TimerHandle& t) { return !t.active(); });
  }

  Executor& executor_;
  std::shared_ptr<bool> open_;
  SharedTrace trace_;
  std::vector<TimerHandle> timers_;
};

}  // namespace ovos::core
