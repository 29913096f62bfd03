#include "providers/llm/openai/openai_provider_config.h"

#include <array>
#include <utility>

namespace ovos::providers::openai {
namespace {

// Hosted OpenAI-compatible APIs and their documented base URLs; each takes a Bearer API key.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kHostedBaseUrls{{
    {"openai", "https://api.openai.com/v1"},
    {"groq", "https://api.groq.com/openai/v1"},
    {"together", "https://api.together.xyz/v1"},
    {"deepseek", "https://api.deepseek.com/v1"},
    {"openrouter", "https://openrouter.ai/api/v1"},
    {"fireworks", "https://api.fireworks.ai/inference/v1"},
    {"deepinfra", "https://api.deepinfra.com/v1/openai"},
    {"perplexity", "https://api.perplexity.ai"},
}};

// Self-hosted servers and proxies: the key is optional, the address usually the caller's.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSelfHostedBaseUrls{{
    {"ollama", "http://localhost:11434/v1"},
    {"vllm", ""},
    {"litellm", ""},
    {"custom", ""},
}};

}  // namespace

net::HttpClientOptions chat_http_options() {
  net::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.first_byte_timeout = std::chrono::seconds(30);
  options.idle_timeout = std::chrono::seconds(30);
  return options;
}

std::optional<OpenAiProviderConfig> openai_provider_config(std::string_view name) {
  OpenAiProviderConfig config;
  config.name = std::string(name);
  if (name == "azure-openai" || name == "azure") {
    config.flavor = OpenAiFlavor::kAzure;
    config.default_base_url.clear();
    return config;
  }
  for (const auto& [vendor, url] : kHostedBaseUrls) {
    if (vendor != name) continue;
    config.default_base_url = std::string(url);
    return config;
  }
  for (const auto& [vendor, url] : kSelfHostedBaseUrls) {
    if (vendor != name) continue;
    config.default_base_url = std::string(url);
    config.api_key_required = false;
    return config;
  }
  return std::nullopt;
}

}  // namespace ovos::providers::openai
