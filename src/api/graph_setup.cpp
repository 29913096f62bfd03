#include "api/graph_setup.h"

#include "agents/tools/tool_runner.h"
#include "agents/types/graph_responder.h"
#include "api/call_setup.h"
#include "core/json_read.h"
#include "providers/provider_catalog.h"

namespace ovos::api {

namespace json = boost::json;

void prepare_graph(AgentRuntime& runtime, const json::object& llm_config,
                   const providers::ProviderRegistry& registry, const std::string& path,
                   std::vector<core::FieldError>& problems) {
  auto graph = agents::parse_graph_agent(llm_config, runtime.providers.tts_options.language, path);
  if (!graph.ok()) {
    for (auto& field : graph.error().fields)
      problems.push_back(std::move(field));
    return;
  }
  runtime.graph = std::make_shared<const agents::GraphAgent>(std::move(graph).value());
  runtime.routing_name = core::json_string_at(llm_config, "routing_provider");
  const providers::ProviderInfo* info = providers::find_provider(runtime.routing_name);
  if (runtime.routing_name.empty() || (info != nullptr && info->local)) return;
  runtime.routing_llm = registry.llm(runtime.routing_name);
  if (runtime.routing_llm == nullptr) {
    problems.push_back({path + ".routing_provider",
                        "'" + runtime.routing_name +
                            "' cannot run in this build yet; leave routing_provider out to "
                            "route on the edges' examples here"});
    return;
  }
  std::string model = core::json_string_at(llm_config, "routing_model");
  if (model.empty()) model = core::json_string_at(llm_config, "model");
  runtime.routing_template.model = std::move(model);
  runtime.routing_template.temperature = 0;
  runtime.routing_template.max_tokens = 50;
  if (const json::value* m = llm_config.if_contains("routing_max_tokens"); m && m->is_int64()) {
    runtime.routing_template.max_tokens = static_cast<int>(m->get_int64());
  }
}

std::unique_ptr<agents::Responder> make_graph_responder(
    const AgentRuntime& runtime, const std::map<std::string, std::string>& variables,
    net::HttpClient* tool_http) {
  agents::GraphResponderOptions options;
  options.llm = runtime.llm;
  options.request_template = runtime.request_template;
  options.routing_llm = runtime.routing_llm;
  options.routing_template = runtime.routing_template;
  options.variables = variables;
  options.tools = runtime.tools;
  options.make_tool_runner =
      [tool_http, variables](std::shared_ptr<const std::vector<agents::tools::ToolSpec>> tools) {
        return std::make_shared<agents::tools::HttpToolRunner>(std::move(tools), tool_http,
                                                               variables);
      };
  return std::make_unique<agents::GraphResponder>(runtime.graph, std::move(options));
}

}  // namespace ovos::api
