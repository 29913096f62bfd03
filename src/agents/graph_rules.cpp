#include <algorithm>
#include <unordered_map>

#include "agents/agent_rules.h"
#include "agents/json_path.h"
#include "agents/schema_text.h"

namespace ovos::agents::rules {

namespace json = boost::json;

namespace {

std::string_view string_or(const json::object& owner, std::string_view key,
                           std::string_view fallback) {
  const json::value* value = owner.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->get_string()) : fallback;
}

const json::array* array_at(const json::object& owner, std::string_view key) {
  const json::value* value = owner.if_contains(key);
  return value != nullptr ? value->if_array() : nullptr;
}

// Python truthiness of a prompt or static_message: a non-empty string, list or map.
bool says_something(const json::value* value) {
  if (value == nullptr) return false;
  if (const json::string* text = value->if_string()) return !text->empty();
  if (const json::object* map = value->if_object()) return !map->empty();
  return false;
}

// Node ids in document order, the first index of each id, and duplicate reports.
struct NodeIndex {
  std::vector<std::string> ids;
  std::unordered_map<std::string, std::size_t> first;  // id -> node index
};

NodeIndex index_nodes(const json::array& nodes, const std::string& nodes_path,
                      ErrorCollector& out) {
  NodeIndex index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const json::object* node = nodes[i].if_object();
    if (node == nullptr) continue;
    const json::value* id = node->if_contains("id");
    if (id == nullptr || !id->is_string()) continue;
    const std::string text(id->get_string());
    const auto [it, inserted] = index.first.emplace(text, i);
    if (inserted) {
      index.ids.push_back(text);
    } else {
      out.add(path_key(path_index(nodes_path, i), "id"),
              "duplicate node id " + schema_text::quoted(text) + " (also nodes[" +
                  std::to_string(it->second) + "])");
    }
  }
  return index;
}

void check_node_ref(const json::object& owner, std::string_view key, const NodeIndex& index,
                    const std::string& path, ErrorCollector& out) {
  const json::value* id = owner.if_contains(key);
  if (id == nullptr || !id->is_string() || index.first.contains(std::string(id->get_string()))) {
    return;
  }
  out.add(path_key(path, key), "unknown node " + schema_text::quoted(id->get_string()) +
                                   "; must be one of: " + name_list(index.ids));
}

// Bolna's GraphNode.validate_router_node: a router never speaks and always advances.
void check_router(const json::object& node, const std::string& path, ErrorCollector& out) {
  const std::string id = schema_text::quoted(string_or(node, "id", ""));
  for (const char* field : {"prompt", "static_message"}) {
    if (says_something(node.if_contains(field))) {
      out.add(path_key(path, field),
              "router node " + id + " never speaks, so it must not have a " + field);
    }
  }
  const json::array* edges = array_at(node, "edges");
  bool catch_all = false;
  for (std::size_t j = 0; edges != nullptr && j < edges->size(); ++j) {
    const json::object* edge = (*edges)[j].if_object();
    if (edge == nullptr) continue;
    const std::string_view type = string_or(*edge, "condition_type", "llm");
    if (type == "unconditional") catch_all = true;
    if (type == "event") {
      out.add(path_key(path_index(path_key(path, "edges"), j), "condition_type"),
              "router node " + id + " cannot have event edges: a call never rests on a router");
    }
  }
  if (!catch_all) {
    out.add(path_key(path, "edges"),
            "router node " + id + " needs an unconditional catch-all edge so it always advances");
  }
}

// Bolna's GraphAgentConfig.validate_router_graph: routers leading only to routers would never
// reach a node that speaks. Reports each cycle found, at the node where it closes.
void check_router_cycles(const json::array& nodes, const NodeIndex& index,
                         const std::string& nodes_path, ErrorCollector& out) {
  const auto is_router = [&nodes](std::size_t i) {
    const json::object* node = nodes[i].if_object();
    return node != nullptr && string_or(*node, "node_type", "llm") == "router";
  };
  std::vector<std::vector<std::size_t>> next(nodes.size());
  for (const auto& [id, i] : index.first) {
    if (!is_router(i)) continue;
    const json::array* edges = array_at(nodes[i].get_object(), "edges");
    for (std::size_t j = 0; edges != nullptr && j < edges->size(); ++j) {
      const json::object* edge = (*edges)[j].if_object();
      const auto target =
          index.first.find(std::string(edge ? string_or(*edge, "to_node_id", "") : ""));
      if (target != index.first.end() && is_router(target->second)) {
        next[i].push_back(target->second);
      }
    }
  }
  enum class Color { kWhite, kGray, kBlack };
  std::vector<Color> color(nodes.size(), Color::kWhite);
  for (std::size_t start = 0; start < nodes.size(); ++start) {
    if (!is_router(start) || color[start] != Color::kWhite || next[start].empty()) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{start, 0}};  // node, next edge
    color[start] = Color::kGray;
    while (!stack.empty()) {
      auto& [node, edge] = stack.back();
      if (edge == next[node].size()) {
        color[node] = Color::kBlack;
        stack.pop_back();
        continue;
      }
      const std::size_t target = next[node][edge++];
      if (color[target] == Color::kWhite) {
        color[target] = Color::kGray;
        stack.emplace_back(target, 0);
      } else if (color[target] == Color::kGray) {
        std::string cycle;
        const auto from = std::find_if(stack.begin(), stack.end(), [target](const auto& frame) {
          return frame.first == target;
        });
        for (auto it = from; it != stack.end(); ++it) {
          cycle += schema_text::clip(nodes[it->first].get_object().at("id").get_string()) + " -> ";
        }
        cycle += schema_text::clip(nodes[target].get_object().at("id").get_string());
        out.add(path_index(nodes_path, target),
                "router nodes form a cycle (" + cycle +
                    "); a router chain must end at a node that speaks");
      }
    }
  }
}

}  // namespace

void check_graph_agent(const json::object& config, const std::string& path, ErrorCollector& out) {
  check_provider(config, "routing_provider", "", Slot::kLlm, path_key(path, "routing_provider"),
                 out);
  const std::string_view model = string_or(config, "model", "gpt-3.5-turbo");
  check_reasoning_effort(config, "routing_reasoning_effort",
                         string_or(config, "routing_model", model), path, out);
  const json::array* nodes = array_at(config, "nodes");
  if (nodes == nullptr) return;
  const std::string nodes_path = path_key(path, "nodes");
  const NodeIndex index = index_nodes(*nodes, nodes_path, out);
  check_node_ref(config, "current_node_id", index, path, out);
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const json::object* node = (*nodes)[i].if_object();
    if (node == nullptr) continue;
    const std::string node_path = path_index(nodes_path, i);
    const json::array* edges = array_at(*node, "edges");
    for (std::size_t j = 0; edges != nullptr && j < edges->size(); ++j) {
      if (const json::object* edge = (*edges)[j].if_object()) {
        check_node_ref(*edge, "to_node_id", index, path_index(path_key(node_path, "edges"), j),
                       out);
      }
    }
    if (string_or(*node, "node_type", "llm") == "router") check_router(*node, node_path, out);
  }
  check_router_cycles(*nodes, index, nodes_path, out);
}

void check_legacy_graph(const json::object& config, const std::string& path, ErrorCollector& out) {
  const json::array* nodes = array_at(config, "nodes");
  if (nodes == nullptr) return;
  const std::string nodes_path = path_key(path, "nodes");
  const NodeIndex index = index_nodes(*nodes, nodes_path, out);
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const json::object* node = (*nodes)[i].if_object();
    const json::value* llm = node != nullptr ? node->if_contains("llm") : nullptr;
    if (llm != nullptr && llm->is_object()) {
      check_llm(llm->get_object(), path_key(path_index(nodes_path, i), "llm"), out);
    }
  }
  const json::array* edges = array_at(config, "edges");
  for (std::size_t j = 0; edges != nullptr && j < edges->size(); ++j) {
    if (const json::object* edge = (*edges)[j].if_object()) {
      const std::string edge_path = path_index(path_key(path, "edges"), j);
      check_node_ref(*edge, "start_node", index, edge_path, out);
      check_node_ref(*edge, "end_node", index, edge_path, out);
    }
  }
}

void check_multiagent(const json::object& config, const std::string& path, ErrorCollector& out) {
  const json::value* map_value = config.if_contains("agent_map");
  const json::object* agents = map_value != nullptr ? map_value->if_object() : nullptr;
  if (agents == nullptr) return;
  std::vector<std::string> names;
  for (const auto& [name, llm] : *agents) {
    names.emplace_back(name);
    if (llm.is_object()) {
      check_llm(llm.get_object(), path_key(path_key(path, "agent_map"), name), out);
    }
  }
  const auto known = [&names](std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if (const json::value* fallback = config.if_contains("default_agent");
      fallback != nullptr && fallback->is_string() && !known(fallback->get_string())) {
    out.add(path_key(path, "default_agent"), "unknown agent " +
                                                 schema_text::quoted(fallback->get_string()) +
                                                 "; must be one of: " + name_list(names));
  }
  const json::value* routing = config.if_contains("agent_routing_config");
  if (routing == nullptr || !routing->is_object()) return;
  for (const auto& member : routing->get_object()) {
    if (!known(member.key())) {
      out.add(path_key(path_key(path, "agent_routing_config"), member.key()),
              "unknown agent " + schema_text::quoted(member.key()) +
                  "; must be one of: " + name_list(names));
    }
  }
}

}  // namespace ovos::agents::rules
