#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "core/executor.h"

namespace ovos::providers::local {

/// A ManualExecutor (and its clock) that counts every task posted to it, for tests of streams
/// whose work runs on a compute pool and reports back by posting. Owned by the test thread, which
/// pumps it; post() is thread-safe.
class CountingExecutor final : public core::Executor {
 public:
  void post(core::Task task) override {
    ++posted_;
    inner_.post(std::move(task));
  }
  core::TimerHandle post_after(std::chrono::milliseconds delay, core::Task task) override {
    return inner_.post_after(delay, std::move(task));
  }
  [[nodiscard]] const core::Clock& clock() const override { return inner_.clock(); }
  [[nodiscard]] bool running_in_this_thread() const override { return true; }

  /// Runs ready tasks until `done()` holds or `timeout` of wall time passes; returns done().
  template <typename Done>
  bool pump_until(Done done, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      inner_.run_ready();
      if (done()) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  /// Runs ready tasks for `duration` of wall time.
  void pump_for(std::chrono::milliseconds duration) {
    (void)pump_until([] { return false; }, duration);
  }
  std::size_t run_ready() { return inner_.run_ready(); }
  /// Tasks posted so far (delivered or not).
  [[nodiscard]] std::size_t posted() const { return posted_.load(); }

 private:
  core::ManualClock clock_;
  core::ManualExecutor inner_{clock_};
  std::atomic<std::size_t> posted_{0};
};

}  // namespace ovos::providers::local
