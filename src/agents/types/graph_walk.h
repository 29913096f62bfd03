#pragma once

// The deterministic steps of walking a graph agent: which edges a node offers in which order,
// which expression or catch-all edge applies, what the local router picks, what a caller may
// say next.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/types/graph_agent.h"

namespace ovos::agents {

/// The edges of `node` of one type, lowest priority first; edges without a priority come after
/// those with one; document order otherwise.
[[nodiscard]] std::vector<const GraphEdge*> edges_of(const GraphNode& node, GraphEdgeType type);

/// The first expression edge of `node` (by priority) whose expression holds in `context`.
[[nodiscard]] const GraphEdge* expression_edge(const GraphAgent& agent, const GraphNode& node,
                                               const boost::json::object& context);

/// The catch-all: the first unconditional edge of `node` (by priority), or null.
[[nodiscard]] const GraphEdge* unconditional_edge(const GraphNode& node);

/// The llm edge of `node` the local router picks for `utterance` (LocalRouter over each edge's
/// examples and condition), or null when none scores enough.
[[nodiscard]] const GraphEdge* local_edge(const GraphNode& node, std::string_view utterance);

/// What a caller may say at `node`: the examples of its llm edges and of the llm edges of the
/// router nodes its edges lead to (routers decide on the same words), in order, without
/// duplicates. Nullopt when one of those llm edges has no examples: then anything may be said.
[[nodiscard]] std::optional<std::vector<std::string>> reachable_examples(const GraphAgent& agent,
                                                                         const GraphNode& node);

}  // namespace ovos::agents
