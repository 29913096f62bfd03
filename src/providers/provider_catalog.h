#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace ovos::providers {

/// What a provider does for an agent. One vendor may do several (OpenAI: stt, tts, llm, embedding).
/// kWebhook: the secret that signs the webhooks an agent's post-call tasks send.
enum class ProviderKind { kStt, kTts, kLlm, kTelephony, kEmbedding, kWebhook };

/// One credential a provider needs, as the UI draws it and as a stored key holds it.
struct CredentialField {
  std::string_view name;   // JSON key, e.g. "api_key"
  std::string_view label;  // shown in the UI, e.g. "API key"
  bool secret;             // encrypted at rest and masked when shown
  bool required;           // must be present and non-empty
};

/// A vendor or carrier the platform knows, by the name Bolna's agent JSON uses for it.
/// Immutable catalogue data; safe to read from any thread.
struct ProviderInfo {
  std::string_view name;          // e.g. "deepgram", "azuretts", "sip-trunk"
  std::string_view display_name;  // e.g. "Azure AI Speech (text-to-speech)"
  std::vector<ProviderKind> kinds;
  std::vector<CredentialField> credentials;
  bool local;  // runs offline, needs no key
  // True for entries that only hold credentials other providers share ("aws" for "polly");
  // an agent never names them.
  bool credentials_only = false;
};

/// Every provider, in a stable order (grouped by what they mostly do).
[[nodiscard]] std::span<const ProviderInfo> provider_catalog();

/// The provider called `name` (exact, case-sensitive), or nullptr.
[[nodiscard]] const ProviderInfo* find_provider(std::string_view name);

/// True when `name` is in the catalogue and lists `kind`.
[[nodiscard]] bool provider_has_kind(std::string_view name, ProviderKind kind);

/// Names an agent may use for `kind`, in catalogue order (credentials-only entries left out).
[[nodiscard]] std::vector<std::string_view> provider_names(ProviderKind kind);

/// "stt", "tts", "llm", "telephony", "embedding" or "webhook".
[[nodiscard]] std::string_view kind_name(ProviderKind kind);

}  // namespace ovos::providers
