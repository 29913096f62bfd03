#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace ovos::net {

/// When and how long to wait before trying a vendor request again (DESIGN.md, "Providers"):
/// 408, 429 and 5xx responses and network errors are retried, any other 4xx never. The wait
/// is "full jitter" exponential backoff, or the server's Retry-After capped at max_backoff.
/// Pure and immutable; safe to share between threads when its random source is.
class RetryPolicy {
 public:
  /// Returns a number uniformly drawn from [0, 1).
  using RandomSource = std::function<double()>;

  struct Options {
    int max_attempts = 3;  // including the first one
    std::chrono::milliseconds base_backoff{250};
    std::chrono::milliseconds max_backoff{10000};
  };

  /// Without `random`, draws from a per-thread generator.
  explicit RetryPolicy(Options options, RandomSource random = {});

  /// Whether to try again after attempt number `attempt` (1 for the first) got HTTP `status`.
  [[nodiscard]] bool should_retry(int status, int attempt) const;
  /// Whether to try again after attempt number `attempt` failed at transport level:
  /// kUnavailable (connect, reset, timeout) and kRateLimited are retried, other codes not.
  [[nodiscard]] bool should_retry(const core::Error& error, int attempt) const;
  /// How long to wait after attempt number `attempt` failed: the server's `retry_after` (capped
  /// at max_backoff) when given, else a uniform draw in [0, min(max_backoff, base *
  /// 2^(attempt-1))].
  [[nodiscard]] std::chrono::milliseconds delay(
      int attempt, std::optional<std::chrono::milliseconds> retry_after = std::nullopt) const;

  [[nodiscard]] const Options& options() const { return options_; }

 private:
  [[nodiscard]] bool attempts_left(int attempt) const { return attempt < options_.max_attempts; }

  Options options_;
  RandomSource random_;
};

/// Whether HTTP `status` is worth retrying: 408, 429 and 5xx.
[[nodiscard]] bool retryable_status(int status);

/// A Retry-After header value (RFC 9110 section 10.2.3) as a wait from `now`: delay-seconds
/// ("120") or an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT", also the obsolete RFC 850 and
/// asctime forms). A date in the past gives zero; anything unreadable gives nullopt.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace ovos::net
