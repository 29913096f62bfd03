// Reads a graph_agent's llm_config into GraphAgent, reporting every problem at once.
#include "agents/types/graph_agent.h"

#include <algorithm>
#include <set>

#include "agents/localized_text.h"
#include "core/json_read.h"

namespace ovos::agents {

namespace json = boost::json;

namespace {
const json::array* array_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr ? v->if_array() : nullptr;
}

std::string at(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

std::string at(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::optional<GraphOperator> operator_named(std::string_view name) {
  static const std::pair<std::string_view, GraphOperator> kNames[] = {
      {"eq", GraphOperator::kEq},
      {"neq", GraphOperator::kNeq},
      {"gt", GraphOperator::kGt},
      {"gte", GraphOperator::kGte},
      {"lt", GraphOperator::kLt},
      {"lte", GraphOperator::kLte},
      {"in", GraphOperator::kIn},
      {"not_in", GraphOperator::kNotIn},
      {"contains", GraphOperator::kContains},
      {"exists", GraphOperator::kExists},
      {"not_exists", GraphOperator::kNotExists}};
  for (const auto& [n, op] : kNames) {
    if (n == name) return op;
  }
  return std::nullopt;
}

/// Splits an examples value on '|' and new lines; trims; drops empty pieces.
std::vector<std::string> split_examples(std::string_view text) {
  std::vector<std::string> out;
  std::string piece;
  const auto push = [&] {
    const auto first = piece.find_first_not_of(" \t\r");
    if (first != std::string::npos) {
      const auto last = piece.find_last_not_of(" \t\r");
      out.push_back(piece.substr(first, last - first + 1));
    }
    piece.clear();
  };
  for (const char c : text) {
    if (c == '|' || c == '\n') {
      push();
    } else {
      piece += c;
    }
  }
  push();
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view language) : language_(language) {}

  void fail(std::string path, std::string message) {
    errors_.push_back({std::move(path), std::move(message)});
  }
  [[nodiscard]] std::vector<core::FieldError> take() { return std::move(errors_); }

  GraphExpression expression(const json::value* value, const std::string& path) {
    GraphExpression out;
    const json::object* group = value != nullptr ? value->if_object() : nullptr;
    if (group == nullptr) {
      fail(path, "an expression edge needs an expression {logic, conditions}");
      return out;
    }
    const std::string logic = core::json_string_at(*group, "logic");
    if (!logic.empty() && logic != "and" && logic != "or") {
      fail(at(path, "logic"), "must be \"and\" or \"or\"");
    }
    out.any = logic == "or";
    const json::array* conditions = array_at(*group, "conditions");
    if (conditions == nullptr || conditions->empty()) {
      fail(at(path, "conditions"), "needs at least one condition");
      return out;
    }
    for (std::size_t i = 0; i < conditions->size(); ++i) {
      const std::string cpath = at(at(path, "conditions"), i);
      const json::object* c = (*conditions)[i].if_object();
      if (c == nullptr) {
        fail(cpath, "must be an object {variable, operator, value}");
        continue;
      }
      GraphCondition condition;
      condition.variable = core::json_string_at(*c, "variable");
      if (condition.variable.empty()) fail(at(cpath, "variable"), "must name a variable");
      const std::string op = core::json_string_at(*c, "operator");
      if (auto known = operator_named(op)) {
        condition.op = *known;
      } else {
        fail(at(cpath, "operator"),
             "unknown operator \"" + op +
                 "\"; must be one of: eq, neq, gt, gte, lt, lte, in, not_in, contains, exists, "
                 "not_exists");
      }
      if (const json::value* v = c->if_contains("value")) condition.value = *v;
      out.conditions.push_back(std::move(condition));
    }
    return out;
  }

  GraphEdge edge(const json::object& e, const std::string& path) {
    GraphEdge edge;
    edge.to = core::json_string_at(e, "to_node_id");
    if (edge.to.empty()) fail(at(path, "to_node_id"), "must name the node the edge leads to");
    edge.condition = core::json_string_at(e, "condition");
    const std::string type = core::json_string_at(e, "condition_type");
    if (type.empty() || type == "llm") {
      edge.type = GraphEdgeType::kLlm;
    } else if (type == "expression") {
      edge.type = GraphEdgeType::kExpression;
      edge.expression = expression(e.if_contains("expression"), at(path, "expression"));
    } else if (type == "unconditional") {
      edge.type = GraphEdgeType::kUnconditional;
    } else if (type == "event") {
      edge.type = GraphEdgeType::kEvent;
      edge.event_name = core::json_string_at(e, "event_name");
      if (edge.event_name.empty()) fail(at(path, "event_name"), "an event edge needs event_name");
    } else {
      fail(at(path, "condition_type"),
           "unknown condition type \"" + type +
               "\"; must be one of: llm, expression, unconditional, event");
    }
    edge.function_name = core::json_string_at(e, "function_name");
    edge.function_description = core::json_string_at(e, "function_description");
    if (const json::value* p = e.if_contains("parameters"); p != nullptr && p->is_object()) {
      for (const auto& [name, kind] : p->get_object()) {
        edge.parameters.emplace_back(std::string(name),
                                     kind.is_string() ? std::string(kind.get_string()) : "string");
      }
    }
    if (const json::value* p = e.if_contains("priority"); p != nullptr && p->is_int64()) {
      edge.priority = p->get_int64();
    } else if (p != nullptr && p->is_uint64()) {
      edge.priority = static_cast<std::int64_t>(p->get_uint64());
    }
    return edge;
  }

  GraphNode node(const json::object& n, const std::string& path) {
    GraphNode node;
    node.id = core::json_string_at(n, "id");
    const std::string type = core::json_string_at(n, "node_type");
    if (type.empty() || type == "llm") {
      node.type = GraphNodeType::kLlm;
    } else if (type == "static") {
      node.type = GraphNodeType::kStatic;
    } else if (type == "router") {
      node.type = GraphNodeType::kRouter;
    } else {
      fail(at(path, "node_type"),
           "unknown node type \"" + type + "\"; must be one of: llm, static, router");
    }
    node.prompt = core::json_string_at(n, "prompt");
    node.static_message = localized_text(n.if_contains("static_message"), language_);
    if (node.type == GraphNodeType::kStatic && node.static_message.empty()) {
      fail(at(path, "static_message"), "a static node needs a message to say");
    }
    if (const json::array* edges = array_at(n, "edges")) {
      for (std::size_t j = 0; j < edges->size(); ++j) {
        const std::string epath = at(at(path, "edges"), j);
        if (const json::object* e = (*edges)[j].if_object()) {
          node.edges.push_back(edge(*e, epath));
        } else {
          fail(epath, "must be an edge object");
        }
      }
    }
    attach_examples(node, n.if_contains("examples"));
    return node;
  }

 private:
  static void attach_examples(GraphNode& node, const json::value* examples) {
    const json::object* map = examples != nullptr ? examples->if_object() : nullptr;
    if (map == nullptr) return;
    for (const auto& [key, value] : *map) {
      if (!value.is_string()) continue;
      for (GraphEdge& edge : node.edges) {
        if (edge.type != GraphEdgeType::kLlm) continue;
        if (key != edge.to && key != edge.function_name) continue;
        for (std::string& example : split_examples(value.get_string())) {
          edge.examples.push_back(std::move(example));
        }
      }
    }
  }

  std::string language_;
  std::vector<core::FieldError> errors_;
};

}  // namespace

bool GraphNode::has_llm_edges() const {
  return std::any_of(edges.begin(), edges.end(),
                     [](const GraphEdge& e) { return e.type == GraphEdgeType::kLlm; });
}

const GraphNode* GraphAgent::find(std::string_view id) const {
  for (const GraphNode& node : nodes) {
    if (node.id == id) return &node;
  }
  return nullptr;
}

bool GraphAgent::speaks_with_llm() const {
  return std::any_of(nodes.begin(), nodes.end(),
                     [](const GraphNode& n) { return n.type == GraphNodeType::kLlm; });
}

std::string function_name_of(const GraphEdge& edge) {
  return edge.function_name.empty() ? "transition_to_" + edge.to : edge.function_name;
}

core::Result<GraphAgent> parse_graph_agent(const json::object& llm_config,
                                           std::string_view language, std::string_view path) {
  Reader reader(language);
  GraphAgent agent;
  agent.agent_information = core::json_string_at(llm_config, "agent_information");
  agent.routing_instructions = core::json_string_at(llm_config, "routing_instructions");
  if (const json::value* c = llm_config.if_contains("context_data"); c && c->is_object()) {
    agent.context = c->get_object();
  }
  if (const json::value* t = llm_config.if_contains("variable_types"); t && t->is_object()) {
    for (const auto& [name, type] : t->get_object()) {
      if (type.is_string()) agent.variable_types[std::string(name)] = type.get_string();
    }
  }
  const std::string nodes_path = at(path, "nodes");
  const json::array* nodes = array_at(llm_config, "nodes");
  if (nodes == nullptr || nodes->empty()) {
    reader.fail(nodes_path, "a graph agent needs at least one node");
    return core::Error::validation("the graph agent cannot run", reader.take());
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const std::string npath = at(nodes_path, i);
    const json::object* n = (*nodes)[i].if_object();
    if (n == nullptr) {
      reader.fail(npath, "must be a node object");
      continue;
    }
    GraphNode node = reader.node(*n, npath);
    if (node.id.empty()) {
      reader.fail(at(npath, "id"), "a node needs an id");
    } else if (!ids.insert(node.id).second) {
      reader.fail(at(npath, "id"), "duplicate node id \"" + node.id + "\"");
    }
    agent.nodes.push_back(std::move(node));
  }
  for (std::size_t i = 0; i < agent.nodes.size(); ++i) {
    for (std::size_t j = 0; j < agent.nodes[i].edges.size(); ++j) {
      const std::string& to = agent.nodes[i].edges[j].to;
      if (!to.empty() && !ids.contains(to)) {
        reader.fail(at(at(at(nodes_path, i), "edges"), j) + ".to_node_id",
                    "unknown node \"" + to + "\"");
      }
    }
  }
  agent.start = core::json_string_at(llm_config, "current_node_id");
  if (agent.start.empty() && !agent.nodes.empty()) agent.start = agent.nodes.front().id;
  if (!agent.start.empty() && !ids.contains(agent.start)) {
    reader.fail(at(path, "current_node_id"), "unknown node \"" + agent.start + "\"");
  }
  std::vector<core::FieldError> errors = reader.take();
  if (!errors.empty()) {
    return core::Error::validation("the graph agent cannot run", std::move(errors));
  }
  return agent;
}

}  // namespace ovos::agents
