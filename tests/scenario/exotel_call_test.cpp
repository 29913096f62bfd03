// Phone calls through Exotel end to end: the real binary, a simulated Exotel (Voice v1 API,
// AgentStream's Connect Voice AI, multipart status callbacks, the Voicebot applet's stream
// carrying real speech at real-time pace as 16-bit PCM), pocketsphinx hearing the caller, the
// scripted LLM answering, and flite speaking.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "phone_scenario.h"
#include "support/carriers/exotel_simulator.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Received = std::vector<CarrierMediaLeg::Received>;

bool speech_heard(const Received& r) {
  return first_speech(r).has_value();
}

class ExotelCallTest : public PhoneCallTest {
 protected:
  void SetUp() override {
    start("exotel", {{"OVOS_EXOTEL_API_URL", exotel_.api_url()}}, credentials(""));
  }
  void TearDown() override {
    EXPECT_EQ(server_->stop(), 0) << server_->log();
    for (const auto& e : exotel_.api_errors())
      ADD_FAILURE() << "the Exotel simulator refused or failed: " << e;
  }

  json::object credentials(const std::string& app_id) const {
    json::object c{{"api_key", exotel_.options().api_key},
                   {"api_token", exotel_.options().api_token},
                   {"account_sid", exotel_.options().account_sid}};
    if (!app_id.empty()) c["app_id"] = app_id;
    return c;
  }

  /// The user's Exotel key gets the flow's app id: calls placed from now on run the flow.
  void use_flow() {
    const auto keys = http_->get("/v1/provider-keys", token_);
    ASSERT_EQ(keys.status, 200) << keys.body;
    const std::string id(keys.json().at("items").at(0).at("id").as_string());
    const auto put =
        http_->put("/v1/provider-keys/" + id,
                   json::object{{"credentials", credentials(exotel_.options().app_id)}}, token_);
    ASSERT_EQ(put.status, 200) << put.body;
  }

  /// Connects `number` to the shop agent; returns the Voicebot URL as the user writes it in
  /// the applet, with the Exotel API key and token in it.
  std::string connect_number(const std::string& number) {
    const auto created = http_->post(
        "/v1/phone-numbers",
        json::object{{"carrier", "exotel"}, {"number", number}, {"agent_id", agent_}}, token_);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string url(created.json().at("connect_url").as_string());
    EXPECT_TRUE(url.starts_with("ws://127.0.0.1:")) << url;
    EXPECT_NE(url.find("/v1/telephony/exotel/voicebot/"), std::string::npos) << url;
    return with_credentials(url, exotel_.options().api_key, exotel_.options().api_token);
  }

  static std::string with_credentials(const std::string& url, const std::string& key,
                                      const std::string& token) {
    return "ws://" + key + ":" + token + "@" + url.substr(5);
  }

  ExotelSimulator exotel_;
};

TEST_F(ExotelCallTest, APlacedCallGoesStraightToTheAgentAndEndsWhenTheCallerHangsUp) {
  const auto placed = place("+919876543210");
  ASSERT_EQ(placed.status, 201) << placed.body << server_->log();
  const std::string call_id(placed.json().at("id").as_string());

  auto call = exotel_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  EXPECT_EQ(call->mode, "stream");
  EXPECT_EQ(call->to, "+919876543210");
  EXPECT_EQ(call->caller_id, "+14155550100");
  EXPECT_NE(call->stream_url.find("/v1/telephony/exotel/media/"), std::string::npos);
  EXPECT_EQ(call->custom_field, call_id);
  auto& leg = *call->leg;

  ASSERT_TRUE(leg.wait_for(speech_heard, 5s)) << server_->log();
  const auto greeting = first_speech(leg.received());
  EXPECT_LT(greeting->at - leg.started_at(), 300ms) << "the greeting started late";
  leg.stream_silence(2500);
  EXPECT_FALSE(leg.echoed_marks().empty()) << "no mark was sent with the greeting";

  ask_hours_and_press_keys(leg);
  exotel_.hang_up(*call);
  ASSERT_TRUE(leg.closed());

  const auto record = call_record(call_id, "completed");
  EXPECT_EQ(record.at("status"), "completed") << json::serialize(record);
  EXPECT_EQ(record.at("carrier"), "exotel");
  EXPECT_EQ(record.at("carrier_call_id"), call->sid.c_str());
  expect_shop_turns(record.at("turns").as_array());
  // ringing, answered and terminal callbacks were all taken.
  ASSERT_TRUE(exotel_.wait_ended(*call, 5s));
  ASSERT_EQ(call->callback_statuses.size(), 3u);
  for (const long status : call->callback_statuses)
    EXPECT_EQ(status, 204) << server_->log();
}

TEST_F(ExotelCallTest, BargeInClearsWhatExotelHasNotPlayed) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body;
  auto call = exotel_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  auto& leg = *call->leg;
  ASSERT_TRUE(leg.wait_for(speech_heard, 5s)) << server_->log();
  leg.stream_silence(2500);
  talk_over_the_story(leg, *server_);
  for (const auto& r : leg.received())
    EXPECT_TRUE(r.output.error.empty()) << r.output.error;
  exotel_.hang_up(*call);
  const auto record = call_record(std::string(placed.json().at("id").as_string()), "completed");
  const auto& turns = record.at("turns").as_array();
  expect_story_cut(turns);
}

TEST_F(ExotelCallTest, ADroppedStreamEndsTheCallWithItsRecordSaved) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body;
  auto call = exotel_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  ASSERT_TRUE(call->leg->wait_for(speech_heard, 5s)) << server_->log();
  call->leg->drop();
  const auto record = call_record(std::string(placed.json().at("id").as_string()), "completed");
  EXPECT_EQ(record.at("status"), "completed") << json::serialize(record);
  // Whichever comes first names the end: the session's (the socket went) or Exotel's terminal
  // callback, which follows the stream's end at once.
  const std::string reason(record.at("hangup_reason").as_string());
  EXPECT_TRUE(reason == "caller-disconnected" || reason == "completed") << reason;
  // The greeting was cut by the drop: its turn is kept with what was heard of it.
  EXPECT_EQ(record.at("turns").as_array().size(), 1u) << json::serialize(record);
  // Exotel's API cannot end a call: the stream's end does, and its terminal callback is taken.
  ASSERT_TRUE(exotel_.wait_ended(*call, 5s));
  ASSERT_FALSE(call->callback_statuses.empty());
  EXPECT_EQ(call->callback_statuses.back(), 204) << server_->log();
}

TEST_F(ExotelCallTest, ACallPlacedThroughTheFlowReachesTheAgentByTheVoicebotApplet) {
  use_flow();
  const std::string voicebot = connect_number("+918047491899");
  exotel_.set_voicebot_url(voicebot);
  const auto placed = place("+919876543210");
  ASSERT_EQ(placed.status, 201) << placed.body << server_->log();
  const std::string call_id(placed.json().at("id").as_string());

  auto call = exotel_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  EXPECT_EQ(call->mode, "flow");
  EXPECT_NE(call->stream_url.find("/v1/telephony/exotel/voicebot/"), std::string::npos);
  auto& leg = *call->leg;
  ASSERT_TRUE(leg.wait_for(speech_heard, 5s)) << server_->log();
  leg.stream_silence(2500);

  // The agent ends the call: the stream closes, and the flow's next applet hangs up.
  leg.stream_audio(phone_speech("Goodbye."));
  leg.stream_silence(500);
  ASSERT_TRUE(leg.wait_closed(15s))
      << "the agent's goodbye did not end the stream" << server_->log();
  ASSERT_TRUE(exotel_.wait_ended(*call, 5s));
  const auto record = call_record(call_id, "completed");
  EXPECT_EQ(record.at("status"), "completed") << json::serialize(record);
  EXPECT_EQ(record.at("direction"), "outbound");
  EXPECT_EQ(record.at("carrier_call_id"), call->sid.c_str());
  const auto& turns = record.at("turns").as_array();
  ASSERT_GE(turns.size(), 2u) << json::serialize(record);
  EXPECT_EQ(turns.back().at("agent_text"), "Goodbye and thank you for calling.")
      << json::serialize(turns);
}

TEST_F(ExotelCallTest, AnInboundCallToAConnectedNumberIsAnswered) {
  exotel_.set_voicebot_url(connect_number("+918047491899"));
  auto call = exotel_.ring("+918047491899", "+919812345678");
  ASSERT_TRUE(call->leg) << call->stream_error << server_->log();
  auto& leg = *call->leg;
  ASSERT_TRUE(leg.wait_for(speech_heard, 5s)) << server_->log();
  const auto greeting = first_speech(leg.received());
  EXPECT_LT(greeting->at - leg.started_at(), 300ms) << "the greeting started late";
  leg.stream_silence(2000);
  exotel_.hang_up(*call);

  HttpResult calls;
  for (int i = 0; i < 50; ++i) {
    calls = http_->get("/v1/calls", token_);
    if (calls.status == 200 && calls.json().at("items").as_array().size() == 1 &&
        calls.json().at("items").at(0).at("status") == "completed")
      break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(calls.status, 200) << calls.body;
  const auto list = calls.json();
  const auto& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << calls.body;
  EXPECT_EQ(items[0].at("direction"), "inbound");
  EXPECT_EQ(items[0].at("status"), "completed") << calls.body;
  EXPECT_EQ(items[0].at("from"), "+919812345678");
  EXPECT_EQ(items[0].at("to"), "+918047491899");
  EXPECT_EQ(items[0].at("carrier_call_id"), call->sid.c_str());
}

TEST_F(ExotelCallTest, TheVoicebotUrlServesOnlyItsOwnersCallsWithTheirCredentials) {
  const std::string voicebot = connect_number("+918047491899");
  const std::string plain = "ws://" + voicebot.substr(voicebot.find('@') + 1);

  // Wrong or missing credentials: the handshake is refused.
  exotel_.set_voicebot_url(with_credentials(plain, exotel_.options().api_key, "wrong-token"));
  auto wrong = exotel_.ring("+918047491899", "+919812345678");
  EXPECT_FALSE(wrong->leg) << "a stream with the wrong API token was accepted";
  EXPECT_NE(wrong->stream_error.find("401"), std::string::npos) << wrong->stream_error;
  exotel_.set_voicebot_url(plain);
  EXPECT_FALSE(exotel_.ring("+918047491899", "+919812345678")->leg)
      << "a stream without credentials was accepted";

  // Another user's URL with this user's Exotel credentials: refused too.
  const std::string other =
      plain.substr(0, plain.rfind('/') + 1) + "0192f0c2-0000-7000-8000-000000000000";
  exotel_.set_voicebot_url(
      with_credentials(other, exotel_.options().api_key, exotel_.options().api_token));
  EXPECT_FALSE(exotel_.ring("+918047491899", "+919812345678")->leg);

  // The right credentials for a number nobody connected: the stream closes unheard.
  exotel_.set_voicebot_url(voicebot);
  auto unknown = exotel_.ring("+918000000000", "+919812345678");
  ASSERT_TRUE(unknown->leg) << unknown->stream_error;
  EXPECT_TRUE(unknown->leg->wait_closed(5s)) << server_->log();
  EXPECT_EQ(audio_samples(unknown->leg->received()), 0u);
  const auto calls = http_->get("/v1/calls", token_);
  EXPECT_TRUE(calls.json().at("items").as_array().empty()) << calls.body;
}

}  // namespace
}  // namespace ovos::testing
