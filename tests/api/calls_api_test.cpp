// Call records: written through the store (as the engine will), read through the API.
#include "api_fixture.h"
#include "core/ids.h"
#include "store/store.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;

class CallsApiTest : public ApiTest {
 protected:
  std::unique_ptr<store::Store> open_store() {
    auto s = store::Store::open(database_url_.value_or(""), server_->data_dir() + "/data");
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }
  store::Call insert_call(store::Store& s, const std::string& user, const std::string& agent,
                          const std::string& status, const std::string& direction,
                          std::int64_t at) {
    store::Call c;
    c.id = core::new_id(at);
    c.user_id = user;
    c.agent_id = agent;
    c.status = status;
    c.direction = direction;
    c.carrier = direction == "web" ? "web" : "twilio";
    c.from_number = "+15550001111";
    c.to_number = "+15550002222";
    c.created_at = at;
    auto created = s.create_call(c);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return c;
  }
};
OVOS_API_TEST_SUITE(CallsApiTest);

constexpr std::int64_t kNov23 = 1'763'856'000'000;  // 2025-11-23T00:00:00Z

TEST_P(CallsApiTest, ListFiltersByAgentStatusDirectionAndDates) {
  const std::string token = register_user("a@example.com");
  const std::string me = user_id(token);
  const std::string agent1 = create_agent(token, "One");
  const std::string agent2 = create_agent(token, "Two");
  auto s = open_store();
  insert_call(*s, me, agent1, "completed", "outbound", kNov23 + 1000);
  insert_call(*s, me, agent1, "failed", "inbound", kNov23 + 86'400'000);
  insert_call(*s, me, agent2, "completed", "web", kNov23 + 2 * 86'400'000);
  const auto total = [&](const std::string& q) {
    const auto r = http_->get("/v1/calls" + q, token);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return r.json().at("total").as_int64();
  };
  EXPECT_EQ(total(""), 3);
  EXPECT_EQ(total("?agent_id=" + agent1), 2);
  EXPECT_EQ(total("?status=completed"), 2);
  EXPECT_EQ(total("?direction=web"), 1);
  EXPECT_EQ(total("?from=2025-11-24T00:00:00Z"), 2);
  EXPECT_EQ(total("?from=2025-11-24T00:00:00Z&to=2025-11-25T00:00:00Z"), 1);
  EXPECT_EQ(total("?to=" + std::to_string(kNov23 + 2000)), 1);
  EXPECT_EQ(total("?status=completed&direction=outbound&agent_id=" + agent1), 1);
  const auto bad = http_->get("/v1/calls?status=exploded&from=yesterday", token);
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json().at("errors").as_array().size(), 2U);
}

TEST_P(CallsApiTest, OneCallWithTurnsAndLatency) {
  const std::string token = register_user("a@example.com");
  const std::string me = user_id(token);
  auto s = open_store();
  auto call = insert_call(*s, me, create_agent(token), "in-progress", "outbound", kNov23);
  call.status = "completed";
  call.ended_at = kNov23 + 60'000;
  call.duration_ms = 60'000;
  call.hangup_reason = "end_call_tool";
  call.recording_url = "/v1/calls/" + call.id + "/recording";
  call.summary = "Booked a cleaning for Tuesday.";
  call.extracted_data_json = R"({"appointment":"Tuesday 10:00"})";
  call.usage_json = R"({"tts_characters":420})";
  ASSERT_TRUE(s->update_call(call).ok());
  store::Turn t;
  t.id = core::new_id();
  t.call_id = call.id;
  t.index = 0;
  t.user_text = "I need a cleaning";
  t.agent_text = "Sure, how about Tuesday?";
  t.user_speech_end_at = kNov23 + 5000;
  t.stt_final_at = kNov23 + 5120;
  t.llm_first_token_at = kNov23 + 5400;
  t.tts_first_byte_at = kNov23 + 5480;
  t.first_audio_out_at = kNov23 + 5500;
  t.created_at = kNov23 + 5000;
  ASSERT_TRUE(s->upsert_turn(t).ok());
  const auto r = http_->get("/v1/calls/" + call.id, token);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  EXPECT_EQ(body.at("status"), "completed");
  EXPECT_EQ(body.at("summary"), "Booked a cleaning for Tuesday.");
  EXPECT_EQ(body.at("extracted_data").at("appointment"), "Tuesday 10:00");
  EXPECT_EQ(body.at("recording_url"), call.recording_url.c_str());
  EXPECT_EQ(body.at("ended_at"), "2025-11-23T00:01:00.000Z");
  const auto& latency = body.at("turns").at(0).at("latency");
  EXPECT_EQ(latency.at("stt_ms"), 120);
  EXPECT_EQ(latency.at("llm_ms"), 280);
  EXPECT_EQ(latency.at("tts_ms"), 80);
  EXPECT_EQ(latency.at("playout_ms"), 20);
  EXPECT_EQ(latency.at("total_ms"), 500);
  EXPECT_EQ(body.at("turns").at(0).at("interrupted_at"), json::value(nullptr));
  EXPECT_EQ(body.at("post_call"), json::parse(R"({"status":"none","error":null,
      "requested_at":null,"started_at":null,"finished_at":null,"steps":[]})"));
}

}  // namespace
}  // namespace ovos::testing
