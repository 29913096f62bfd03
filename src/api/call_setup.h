#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "core/result.h"
#include "engine/call_session.h"
#include "engine/responder.h"
#include "engine/session_config.h"
#include "providers/registry.h"

namespace ovos::api {

/// What a stored agent needs to take a call: its session settings, the providers that run it
/// and the pieces to build its responder. Built on a worker thread; used on the call's shard.
struct AgentRuntime {
  engine::SessionConfig config;
  engine::SessionProviders providers;  // responder left null: see make_responder
  std::string system_prompt;           // with {variables} not yet filled
  providers::LlmProvider* llm = nullptr;
  providers::ChatRequest request_template;
  std::string transcriber_name;
  std::string synthesizer_name;
  std::string llm_name;

  /// A responder for one call, with the call's variables filled into the prompt.
  [[nodiscard]] std::unique_ptr<engine::Responder> make_responder(
      const std::map<std::string, std::string>& variables) const;
  /// {"transcriber":{...},"synthesizer":{...},"llm":{...}}: what the call used, for its record.
  [[nodiscard]] boost::json::object settings_json() const;
};

/// Reads an agent document (already validated) and finds its providers in `registry`. An agent
/// whose type or providers this build cannot run is a kValidation error naming each field and
/// what can run instead.
[[nodiscard]] core::Result<AgentRuntime> prepare_agent(const boost::json::object& document,
                                                       const providers::ProviderRegistry& registry);

}  // namespace ovos::api
