// Reads Bolna's api_tools {tools, tools_params} into ToolSpecs.
#include "agents/tools/tool_spec.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "agents/localized_text.h"
#include "core/dial_target.h"
#include "core/json_read.h"

namespace ovos::agents::tools {

namespace json = boost::json;

namespace {
// A tools list may be given as JSON text (Bolna's dashboard stores it so).
core::Result<json::array> tool_list(const json::value* tools, const std::string& path) {
  if (tools == nullptr || tools->is_null()) return json::array{};
  if (tools->is_array()) return tools->get_array();
  if (tools->is_string()) {
    if (tools->get_string().empty()) return json::array{};
    boost::system::error_code ec;
    json::value parsed = json::parse(tools->get_string(), ec);
    if (!ec && parsed.is_array()) return std::move(parsed.as_array());
  }
  return core::Error::validation("bad tools", {{path, "must be a list of function definitions"}});
}

// {type: function, function: {...}} or the flat {name, description, parameters}.
providers::ToolDefinition definition_of(const json::object& tool) {
  const json::object* fn = &tool;
  if (const json::value* inner = tool.if_contains("function"); inner && inner->is_object()) {
    fn = &inner->get_object();
  }
  providers::ToolDefinition d;
  d.name = core::json_string_at(*fn, "name");
  d.description = core::json_string_at(*fn, "description");
  const json::value* parameters = fn->if_contains("parameters");
  d.parameters_json = parameters != nullptr && parameters->is_object()
                          ? json::serialize(*parameters)
                          : R"({"type":"object","properties":{}})";
  return d;
}

bool http_url(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

core::Result<std::vector<std::pair<std::string, std::string>>> headers_of(
    const json::value* headers, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  if (headers == nullptr || headers->is_null()) return out;
  json::value parsed;
  if (headers->is_string()) {
    if (headers->get_string().empty()) return out;
    boost::system::error_code ec;
    parsed = json::parse(headers->get_string(), ec);
    if (ec) parsed = nullptr;
  } else {
    parsed = *headers;
  }
  if (!parsed.is_object()) {
    return core::Error::validation("bad headers",
                                   {{path, "must be an object of header names to values"}});
  }
  for (const auto& [name, value] : parsed.get_object()) {
    if (!value.is_string()) {
      return core::Error::validation(
          "bad headers", {{path + "." + std::string(name), "a header value must be a string"}});
    }
    out.emplace_back(std::string(name), std::string(value.get_string()));
  }
  return out;
}

// A transfer tool's own number: call_transfer_number in its param (an object, or JSON text of
// one, as Bolna's examples write it). A %(name)s template is left to the model's arguments.
core::Result<std::string> transfer_number_of(const json::value& param, const std::string& path) {
  json::value parsed;
  const json::object* object = param.if_object();
  if (object == nullptr && param.is_string()) {
    boost::system::error_code ec;
    parsed = json::parse(param.get_string(), ec);
    if (!ec) object = parsed.if_object();
  }
  const json::value* number =
      object != nullptr ? object->if_contains("call_transfer_number") : nullptr;
  if (number == nullptr || number->is_null()) return std::string();
  const std::string field = path + ".call_transfer_number";
  if (!number->is_string()) {
    return core::Error::validation(
        "bad transfer number",
        {{field, "must be a string: an E.164 number such as +14155550100, or a sip: URI"}});
  }
  const std::string text(number->get_string());
  if (text.find("%(") != std::string::npos) return std::string();
  if (!core::is_transfer_target(text)) {
    return core::Error::validation(
        "bad transfer number",
        {{field, "'" + text +
                     "' is not an E.164 number ('+' and 7 to 15 digits, the first not 0, e.g. "
                     "+14155550100) nor a sip: URI"}});
  }
  return text;
}

core::Result<void> read_params(ToolSpec& spec, const json::object& params,
                               std::string_view language, const std::string& path) {
  spec.url = core::json_string_at(params, "url");
  if (!spec.url.empty() && !http_url(spec.url)) {
    return core::Error::validation("bad tool url",
                                   {{path + ".url", "must be an http:// or https:// URL"}});
  }
  spec.method = core::json_string_at(params, "method");
  std::transform(spec.method.begin(), spec.method.end(), spec.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (spec.method.empty()) spec.method = "POST";
  spec.api_token = core::json_string_at(params, "api_token");
  if (const json::value* param = params.if_contains("param")) spec.param = *param;
  OVOS_ASSIGN_OR_RETURN(spec.headers, headers_of(params.if_contains("headers"), path + ".headers"));
  spec.pre_call_message = localized_text(params.if_contains("pre_call_message"), language);
  spec.node_scoped = core::json_string_at(params, "scope") == "node";
  if (const json::value* nodes = params.if_contains("nodes"); nodes && nodes->is_array()) {
    for (const json::value& node : nodes->get_array()) {
      if (node.is_string()) spec.nodes.emplace_back(node.get_string());
    }
  }
  return {};
}

}  // namespace

bool is_transfer_tool(std::string_view name) {
  return name.starts_with("transfer_call");
}

providers::ToolDefinition end_call_definition() {
  return {std::string(kEndCallTool),
          "End the call. Use it only when the conversation is over or the caller asks to hang "
          "up, after saying goodbye.",
          R"({"type":"object","properties":{}})"};
}

core::Result<std::vector<ToolSpec>> parse_api_tools(const json::value* api_tools,
                                                    std::string_view language,
                                                    std::string_view path) {
  std::vector<ToolSpec> specs;
  const std::string base(path);
  const json::object* model = api_tools != nullptr ? api_tools->if_object() : nullptr;
  if (model != nullptr) {
    OVOS_ASSIGN_OR_RETURN(const json::array list,
                          tool_list(model->if_contains("tools"), base + ".tools"));
    const json::value* params_value = model->if_contains("tools_params");
    const json::object* params = params_value != nullptr ? params_value->if_object() : nullptr;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string tool_path = base + ".tools[" + std::to_string(i) + "]";
      const json::object* tool = list[i].if_object();
      if (tool == nullptr) {
        return core::Error::validation("bad tool", {{tool_path, "must be a function definition"}});
      }
      ToolSpec spec;
      spec.definition = definition_of(*tool);
      const std::string& name = spec.definition.name;
      if (name.empty()) {
        return core::Error::validation("bad tool", {{tool_path, "has no function name"}});
      }
      if (find_tool(specs, name) != nullptr) {
        return core::Error::validation("bad tool", {{tool_path, "defines '" + name + "' twice"}});
      }
      spec.kind = name == kEndCallTool     ? ToolKind::kEndCall
                  : is_transfer_tool(name) ? ToolKind::kTransfer
                                           : ToolKind::kHttp;
      const std::string params_path = base + ".tools_params." + name;
      const json::value* own = params != nullptr ? params->if_contains(name) : nullptr;
      if (own != nullptr && own->is_object()) {
        OVOS_TRY(read_params(spec, own->get_object(), language, params_path));
      } else if (spec.kind == ToolKind::kHttp) {
        return core::Error::validation(
            "a tool cannot run", {{params_path, "is missing: say which URL runs '" + name + "'"}});
      }
      if (spec.kind == ToolKind::kHttp && spec.url.empty()) {
        return core::Error::validation(
            "a tool cannot run", {{params_path + ".url", "is required to run '" + name + "'"}});
      }
      if (spec.kind == ToolKind::kTransfer) {
        OVOS_ASSIGN_OR_RETURN(spec.transfer_number,
                              transfer_number_of(spec.param, params_path + ".param"));
      }
      specs.push_back(std::move(spec));
    }
  }
  if (find_tool(specs, kEndCallTool) == nullptr) {
    ToolSpec end;
    end.kind = ToolKind::kEndCall;
    end.definition = end_call_definition();
    specs.push_back(std::move(end));
  }
  return specs;
}

std::vector<ToolSpec> tools_at_node(const std::vector<ToolSpec>& tools, std::string_view node_id) {
  std::vector<ToolSpec> out;
  for (const ToolSpec& tool : tools) {
    if (!tool.node_scoped ||
        std::find(tool.nodes.begin(), tool.nodes.end(), node_id) != tool.nodes.end()) {
      out.push_back(tool);
    }
  }
  return out;
}

const ToolSpec* find_tool(const std::vector<ToolSpec>& tools, std::string_view name) {
  for (const ToolSpec& tool : tools) {
    if (tool.definition.name == name) return &tool;
  }
  return nullptr;
}

}  // namespace ovos::agents::tools
