// From a stored agent document to the pieces of a live call.
#include "api/call_setup.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "agents/agent_validator.h"
#include "agents/tools/tool_runner.h"
#include "agents/types/knowledge_responder.h"
#include "agents/types/llm_responder.h"
#include "api/graph_setup.h"
#include "core/json_read.h"
#include "providers/provider_catalog.h"
#include "providers/scripted/scripted_llm.h"

namespace ovos::api {

namespace json = boost::json;

std::unique_ptr<agents::Responder> AgentRuntime::make_responder(
    const std::map<std::string, std::string>& variables, net::HttpClient* tool_http) const {
  if (graph) return make_graph_responder(*this, variables, tool_http);
  const std::string prompt = engine::fill_variables(system_prompt, variables);
  std::vector<std::string> expected;
  if (llm_name == providers::ScriptedLlm::kName) {
    expected = providers::expected_phrases(providers::parse_script(prompt));
  }
  std::shared_ptr<agents::tools::ToolRunner> runner;
  if (tools) runner = std::make_shared<agents::tools::HttpToolRunner>(tools, tool_http, variables);
  auto responder = std::make_unique<agents::LlmResponder>(*llm, prompt, request_template,
                                                          std::move(expected), std::move(runner));
  if (knowledge == nullptr || knowledge_service == nullptr || !rag) return responder;
  return std::make_unique<agents::KnowledgeResponder>(
      std::move(responder),
      agents::knowledge_retriever(*knowledge_service, knowledge, rag->search));
}

core::Result<void> attach_knowledge(AgentRuntime& runtime,
                                    agents::knowledge::KnowledgeService& service,
                                    std::string_view user_id) {
  if (!runtime.rag) return {};
  OVOS_ASSIGN_OR_RETURN(auto loaded, service.load(user_id, runtime.rag->knowledge_base_ids,
                                                  runtime.rag->ids_path, runtime.rag->ids_indexed));
  runtime.knowledge = std::make_shared<const agents::knowledge::LoadedKnowledge>(std::move(loaded));
  runtime.knowledge_service = &service;
  return {};
}

json::object AgentRuntime::settings_json() const {
  json::object settings{
      {"transcriber",
       {{"provider", transcriber_name},
        {"language", providers.stt_options.language},
        {"endpointing_ms", config.turn.endpointing.count()}}},
      {"synthesizer", {{"provider", synthesizer_name}, {"voice", providers.tts_options.voice}}},
      {"llm",
       {{"provider", llm_name},
        {"model", request_template.model},
        {"temperature", request_template.temperature},
        {"max_tokens", request_template.max_tokens}}},
      {"turn_taking",
       {{"incremental_delay_ms", config.turn.incremental_delay.count()},
        {"number_of_words_for_interruption", config.turn.words_for_interruption},
        {"interruption_min_ms", config.turn.interruption_min.count()}}},
      {"hangup_after_silence_ms", config.hangup_after_silence.count()},
      {"call_terminate_ms", config.max_duration.count()}};
  if (stt_backup) settings["transcriber"].as_object()["fallback"] = transcriber_backup_name;
  if (tts_backup) settings["synthesizer"].as_object()["fallback"] = synthesizer_backup_name;
  if (graph) {
    settings["routing"] = routing_llm != nullptr ? json::object{{"mode", "llm"},
                                                                {"provider", routing_name},
                                                                {"model", routing_template.model}}
                                                 : json::object{{"mode", "local"}};
  }
  if (rag) {
    json::array ids;
    for (const auto& id : rag->knowledge_base_ids)
      ids.emplace_back(id);
    settings["knowledge"] = {{"knowledge_base_ids", std::move(ids)},
                             {"similarity_top_k", rag->search.top_k},
                             {"score_threshold", rag->search.score_threshold}};
  }
  return settings;
}

namespace {

/// Bolna's comma-separated `keywords` ("order:2, refund"), trimmed, empty items dropped.
std::vector<std::string> split_keywords(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

/// A transcriber object's settings (model, keywords, endpointing, language; "en" when none).
providers::SttOptions stt_options_from(const json::object& transcriber) {
  providers::SttOptions options;
  options.model = core::json_string_at(&transcriber, "model");
  options.keywords = split_keywords(core::json_string_at(&transcriber, "keywords"));
  if (auto ms = core::json_number_at(&transcriber, "endpointing")) {
    options.endpointing_ms = static_cast<int>(*ms);
  }
  options.language = core::json_string_at(&transcriber, "language");
  if (options.language.empty()) options.language = "en";
  return options;
}

/// A synthesizer object's voice settings (provider_config; "en" when no language).
providers::TtsOptions tts_options_from(const json::object* synthesizer) {
  const json::object* config =
      synthesizer != nullptr ? core::json_object_at(*synthesizer, "provider_config") : nullptr;
  providers::TtsOptions options;
  options.voice = core::json_string_at(config, "voice");
  options.voice_id = core::json_string_at(config, "voice_id");
  options.model = core::json_string_at(config, "model");
  if (options.model.empty()) options.model = core::json_string_at(config, "engine");  // Polly
  options.language = core::json_string_at(config, "language");
  if (options.language.empty()) options.language = "en";
  const json::value* stream = synthesizer != nullptr ? synthesizer->if_contains("stream") : nullptr;
  options.stream = stream != nullptr && stream->is_bool() && stream->get_bool();
  return options;
}

/// Puts the agent's second transcriber and synthesizer (their `fallback` objects), when it
/// names them, behind the first ones.
void chain_backups(AgentRuntime& runtime, const json::object& transcriber,
                   const json::object* synthesizer, const providers::ProviderRegistry& registry,
                   const std::string& base, std::vector<core::FieldError>& problems) {
  if (const json::object* given = core::json_object_at(transcriber, "fallback")) {
    const json::object backup = agents::effective_transcriber_config(*given);
    runtime.transcriber_backup_name = core::json_string_at(&backup, "provider");
    providers::SttProvider* provider = registry.stt(runtime.transcriber_backup_name);
    if (provider == nullptr) {
      problems.push_back(
          {base + ".transcriber.fallback.provider",
           "'" + runtime.transcriber_backup_name + "' cannot run in this build yet"});
    } else if (runtime.providers.stt != nullptr) {
      runtime.stt_backup = std::make_shared<providers::speech::BackupSttProvider>(
          *runtime.providers.stt, *provider, stt_options_from(backup));
      runtime.providers.stt = runtime.stt_backup.get();
    }
  }
  const json::object* given =
      synthesizer != nullptr ? core::json_object_at(*synthesizer, "fallback") : nullptr;
  if (given == nullptr) return;
  runtime.synthesizer_backup_name = core::json_string_at(given, "provider");
  providers::TtsProvider* provider = registry.tts(runtime.synthesizer_backup_name);
  if (provider == nullptr) {
    problems.push_back({base + ".synthesizer.fallback.provider",
                        "'" + runtime.synthesizer_backup_name + "' cannot run in this build yet"});
  } else if (runtime.providers.tts != nullptr) {
    runtime.tts_backup = std::make_shared<providers::speech::BackupTtsProvider>(
        *runtime.providers.tts, *provider, tts_options_from(given));
    runtime.providers.tts = runtime.tts_backup.get();
  }
}

/// Fills `credentials` from the user's stored key for `provider`; adds a problem at `field`
/// for each required credential still missing.
core::Result<void> attach_key(const std::string& provider,
                              std::map<std::string, std::string>& credentials,
                              const std::string& base_url, const store::KeyVault& vault,
                              std::string_view user_id, const std::string& field,
                              std::vector<core::FieldError>& missing) {
  const providers::ProviderInfo* info = providers::find_provider(provider);
  if (info == nullptr || info->local) return {};
  OVOS_ASSIGN_OR_RETURN(const auto stored, vault.credentials_for(user_id, provider));
  if (stored) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(*stored, ec);
    if (ec || !parsed.is_object()) return core::Error::internal("a stored key is not JSON");
    for (const auto& [name, value] : parsed.as_object()) {
      if (value.is_string()) credentials[std::string(name)] = std::string(value.get_string());
    }
  }
  if (!credentials.contains("base_url") && !base_url.empty()) credentials["base_url"] = base_url;
  for (const auto& credential : info->credentials) {
    if (credential.required && !credentials.contains(std::string(credential.name))) {
      missing.push_back({field, "no " + std::string(credential.label) + " stored for '" + provider +
                                    "': add a key with POST /v1/provider-keys"});
    }
  }
  return {};
}

}  // namespace

core::Result<void> attach_credentials(AgentRuntime& runtime, const store::KeyVault& vault,
                                      std::string_view user_id) {
  const std::string tools = "$.agent_config.tasks[0].tools_config";
  const std::string config = tools + ".llm_agent.llm_config";
  std::vector<core::FieldError> missing;
  if (runtime.providers.stt != nullptr) {
    OVOS_TRY(attach_key(runtime.transcriber_name, runtime.providers.stt_options.credentials, "",
                        vault, user_id, tools + ".transcriber.provider", missing));
  }
  if (runtime.providers.tts != nullptr) {
    OVOS_TRY(attach_key(runtime.synthesizer_name, runtime.providers.tts_options.credentials, "",
                        vault, user_id, tools + ".synthesizer.provider", missing));
  }
  if (runtime.stt_backup) {
    OVOS_TRY(attach_key(runtime.transcriber_backup_name,
                        runtime.stt_backup->backup_options().credentials, "", vault, user_id,
                        tools + ".transcriber.fallback.provider", missing));
  }
  if (runtime.tts_backup) {
    OVOS_TRY(attach_key(runtime.synthesizer_backup_name,
                        runtime.tts_backup->backup_options().credentials, "", vault, user_id,
                        tools + ".synthesizer.fallback.provider", missing));
  }
  if (runtime.llm != nullptr) {
    OVOS_TRY(attach_key(runtime.llm_name, runtime.request_template.credentials,
                        runtime.llm_base_url, vault, user_id, config + ".provider", missing));
  }
  if (runtime.routing_llm != nullptr) {
    const std::string base_url =
        runtime.routing_name == runtime.llm_name ? runtime.llm_base_url : "";
    OVOS_TRY(attach_key(runtime.routing_name, runtime.routing_template.credentials, base_url, vault,
                        user_id, config + ".routing_provider", missing));
  }
  if (!missing.empty()) {
    return core::Error::validation("this agent cannot take calls here", std::move(missing));
  }
  return {};
}

core::Result<AgentRuntime> prepare_agent(const json::object& document,
                                         const providers::ProviderRegistry& registry) {
  OVOS_ASSIGN_OR_RETURN(auto config, engine::session_config_from_agent(document));
  AgentRuntime runtime;
  runtime.config = std::move(config);
  const json::object* agent = core::json_object_at(document, "agent_config");
  const json::object& task = agent->at("tasks").as_array().at(0).as_object();
  const json::object* tools = core::json_object_at(task, "tools_config");
  const json::object* llm_agent =
      tools != nullptr ? core::json_object_at(*tools, "llm_agent") : nullptr;
  const json::object* llm_config =
      llm_agent != nullptr ? core::json_object_at(*llm_agent, "llm_config") : nullptr;
  const json::object* synthesizer =
      tools != nullptr ? core::json_object_at(*tools, "synthesizer") : nullptr;
  json::object transcriber_given;
  if (tools != nullptr) {
    if (const json::object* t = core::json_object_at(*tools, "transcriber")) transcriber_given = *t;
  }
  const json::object transcriber = agents::effective_transcriber_config(transcriber_given);

  std::vector<core::FieldError> problems;
  const std::string base = "$.agent_config.tasks[0].tools_config";
  const std::string agent_type = core::json_string_at(llm_agent, "agent_type");
  const bool graph = agent_type == "graph_agent" && llm_config != nullptr;
  if (llm_agent == nullptr ||
      (agent_type != "simple_llm_agent" && agent_type != "knowledgebase_agent" &&
       !agent_type.empty() && !graph)) {
    problems.push_back({base + ".llm_agent.agent_type",
                        "only simple_llm_agent, knowledgebase_agent and graph_agent can take calls "
                        "in this version"});
  }
  if (agent_type == "knowledgebase_agent" && llm_config != nullptr) {
    auto rag = agents::knowledge::read_rag_settings(*llm_config, base + ".llm_agent.llm_config");
    if (rag.ok()) {
      runtime.rag = std::move(rag).value();
    } else {
      for (auto& field : rag.error().fields)
        problems.push_back(std::move(field));
    }
  }
  runtime.transcriber_name = core::json_string_at(&transcriber, "provider");
  runtime.providers.stt = registry.stt(runtime.transcriber_name);
  if (runtime.providers.stt == nullptr) {
    problems.push_back(
        {base + ".transcriber.provider",
         "'" + runtime.transcriber_name + "' cannot run in this build yet; use pocketsphinx"});
  }
  runtime.providers.stt_options = stt_options_from(transcriber);
  runtime.synthesizer_name = core::json_string_at(synthesizer, "provider");
  runtime.providers.tts = registry.tts(runtime.synthesizer_name);
  if (runtime.providers.tts == nullptr) {
    problems.push_back(
        {base + ".synthesizer.provider",
         "'" + runtime.synthesizer_name + "' cannot run in this build yet; use flite"});
  }
  runtime.providers.tts_options = tts_options_from(synthesizer);
  chain_backups(runtime, transcriber, synthesizer, registry, base, problems);
  if (graph)
    prepare_graph(runtime, *llm_config, registry, base + ".llm_agent.llm_config", problems);
  runtime.llm_name = core::json_string_at(llm_config, "provider");
  // A graph whose nodes are all static or routers speaks without an LLM.
  const bool needs_llm = !graph || (runtime.graph && runtime.graph->speaks_with_llm());
  runtime.llm = needs_llm ? registry.llm(runtime.llm_name) : nullptr;
  if (needs_llm && runtime.llm == nullptr) {
    problems.push_back({base + ".llm_agent.llm_config.provider",
                        "'" + runtime.llm_name + "' cannot run in this build yet; use scripted"});
  }
  runtime.request_template.model = core::json_string_at(llm_config, "model");
  runtime.llm_base_url = core::json_string_at(llm_config, "base_url");
  if (auto t = core::json_number_at(llm_config, "temperature"))
    runtime.request_template.temperature = *t;
  if (auto m = core::json_number_at(llm_config, "max_tokens")) {
    runtime.request_template.max_tokens = static_cast<int>(*m);
  }
  if (const json::object* prompts = core::json_object_at(document, "agent_prompts")) {
    runtime.system_prompt =
        core::json_string_at(core::json_object_at(*prompts, "task_1"), "system_prompt");
  }
  auto tool_specs =
      agents::tools::parse_api_tools(tools != nullptr ? tools->if_contains("api_tools") : nullptr,
                                     runtime.providers.stt_options.language, base + ".api_tools");
  if (tool_specs.ok()) {
    runtime.tools =
        std::make_shared<const std::vector<agents::tools::ToolSpec>>(std::move(*tool_specs));
  } else {
    for (auto& field : tool_specs.error().fields)
      problems.push_back(std::move(field));
  }
  if (!problems.empty()) {
    return core::Error::validation("this agent cannot take calls here", std::move(problems));
  }
  return runtime;
}

core::Result<AgentRuntime> load_agent_runtime(const ApiContext& context,
                                              const store::Agent& agent) {
  if (context.calls == nullptr) return core::Error::unavailable("calls are not served here");
  boost::system::error_code ec;
  json::value document = json::parse(agent.config_json, ec);
  if (ec || !document.is_object())
    return core::Error::internal("stored agent is not a JSON object");
  OVOS_ASSIGN_OR_RETURN(auto runtime,
                        prepare_agent(document.as_object(), context.calls->providers));
  OVOS_TRY(attach_credentials(runtime, context.vault, agent.user_id));
  if (context.knowledge != nullptr) {
    OVOS_TRY(attach_knowledge(runtime, *context.knowledge, agent.user_id));
  }
  return runtime;
}

core::Result<void> check_agent_runs(const ApiContext& context, const store::Agent& agent) {
  OVOS_TRY(load_agent_runtime(context, agent));
  return core::ok();
}

}  // namespace ovos::api
