#pragma once

#include <cstddef>

#include "core/executor.h"
#include "providers/registry.h"

namespace ovos::net {
class EventLoop;
}

namespace ovos::providers {

/// Sizes of the local engines.
struct BuiltinOptions {
  std::size_t stt_decoders = 2;  // pocketsphinx decoders shared by all calls
};

/// Registers every provider this build can run, in one explicit list: the local engines
/// (pocketsphinx, flite) on `compute`, the scripted LLM, and the cloud vendors whose
/// connections run on `vendor_io` (null: offline providers only, as `simulate` runs): LLMs
/// (OpenAI, Azure OpenAI, OpenAI-compatible servers, Anthropic), speech-to-text (Deepgram,
/// OpenAI, Azure; pocketsphinx takes over a call whose cloud recogniser fails) and
/// text-to-speech (Deepgram Aura, OpenAI, ElevenLabs, Cartesia, Azure, Polly, Rime; behind
/// one phrase cache of 32 MiB, and with flite speaking what they fail). `compute` and `vendor_io`
/// must outlive the registry.
void add_builtin_providers(ProviderRegistry& registry, core::ComputePool& compute,
                           net::EventLoop* vendor_io, const BuiltinOptions& options);

}  // namespace ovos::providers
