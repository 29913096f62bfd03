#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace ovos::net {

/// Token buckets keyed by client: `rate` tokens per second, at most `burst` saved up.
/// Thread-safe (striped locks); idle buckets are swept so memory stays bounded by the
/// clients seen in the last minute. rate == 0 disables limiting.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst, const core::Clock& clock);

  /// Takes one token for `key`. Returns 0 when allowed, else the seconds until a token is
  /// available (for Retry-After).
  [[nodiscard]] double acquire(std::string_view key);

  [[nodiscard]] std::size_t tracked_keys() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  struct Stripe {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
    std::chrono::steady_clock::time_point last_sweep;
  };
  void sweep(Stripe& stripe, std::chrono::steady_clock::time_point now);

  double rate_;
  double burst_;
  const core::Clock& clock_;
  std::array<Stripe, 16> stripes_;
};

}  // namespace ovos::net
