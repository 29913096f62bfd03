#include "providers/builtin/builtin_providers.h"

#include <string_view>

#include "providers/llm/anthropic/anthropic_provider.h"
#include "providers/llm/openai/openai_llm_provider.h"
#include "providers/llm/openai/openai_provider_config.h"
#include "providers/local/local_stt_provider.h"
#include "providers/local/local_tts_provider.h"
#include "providers/scripted/scripted_llm.h"
#include "providers/speech/fallback_stt.h"
#include "providers/speech/fallback_tts.h"
#include "providers/speech/phrase_cache.h"
#include "providers/stt/azure/azure_stt_provider.h"
#include "providers/stt/bodhi/bodhi_stt_provider.h"
#include "providers/stt/deepgram/deepgram_stt_provider.h"
#include "providers/stt/openai/openai_stt_provider.h"
#include "providers/tts/azure/azure_tts_provider.h"
#include "providers/tts/cartesia/cartesia_tts_provider.h"
#include "providers/tts/deepgram/deepgram_tts_provider.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_provider.h"
#include "providers/tts/openai/openai_tts_provider.h"
#include "providers/tts/polly/polly_tts_provider.h"
#include "providers/tts/rime/rime_tts_provider.h"
#include "providers/tts/sarvam/sarvam_tts_provider.h"
#include "providers/tts/smallest/smallest_tts_provider.h"

namespace ovos::providers {

namespace {

/// Catalogue names served by the OpenAI Chat Completions protocol.
constexpr std::string_view kOpenAiCompatible[] = {
    "openai",    "azure-openai", "azure",      "groq",   "together", "deepseek", "openrouter",
    "fireworks", "deepinfra",    "perplexity", "ollama", "vllm",     "litellm",  "custom",
};

}  // namespace

void add_builtin_providers(ProviderRegistry& registry, core::ComputePool& compute,
                           net::EventLoop* vendor_io, const BuiltinOptions& options) {
  registry.add_stt(std::make_unique<local::LocalSttProvider>(compute, local::PocketsphinxConfig{},
                                                             options.stt_decoders));
  registry.add_tts(std::make_unique<local::LocalTtsProvider>(compute));
  registry.add_llm(std::make_unique<ScriptedLlm>());
  if (vendor_io == nullptr) return;
  for (const std::string_view name : kOpenAiCompatible) {
    if (auto config = openai::openai_provider_config(name)) {
      registry.add_llm(std::make_unique<openai::OpenAiLlmProvider>(*vendor_io, std::move(*config)));
    }
  }
  registry.add_llm(std::make_unique<anthropic::AnthropicLlmProvider>(*vendor_io));
  // A cloud recogniser that fails hands the call to pocketsphinx instead of ending it.
  SttProvider* local_ears = registry.stt(local::LocalSttProvider::kName);
  const auto with_fallback = [local_ears](std::unique_ptr<SttProvider> provider) {
    if (local_ears == nullptr) return provider;
    return std::unique_ptr<SttProvider>(
        std::make_unique<speech::FallbackSttProvider>(std::move(provider), *local_ears));
  };
  registry.add_stt(with_fallback(std::make_unique<deepgram::DeepgramSttProvider>(*vendor_io)));
  registry.add_stt(with_fallback(std::make_unique<openai::OpenAiSttProvider>(*vendor_io)));
  registry.add_stt(with_fallback(std::make_unique<azure::AzureSttProvider>(*vendor_io)));
  registry.add_stt(with_fallback(std::make_unique<bodhi::BodhiSttProvider>(*vendor_io)));
  // Cloud voices say welcomes and fillers from one shared cache of phrases, and a piece they
  // fail is spoken by the local voice instead.
  auto phrases = std::make_shared<speech::PhraseCache>();
  TtsProvider* local_voice = registry.tts(local::LocalTtsProvider::kName);
  const auto cached = [&phrases, local_voice](std::unique_ptr<TtsProvider> provider) {
    std::unique_ptr<TtsProvider> wrapped =
        std::make_unique<speech::CachingTtsProvider>(std::move(provider), phrases);
    if (local_voice == nullptr) return wrapped;
    return std::unique_ptr<TtsProvider>(
        std::make_unique<speech::FallbackTtsProvider>(std::move(wrapped), *local_voice));
  };
  registry.add_tts(cached(std::make_unique<deepgram::DeepgramTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<openai::OpenAiTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<elevenlabs::ElevenLabsTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<cartesia::CartesiaTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<azure::AzureTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<polly::PollyTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<rime::RimeTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<sarvam::SarvamTtsProvider>(*vendor_io)));
  registry.add_tts(cached(std::make_unique<smallest::SmallestTtsProvider>(*vendor_io)));
}

}  // namespace ovos::providers
