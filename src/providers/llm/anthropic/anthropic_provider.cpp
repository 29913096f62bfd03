#include "providers/llm/anthropic/anthropic_provider.h"

#include <utility>

#include "providers/llm/anthropic/anthropic_call.h"
#include "providers/llm/anthropic/anthropic_request.h"
#include "providers/llm/llm_event_sink.h"

namespace ovos::providers::anthropic {
namespace {

core::Histogram& first_token_histogram(core::MetricsRegistry* metrics) {
  auto& registry = metrics != nullptr ? *metrics : core::MetricsRegistry::global();
  return registry.histogram("ovos_llm_first_token_seconds",
                            "Seconds from a chat request to its first streamed token.",
                            {{"provider", "anthropic"}});
}

/// The credential named `key`, or empty.
std::string credential(const ChatRequest& request, const std::string& key) {
  const auto it = request.credentials.find(key);
  return it == request.credentials.end() ? std::string{} : it->second;
}

std::string messages_url(std::string base) {
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base + "/v1/messages";
}

}  // namespace

net::HttpClientOptions default_http_options() {
  net::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.first_byte_timeout = std::chrono::seconds(30);
  options.idle_timeout = std::chrono::seconds(30);
  return options;
}

AnthropicLlmProvider::AnthropicLlmProvider(net::EventLoop& loop, AnthropicConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)),
      first_token_seconds_(first_token_histogram(config_.metrics)) {}

std::string_view AnthropicLlmProvider::config_schema() const {
  return R"({"type":"object","properties":{"model":{"type":"string","title":"Model"}}})";
}

std::vector<std::string_view> AnthropicLlmProvider::capabilities() const {
  return {"streaming", "tools", "cancel"};
}

std::unique_ptr<LlmCompletion> AnthropicLlmProvider::stream_chat(ChatRequest request,
                                                                 core::Executor& events_on,
                                                                 LlmEventHandler on_event) {
  const std::string api_key = credential(request, "api_key");
  if (api_key.empty()) {
    return failed_completion(
        core::Error::unauthenticated("anthropic: credentials lack \"api_key\""), events_on,
        std::move(on_event));
  }
  const std::string base_url = credential(request, "base_url");
  if (request.model.empty()) request.model = config_.default_model;
  auto body = messages_request_body(request, true);
  if (!body.ok()) {
    auto error = body.error();
    error.message = "anthropic: " + error.message;
    return failed_completion(std::move(error), events_on, std::move(on_event));
  }

  CallSetup setup{.client = client_,
                  .loop = &loop_,
                  .request = {},
                  .policy = net::RetryPolicy(config_.retry, config_.random),
                  .first_token_seconds = &first_token_seconds_,
                  .max_error_body_bytes = config_.max_error_body_bytes};
  setup.request.method = "POST";
  setup.request.url = messages_url(base_url.empty() ? config_.base_url : base_url);
  setup.request.headers = {{"x-api-key", api_key},
                           {"anthropic-version", std::string(kApiVersion)},
                           {"content-type", "application/json"},
                           {"accept", "text/event-stream"}};
  setup.request.body = std::move(body).value();
  return start_call(std::move(setup), events_on, std::move(on_event));
}

}  // namespace ovos::providers::anthropic
