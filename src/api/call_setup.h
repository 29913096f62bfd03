#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "agents/knowledge/knowledge_service.h"
#include "agents/knowledge/rag_config.h"
#include "agents/responder.h"
#include "agents/tools/tool_spec.h"
#include "agents/types/graph_agent.h"
#include "api/api_context.h"
#include "core/result.h"
#include "engine/call_session.h"
#include "engine/session_config.h"
#include "providers/registry.h"
#include "providers/speech/backup_providers.h"
#include "store/key_vault.h"

namespace ovos::net {
class HttpClient;
}

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
  std::string llm_base_url;  // llm_config.base_url, used when the stored key has none
  /// transcriber.fallback and synthesizer.fallback: the agent's second providers chained
  /// behind its first ones (providers.stt / providers.tts point at these when set).
  std::shared_ptr<providers::speech::BackupSttProvider> stt_backup;
  std::shared_ptr<providers::speech::BackupTtsProvider> tts_backup;
  std::string transcriber_backup_name;
  std::string synthesizer_backup_name;
  /// The tools the LLM is offered (api_tools, plus end_call).
  std::shared_ptr<const std::vector<agents::tools::ToolSpec>> tools;
  /// graph_agent (graph_setup.h): the graph; its routing LLM (null: routed locally). `llm` is
  /// null for a graph with no llm node, which needs no LLM at all.
  std::shared_ptr<const agents::GraphAgent> graph;
  providers::LlmProvider* routing_llm = nullptr;
  providers::ChatRequest routing_template;
  std::string routing_name;
  /// A knowledgebase_agent's rag_config; its bases are loaded by attach_knowledge.
  std::optional<agents::knowledge::RagSettings> rag;
  std::shared_ptr<const agents::knowledge::LoadedKnowledge> knowledge;
  agents::knowledge::KnowledgeService* knowledge_service = nullptr;

  /// A responder for one call, with the call's variables filled into the prompt and available
  /// to the tools' templates. `tool_http` runs HTTP tools (null: they fail, told to the model).
  [[nodiscard]] std::unique_ptr<agents::Responder> make_responder(
      const std::map<std::string, std::string>& variables,
      net::HttpClient* tool_http = nullptr) const;
  /// {"transcriber":{...},"synthesizer":{...},"llm":{...}}: what the call used, for its record.
  [[nodiscard]] boost::json::object settings_json() const;
};

/// Gives the LLM (and a graph's routing LLM) the user's stored key for its provider (KeyVault),
/// plus llm_config.base_url when the key has none. A provider that needs a key the user has not
/// stored is a kValidation error saying where to add one. Local providers need none, nor an
/// agent that uses no LLM. Blocking (database): call on a worker.
[[nodiscard]] core::Result<void> attach_credentials(AgentRuntime& runtime,
                                                    const store::KeyVault& vault,
                                                    std::string_view user_id);

/// Loads the knowledge bases a knowledgebase_agent names (vector_id or vector_ids) for the user,
/// with their indexes. A base that does not exist for the user is a kValidation error at its
/// JSON path: at call setup, not at agent save, since bases may be created after the agent.
/// Nothing to do for other agents. Blocking (database): call on a worker.
[[nodiscard]] core::Result<void> attach_knowledge(AgentRuntime& runtime,
                                                  agents::knowledge::KnowledgeService& service,
                                                  std::string_view user_id);

/// Everything a call of a stored agent needs, for its owner: the document read, its providers
/// found, the user's keys and knowledge bases attached. An agent that cannot run here is a
/// kValidation error saying why. Blocking (database): call on a worker.
[[nodiscard]] core::Result<AgentRuntime> load_agent_runtime(const ApiContext& context,
                                                            const store::Agent& agent);

/// Whether a call of `agent` could start now (load_agent_runtime, result dropped).
[[nodiscard]] core::Result<void> check_agent_runs(const ApiContext& context,
                                                  const store::Agent& agent);

/// Reads an agent document (already validated) and finds its providers in `registry`. An agent
/// whose type or providers this build cannot run is a kValidation error naming each field and
/// what can run instead.
[[nodiscard]] core::Result<AgentRuntime> prepare_agent(const boost::json::object& document,
                                                       const providers::ProviderRegistry& registry);

}  // namespace ovos::api
