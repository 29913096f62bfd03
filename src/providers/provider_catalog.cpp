#include "providers/provider_catalog.h"

#include <algorithm>

namespace ovos::providers {
namespace {

using K = ProviderKind;
using Fields = std::vector<CredentialField>;

// Names follow Bolna's enums (bolna/enums.py: TranscriberProvider, SynthesizerProvider,
// LLMProvider, TelephonyProvider) so an agent exported from Bolna names the same providers.
// Credential fields follow each vendor's public API documentation.

const CredentialField kApiKey{"api_key", "API key", true, true};
const CredentialField kOptionalApiKey{"api_key", "API key", true, false};
const CredentialField kBaseUrl{"base_url", "Base URL", false, true};
const CredentialField kOptionalBaseUrl{"base_url", "Base URL", false, false};

Fields api_key_only() {
  return {kApiKey};
}

// A self-hosted or proxy server speaking the OpenAI chat completions protocol.
Fields openai_compatible_server() {
  return {kBaseUrl, kOptionalApiKey};
}

Fields aws_credentials() {
  return {{"access_key_id", "Access key ID", true, true},
          {"secret_access_key", "Secret access key", true, true},
          {"region", "Region (e.g. us-east-1)", false, false},
          kOptionalBaseUrl};
}

// Speech-to-text vendors, several of which also synthesize or host LLMs.
std::vector<ProviderInfo> recognition_providers() {
  return {
      // base_url: a self-hosted Deepgram or a regional endpoint (https://api.eu.deepgram.com).
      {"deepgram", "Deepgram", {K::kStt, K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"azure",
       "Microsoft Azure (Speech for stt; legacy name of Azure OpenAI for llm)",
       {K::kStt, K::kLlm},
       {kApiKey,
        {"region", "Speech region (e.g. eastus)", false, false},
        kOptionalBaseUrl,  // speech-to-text: instead of the region's endpoint
        {"endpoint", "Azure OpenAI endpoint", false, false},
        {"api_version", "Azure OpenAI API version", false, false},
        {"deployment", "Azure OpenAI deployment", false, false}},
       false},
      {"openai",
       "OpenAI",
       {K::kStt, K::kTts, K::kLlm, K::kEmbedding},
       {kApiKey, kOptionalBaseUrl, {"organization", "Organization ID", false, false}},
       false},
      {"sarvam", "Sarvam AI", {K::kStt, K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"assembly", "AssemblyAI", {K::kStt}, api_key_only(), false},
      {"google",
       "Google (Cloud Speech-to-Text, Gemini API)",
       {K::kStt, K::kLlm},
       {kOptionalApiKey,
        {"service_account_json", "Service account JSON", true, false},
        {"project_id", "Project ID", false, false}},
       false},
      {"pixa", "Pixa", {K::kStt, K::kTts}, api_key_only(), false},
      {"gladia", "Gladia", {K::kStt}, api_key_only(), false},
      {"elevenlabs", "ElevenLabs", {K::kStt, K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"smallest", "Smallest.ai", {K::kStt, K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"soniox", "Soniox", {K::kStt}, api_key_only(), false},
      {"gemini", "Google Gemini (speech)", {K::kStt, K::kTts}, api_key_only(), false},
      {"bodhi",
       "Bodhi (Navana)",
       {K::kStt},
       {kApiKey, {"customer_id", "Customer ID", false, true}, kOptionalBaseUrl},
       false},
      {"pocketsphinx", "PocketSphinx (local)", {K::kStt}, {}, true},
  };
}

// Text-to-speech vendors that only synthesize, and the local engines.
std::vector<ProviderInfo> synthesis_providers() {
  return {
      {"polly", "Amazon Polly", {K::kTts}, aws_credentials(), false},
      {"aws",
       "Amazon Web Services (keys shared by Polly)",
       {K::kTts},
       aws_credentials(),
       false,
       true},
      {"azuretts",
       "Azure AI Speech (text-to-speech)",
       {K::kTts},
       {kApiKey, {"region", "Speech region (e.g. eastus)", false, true}, kOptionalBaseUrl},
       false},
      {"cartesia", "Cartesia", {K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"rime", "Rime", {K::kTts}, {kApiKey, kOptionalBaseUrl}, false},
      {"maya", "Maya Research", {K::kTts}, api_key_only(), false},
      {"kalpa", "Kalpa", {K::kTts}, api_key_only(), false},
      {"flite", "Flite (local)", {K::kTts}, {}, true},
      {"espeak", "eSpeak NG (local)", {K::kTts}, {}, true},
  };
}

// LLM hosts: vendors, OpenAI-compatible clouds and self-hosted servers.
std::vector<ProviderInfo> llm_providers() {
  return {
      {"anthropic", "Anthropic", {K::kLlm}, api_key_only(), false},
      {"azure-openai",
       "Azure OpenAI",
       {K::kLlm, K::kEmbedding},
       {kApiKey,
        {"endpoint", "Endpoint (https://<resource>.openai.azure.com)", false, true},
        {"api_version", "API version", false, false},
        {"deployment", "Deployment", false, false}},
       false},
      {"groq", "Groq", {K::kLlm}, api_key_only(), false},
      {"together", "Together AI", {K::kLlm}, api_key_only(), false},
      {"deepseek", "DeepSeek", {K::kLlm}, api_key_only(), false},
      {"openrouter", "OpenRouter", {K::kLlm}, api_key_only(), false},
      {"fireworks", "Fireworks AI", {K::kLlm}, api_key_only(), false},
      {"deepinfra", "DeepInfra", {K::kLlm}, api_key_only(), false},
      {"perplexity", "Perplexity", {K::kLlm}, api_key_only(), false},
      {"anyscale", "Anyscale Endpoints", {K::kLlm}, api_key_only(), false},
      {"cohere", "Cohere", {K::kLlm}, api_key_only(), false},
      {"ola", "Ola Krutrim", {K::kLlm}, {kApiKey, kOptionalBaseUrl}, false},
      {"ollama", "Ollama", {K::kLlm}, openai_compatible_server(), false},
      {"vllm", "vLLM", {K::kLlm}, openai_compatible_server(), false},
      {"litellm", "LiteLLM proxy", {K::kLlm}, openai_compatible_server(), false},
      {"custom", "Custom OpenAI-compatible server", {K::kLlm}, openai_compatible_server(), false},
      // Answers from "caller phrase => reply" lines in the prompt (providers/scripted).
      {"scripted", "Scripted replies (local, no model)", {K::kLlm}, {}, true},
  };
}

// Carriers and media bridges (input/output of calls).
std::vector<ProviderInfo> telephony_providers() {
  return {
      {"twilio",
       "Twilio",
       {K::kTelephony},
       {{"account_sid", "Account SID", false, true}, {"auth_token", "Auth token", true, true}},
       false},
      {"plivo",
       "Plivo",
       {K::kTelephony},
       {{"auth_id", "Auth ID", false, true}, {"auth_token", "Auth token", true, true}},
       false},
      {"exotel",
       "Exotel",
       {K::kTelephony},
       {{"api_key", "API key", false, true},
        {"api_token", "API token", true, true},
        {"account_sid", "Account SID", false, true},
        {"subdomain", "API subdomain (e.g. api.in.exotel.com)", false, false},
        {"app_id",
         "Voicebot flow (app) id: calls placed through the API run this flow; without one "
         "they go straight to the agent",
         false, false}},
       false},
      {"vobiz",
       "Vobiz",
       {K::kTelephony},
       {{"auth_id", "Auth ID", false, true}, {"auth_token", "Auth token", true, true}},
       false},
      // Both connect to us over a media WebSocket; no account key is involved.
      {"sip-trunk", "SIP trunk (Asterisk WebSocket)", {K::kTelephony}, {}, false},
      {"freeswitch", "FreeSWITCH (audio stream)", {K::kTelephony}, {}, false},
  };
}

// Keys of the platform's own features rather than of a vendor.
std::vector<ProviderInfo> platform_entries() {
  return {
      // Signs the webhooks of post-call tasks (HMAC-SHA256; see docs/webhooks.md). Agents never
      // name it: a webhook task uses the user's newest one.
      {"webhook",
       "Webhook signing secret",
       {K::kWebhook},
       {{"signing_secret", "Signing secret", true, true}},
       false,
       true},
  };
}

std::vector<ProviderInfo> build_catalog() {
  std::vector<ProviderInfo> all = recognition_providers();
  for (auto* part :
       {&synthesis_providers, &llm_providers, &telephony_providers, &platform_entries}) {
    auto more = (*part)();
    all.insert(all.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
  }
  return all;
}

}  // namespace

std::span<const ProviderInfo> provider_catalog() {
  static const std::vector<ProviderInfo> catalog = build_catalog();
  return catalog;
}

const ProviderInfo* find_provider(std::string_view name) {
  const auto catalog = provider_catalog();
  const auto it = std::find_if(catalog.begin(), catalog.end(),
                               [name](const ProviderInfo& p) { return p.name == name; });
  return it == catalog.end() ? nullptr : &*it;
}

bool provider_has_kind(std::string_view name, ProviderKind kind) {
  const ProviderInfo* info = find_provider(name);
  return info != nullptr &&
         std::find(info->kinds.begin(), info->kinds.end(), kind) != info->kinds.end();
}

std::vector<std::string_view> provider_names(ProviderKind kind) {
  std::vector<std::string_view> names;
  for (const ProviderInfo& info : provider_catalog()) {
    if (!info.credentials_only && provider_has_kind(info.name, kind)) names.push_back(info.name);
  }
  return names;
}

std::string_view kind_name(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kStt:
      return "stt";
    case ProviderKind::kTts:
      return "tts";
    case ProviderKind::kLlm:
      return "llm";
    case ProviderKind::kTelephony:
      return "telephony";
    case ProviderKind::kEmbedding:
      return "embedding";
    case ProviderKind::kWebhook:
      return "webhook";
  }
  return "unknown";
}

}  // namespace ovos::providers
