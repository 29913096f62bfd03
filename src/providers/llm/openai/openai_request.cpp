#include "providers/llm/openai/openai_request.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ovos::providers::openai {
namespace {

std::string_view role_name(ChatMessage::Role role) {
  switch (role) {
    case ChatMessage::Role::kSystem:
      return "system";
    case ChatMessage::Role::kUser:
      return "user";
    case ChatMessage::Role::kAssistant:
      return "assistant";
    case ChatMessage::Role::kTool:
      return "tool";
  }
  return "user";
}

boost::json::object encode_message(const ChatMessage& message) {
  boost::json::object out;
  out["role"] = role_name(message.role);
  if (message.role == ChatMessage::Role::kAssistant && !message.tool_calls.empty()) {
    // The content of an assistant turn that only called tools is null.
    if (message.content.empty()) {
      out["content"] = nullptr;
    } else {
      out["content"] = message.content;
    }
    boost::json::array calls;
    for (const ToolCall& call : message.tool_calls) {
      calls.push_back(boost::json::object{
          {"id", call.id},
          {"type", "function"},
          {"function",
           {{"name", call.name}, {"arguments", call.arguments.empty() ? "{}" : call.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
    return out;
  }
  out["content"] = message.content;
  if (message.role == ChatMessage::Role::kTool) out["tool_call_id"] = message.tool_call_id;
  return out;
}

core::Result<boost::json::object> encode_tool(const ToolDefinition& tool) {
  boost::json::object function{{"name", tool.name}};
  if (!tool.description.empty()) function["description"] = tool.description;
  if (!tool.parameters_json.empty()) {
    boost::system::error_code ec;
    boost::json::value schema = boost::json::parse(tool.parameters_json, ec);
    if (ec || !schema.is_object()) {
      return core::Error::invalid("tool " + tool.name + ": parameters_json is not a JSON object" +
                                  (ec ? " (" + ec.message() + ")" : std::string()));
    }
    function["parameters"] = std::move(schema);
  }
  return boost::json::object{{"type", "function"}, {"function", std::move(function)}};
}

}  // namespace

core::Result<std::string> chat_request_body(const ChatRequest& request, bool stream,
                                            MaxTokensField max_tokens_field) {
  boost::json::object body;
  if (!request.model.empty()) body["model"] = request.model;
  boost::json::array messages;
  for (const ChatMessage& message : request.messages)
    messages.push_back(encode_message(message));
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) {
    boost::json::array tools;
    for (const ToolDefinition& tool : request.tools) {
      OVOS_ASSIGN_OR_RETURN(boost::json::object encoded, encode_tool(tool));
      tools.push_back(std::move(encoded));
    }
    body["tools"] = std::move(tools);
  }
  body["temperature"] = request.temperature;
  body[max_tokens_field == MaxTokensField::kMaxTokens ? "max_tokens" : "max_completion_tokens"] =
      request.max_tokens;
  if (stream) {
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
  }
  return boost::json::serialize(body);
}

}  // namespace ovos::providers::openai
