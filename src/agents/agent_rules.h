#pragma once

// The rules of agent documents that JSON Schema cannot express (see agent_validator.h). Each
// function reads a part of a document that may still be malformed: anything of an unexpected
// type is skipped here, because the schema check reports it.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agents/error_collector.h"
#include "agents/json_schema_validator.h"

namespace ovos::agents::rules {

/// Where a provider name appears; decides the kind it must have and the words of the message.
enum class Slot { kTranscriber, kSynthesizer, kLlm, kInput, kOutput };

/// Checks a whole agent document. `schema` validates tools given as JSON text.
void check_agent(const boost::json::value& document, const JsonSchemaValidator& schema,
                 ErrorCollector& out);

/// Checks `owner[key]` names a provider usable in `slot`; absent or null means `fallback`
/// (nothing to check when `fallback` is empty).
void check_provider(const boost::json::object& owner, std::string_view key,
                    std::string_view fallback, Slot slot, const std::string& path,
                    ErrorCollector& out);

/// Checks tools_config.llm_agent (either form) at `path`.
void check_llm_agent(const boost::json::object& llm_agent, const std::string& path,
                     ErrorCollector& out);

/// Checks an LLM settings object (Llm and the configs built on it): provider, reasoning_effort.
void check_llm(const boost::json::object& llm, const std::string& path, ErrorCollector& out);

/// Checks owner[effort_key] is a reasoning effort `model` supports (Bolna's
/// validate_reasoning_effort_for_model: only GPT models it knows are checked).
void check_reasoning_effort(const boost::json::object& owner, std::string_view effort_key,
                            std::string_view model, const std::string& path, ErrorCollector& out);

/// Checks tools_config.s2s: reasoning_effort of realtime models.
void check_s2s(const boost::json::object& s2s, const std::string& path, ErrorCollector& out);

/// Checks the llm_config of a graph_agent.
void check_graph_agent(const boost::json::object& config, const std::string& path,
                       ErrorCollector& out);

/// Checks the llm_config of a legacy llm_agent_graph.
void check_legacy_graph(const boost::json::object& config, const std::string& path,
                        ErrorCollector& out);

/// Checks the llm_config of a multiagent.
void check_multiagent(const boost::json::object& config, const std::string& path,
                      ErrorCollector& out);

/// Node ids of a graph_agent llm_agent, or empty for other agents.
[[nodiscard]] std::vector<std::string> graph_node_ids(const boost::json::object& llm_agent);

/// "a, b, c" of at most `limit` names, then ", ...".
[[nodiscard]] std::string name_list(const std::vector<std::string>& names, std::size_t limit = 30);

}  // namespace ovos::agents::rules
