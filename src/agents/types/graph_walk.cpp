#include "agents/types/graph_walk.h"

#include <algorithm>
#include <set>

#include "agents/types/graph_expression.h"
#include "agents/types/local_router.h"

namespace ovos::agents {

std::vector<const GraphEdge*> edges_of(const GraphNode& node, GraphEdgeType type) {
  std::vector<const GraphEdge*> out;
  for (const GraphEdge& edge : node.edges) {
    if (edge.type == type) out.push_back(&edge);
  }
  std::stable_sort(out.begin(), out.end(), [](const GraphEdge* a, const GraphEdge* b) {
    if (a->priority.has_value() != b->priority.has_value()) return a->priority.has_value();
    return a->priority.value_or(0) < b->priority.value_or(0);
  });
  return out;
}

const GraphEdge* expression_edge(const GraphAgent& agent, const GraphNode& node,
                                 const boost::json::object& context) {
  for (const GraphEdge* edge : edges_of(node, GraphEdgeType::kExpression)) {
    if (expression_holds(edge->expression, context, agent.variable_types)) return edge;
  }
  return nullptr;
}

const GraphEdge* unconditional_edge(const GraphNode& node) {
  const auto edges = edges_of(node, GraphEdgeType::kUnconditional);
  return edges.empty() ? nullptr : edges.front();
}

const GraphEdge* local_edge(const GraphNode& node, std::string_view utterance) {
  const auto edges = edges_of(node, GraphEdgeType::kLlm);
  if (edges.empty()) return nullptr;
  std::vector<LocalIntent> intents;
  intents.reserve(edges.size());
  for (const GraphEdge* edge : edges)
    intents.push_back({edge->examples, edge->condition});
  const auto match = LocalRouter(std::move(intents)).best(utterance);
  return match ? edges[match->intent] : nullptr;
}

std::optional<std::vector<std::string>> reachable_examples(const GraphAgent& agent,
                                                           const GraphNode& node) {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen_nodes;
  std::vector<const GraphNode*> todo{&node};
  while (!todo.empty()) {
    const GraphNode* at = todo.back();
    todo.pop_back();
    if (!seen_nodes.insert(at->id).second) continue;
    for (const GraphEdge& edge : at->edges) {
      if (edge.type == GraphEdgeType::kEvent) continue;
      if (edge.type == GraphEdgeType::kLlm) {
        if (edge.examples.empty()) return std::nullopt;
        for (const std::string& example : edge.examples) {
          if (std::find(out.begin(), out.end(), example) == out.end()) out.push_back(example);
        }
      }
      const GraphNode* next = agent.find(edge.to);
      if (next != nullptr && next->type == GraphNodeType::kRouter) todo.push_back(next);
    }
  }
  return out;
}

}  // namespace ovos::agents
