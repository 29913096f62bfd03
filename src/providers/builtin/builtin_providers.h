#pragma once

#include <cstddef>

#include "core/executor.h"
#include "providers/registry.h"

namespace ovos::providers {

/// Sizes of the local engines.
struct BuiltinOptions {
  std::size_t stt_decoders = 2;  // pocketsphinx decoders shared by all calls
};

/// Registers every provider this build can run, in one explicit list: the local engines
/// (pocketsphinx, flite) on `compute`, and the scripted LLM. Cloud vendors join this list as they
/// are implemented.
void add_builtin_providers(ProviderRegistry& registry, core::ComputePool& compute,
                           const BuiltinOptions& options);

}  // namespace ovos::providers
