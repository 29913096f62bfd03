#pragma once

// Bolna's graph_agent read from its llm_config (GraphAgentConfig) into a form the engine walks.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::agents {

/// A comparison of an ExpressionCondition.
enum class GraphOperator {
  kEq,
  kNeq,
  kGt,
  kGte,
  kLt,
  kLte,
  kIn,
  kNotIn,
  kContains,
  kExists,
  kNotExists
};

/// One comparison of a call variable (Bolna ExpressionCondition).
struct GraphCondition {
  std::string variable;  // dot notation into the call's context, e.g. recipient_data.age
  GraphOperator op = GraphOperator::kEq;
  boost::json::value value;
};

/// Conditions joined by and/or (Bolna ExpressionGroup).
struct GraphExpression {
  bool any = false;  // "or"; otherwise "and"
  std::vector<GraphCondition> conditions;
};

/// How an edge is chosen.
enum class GraphEdgeType { kLlm, kExpression, kUnconditional, kEvent };

/// A transition from a node (Bolna GraphEdge), with the example utterances of its node's
/// `examples` that name it.
struct GraphEdge {
  std::string to;
  GraphEdgeType type = GraphEdgeType::kLlm;
  std::string condition;  // in words (llm edges)
  GraphExpression expression;
  std::string event_name;
  std::string function_name;  // the routing LLM's function; "transition_to_<to>" when not given
  std::string function_description;
  std::vector<std::pair<std::string, std::string>> parameters;  // name -> JSON type, in order
  std::optional<std::int64_t> priority;                         // lower first; none: last
  std::vector<std::string> examples;                            // what a caller says to take it
};

/// What a node does when the call lands on it.
enum class GraphNodeType { kLlm, kStatic, kRouter };

/// A step of the conversation (Bolna GraphNode). Edges are kept in document order.
struct GraphNode {
  std::string id;
  GraphNodeType type = GraphNodeType::kLlm;
  std::string prompt;          // llm nodes
  std::string static_message;  // static nodes, in the call's language
  std::vector<GraphEdge> edges;

  /// A node with no edges ends the conversation (see GraphResponder).
  [[nodiscard]] bool terminal() const { return edges.empty(); }
  [[nodiscard]] bool has_llm_edges() const;
};

/// A whole graph agent, immutable once read; shared by every call of the agent.
struct GraphAgent {
  std::string agent_information;
  std::string start;  // current_node_id, or the first node
  std::vector<GraphNode> nodes;
  boost::json::object context;                        // context_data
  std::map<std::string, std::string> variable_types;  // path -> string | number | boolean
  std::string routing_instructions;

  /// The node with this id, or null.
  [[nodiscard]] const GraphNode* find(std::string_view id) const;
  /// Whether some node speaks with the LLM (otherwise the agent needs no LLM at all).
  [[nodiscard]] bool speaks_with_llm() const;
};

/// The function name the routing LLM sees for `edge`.
[[nodiscard]] std::string function_name_of(const GraphEdge& edge);

/// Reads a graph_agent's llm_config. `language` picks the text of {lang: text} static messages;
/// `path` is the JSONPath of llm_config, for errors. Node `examples` are read as OpenVoiceOS
/// routing examples: each key names an edge of the node (its to_node_id or function_name) and
/// its value lists what a caller says to take it, separated by '|' or new lines; keys that
/// name no edge (Bolna's per-language reply examples) are ignored. Errors (kValidation, each
/// naming its field): no nodes, a duplicate node id, an edge or current_node_id naming an
/// unknown node, an unknown node type, condition type or operator, an expression without
/// conditions, an event edge without event_name.
[[nodiscard]] core::Result<GraphAgent> parse_graph_agent(const boost::json::object& llm_config,
                                                         std::string_view language,
                                                         std::string_view path);

}  // namespace ovos::agents
