#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ovos::core {

/// Time source. Production code takes a Clock& so tests can drive time by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time for durations and deadlines.
  [[nodiscard]] virtual std::chrono::steady_clock::time_point now() const = 0;
  /// Wall-clock time in milliseconds since the Unix epoch, for records.
  [[nodiscard]] virtual std::int64_t unix_ms() const = 0;
};

/// The real clocks of the machine. Stateless; one shared instance.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override;
  [[nodiscard]] std::int64_t unix_ms() const override;
  static SystemClock& instance();
};

/// A clock that moves only when told to. Thread-safe reads; advance from the test thread.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_unix_ms = 1'700'000'000'000) : unix_ms_(start_unix_ms) {}
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override;
  [[nodiscard]] std::int64_t unix_ms() const override { return unix_ms_.load(); }
  void advance(std::chrono::milliseconds by);

 private:
  std::atomic<std::int64_t> elapsed_ms_{0};
  std::atomic<std::int64_t> unix_ms_;
};

}  // namespace ovos::core
