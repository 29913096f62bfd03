#pragma once

// One streamed `POST /v1/messages`: attempts with retry, SSE decoding, events to the caller.

#include <chrono>
#include <cstddef>
#include <memory>

#include "core/executor.h"
#include "core/metrics.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/llm.h"

namespace ovos::providers::anthropic {

/// What one call needs, prepared by the provider (the request carries the secret headers).
struct CallSetup {
  std::shared_ptr<net::HttpClient> client;
  net::EventLoop* loop = nullptr;  // the client's loop: attempts and retry timers run there
  net::HttpClientRequest request;
  net::RetryPolicy policy{net::RetryPolicy::Options{}};
  core::Histogram* first_token_seconds = nullptr;  // observed once, at the first token
  std::size_t max_error_body_bytes = std::size_t{64} << 10;
};

/// Starts the call. On a 2xx the body is read as server-sent events and decoded; tokens, tool
/// calls and the final kDone/kError are posted to `events_on`. A non-2xx response (its bounded
/// body mapped by parse_error_body), a network error or a stream cut before any event is
/// retried as `policy` allows (Retry-After honoured); once an event was produced, never.
/// An `error` event in the stream is final. The returned completion cancels on destruction.
[[nodiscard]] std::unique_ptr<LlmCompletion> start_call(CallSetup setup, core::Executor& events_on,
                                                        LlmEventHandler on_event);

}  // namespace ovos::providers::anthropic
