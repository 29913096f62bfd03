#include "net/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace ovos::net {

RateLimiter::RateLimiter(double rate, double burst, const core::Clock& clock)
    : rate_(rate), burst_(std::max(burst, 1.0)), clock_(clock) {}

double RateLimiter::acquire(std::string_view key) {
  if (rate_ <= 0) return 0;
  auto& stripe = stripes_[std::hash<std::string_view>{}(key) % stripes_.size()];
  const auto now = clock_.now();
  const std::lock_guard lock(stripe.mutex);
  sweep(stripe, now);
  auto [it, inserted] = stripe.buckets.try_emplace(std::string(key));
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = burst_;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  }
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return (1.0 - b.tokens) / rate_;
}

void RateLimiter::sweep(Stripe& stripe, std::chrono::steady_clock::time_point now) {
  constexpr auto kEvery = std::chrono::seconds(60);
  if (now - stripe.last_sweep < kEvery) return;
  stripe.last_sweep = now;
  // A bucket idle long enough to be full again carries no state worth keeping.
  const auto refill = std::chrono::duration<double>(burst_ / rate_);
  std::erase_if(stripe.buckets, [&](const auto& entry) {
    return std::chrono::duration<double>(now - entry.second.updated) > refill;
  });
}

std::size_t RateLimiter::tracked_keys() const {
  std::size_t n = 0;
  for (const auto& s : stripes_) {
    const std::lock_guard lock(s.mutex);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace ovos::net
