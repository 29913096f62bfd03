#pragma once

// The LLM provider of OpenAI, Azure OpenAI and every OpenAI-compatible server: streamed chat
// completions over HTTP with server-sent events.

#include <memory>
#include <string_view>
#include <vector>

#include "core/metrics.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/llm.h"
#include "providers/llm/openai/openai_provider_config.h"

namespace ovos::providers::openai {

/// Streams chat completions from an OpenAI-protocol server (OpenAiProviderConfig says which
/// and how). Each call's credentials (api_key, base_url; Azure: endpoint, deployment,
/// api_version) come from ChatRequest::credentials, falling back to the config's defaults; a
/// missing required one is reported as a kError event naming it. Requests run on the shared
/// vendor I/O loop, events arrive on the executor given to stream_chat; see OpenAiCompletion
/// for retries and cancellation. Time to first token is observed as
/// `ovos_llm_first_token_seconds{provider}`. Credentials are never logged. Thread-safe; the
/// loop must outlive it and its completions.
class OpenAiLlmProvider final : public LlmProvider {
 public:
  OpenAiLlmProvider(net::EventLoop& loop, OpenAiProviderConfig config);

  [[nodiscard]] std::string_view name() const override { return config_.name; }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "tools", "cancel"};
  }
  [[nodiscard]] std::unique_ptr<LlmCompletion> stream_chat(ChatRequest request,
                                                           core::Executor& events_on,
                                                           LlmEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const OpenAiProviderConfig config_;
  const net::RetryPolicy retry_;
  const std::shared_ptr<net::HttpClient> client_;
  core::Histogram& first_token_seconds_;
};

}  // namespace ovos::providers::openai
