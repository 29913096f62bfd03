// Phone calls through Twilio end to end: the real binary, a simulated Twilio (REST API, signed
// status callbacks, TwiML, a Media Streams WebSocket carrying real speech at real-time pace),
// pocketsphinx hearing the caller, the scripted LLM answering, and flite speaking.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "phone_scenario.h"
#include "support/carriers/twilio_simulator.h"
#include "support/carriers/twilio_wire.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Received = std::vector<CarrierMediaLeg::Received>;

class TwilioCallTest : public PhoneCallTest {
 protected:
  void SetUp() override {
    start("twilio", {{"OVOS_TWILIO_API_URL", twilio_.api_url()}},
          {{"account_sid", twilio_.options().account_sid},
           {"auth_token", twilio_.options().auth_token}});
  }
  void TearDown() override { EXPECT_EQ(server_->stop(), 0) << server_->log(); }

  TwilioSimulator twilio_;
};

TEST_F(TwilioCallTest, AnOutboundCallGreetsAnswersTakesKeysAndEndsWhenTheCallerHangsUp) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body << server_->log();
  const std::string call_id(placed.json().at("id").as_string());
  EXPECT_EQ(placed.json().at("status"), "queued");
  EXPECT_EQ(placed.json().at("direction"), "outbound");

  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  EXPECT_EQ(call->to, "+14155550123");
  EXPECT_EQ(call->parameters.at("call_id"), call_id);
  EXPECT_EQ(call->stream_url.find('?'), std::string::npos) << "Twilio refuses query strings";
  auto& leg = *call->leg;

  // The greeting is speech, and it starts right after media starts.
  ASSERT_TRUE(leg.wait_for([](const Received& r) { return first_speech(r).has_value(); }, 5s))
      << server_->log();
  const auto greeting = first_speech(leg.received());
  EXPECT_LT(greeting->at - leg.started_at(), 300ms) << "the greeting started late";
  leg.stream_silence(2500);  // the greeting plays; its marks come back
  EXPECT_FALSE(leg.echoed_marks().empty()) << "no mark was sent with the greeting";

  ask_hours_and_press_keys(leg);
  leg.stop();
  ASSERT_TRUE(leg.wait_closed(5s));

  const auto record = call_record(call_id, "completed");
  EXPECT_EQ(record.at("status"), "completed") << json::serialize(record);
  EXPECT_EQ(record.at("hangup_reason"), "caller-hangup");
  EXPECT_EQ(record.at("carrier"), "twilio");
  EXPECT_EQ(record.at("carrier_call_id"), call->sid.c_str());
  EXPECT_TRUE(record.at("started_at").is_string()) << json::serialize(record);
  EXPECT_EQ(record.at("settings").at("synthesizer").at("provider"), "flite")
      << json::serialize(record);
  expect_shop_turns(record.at("turns").as_array());
  // Twilio's status callbacks were taken: ringing and answered.
  for (const long status : call->callback_statuses)
    EXPECT_EQ(status, 204);
  EXPECT_GE(call->callback_statuses.size(), 2u);
}

TEST_F(TwilioCallTest, BargeInClearsTwiliosBufferAndMarksTellWhatWasHeard) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body;
  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  auto& leg = *call->leg;
  ASSERT_TRUE(leg.wait_for([](const Received& r) { return first_speech(r).has_value(); }, 5s));
  leg.stream_silence(2500);
  talk_over_the_story(leg, *server_);
  leg.stop();
  const auto record = call_record(std::string(placed.json().at("id").as_string()), "completed");
  const auto& turns = record.at("turns").as_array();
  expect_story_cut(turns);
  // Twilio echoed the marks of what played, and of what the clear dropped.
  EXPECT_GE(leg.echoed_marks().size(), 2u);
}

TEST_F(TwilioCallTest, ADroppedSocketEndsTheCallAndHangsUpAtTwilio) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body;
  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  ASSERT_TRUE(
      call->leg->wait_for([](const Received& r) { return first_speech(r).has_value(); }, 5s));
  call->leg->drop();
  // Our hang-up makes Twilio send a "completed" status callback, which may be read before the
  // call's own record (with the reason) is written; the record the call ends with is the test.
  const auto record = call_record_when(
      std::string(placed.json().at("id").as_string()), [](const boost::json::object& now) {
        return now.at("status") == "completed" && now.at("hangup_reason") != "completed";
      });
  EXPECT_EQ(record.at("status"), "completed");
  EXPECT_EQ(record.at("hangup_reason"), "caller-disconnected");
  for (int i = 0; i < 50 && !call->hung_up_by_api; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(call->hung_up_by_api) << "the server did not end the call at Twilio";
}

TEST_F(TwilioCallTest, StatusCallbacksMustBeSignedAndFreshAndAreRecorded) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body;
  const std::string call_id(placed.json().at("id").as_string());
  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call);
  EXPECT_EQ(call_record(call_id, "in-progress").at("status"), "in-progress");
  // Unsigned, wrongly signed, and replayed callbacks are refused.
  EXPECT_EQ(twilio_.send_status(*call, "completed", "-"), 403);
  EXPECT_EQ(twilio_.send_status(*call, "completed", "bm90IGEgc2lnbmF0dXJl"), 403);
  EXPECT_EQ(twilio_.send_status(*call, "busy"), 204);
  EXPECT_EQ(twilio_.resend(twilio_.last_sent()), 403);
  const auto record = call_record(call_id);
  EXPECT_EQ(record.at("status"), "in-progress") << "a late 'busy' moved a live call";
  call->leg->stop();
  EXPECT_EQ(call_record(call_id, "completed").at("status"), "completed");
}

TEST_F(TwilioCallTest, AnInboundCallToAConnectedNumberIsAnswered) {
  const auto number = http_->post(
      "/v1/phone-numbers",
      json::object{{"carrier", "twilio"}, {"number", "+14155550100"}, {"agent_id", agent_}},
      token_);
  ASSERT_EQ(number.status, 201) << number.body;
  long status = 0;
  auto call = twilio_.ring(server_->base_url(), "+14155550100", "+14155559999", &status);
  ASSERT_EQ(status, 200) << call->twiml << server_->log();
  ASSERT_TRUE(call->leg) << call->twiml;
  ASSERT_TRUE(
      call->leg->wait_for([](const Received& r) { return first_speech(r).has_value(); }, 5s));
  call->leg->stop();
  const auto calls = http_->get("/v1/calls?direction=inbound", token_);
  ASSERT_EQ(calls.status, 200);
  ASSERT_EQ(calls.json().at("items").as_array().size(), 1u) << calls.body;
  const json::value first = calls.json().at("items").at(0);
  EXPECT_EQ(first.at("from"), "+14155559999");
  EXPECT_EQ(first.at("to"), "+14155550100");
  EXPECT_EQ(first.at("carrier_call_id"), call->sid.c_str());

  // A number nobody connected, and a forged signature, are refused.
  long unknown = 0;
  twilio_.ring(server_->base_url(), "+14155550199", "+14155559999", &unknown);
  EXPECT_EQ(unknown, 404);
}

TEST_F(TwilioCallTest, ThePerUserLimitRefusesCallsBeyondIt) {
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(place().status, 201);
  const auto over = place();
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_NE(over.body.find("OVOS_MAX_CALLS_PER_USER"), std::string::npos);
}

TEST_F(TwilioCallTest, TheMediaSocketAcceptsOnlyACallItIssued) {
  const auto base = "ws://127.0.0.1:" + std::to_string(server_->port());
  EXPECT_THROW(CarrierMediaLeg(base + "/v1/telephony/twilio/media/forged",
                               make_twilio_wire(twilio_.options().account_sid), LegStart{}),
               std::runtime_error);
  const auto placed = place();
  ASSERT_EQ(placed.status, 201);
  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call);
  const std::vector<net::HttpHeader> signed_handshake = {
      {"X-Twilio-Signature",
       twilio_test_signature(twilio_.options().auth_token, call->stream_url, {})}};
  // The same token a second time: one call has one stream.
  EXPECT_THROW(CarrierMediaLeg(call->stream_url, make_twilio_wire(twilio_.options().account_sid),
                               LegStart{call->sid, "MZ2", {}, "", ""}, signed_handshake),
               std::runtime_error);
  call->leg->stop();

  // A handshake Twilio did not sign is refused, even with a good token.
  twilio_.sign_handshake(false);
  ASSERT_EQ(place("+14155550124").status, 201);
  auto unsigned_call = twilio_.wait_for_call(1, false, 5s);
  ASSERT_TRUE(unsigned_call);
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(unsigned_call->leg) << "a media stream without Twilio's signature was accepted";
  bool refused = false;
  for (const auto& e : twilio_.api_errors())
    refused = refused || e.find("403") != std::string::npos;
  EXPECT_TRUE(refused) << "the unsigned handshake was not refused with 403";
}

TEST_F(TwilioCallTest, PlacingACallRefusesBadInputWithTheFieldAndTheReason) {
  const auto bad = http_->post("/v1/calls",
                               json::object{{"agent_id", agent_},
                                            {"to", "4155550123"},
                                            {"from", "+0155"},
                                            {"carrier", "skype"},
                                            {"variables", {{"nested", {{"a", 1}}}}},
                                            {"extra", true}},
                               token_);
  EXPECT_EQ(bad.status, 422) << bad.body;
  const auto paths = bad.error_paths();
  for (const char* path : {"$.to", "$.from", "$.carrier", "$.variables.nested", "$.extra"})
    EXPECT_EQ(paths.count(path), 1u) << path << " in " << bad.body;

  const auto unknown_agent = http_->post("/v1/calls",
                                         json::object{{"agent_id", "nope"},
                                                      {"to", "+14155550123"},
                                                      {"from", "+14155550100"},
                                                      {"carrier", "twilio"}},
                                         token_);
  EXPECT_EQ(unknown_agent.status, 422) << unknown_agent.body;
  EXPECT_EQ(unknown_agent.error_paths().count("$.agent_id"), 1u) << unknown_agent.body;

  // No Plivo account stored: said where to add one.
  const auto no_account = http_->post("/v1/calls",
                                      json::object{{"agent_id", agent_},
                                                   {"to", "+14155550123"},
                                                   {"from", "+14155550100"},
                                                   {"carrier", "plivo"}},
                                      token_);
  EXPECT_EQ(no_account.status, 422) << no_account.body;
  EXPECT_NE(no_account.body.find("provider keys"), std::string::npos) << no_account.body;

  // Twilio refusing the stored credentials is the account's problem, not the caller's login.
  const auto key = http_->get("/v1/provider-keys", token_);
  const std::string key_id(key.json().at("items").at(0).at("id").as_string());
  const auto changed = http_->put("/v1/provider-keys/" + key_id,
                                  json::object{{"credentials",
                                                {{"account_sid", twilio_.options().account_sid},
                                                 {"auth_token", "a-wrong-token"}}}},
                                  token_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto refused = place();
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_paths().count("$.carrier"), 1u) << refused.body;
  const auto calls = http_->get("/v1/calls?status=failed", token_);
  EXPECT_EQ(calls.json().at("total"), 1) << calls.body;
  // Unauthenticated callers place nothing.
  EXPECT_EQ(http_->post("/v1/calls", json::object{}, "").status, 401);
}

}  // namespace
}  // namespace ovos::testing
