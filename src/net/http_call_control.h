#pragma once
// Internal to src/net.

#include <functional>
#include <mutex>
#include <utility>

namespace ovos::net::detail {

/// The state an HttpCall handle shares with its request: whether it was cancelled, and a lock
/// that callbacks run under, so that a cancel() from another thread waits for a callback in
/// progress and no callback starts after it. Recursive, so a callback may cancel its own call.
class HttpCallControl {
 public:
  /// `on_cancel` runs once, on the cancelling thread, after the first cancel(); it should only
  /// post the abort of the request's I/O to the loop.
  explicit HttpCallControl(std::function<void()> on_cancel) : on_cancel_(std::move(on_cancel)) {}

  /// Runs `callback` unless the call was cancelled or finished; returns whether the call is
  /// still live afterwards.
  template <class F>
  bool deliver(F&& callback) {
    const std::lock_guard lock(mutex_);
    if (stopped_) return false;
    std::forward<F>(callback)();
    return !stopped_;
  }
  /// Runs the last callback (if not cancelled) and stops the call for good.
  template <class F>
  void finish(F&& callback) {
    const std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    on_cancel_ = nullptr;
    std::forward<F>(callback)();
  }
  void cancel() {
    std::function<void()> hook;
    {
      const std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      hook = std::move(on_cancel_);
      on_cancel_ = nullptr;
    }
    if (hook) hook();
  }
  [[nodiscard]] bool stopped() const {
    const std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  mutable std::recursive_mutex mutex_;
  std::function<void()> on_cancel_;
  bool stopped_ = false;
};

}  // namespace ovos::net::detail
