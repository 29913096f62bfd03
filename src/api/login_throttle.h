#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace ovos::api {

/// Counts failed logins per (account, address) and per address within a sliding window, and
/// refuses further attempts once a limit is reached until the window has passed. Guessing one
/// password needs many attempts per account; spraying many accounts from one address hits the
/// per-address limit (4x the per-account one). In memory, thread-safe, bounded by sweeping.
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, std::chrono::seconds window, const core::Clock& clock);

  /// Seconds until another attempt is allowed; 0 when allowed now.
  [[nodiscard]] std::int64_t retry_after(std::string_view email, std::string_view address);
  void record_failure(std::string_view email, std::string_view address);
  /// A successful login clears the account's failures from that address.
  void record_success(std::string_view email, std::string_view address);

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  std::int64_t wait_for(const std::string& key, int limit, TimePoint now);
  void prune(std::deque<TimePoint>& times, TimePoint now) const;
  void sweep(TimePoint now);

  int max_failures_;
  std::chrono::seconds window_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<TimePoint>> failures_;
  TimePoint last_sweep_{};
};

}  // namespace ovos::api
