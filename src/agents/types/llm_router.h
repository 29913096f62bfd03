#pragma once

// Picks a graph agent's llm edge with a routing LLM: one function per edge (OpenAI-style
// function calling), plus stay_on_current_node.

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "agents/types/graph_agent.h"
#include "core/executor.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::agents {

/// The function the routing LLM calls when no edge fits.
inline constexpr std::string_view kStayFunction = "stay_on_current_node";

/// What the routing LLM chose among a node's llm edges.
struct LlmRouteChoice {
  std::optional<std::size_t> edge;  // index into the edges offered; none: stay
  boost::json::object arguments;    // the edge's parameters the model filled in
};

/// The routing request for `node`: `base` (model, temperature, max_tokens, credentials) with a
/// system message (routing_instructions or a default, the agent's information, the node's id
/// and objective, the context's top-level values), the conversation since the node was entered
/// (`history` from `entered_at`, at most the last eight messages, always the caller's last
/// one), and one function per edge: its function_name (default transition_to_<to>), its
/// function_description (default "Call this function when: <condition>"), its parameters as
/// required properties of their JSON type; then stay_on_current_node.
[[nodiscard]] providers::ChatRequest routing_request(
    const GraphAgent& agent, const GraphNode& node, const std::vector<const GraphEdge*>& edges,
    const std::vector<providers::ChatMessage>& history, std::size_t entered_at,
    const boost::json::object& context, providers::ChatRequest base);

/// Reads the first call the model made: an edge's function (its arguments, when they are a JSON
/// object), stay_on_current_node or an unknown name (stay), or no call (stay).
[[nodiscard]] LlmRouteChoice read_route_choice(const std::vector<providers::ToolCall>& calls,
                                               const std::vector<const GraphEdge*>& edges);

/// Runs a routing request on `llm`; `done` gets the model's tool calls, or its error, once, on
/// `executor` - unless the returned completion is destroyed or cancelled first.
[[nodiscard]] std::unique_ptr<providers::LlmCompletion> run_routing(
    providers::LlmProvider& llm, providers::ChatRequest request, core::Executor& executor,
    std::function<void(core::Result<std::vector<providers::ToolCall>>)> done);

}  // namespace ovos::agents
