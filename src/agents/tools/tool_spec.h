#pragma once

// The tools of an agent (Bolna's api_tools), read from its JSON.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "providers/llm.h"

namespace ovos::agents::tools {

/// How the engine runs a tool the LLM called.
enum class ToolKind {
  kHttp,      // an HTTP request built from tools_params[name]
  kEndCall,   // hang up after the goodbye (built in)
  kTransfer,  // hand the call to a person: "transfer_call*" (optionally POSTs tools_params.url)
};

/// One tool: its definition for the LLM and how it is executed.
struct ToolSpec {
  ToolKind kind = ToolKind::kHttp;
  providers::ToolDefinition definition;
  std::string url;  // may hold %(name)s placeholders
  std::string method = "POST";
  std::string api_token;     // Authorization value; "Bearer " added when it has no scheme
  boost::json::value param;  // string template, object of templates, or null
  std::vector<std::pair<std::string, std::string>> headers;
  std::string pre_call_message;  // said while the tool runs; "" = nothing
  std::string transfer_number;   // kTransfer: the number when the LLM gives none
  bool node_scoped = false;      // graph agents: scope "node", offered only at `nodes`
  std::vector<std::string> nodes;
};

/// The name of the built-in tool that ends the call.
inline constexpr std::string_view kEndCallTool = "end_call";

/// Whether `name` is a transfer tool (Bolna: any name starting with "transfer_call").
[[nodiscard]] bool is_transfer_tool(std::string_view name);

/// The definition of the built-in end_call tool.
[[nodiscard]] providers::ToolDefinition end_call_definition();

/// Reads tools_config.api_tools (null or absent: no tools but end_call). `language` picks the
/// pre_call_message of a {lang: text} map. Each error names the field, as the agent validator
/// does: a function with no tools_params (other than end_call and transfer tools), a URL that is
/// not http(s), headers that are not an object of strings. Always adds end_call unless the
/// agent defines its own.
[[nodiscard]] core::Result<std::vector<ToolSpec>> parse_api_tools(
    const boost::json::value* api_tools, std::string_view language, std::string_view path);

/// The tools a graph agent offers at node `node_id`: global ones and those scoped to the node.
[[nodiscard]] std::vector<ToolSpec> tools_at_node(const std::vector<ToolSpec>& tools,
                                                  std::string_view node_id);

/// Finds the tool called `name`, or null.
[[nodiscard]] const ToolSpec* find_tool(const std::vector<ToolSpec>& tools, std::string_view name);

}  // namespace ovos::agents::tools
