#include "providers/builtin/builtin_providers.h"

#include "providers/local/local_stt_provider.h"
#include "providers/local/local_tts_provider.h"
#include "providers/scripted/scripted_llm.h"

namespace ovos::providers {

void add_builtin_providers(ProviderRegistry& registry, core::ComputePool& compute,
                           const BuiltinOptions& options) {
  registry.add_stt(std::make_unique<local::LocalSttProvider>(compute, local::PocketsphinxConfig{},
                                                             options.stt_decoders));
  registry.add_tts(std::make_unique<local::LocalTtsProvider>(compute));
  registry.add_llm(std::make_unique<ScriptedLlm>());
}

}  // namespace ovos::providers
