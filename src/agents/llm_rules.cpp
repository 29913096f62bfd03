#include <algorithm>
#include <array>

#include "agents/agent_rules.h"
#include "agents/json_path.h"
#include "agents/schema_text.h"

namespace ovos::agents::rules {

namespace json = boost::json;

namespace {

struct ModelEfforts {
  std::string_view model;
  std::string_view efforts;  // space-separated
};

// Bolna's MODEL_REASONING_EFFORT_MAP (bolna/constants.py): the efforts each model accepts.
constexpr std::array kModelEfforts{
    ModelEfforts{"gpt-5", "minimal low medium high"},
    ModelEfforts{"gpt-5-mini", "minimal low medium high"},
    ModelEfforts{"gpt-5-nano", "minimal low medium high"},
    ModelEfforts{"gpt-5-codex", "low medium high"},
    ModelEfforts{"gpt-5-pro", "high"},
    ModelEfforts{"gpt-5.1", "none low medium high"},
    ModelEfforts{"gpt-5.1-codex", "low medium high"},
    ModelEfforts{"gpt-5.1-codex-max", "low medium high xhigh"},
    ModelEfforts{"gpt-5.1-codex-mini", "low medium high"},
    ModelEfforts{"gpt-5.2", "none low medium high xhigh"},
    ModelEfforts{"gpt-5.4", "none low medium high xhigh"},
    ModelEfforts{"gpt-5.4-mini", "none low medium high"},
    ModelEfforts{"gpt-5.4-nano", "none low medium high"},
    ModelEfforts{"gpt-5.5", "none low medium high xhigh"},
    ModelEfforts{"gpt-5.5-pro", "medium high xhigh"},
    ModelEfforts{"gpt-5.6-sol", "none low medium high xhigh"},
    ModelEfforts{"gpt-5.6-terra", "none low medium high xhigh"},
    ModelEfforts{"gpt-5.6-luna", "none low medium high xhigh"},
    ModelEfforts{"gpt-realtime-2", "minimal low medium high xhigh"},
    ModelEfforts{"gpt-realtime-2.1", "minimal low medium high xhigh"},
    ModelEfforts{"gpt-realtime-2.1-mini", "minimal low medium high xhigh"},
};

const ModelEfforts* find_model(std::string_view model) {
  const auto* it = std::find_if(kModelEfforts.begin(), kModelEfforts.end(),
                                [model](const ModelEfforts& m) { return m.model == model; });
  return it == kModelEfforts.end() ? nullptr : it;
}

std::vector<std::string> split_words(std::string_view words) {
  std::vector<std::string> out;
  while (!words.empty()) {
    const std::size_t end = std::min(words.find(' '), words.size());
    out.emplace_back(words.substr(0, end));
    words.remove_prefix(std::min(end + 1, words.size()));
  }
  return out;
}

std::string_view string_or(const json::object& owner, std::string_view key,
                           std::string_view fallback) {
  const json::value* value = owner.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->get_string()) : fallback;
}

const json::object* llm_config_of(const json::object& llm_agent) {
  const json::value* config = llm_agent.if_contains("llm_config");
  return config != nullptr ? config->if_object() : nullptr;
}

}  // namespace

void check_reasoning_effort(const json::object& owner, std::string_view effort_key,
                            std::string_view model, const std::string& path, ErrorCollector& out) {
  const json::value* effort = owner.if_contains(effort_key);
  if (effort == nullptr || !effort->is_string() || model.find("gpt") == std::string_view::npos) {
    return;
  }
  if (const std::size_t slash = model.rfind('/'); slash != std::string_view::npos) {
    model.remove_prefix(slash + 1);
  }
  const ModelEfforts* known = find_model(model);
  if (known == nullptr) return;
  const std::vector<std::string> supported = split_words(known->efforts);
  if (std::find(supported.begin(), supported.end(), effort->get_string()) == supported.end()) {
    out.add(path_key(path, effort_key),
            schema_text::quoted(effort->get_string()) + " is not supported by model " +
                schema_text::quoted(model) + "; must be one of: " + name_list(supported));
  }
}

void check_llm(const json::object& llm, const std::string& path, ErrorCollector& out) {
  check_provider(llm, "provider", "openai", Slot::kLlm, path_key(path, "provider"), out);
  check_reasoning_effort(llm, "reasoning_effort", string_or(llm, "model", "gpt-3.5-turbo"), path,
                         out);
}

void check_llm_agent(const json::object& llm_agent, const std::string& path, ErrorCollector& out) {
  const json::object* config = llm_config_of(llm_agent);
  if (config == nullptr) {
    if (!llm_agent.contains("llm_config")) check_llm(llm_agent, path, out);  // the flat form
    return;
  }
  const std::string config_path = path_key(path, "llm_config");
  const std::string_view type = string_or(llm_agent, "agent_type", "");
  if (type == "simple_llm_agent") {
    check_llm(*config, config_path, out);
  } else if (type == "knowledgebase_agent") {
    check_llm(*config, config_path, out);
    check_provider(*config, "llm_provider", "", Slot::kLlm, path_key(config_path, "llm_provider"),
                   out);
  } else if (type == "graph_agent") {
    check_llm(*config, config_path, out);
    check_graph_agent(*config, config_path, out);
  } else if (type == "llm_agent_graph") {
    check_legacy_graph(*config, config_path, out);
  } else if (type == "multiagent") {
    check_multiagent(*config, config_path, out);
  }
}

void check_s2s(const json::object& s2s, const std::string& path, ErrorCollector& out) {
  if (string_or(s2s, "provider", "") != "openai_realtime") return;
  const json::value* config_value = s2s.if_contains("provider_config");
  const json::object* config = config_value != nullptr ? config_value->if_object() : nullptr;
  if (config == nullptr) return;
  const json::value* effort = config->if_contains("reasoning_effort");
  if (effort == nullptr || !effort->is_string()) return;
  const std::string config_path = path_key(path, "provider_config");
  const std::string_view model = string_or(*config, "model", "gpt-realtime-2.1");
  if (find_model(model) == nullptr) {
    out.add(path_key(config_path, "reasoning_effort"),
            "is not supported by realtime model " + schema_text::quoted(model));
    return;
  }
  check_reasoning_effort(*config, "reasoning_effort", model, config_path, out);
}

std::vector<std::string> graph_node_ids(const json::object& llm_agent) {
  std::vector<std::string> ids;
  const json::object* config = llm_config_of(llm_agent);
  if (config == nullptr || string_or(llm_agent, "agent_type", "") != "graph_agent") return ids;
  const json::value* nodes = config->if_contains("nodes");
  if (nodes == nullptr || !nodes->is_array()) return ids;
  for (const json::value& node : nodes->get_array()) {
    if (const json::object* object = node.if_object()) {
      if (const json::value* id = object->if_contains("id"); id && id->is_string()) {
        ids.emplace_back(id->get_string());
      }
    }
  }
  return ids;
}

}  // namespace ovos::agents::rules
