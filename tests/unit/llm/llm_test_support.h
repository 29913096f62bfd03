#pragma once

// Helpers for the LLM protocol tests: a minimal server-sent-events splitter for pasted example
// streams, and a one-line description of each LlmEvent for compact expectations.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "providers/llm.h"

namespace ovos::providers::testing {

/// One event of a pasted SSE stream: its `event:` name (empty when none) and joined `data:`.
struct SseEvent {
  std::string event;
  std::string data;
};

/// Splits SSE text into events (blank line ends an event; one space after the colon dropped).
inline std::vector<SseEvent> split_sse(std::string_view text) {
  std::vector<SseEvent> events;
  SseEvent current;
  bool has_data = false;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (has_data) events.push_back(std::move(current));
      current = {};
      has_data = false;
      continue;
    }
    const auto colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "event") current.event = value;
    if (field == "data") {
      if (has_data) current.data += '\n';
      current.data += value;
      has_data = true;
    }
  }
  if (has_data) events.push_back(std::move(current));
  return events;
}

/// "token:<text>", "tool:<id>|<name>|<arguments>", "done:<in>/<out>" or "error:<code>".
inline std::string describe(const LlmEvent& event) {
  switch (event.kind) {
    case LlmEvent::Kind::kToken:
      return "token:" + event.text;
    case LlmEvent::Kind::kToolCall:
      return "tool:" + event.tool_call.id + "|" + event.tool_call.name + "|" +
             event.tool_call.arguments;
    case LlmEvent::Kind::kDone:
      return "done:" + std::to_string(event.input_tokens) + "/" +
             std::to_string(event.output_tokens);
    case LlmEvent::Kind::kError:
      return "error:" + std::to_string(static_cast<int>(event.error.code));
  }
  return "?";
}

inline std::vector<std::string> describe(const std::vector<LlmEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events)
    out.push_back(describe(event));
  return out;
}

/// `text` as a JSON string literal, quotes included.
inline std::string json_string(std::string_view text) {
  return boost::json::serialize(boost::json::value(boost::json::string(text)));
}

/// The conversation both vendors' request tests encode: a system prompt, a question, an
/// assistant turn that calls two tools, both results, and a follow-up question.
inline ChatRequest weather_conversation() {
  ChatRequest request;
  request.model = "test-model";
  request.temperature = 0.2;
  request.max_tokens = 256;
  using Role = ChatMessage::Role;
  request.messages = {
      {Role::kSystem, "You are a weather bot.", {}, {}},
      {Role::kUser, "Weather in Paris and Berlin?", {}, {}},
      {Role::kAssistant,
       "Let me check.",
       {{"call_1", "get_weather", R"({"location":"Paris"})"},
        {"call_2", "get_weather", R"({"location":"Berlin"})"}},
       {}},
      {Role::kTool, "18C sunny", {}, "call_1"},
      {Role::kTool, "12C rain", {}, "call_2"},
      {Role::kUser, "Thanks! Umbrella?", {}, {}},
  };
  request.tools = {{"get_weather", "Current weather for a city",
                    R"({"type":"object","properties":{"location":{"type":"string"}},)"
                    R"("required":["location"]})"}};
  return request;
}

}  // namespace ovos::providers::testing
