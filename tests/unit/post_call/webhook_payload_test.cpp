// The body a call's webhook carries.
#include "agents/tasks/webhook_payload.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::agents::tasks {
namespace {

namespace json = boost::json;

TEST(WebhookPayload, TheCallItsTranscriptAndResults) {
  store::Call call;
  call.id = "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b";
  call.user_id = "owner-never-sent";
  call.agent_id = "agent-1";
  call.status = "completed";
  call.direction = "web";
  call.started_at = 1'763'856'000'000;
  call.ended_at = 1'763'856'060'500;
  call.duration_ms = 60'500;
  call.hangup_reason = "end_call_tool";
  call.recording_url = "/v1/calls/0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b/recording";
  call.variables_json = R"({"customer_name":"Ann"})";
  call.usage_json = R"({"tts_characters":420})";
  call.settings_json = R"({"llm":{"provider":"openai"}})";
  store::Turn t;
  t.index = 1;
  t.user_text = "hi";
  t.agent_text = "hello";
  const json::object payload =
      webhook_payload(call, {t}, json::parse(R"({"slot":"Tuesday"})").as_object(),
                      "Ann booked Tuesday.", "https://voice.example.com/");
  EXPECT_EQ(payload, json::parse(R"({
    "event": "call.completed",
    "call": {
      "id": "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b", "agent_id": "agent-1", "status": "completed",
      "direction": "web", "started_at": "2025-11-23T00:00:00.000Z",
      "ended_at": "2025-11-23T00:01:00.500Z", "duration_ms": 60500,
      "hangup_reason": "end_call_tool",
      "recording_url": "https://voice.example.com/v1/calls/0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b/recording",
      "variables": {"customer_name": "Ann"}, "usage": {"tts_characters": 420}
    },
    "transcript": [{"turn": 1, "user": "hi", "agent": "hello"}],
    "extracted_data": {"slot": "Tuesday"},
    "summary": "Ann booked Tuesday."
  })"));
}

TEST(WebhookPayload, UnknownValuesAreNull) {
  store::Call call;
  call.id = "c";
  call.variables_json = "not json";
  const json::object payload = webhook_payload(call, {}, {}, "", "");
  const json::object& about = payload.at("call").as_object();
  EXPECT_TRUE(about.at("started_at").is_null());
  EXPECT_TRUE(about.at("ended_at").is_null());
  EXPECT_TRUE(about.at("duration_ms").is_null());
  EXPECT_TRUE(about.at("recording_url").is_null());
  EXPECT_EQ(about.at("variables"), json::object());
  EXPECT_EQ(payload.at("transcript"), json::array());
  EXPECT_EQ(payload.at("summary"), "");
  EXPECT_FALSE(about.contains("settings")) << "what the call used stays on the server";
}

}  // namespace
}  // namespace ovos::agents::tasks
