#include "agents/tasks/step_llm.h"

#include <boost/json/parse.hpp>

#include "providers/provider_catalog.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

core::Result<BoundLlm> bind_llm(const LlmChoice& choice,
                                const providers::ProviderRegistry& registry,
                                const store::KeyVault& vault, std::string_view user_id) {
  BoundLlm bound;
  bound.provider = registry.llm(choice.provider);
  const providers::ProviderInfo* info = providers::find_provider(choice.provider);
  if (bound.provider == nullptr || info == nullptr) {
    return core::Error::invalid("the LLM '" + choice.provider + "' cannot run in this build");
  }
  bound.request.model = choice.model;
  bound.request.temperature = choice.temperature;
  bound.request.max_tokens = choice.max_tokens;
  if (info->local) return bound;
  auto& credentials = bound.request.credentials;
  OVOS_ASSIGN_OR_RETURN(const auto stored, vault.credentials_for(user_id, choice.provider));
  if (stored) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(*stored, ec);
    if (ec || !parsed.is_object()) return core::Error::internal("a stored key is not JSON");
    for (const auto& [field, value] : parsed.get_object()) {
      if (value.is_string()) credentials[std::string(field)] = std::string(value.get_string());
    }
  }
  if (!credentials.contains("base_url") && !choice.base_url.empty()) {
    credentials["base_url"] = choice.base_url;
  }
  for (const providers::CredentialField& field : info->credentials) {
    if (field.required && !credentials.contains(std::string(field.name))) {
      return core::Error::invalid("no " + std::string(field.label) + " stored for '" +
                                  choice.provider + "': add a key with POST /v1/provider-keys");
    }
  }
  return bound;
}

}  // namespace ovos::agents::tasks
