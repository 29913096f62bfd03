#include "providers/llm/anthropic/anthropic_request.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ovos::providers::anthropic {
namespace {

// A JSON object from text; `what` names it in the error.
core::Result<boost::json::value> parse_object(std::string_view text, const std::string& what) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) return core::Error::invalid(what + " is not JSON (" + ec.message() + ")");
  if (!value.is_object()) return core::Error::invalid(what + " is not a JSON object");
  return value;
}

boost::json::object text_block(const std::string& text) {
  return {{"type", "text"}, {"text", text}};
}

core::Result<boost::json::array> assistant_blocks(const ChatMessage& message) {
  boost::json::array blocks;
  if (!message.content.empty()) blocks.push_back(text_block(message.content));
  for (const ToolCall& call : message.tool_calls) {
    boost::json::value input = boost::json::object{};
    if (!call.arguments.empty()) {
      OVOS_ASSIGN_OR_RETURN(input,
                            parse_object(call.arguments, "arguments of tool call " + call.id));
    }
    blocks.push_back(boost::json::object{
        {"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", std::move(input)}});
  }
  return blocks;
}

bool is_tool_result(const boost::json::value& block) {
  const auto* type = block.as_object().if_contains("type");
  return type != nullptr && type->is_string() && type->as_string() == "tool_result";
}

// The user/assistant turns, same-role neighbours merged.
core::Result<boost::json::array> encode_messages(const std::vector<ChatMessage>& messages) {
  boost::json::array out;
  for (const ChatMessage& message : messages) {
    std::string_view role = "user";
    boost::json::array blocks;
    switch (message.role) {
      case ChatMessage::Role::kSystem:
        continue;
      case ChatMessage::Role::kUser:
        if (!message.content.empty()) blocks.push_back(text_block(message.content));
        break;
      case ChatMessage::Role::kAssistant: {
        role = "assistant";
        OVOS_ASSIGN_OR_RETURN(blocks, assistant_blocks(message));
        break;
      }
      case ChatMessage::Role::kTool:
        blocks.push_back(boost::json::object{{"type", "tool_result"},
                                             {"tool_use_id", message.tool_call_id},
                                             {"content", message.content}});
        break;
    }
    if (blocks.empty()) continue;
    auto* last = out.empty() ? nullptr : &out.back().as_object();
    if (last != nullptr && last->at("role").as_string() == role) {
      auto& content = last->at("content").as_array();
      for (auto& block : blocks)
        content.push_back(std::move(block));
    } else {
      out.push_back(boost::json::object{{"role", role}, {"content", std::move(blocks)}});
    }
  }
  // In a user message the tool results come before any text.
  for (auto& message : out) {
    auto& content = message.as_object().at("content").as_array();
    std::stable_partition(content.begin(), content.end(), is_tool_result);
  }
  return out;
}

core::Result<boost::json::array> encode_tools(const std::vector<ToolDefinition>& tools) {
  boost::json::array out;
  for (const ToolDefinition& tool : tools) {
    boost::json::object encoded{{"name", tool.name}};
    if (!tool.description.empty()) encoded["description"] = tool.description;
    boost::json::value schema = boost::json::object{{"type", "object"}};
    if (!tool.parameters_json.empty()) {
      OVOS_ASSIGN_OR_RETURN(schema,
                            parse_object(tool.parameters_json, "parameters_json of " + tool.name));
    }
    encoded["input_schema"] = std::move(schema);
    out.push_back(std::move(encoded));
  }
  return out;
}

}  // namespace

core::Result<std::string> messages_request_body(const ChatRequest& request, bool stream) {
  if (request.max_tokens <= 0) return core::Error::invalid("max_tokens must be positive");
  boost::json::object body;
  if (!request.model.empty()) body["model"] = request.model;
  body["max_tokens"] = request.max_tokens;
  std::string system;
  for (const ChatMessage& message : request.messages) {
    if (message.role != ChatMessage::Role::kSystem || message.content.empty()) continue;
    if (!system.empty()) system += "\n\n";
    system += message.content;
  }
  if (!system.empty()) body["system"] = system;
  OVOS_ASSIGN_OR_RETURN(body["messages"], encode_messages(request.messages));
  if (!request.tools.empty()) {
    OVOS_ASSIGN_OR_RETURN(body["tools"], encode_tools(request.tools));
  }
  body["temperature"] = std::clamp(request.temperature, 0.0, 1.0);
  if (stream) body["stream"] = true;
  return boost::json::serialize(body);
}

}  // namespace ovos::providers::anthropic
