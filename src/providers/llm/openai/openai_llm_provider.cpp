#include "providers/llm/openai/openai_llm_provider.h"

#include <utility>

#include "providers/llm/openai/openai_endpoint.h"
#include "providers/llm/openai/openai_request.h"
#include "providers/llm/openai/openai_stream.h"

namespace ovos::providers::openai {
namespace {

core::Histogram& first_token_histogram(const OpenAiProviderConfig& config) {
  core::MetricsRegistry& registry =
      config.metrics != nullptr ? *config.metrics : core::MetricsRegistry::global();
  return registry.histogram("ovos_llm_first_token_seconds",
                            "Time from a chat request to its first token or tool call",
                            {{"provider", config.name}});
}

}  // namespace

OpenAiLlmProvider::OpenAiLlmProvider(net::EventLoop& loop, OpenAiProviderConfig config)
    : loop_(loop),
      config_(std::move(config)),
      retry_(config_.retry),
      client_(net::HttpClient::create(loop, config_.http)),
      first_token_seconds_(first_token_histogram(config_)) {}

std::unique_ptr<LlmCompletion> OpenAiLlmProvider::stream_chat(ChatRequest request,
                                                              core::Executor& events_on,
                                                              LlmEventHandler on_event) {
  auto endpoint = resolve_endpoint(config_, request.credentials, request.model);
  if (!endpoint) {
    return OpenAiCompletion::failed(std::move(endpoint).error(), events_on, std::move(on_event));
  }
  auto body = chat_request_body(request, /*stream=*/true, config_.max_tokens_field);
  if (!body)
    return OpenAiCompletion::failed(std::move(body).error(), events_on, std::move(on_event));

  net::HttpClientRequest http;
  http.method = "POST";
  http.url = std::move(endpoint->url);
  http.headers = std::move(endpoint->headers);
  http.body = std::move(*body);

  OpenAiStreamSetup setup;
  setup.provider = config_.name;
  setup.client = client_;
  setup.loop = &loop_;
  setup.retry = retry_;
  setup.max_error_body_bytes = config_.max_error_body_bytes;
  setup.first_token_seconds = &first_token_seconds_;
  return OpenAiCompletion::start(std::move(setup), std::move(http), events_on, std::move(on_event));
}

}  // namespace ovos::providers::openai
