#pragma once

// The Anthropic Messages API as an LlmProvider: streamed completions over the shared vendor
// I/O loop.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/llm.h"

namespace ovos::providers::anthropic {

/// The HTTP limits the provider uses unless told otherwise: connect 5 s, first byte 30 s,
/// idle 30 s between reads of a stream.
[[nodiscard]] net::HttpClientOptions default_http_options();

/// Settings of an AnthropicLlmProvider; the defaults talk to api.anthropic.com.
struct AnthropicConfig {
  /// Where `/v1/messages` lives; a request's credentials["base_url"] overrides it.
  std::string base_url = "https://api.anthropic.com";
  /// The model of a request that names none.
  std::string default_model = "claude-3-5-haiku-latest";
  net::HttpClientOptions http = default_http_options();
  net::RetryPolicy::Options retry{};
  /// Jitter of the retry backoff; empty: a per-thread generator.
  net::RetryPolicy::RandomSource random;
  /// Where ovos_llm_first_token_seconds goes; null: MetricsRegistry::global(). Must outlive
  /// the provider and its calls.
  core::MetricsRegistry* metrics = nullptr;
  /// How much of a non-2xx response body is read for its error message.
  std::size_t max_error_body_bytes = std::size_t{64} << 10;
};

/// Streams chat completions from Anthropic (`POST {base}/v1/messages`, `stream: true`), with
/// credentials["api_key"] as `x-api-key`. HTTP runs on `loop`, which must outlive the provider
/// and every call; events are posted to each call's executor. Thread-safe; calls in flight
/// may outlive the provider. Credentials are never logged.
class AnthropicLlmProvider final : public LlmProvider {
 public:
  AnthropicLlmProvider(net::EventLoop& loop, AnthropicConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "anthropic"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  /// A missing api_key or an unencodable request fails with one posted kError.
  [[nodiscard]] std::unique_ptr<LlmCompletion> stream_chat(ChatRequest request,
                                                           core::Executor& events_on,
                                                           LlmEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  AnthropicConfig config_;
  std::shared_ptr<net::HttpClient> client_;
  core::Histogram& first_token_seconds_;
};

}  // namespace ovos::providers::anthropic
