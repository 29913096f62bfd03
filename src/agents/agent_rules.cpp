#include "agents/agent_rules.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <charconv>

#include "agents/json_path.h"
#include "agents/schema_text.h"
#include "agents/tasks/post_call_plan.h"
#include "agents/tools/tool_spec.h"
#include "core/json_read.h"
#include "providers/provider_catalog.h"

namespace ovos::agents::rules {

namespace json = boost::json;
using providers::ProviderKind;

namespace {

// IO names of Bolna's TelephonyProvider that are not carriers: browser WebSocket and text.
constexpr std::string_view kLocalIo[] = {"default", "database"};

struct SlotInfo {
  std::string_view role;
  ProviderKind kind;
};

SlotInfo slot_info(Slot slot) {
  switch (slot) {
    case Slot::kTranscriber:
      return {"transcriber", ProviderKind::kStt};
    case Slot::kSynthesizer:
      return {"synthesizer", ProviderKind::kTts};
    case Slot::kLlm:
      return {"LLM", ProviderKind::kLlm};
    case Slot::kInput:
      return {"input", ProviderKind::kTelephony};
    case Slot::kOutput:
      return {"output", ProviderKind::kTelephony};
  }
  return {"", ProviderKind::kLlm};
}
void check_name(const json::object& agent_config, ErrorCollector& out) {
  const json::value* name = agent_config.if_contains("agent_name");
  if (name == nullptr || !name->is_string() || name->get_string().empty()) return;
  const json::string& text = name->get_string();
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
    out.add("$.agent_config.agent_name", "must not be blank");
  }
}

void check_prompts(const json::object& document, std::size_t task_count, ErrorCollector& out) {
  const json::object* prompts = core::json_object_at(document, "agent_prompts");
  if (prompts == nullptr) return;
  for (const auto& member : *prompts) {
    const std::string_view key = member.key();
    if (!key.starts_with("task_")) continue;
    const std::string_view digits = key.substr(5);
    std::size_t number = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    const bool too_big = ec == std::errc::result_out_of_range;
    if (!too_big && (ec != std::errc() || ptr != digits.data() + digits.size() || number == 0)) {
      continue;  // not task_<N>: the schema reports the name
    }
    if (too_big || number > task_count) {
      out.add(path_key("$.agent_prompts", key),
              "there is no task " + schema_text::clip(digits) + "; the agent has " +
                  std::to_string(task_count) + (task_count == 1 ? " task" : " tasks"));
    }
  }
}

void check_pipelines(const json::object& task, const std::string& path, ErrorCollector& out) {
  const json::object* chain = core::json_object_at(task, "toolchain");
  const json::object* tools = core::json_object_at(task, "tools_config");
  const json::value* pipelines = chain != nullptr ? chain->if_contains("pipelines") : nullptr;
  if (tools == nullptr || pipelines == nullptr || !pipelines->is_array()) return;
  const std::string base = path_key(path_key(path, "toolchain"), "pipelines");
  for (std::size_t p = 0; p < pipelines->get_array().size(); ++p) {
    const json::array* pipeline = pipelines->get_array()[p].if_array();
    if (pipeline == nullptr) continue;
    for (std::size_t c = 0; c < pipeline->size(); ++c) {
      const json::string* component = (*pipeline)[c].if_string();
      if (component == nullptr) continue;
      const std::string tool = *component == "llm" ? "llm_agent" : std::string(*component);
      const json::value* configured = tools->if_contains(tool);
      if (configured == nullptr || configured->is_null()) {
        out.add(path_index(path_index(base, p), c), "the pipeline uses " + std::string(*component) +
                                                        " but tools_config." + tool +
                                                        " is not set");
      }
    }
  }
}

// api_tools.tools may be JSON text (Bolna's dashboard stores it so); it must parse to a list of
// function definitions.
void check_tools_text(const json::string& text, const std::string& path,
                      const JsonSchemaValidator& schema, ErrorCollector& out) {
  if (text.empty()) return;
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) {
    out.add(path, "must be JSON text of a list of function definitions");
    return;
  }
  const auto& array = parsed.get_array();
  for (std::size_t i = 0; i < array.size() && !out.full(); ++i) {
    const auto errors = schema.validate_at("#/$defs/ToolAny", array[i], path_index("", i), 10);
    if (!errors.ok()) continue;
    for (const core::FieldError& error : *errors) {
      out.add(path, "in the JSON text, " + error.path + " " + error.message);
    }
  }
}

void check_api_tools(const json::object& tools_config, const std::vector<std::string>& node_ids,
                     const std::string& path, bool conversation, const JsonSchemaValidator& schema,
                     ErrorCollector& out) {
  const json::object* api_tools = core::json_object_at(tools_config, "api_tools");
  if (api_tools == nullptr) return;
  const std::string base = path_key(path, "api_tools");
  // Bolna's ToolModel requires tools_params; only webhook tasks go without (webhookURL).
  if (conversation && !api_tools->contains("tools_params")) {
    out.add(path_key(base, "tools_params"), "is required");
  }
  if (const json::value* tools = api_tools->if_contains("tools"); tools && tools->is_string()) {
    check_tools_text(tools->get_string(), path_key(base, "tools"), schema, out);
  }
  // What the engine needs to run each tool (a URL per function, valid headers...).
  if (auto specs = tools::parse_api_tools(tools_config.if_contains("api_tools"), "", base);
      !specs.ok()) {
    for (const core::FieldError& field : specs.error().fields) {
      if (field.path != path_key(base, "tools")) out.add(field.path, field.message);
    }
  }
  const json::object* params = core::json_object_at(*api_tools, "tools_params");
  if (params == nullptr) return;
  for (const auto& [name, value] : *params) {
    const json::object* tool = value.if_object();
    const json::value* scope = tool != nullptr ? tool->if_contains("scope") : nullptr;
    if (scope == nullptr || !scope->is_string() || scope->get_string() != "node") continue;
    const std::string tool_path = path_key(path_key(base, "tools_params"), name);
    const json::value* nodes = tool->if_contains("nodes");
    if (nodes == nullptr || nodes->is_null() || (nodes->is_array() && nodes->get_array().empty())) {
      out.add(path_key(tool_path, "nodes"), "is required when scope is node");
      continue;
    }
    if (!nodes->is_array() || node_ids.empty()) continue;
    for (std::size_t i = 0; i < nodes->get_array().size(); ++i) {
      const json::string* id = nodes->get_array()[i].if_string();
      if (id != nullptr && std::find(node_ids.begin(), node_ids.end(), *id) == node_ids.end()) {
        out.add(path_index(path_key(tool_path, "nodes"), i),
                "unknown node " + schema_text::quoted(*id) +
                    "; must be one of: " + name_list(node_ids));
      }
    }
  }
}

/// A transcriber's or synthesizer's `fallback`: a provider of the same kind, one level deep.
void check_backup(const json::object& config, std::string_view default_provider, Slot slot,
                  const std::string& tool_path, ErrorCollector& out) {
  const json::object* backup = core::json_object_at(config, "fallback");
  if (backup == nullptr) return;
  const std::string backup_path = path_key(tool_path, "fallback");
  check_provider(*backup, "provider", default_provider, slot, path_key(backup_path, "provider"),
                 out);
  if (backup->contains("fallback")) {
    out.add(path_key(backup_path, "fallback"), "a fallback has no fallback of its own");
  }
}

void check_task(const json::object& task, std::size_t index, const std::string& path,
                const JsonSchemaValidator& schema, ErrorCollector& out) {
  // A value outside the enum is the schema's to report.
  const json::value* type_value = task.if_contains("task_type");
  const std::string_view type = type_value != nullptr && type_value->is_string()
                                    ? std::string_view(type_value->get_string())
                                    : std::string_view("conversation");
  const bool conversation = type == "conversation";
  if (index == 0 && (type == "extraction" || type == "summarization" || type == "notification" ||
                     type == "webhook")) {
    out.add(path_key(path, "task_type"), "the first task must be a conversation task");
  }
  // Webhook and notification tasks run no pipeline of tools, whatever their toolchain says.
  if (type != "webhook" && type != "notification") check_pipelines(task, path, out);
  const json::object* tools = core::json_object_at(task, "tools_config");
  if (tools == nullptr) return;
  const std::string tools_path = path_key(path, "tools_config");
  const auto provider_of = [&](std::string_view tool, std::string_view fallback, Slot slot) {
    if (const json::object* config = core::json_object_at(*tools, tool)) {
      const std::string tool_path = path_key(tools_path, tool);
      check_provider(*config, "provider", fallback, slot, path_key(tool_path, "provider"), out);
      check_backup(*config, fallback, slot, tool_path, out);
    }
  };
  provider_of("transcriber", "deepgram", Slot::kTranscriber);
  provider_of("synthesizer", "", Slot::kSynthesizer);
  provider_of("input", "", Slot::kInput);
  provider_of("output", "", Slot::kOutput);
  std::vector<std::string> node_ids;
  if (const json::object* llm_agent = core::json_object_at(*tools, "llm_agent")) {
    check_llm_agent(*llm_agent, path_key(tools_path, "llm_agent"), out);
    node_ids = graph_node_ids(*llm_agent);
  }
  if (const json::object* s2s = core::json_object_at(*tools, "s2s")) {
    check_s2s(*s2s, path_key(tools_path, "s2s"), out);
  }
  check_api_tools(*tools, node_ids, tools_path, conversation, schema, out);
}

}  // namespace

void check_agent(const json::value& document, const JsonSchemaValidator& schema,
                 ErrorCollector& out) {
  const json::object* root = document.if_object();
  const json::object* agent =
      root != nullptr ? core::json_object_at(*root, "agent_config") : nullptr;
  if (agent == nullptr) return;
  check_name(*agent, out);
  const json::value* tasks = agent->if_contains("tasks");
  if (tasks == nullptr || !tasks->is_array()) return;
  const json::array& list = tasks->get_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (const json::object* task = list[i].if_object()) {
      check_task(*task, i, path_index("$.agent_config.tasks", i), schema, out);
    }
  }
  check_prompts(*root, list.size(), out);
  (void)tasks::read_post_call_plan(*root, out);  // follow-up tasks: URLs, instructions, LLM
}

void check_provider(const json::object& owner, std::string_view key, std::string_view fallback,
                    Slot slot, const std::string& path, ErrorCollector& out) {
  const json::value* value = owner.if_contains(key);
  std::string_view name;
  if (value == nullptr || value->is_null()) {
    if (fallback.empty()) return;
    name = fallback;
  } else if (value->is_string()) {
    name = value->get_string();
  } else {
    return;  // wrong type: the schema says so
  }
  const SlotInfo info = slot_info(slot);
  std::vector<std::string> allowed;
  for (std::string_view each : providers::provider_names(info.kind)) {
    allowed.emplace_back(each);
  }
  if (slot == Slot::kInput || slot == Slot::kOutput) {
    allowed.insert(allowed.end(), std::begin(kLocalIo), std::end(kLocalIo));
  }
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
    out.add(path, "unknown " + std::string(info.role) + " provider " + schema_text::quoted(name) +
                      "; must be one of: " + name_list(allowed, allowed.size()));
  }
}

std::string name_list(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == limit) return out + ", ...";
    if (i > 0) out += ", ";
    out += schema_text::clip(names[i]);
  }
  return out;
}

}  // namespace ovos::agents::rules
