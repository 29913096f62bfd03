#pragma once

#include <string_view>

#include "agents/tasks/post_call_plan.h"
#include "core/result.h"
#include "providers/llm.h"
#include "providers/registry.h"
#include "store/key_vault.h"

namespace ovos::agents::tasks {

/// A step's LLM, ready to ask: the provider and a request carrying the user's credentials.
struct BoundLlm {
  providers::LlmProvider* provider = nullptr;  // owned by the registry
  providers::ChatRequest request;              // model, temperature, max_tokens, credentials
};

/// Finds the step's provider in `registry` and gives it the user's stored key for it
/// (KeyVault), plus the document's base_url when the key has none. Errors say what to do: a
/// provider this build cannot run or a key the user has not stored (kInvalidArgument, naming
/// POST /v1/provider-keys), a stored key that does not decrypt (kInternal). Blocking (database).
[[nodiscard]] core::Result<BoundLlm> bind_llm(const LlmChoice& choice,
                                              const providers::ProviderRegistry& registry,
                                              const store::KeyVault& vault,
                                              std::string_view user_id);

}  // namespace ovos::agents::tasks
