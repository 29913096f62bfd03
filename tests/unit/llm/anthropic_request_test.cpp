#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/llm/anthropic/anthropic_protocol.h"
#include "unit/llm/llm_test_support.h"

namespace ovos::providers::anthropic {
namespace {

using providers::testing::weather_conversation;
using Role = ChatMessage::Role;

boost::json::value body_of(const ChatRequest& request, bool stream = true) {
  auto body = messages_request_body(request, stream);
  EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().message);
  return body.ok() ? boost::json::parse(*body) : boost::json::value();
}

// Shapes from Anthropic's Messages API reference and tool-use guide: top-level `system`,
// `tool_use` blocks with an `input` object in the assistant turn, `tool_result` blocks (results
// first) in the next user turn, tools with `input_schema`, `max_tokens` required.
TEST(AnthropicRequestTest, ConversationWithToolUseAndResults) {
  const auto expected = boost::json::parse(R"json({
    "model": "test-model",
    "max_tokens": 256,
    "system": "You are a weather bot.",
    "messages": [
      {"role": "user", "content": [{"type": "text", "text": "Weather in Paris and Berlin?"}]},
      {"role": "assistant", "content": [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"location": "Paris"}},
        {"type": "tool_use", "id": "call_2", "name": "get_weather", "input": {"location": "Berlin"}}]},
      {"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "call_1", "content": "18C sunny"},
        {"type": "tool_result", "tool_use_id": "call_2", "content": "12C rain"},
        {"type": "text", "text": "Thanks! Umbrella?"}]}
    ],
    "tools": [{"name": "get_weather", "description": "Current weather for a city",
      "input_schema": {"type": "object", "properties": {"location": {"type": "string"}},
                       "required": ["location"]}}],
    "temperature": 0.2,
    "stream": true
  })json");
  EXPECT_EQ(body_of(weather_conversation()), expected);
  EXPECT_FALSE(body_of(weather_conversation(), false).as_object().contains("stream"));
}

TEST(AnthropicRequestTest, SystemMessagesJoinAndSameRoleNeighboursMerge) {
  ChatRequest request;
  request.messages = {
      {Role::kSystem, "Be brief.", {}, {}},
      {Role::kUser, "Hi", {}, {}},
      {Role::kUser, "", {}, {}},  // empty text is left out
      {Role::kUser, "Are you there?", {}, {}},
      {Role::kSystem, "The caller is in a hurry.", {}, {}},
      {Role::kAssistant, "Yes.", {}, {}},
      {Role::kAssistant, "How can I help?", {}, {}},
  };
  request.tools.clear();
  const auto body = body_of(request).as_object();
  EXPECT_FALSE(body.contains("model"));
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_EQ(body.at("system"), "Be brief.\n\nThe caller is in a hurry.");
  EXPECT_EQ(body.at("messages"), boost::json::parse(R"json([
    {"role": "user", "content": [{"type": "text", "text": "Hi"},
                                 {"type": "text", "text": "Are you there?"}]},
    {"role": "assistant", "content": [{"type": "text", "text": "Yes."},
                                      {"type": "text", "text": "How can I help?"}]}
  ])json"));
}

// A user's words that arrive between a tool call and its result go after the result.
TEST(AnthropicRequestTest, ToolResultsComeFirstInAUserTurn) {
  ChatRequest request;
  request.messages = {
      {Role::kUser, "Hang up please", {}, {}},
      {Role::kAssistant, "", {{"toolu_1", "end_call", ""}}, {}},
      {Role::kUser, "Bye", {}, {}},
      {Role::kTool, "ok", {}, "toolu_1"},
  };
  EXPECT_EQ(body_of(request).at("messages"), boost::json::parse(R"json([
    {"role": "user", "content": [{"type": "text", "text": "Hang up please"}]},
    {"role": "assistant", "content": [
      {"type": "tool_use", "id": "toolu_1", "name": "end_call", "input": {}}]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"},
                                 {"type": "text", "text": "Bye"}]}
  ])json"));
}

TEST(AnthropicRequestTest, ToolWithoutParametersGetsAnObjectSchemaAndTemperatureIsClamped) {
  ChatRequest request = weather_conversation();
  request.tools = {{"end_call", "", ""}};
  request.temperature = 1.5;
  const auto body = body_of(request).as_object();
  EXPECT_EQ(body.at("tools"),
            boost::json::parse(R"([{"name":"end_call","input_schema":{"type":"object"}}])"));
  EXPECT_EQ(body.at("temperature"), 1.0);
}

TEST(AnthropicRequestTest, BadInputsAreErrors) {
  ChatRequest bad_arguments = weather_conversation();
  bad_arguments.messages[2].tool_calls[0].arguments = R"({"location":)";
  ChatRequest array_arguments = weather_conversation();
  array_arguments.messages[2].tool_calls[1].arguments = "[]";
  ChatRequest bad_schema = weather_conversation();
  bad_schema.tools[0].parameters_json = "{nope}";
  ChatRequest no_tokens = weather_conversation();
  no_tokens.max_tokens = 0;
  for (const auto& [request, mention] :
       std::vector<std::pair<ChatRequest, std::string>>{{bad_arguments, "call_1"},
                                                        {array_arguments, "call_2"},
                                                        {bad_schema, "get_weather"},
                                                        {no_tokens, "max_tokens"}}) {
    const auto body = messages_request_body(request, true);
    ASSERT_FALSE(body.ok()) << mention;
    EXPECT_EQ(body.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(body.error().message.find(mention), std::string::npos) << body.error().message;
  }
}

}  // namespace
}  // namespace ovos::providers::anthropic
