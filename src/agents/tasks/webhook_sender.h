#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "core/clock.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"

namespace ovos::agents::tasks {

/// How webhooks are sent. Defaults: 5 attempts, backoff from 1 s (full jitter, doubling, at
/// most 60 s, also the cap on a receiver's Retry-After), 10 s per attempt to connect and to
/// get the first byte of the answer, 30 s per attempt in all.
struct WebhookOptions {
  int max_attempts = 5;
  std::chrono::milliseconds base_backoff{1000};
  std::chrono::milliseconds max_backoff{60000};
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds attempt_limit{30000};
  /// Allow URLs whose host is loopback, private, link-local... (see public_address.h).
  bool allow_private_networks = false;
  std::string ca_file;  // https: PEM of trusted CAs instead of the system store (tests)
};

/// One webhook to deliver.
struct WebhookRequest {
  std::string url;
  std::string body;         // the exact bytes signed and sent (JSON)
  std::string secret;       // the user's signing secret; never logged or stored
  std::string delivery_id;  // X-OpenVoiceOS-Delivery, the same on every attempt
};

/// What a delivery came to; stored on the call as its webhook outcome.
struct WebhookOutcome {
  bool delivered = false;
  int attempts = 0;                          // requests sent
  std::optional<int> http_status;            // of the last answer, if any came
  std::string error;                         // why it failed; empty when delivered
  std::optional<std::int64_t> delivered_at;  // Unix ms
  std::string delivery_id;

  /// {"status": "delivered"|"failed", "attempts", "http_status", "error", "delivered_at",
  /// "delivery_id"}; absent values are null, times RFC 3339.
  [[nodiscard]] boost::json::object to_json() const;
};

/// Delivers signed webhooks (see webhook_signature.h) over the project's HTTP client on an
/// event loop, retrying with backoff on transport errors, 408, 429 (waiting out Retry-After)
/// and 5xx; any other answer is final (redirects are not followed). Thread-safe: deliver()
/// blocks its caller, a post-call worker, never an event loop. The loop must outlive it.
class WebhookSender {
 public:
  WebhookSender(net::EventLoop& loop, const core::Clock& clock, WebhookOptions options,
                net::RetryPolicy::RandomSource random = {});
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  /// Sends `request` until it is delivered, fails for good, runs out of attempts or `stop` is
  /// requested (then the request in flight is cancelled and the outcome says so).
  [[nodiscard]] WebhookOutcome deliver(const WebhookRequest& request, std::stop_token stop) const;

 private:
  struct Answer;
  [[nodiscard]] Answer send_once(const net::HttpClientRequest& request, std::stop_token stop) const;

  const core::Clock& clock_;
  WebhookOptions options_;
  net::RetryPolicy retry_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace ovos::agents::tasks
