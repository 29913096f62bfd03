#include "agents/types/llm_router.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/types/graph_variables.h"

namespace ovos::agents {

namespace json = boost::json;
using providers::ChatMessage;

namespace {

constexpr std::size_t kMaxRoutingMessages = 8;
constexpr std::string_view kDefaultInstructions =
    "Call the transition function that matches what the caller wants, or stay_on_current_node "
    "if none does or it is unclear.";

std::string system_prompt(const GraphAgent& agent, const GraphNode& node,
                          const json::object& context) {
  std::string prompt = "Routing guidelines: ";
  prompt += agent.routing_instructions.empty() ? std::string(kDefaultInstructions)
                                               : fill_context(agent.routing_instructions, context);
  if (!agent.agent_information.empty()) {
    prompt += "\nAgent: " + fill_context(agent.agent_information, context);
  }
  prompt += "\nCurrent node: " + node.id;
  const std::string& objective =
      node.type == GraphNodeType::kStatic ? node.static_message : node.prompt;
  if (!objective.empty()) prompt += "\nNode objective: " + fill_context(objective, context);
  std::string values;
  for (const auto& [key, value] : context) {
    if (value.is_object() || value.is_array() || value.is_null()) continue;
    values += (values.empty() ? "" : ", ") + std::string(key) + "=" + variable_text(value);
  }
  if (!values.empty()) prompt += "\nContext: " + values;
  return prompt;
}

providers::ToolDefinition definition_of(const GraphEdge& edge) {
  json::object properties;
  json::array required;
  for (const auto& [name, type] : edge.parameters) {
    properties[name] = {{"type", type}, {"description", "The " + name + " the caller gave"}};
    required.push_back(json::string(name));
  }
  const json::object parameters{
      {"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
  return {function_name_of(edge),
          edge.function_description.empty() ? "Call this function when: " + edge.condition
                                            : edge.function_description,
          json::serialize(parameters)};
}

}  // namespace

providers::ChatRequest routing_request(const GraphAgent& agent, const GraphNode& node,
                                       const std::vector<const GraphEdge*>& edges,
                                       const std::vector<ChatMessage>& history,
                                       std::size_t entered_at, const json::object& context,
                                       providers::ChatRequest base) {
  base.messages.clear();
  base.tools.clear();
  base.messages.push_back(
      {ChatMessage::Role::kSystem, system_prompt(agent, node, context), {}, {}});
  std::vector<ChatMessage> recent;
  const std::size_t from = entered_at < history.size() ? entered_at : history.size();
  for (std::size_t i = from; i < history.size(); ++i) {
    const ChatMessage& m = history[i];
    const bool spoken =
        m.role == ChatMessage::Role::kUser || m.role == ChatMessage::Role::kAssistant;
    if (spoken && !m.content.empty()) recent.push_back({m.role, m.content, {}, {}});
  }
  if (recent.empty() && !history.empty() && history.back().role == ChatMessage::Role::kUser) {
    recent.push_back({ChatMessage::Role::kUser, history.back().content, {}, {}});
  }
  if (recent.size() > kMaxRoutingMessages) {
    recent.erase(recent.begin(), recent.end() - static_cast<std::ptrdiff_t>(kMaxRoutingMessages));
  }
  base.messages.insert(base.messages.end(), recent.begin(), recent.end());
  for (const GraphEdge* edge : edges)
    base.tools.push_back(definition_of(*edge));
  base.tools.push_back({std::string(kStayFunction),
                        "No transition matches: more information or a clarification is needed.",
                        R"({"type":"object","properties":{},"required":[]})"});
  return base;
}

LlmRouteChoice read_route_choice(const std::vector<providers::ToolCall>& calls,
                                 const std::vector<const GraphEdge*>& edges) {
  LlmRouteChoice choice;
  if (calls.empty()) return choice;
  const providers::ToolCall& call = calls.front();
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (function_name_of(*edges[i]) != call.name) continue;
    choice.edge = i;
    boost::system::error_code ec;
    json::value args = json::parse(call.arguments, ec);
    if (!ec && args.is_object()) choice.arguments = std::move(args.as_object());
    break;
  }
  return choice;
}

std::unique_ptr<providers::LlmCompletion> run_routing(
    providers::LlmProvider& llm, providers::ChatRequest request, core::Executor& executor,
    std::function<void(core::Result<std::vector<providers::ToolCall>>)> done) {
  auto calls = std::make_shared<std::vector<providers::ToolCall>>();
  // `done` may destroy the completion, and with it this handler: it is moved out first.
  return llm.stream_chat(std::move(request), executor,
                         [calls, done = std::move(done)](providers::LlmEvent e) mutable {
                           if (e.kind == providers::LlmEvent::Kind::kToolCall) {
                             calls->push_back(std::move(e.tool_call));
                             return;
                           }
                           if (e.kind == providers::LlmEvent::Kind::kToken) return;  // not said
                           auto finish = std::move(done);
                           if (e.kind == providers::LlmEvent::Kind::kDone) {
                             finish(std::move(*calls));
                           } else {
                             finish(std::move(e.error));
                           }
                         });
}

}  // namespace ovos::agents
