#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/llm/openai/openai_protocol.h"
#include "unit/llm/llm_test_support.h"

namespace ovos::providers::openai {
namespace {

using providers::testing::weather_conversation;

boost::json::value body_of(const ChatRequest& request, bool stream,
                           MaxTokensField field = MaxTokensField::kMaxTokens) {
  auto body = chat_request_body(request, stream, field);
  EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().message);
  return body.ok() ? boost::json::parse(*body) : boost::json::value();
}

// Message and tool shapes as in OpenAI's Chat Completions reference: assistant `tool_calls`
// with `function.arguments` as a string, `tool` messages answering a `tool_call_id`, tools as
// {type: function, function: {name, description, parameters}}.
TEST(OpenAiRequestTest, ConversationWithToolCallsAndResults) {
  const auto expected = boost::json::parse(R"json({
    "model": "test-model",
    "messages": [
      {"role": "system", "content": "You are a weather bot."},
      {"role": "user", "content": "Weather in Paris and Berlin?"},
      {"role": "assistant", "content": "Let me check.", "tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\"location\":\"Paris\"}"}},
        {"id": "call_2", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\"location\":\"Berlin\"}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "content": "18C sunny"},
      {"role": "tool", "tool_call_id": "call_2", "content": "12C rain"},
      {"role": "user", "content": "Thanks! Umbrella?"}
    ],
    "tools": [{"type": "function", "function": {
      "name": "get_weather", "description": "Current weather for a city",
      "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                     "required": ["location"]}}}],
    "temperature": 0.2,
    "max_tokens": 256,
    "stream": true,
    "stream_options": {"include_usage": true}
  })json");
  EXPECT_EQ(body_of(weather_conversation(), true), expected);
}

TEST(OpenAiRequestTest, WithoutStreamingThereAreNoStreamFields) {
  const auto body = body_of(weather_conversation(), false).as_object();
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_FALSE(body.contains("stream_options"));
}

TEST(OpenAiRequestTest, MaxCompletionTokensWhenAsked) {
  const auto body =
      body_of(weather_conversation(), true, MaxTokensField::kMaxCompletionTokens).as_object();
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_EQ(body.at("max_completion_tokens"), 256);
}

TEST(OpenAiRequestTest, AssistantTurnOfOnlyToolCallsHasNullContentAndDefaultArguments) {
  ChatRequest request;
  request.messages = {{ChatMessage::Role::kAssistant, "", {{"call_9", "end_call", ""}}, {}}};
  const auto body = body_of(request, false).as_object();
  EXPECT_FALSE(body.contains("model"));  // Azure: the deployment picks it
  EXPECT_FALSE(body.contains("tools"));
  const auto& message = body.at("messages").as_array().at(0).as_object();
  EXPECT_TRUE(message.at("content").is_null());
  EXPECT_EQ(message.at("tool_calls").as_array().at(0).at("function").at("arguments"), "{}");
}

TEST(OpenAiRequestTest, ToolWithoutParametersLeavesThemOut) {
  ChatRequest request = weather_conversation();
  request.tools = {{"end_call", "", ""}};
  const auto body = body_of(request, false).as_object();
  EXPECT_EQ(body.at("tools").as_array().at(0),
            boost::json::parse(R"({"type":"function","function":{"name":"end_call"}})"));
}

TEST(OpenAiRequestTest, InvalidParametersJsonIsAnError) {
  for (const char* bad : {R"({"type":"object")", "[1,2]", "not json"}) {
    ChatRequest request = weather_conversation();
    request.tools[0].parameters_json = bad;
    const auto body = chat_request_body(request, true);
    ASSERT_FALSE(body.ok()) << bad;
    EXPECT_EQ(body.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(body.error().message.find("get_weather"), std::string::npos);
  }
}

}  // namespace
}  // namespace ovos::providers::openai
