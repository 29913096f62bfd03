#pragma once

// The graph_agent part of call setup (call_setup.h), kept apart from the other agent types.

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agents/responder.h"
#include "core/result.h"
#include "providers/registry.h"

namespace ovos::net {
class HttpClient;
}

namespace ovos::api {

struct AgentRuntime;

/// Reads a graph_agent's llm_config (at JSONPath `path`) into `runtime`: the graph, and the
/// routing LLM when `routing_provider` names one that is not offline (else llm edges are routed
/// locally), with routing_model (default: model), temperature 0 and routing_max_tokens (default
/// 50). Each problem is added to `problems`.
void prepare_graph(AgentRuntime& runtime, const boost::json::object& llm_config,
                   const providers::ProviderRegistry& registry, const std::string& path,
                   std::vector<core::FieldError>& problems);

/// The GraphResponder of one call of `runtime`'s graph.
[[nodiscard]] std::unique_ptr<agents::Responder> make_graph_responder(
    const AgentRuntime& runtime, const std::map<std::string, std::string>& variables,
    net::HttpClient* tool_http);

}  // namespace ovos::api
