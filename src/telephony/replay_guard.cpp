#include "telephony/replay_guard.h"

#include <cassert>

#include "crypto/hmac.h"

namespace ovos::telephony {

ReplayGuard::ReplayGuard(std::chrono::milliseconds window, std::size_t max_entries)
    : window_ms_(window.count()), max_entries_(max_entries) {
  assert(window_ms_ > 0 && max_entries_ > 0);
}

void ReplayGuard::forget_expired(std::int64_t now_ms) {
  while (!order_.empty()) {
    const auto found = seen_.find(order_.front().first);
    if (found != seen_.end() && found->second.serial == order_.front().second) {
      if (now_ms - found->second.at_ms < window_ms_) return;  // the oldest is still live
      seen_.erase(found);
    }
    order_.pop_front();
  }
}

bool ReplayGuard::first_use(std::string_view key, std::int64_t now_ms) {
  const auto digest = crypto::sha256(key);
  std::string id(digest.begin(), digest.end());
  std::lock_guard lock(mutex_);
  forget_expired(now_ms);
  const auto found = seen_.find(id);
  // An entry from "the future" (the caller's clock went back) is still a replay.
  if (found != seen_.end() && now_ms - found->second.at_ms < window_ms_) return false;
  const std::uint64_t serial = next_serial_++;
  seen_.insert_or_assign(id, Seen{now_ms, serial});
  order_.emplace_back(std::move(id), serial);
  while (order_.size() > max_entries_) {
    const auto oldest = seen_.find(order_.front().first);
    if (oldest != seen_.end() && oldest->second.serial == order_.front().second) {
      seen_.erase(oldest);
    }
    order_.pop_front();
  }
  return true;
}

std::size_t ReplayGuard::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

core::Result<void> refuse_replay(ReplayGuard& guard, std::string_view key, std::int64_t now_ms) {
  if (guard.first_use(key, now_ms)) return core::ok();
  return core::Error{core::ErrorCode::kPermissionDenied, "replayed request: already seen", {}};
}

}  // namespace ovos::telephony
