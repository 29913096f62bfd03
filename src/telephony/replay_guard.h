#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace ovos::telephony {

/// Remembers keys (Plivo nonces, Twilio signatures) for `window` so that a signed request seen
/// twice is refused the second time. Thread-safe (one mutex); owns the remembered keys, stored
/// as SHA-256 digests so memory per key is fixed whatever the key's length.
///
/// Memory is bounded: beyond `max_entries` keys the oldest are forgotten before their window
/// ends. For security that means a replay of a forgotten key is accepted again, so size
/// max_entries above the peak number of signed requests in one window; only record keys whose
/// signature verified, so that unsigned traffic cannot push real keys out. A guard is per
/// process and forgets everything on restart: instances behind a load balancer do not share it.
class ReplayGuard {
 public:
  ReplayGuard(std::chrono::milliseconds window, std::size_t max_entries);

  /// True the first time `key` is seen within the window; false for a replay. A key seen again
  /// once its window has passed counts as new (and starts a new window).
  [[nodiscard]] bool first_use(std::string_view key, std::int64_t now_ms);

  /// Keys remembered now (expired ones may linger until the next first_use).
  [[nodiscard]] std::size_t size() const;

 private:
  struct Seen {
    std::int64_t at_ms;
    std::uint64_t serial;  // which entry of order_ put it here
  };
  void forget_expired(std::int64_t now_ms);

  const std::int64_t window_ms_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Seen> seen_;               // digest -> when first seen
  std::deque<std::pair<std::string, std::uint64_t>> order_;  // digests, oldest first
  std::uint64_t next_serial_ = 0;
};

/// kPermissionDenied ("replayed request") unless guard.first_use(key, now_ms).
[[nodiscard]] core::Result<void> refuse_replay(ReplayGuard& guard, std::string_view key,
                                               std::int64_t now_ms);

}  // namespace ovos::telephony
