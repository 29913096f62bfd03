#pragma once

// Settings of one OpenAI-protocol chat provider (OpenAI, Azure OpenAI, or an OpenAI-compatible
// server), and the defaults of each catalogue name that speaks the protocol.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/metrics.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/llm/openai/openai_request.h"

namespace ovos::providers::openai {

/// How the server is addressed and authenticated: OpenAI style (`{base_url}/chat/completions`,
/// `Authorization: Bearer`) or Azure OpenAI (deployment path, `api-version`, `api-key` header).
enum class OpenAiFlavor { kOpenAi, kAzure };

/// The HTTP limits of a chat stream: connect 5 s, first byte 30 s, 30 s idle between reads.
[[nodiscard]] net::HttpClientOptions chat_http_options();

/// Everything an OpenAiLlmProvider is built from. The caller's credentials (ChatRequest) may
/// override the base URL; the rest is fixed per provider. Plain data.
struct OpenAiProviderConfig {
  std::string name = "openai";  // the catalogue name it registers under, in logs and metrics
  OpenAiFlavor flavor = OpenAiFlavor::kOpenAi;
  /// Used when the credentials carry no `base_url`; empty: `base_url` is required.
  std::string default_base_url = "https://api.openai.com/v1";
  /// Whether the credentials must carry `api_key` (self-hosted servers may take none).
  bool api_key_required = true;
  /// Azure: the `api-version` when the credentials carry none.
  std::string default_api_version = "2024-10-21";
  MaxTokensField max_tokens_field = MaxTokensField::kMaxTokens;
  net::HttpClientOptions http = chat_http_options();
  net::RetryPolicy::Options retry{};
  /// How much of a non-2xx response body is kept for its error message.
  std::size_t max_error_body_bytes = std::size_t{64} << 10;
  /// Where `ovos_llm_first_token_seconds{provider}` is observed; null: the global registry.
  core::MetricsRegistry* metrics = nullptr;
};

/// The configuration of a catalogue name that speaks the OpenAI protocol ("openai",
/// "azure-openai" and its legacy name "azure", "groq", "together", "deepseek", "openrouter",
/// "fireworks", "deepinfra", "perplexity", "ollama", "vllm", "litellm", "custom"); nullopt for
/// any other name.
[[nodiscard]] std::optional<OpenAiProviderConfig> openai_provider_config(std::string_view name);

}  // namespace ovos::providers::openai
