#pragma once

// One streamed OpenAI chat completion over HTTP: the request on the I/O loop, server-sent
// events decoded into LlmEvents on the caller's executor, retries before the first token.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/executor.h"
#include "core/metrics.h"
#include "core/result.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/llm.h"

namespace ovos::providers::openai {

/// What one call borrows from its provider. The loop must outlive the call.
struct OpenAiStreamSetup {
  std::string provider;                     // catalogue name, for logs and metrics
  std::shared_ptr<net::HttpClient> client;  // on `loop`
  net::EventLoop* loop = nullptr;           // runs the HTTP callbacks and the retry timers
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  std::size_t max_error_body_bytes = std::size_t{64} << 10;
  core::Histogram* first_token_seconds = nullptr;  // observed once per call when not null
};

/// A chat completion in flight. The request is sent on the I/O loop; a 2xx body goes through
/// an SseParser into an OpenAiStreamDecoder, and each event is posted to the caller's
/// executor. Before the first token or tool call, a 408/429/5xx answer or a network failure
/// (also a stream that ends early) is retried as the RetryPolicy says, waiting out Retry-After;
/// after one it never is. cancel() and the destructor stop the HTTP request and drop every
/// event not yet delivered; call them on the caller's executor (also from inside the handler).
class OpenAiCompletion final : public LlmCompletion {
 public:
  /// Starts `request` (a fully built POST).
  static std::unique_ptr<OpenAiCompletion> start(OpenAiStreamSetup setup,
                                                 net::HttpClientRequest request,
                                                 core::Executor& events_on,
                                                 LlmEventHandler on_event);
  /// A completion that only reports `error` (a request that could not be built).
  static std::unique_ptr<OpenAiCompletion> failed(core::Error error, core::Executor& events_on,
                                                  LlmEventHandler on_event);

  ~OpenAiCompletion() override;
  OpenAiCompletion(const OpenAiCompletion&) = delete;
  OpenAiCompletion& operator=(const OpenAiCompletion&) = delete;

  void cancel() override;

  /// From start() to the first token or tool call decoded (steady clock), once there was one.
  /// Thread-safe.
  [[nodiscard]] std::optional<std::chrono::nanoseconds> time_to_first_token() const;
  /// HTTP requests sent so far (1 + retries). Thread-safe.
  [[nodiscard]] int attempts() const;

 private:
  struct Stream;  // the I/O side, shared with the loop's callbacks

  explicit OpenAiCompletion(std::shared_ptr<Stream> stream);
  std::shared_ptr<Stream> stream_;
};

}  // namespace ovos::providers::openai
