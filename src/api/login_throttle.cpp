#include "api/login_throttle.h"

namespace ovos::api {
namespace {

std::string account_key(std::string_view email, std::string_view address) {
  return "a:" + std::string(email) + "|" + std::string(address);
}

std::string address_key(std::string_view address) {
  return "ip:" + std::string(address);
}

}  // namespace

LoginThrottle::LoginThrottle(int max_failures, std::chrono::seconds window,
                             const core::Clock& clock)
    : max_failures_(max_failures), window_(window), clock_(clock) {}

void LoginThrottle::prune(std::deque<TimePoint>& times, TimePoint now) const {
  while (!times.empty() && now - times.front() >= window_)
    times.pop_front();
}

std::int64_t LoginThrottle::wait_for(const std::string& key, int limit, TimePoint now) {
  const auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
  const auto& oldest = it->second[it->second.size() - static_cast<std::size_t>(limit)];
  const auto left = std::chrono::ceil<std::chrono::seconds>(oldest + window_ - now).count();
  return std::max<std::int64_t>(1, left);
}

std::int64_t LoginThrottle::retry_after(std::string_view email, std::string_view address) {
  const auto now = clock_.now();
  const std::lock_guard lock(mutex_);
  sweep(now);
  return std::max(wait_for(account_key(email, address), max_failures_, now),
                  wait_for(address_key(address), max_failures_ * 4, now));
}

void LoginThrottle::record_failure(std::string_view email, std::string_view address) {
  const auto now = clock_.now();
  const std::lock_guard lock(mutex_);
  failures_[account_key(email, address)].push_back(now);
  failures_[address_key(address)].push_back(now);
}

void LoginThrottle::record_success(std::string_view email, std::string_view address) {
  const std::lock_guard lock(mutex_);
  failures_.erase(account_key(email, address));
}

void LoginThrottle::sweep(TimePoint now) {
  if (now - last_sweep_ < window_) return;
  last_sweep_ = now;
  for (auto it = failures_.begin(); it != failures_.end();) {
    prune(it->second, now);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
}

}  // namespace ovos::api
