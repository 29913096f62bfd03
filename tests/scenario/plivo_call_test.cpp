// Phone calls through Plivo end to end: the real binary, a simulated Plivo (Voice API, signed
// V3 callbacks, answer XML, an Audio Streaming WebSocket carrying real speech at real-time
// pace), pocketsphinx hearing the caller, the scripted LLM answering, and flite speaking.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "phone_scenario.h"
#include "support/carriers/plivo_simulator.h"
#include "support/carriers/plivo_wire.h"
#include "support/fake_openai_server.h"
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

// The simulator's signature against Plivo's own V3 vectors (plivo-go utils_test.go,
// TestValidateSignatureV3Pass1-4): if these fail, every signed callback below means nothing.
TEST(PlivoCallSimulator, SignsCallbacksLikePlivosOwnVectors) {
  const FormParams params = {
      {"Direction", "outbound"},
      {"From", "19792014278"},
      {"ALegUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
      {"CallStatus", "in-progress"},
      {"BillRate", "0.002"},
      {"ParentAuthID", "MANWVLYTK4ZWU1YTY4QA"},
      {"To", "sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com"},
      {"ALegRequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
      {"CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
      {"RequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
      {"SIP-H-To", "<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1"},
      {"SessionStart", "2020-04-08 11:34:33.238707"},
      {"Event", "StartApp"}};
  const std::string token = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
  const std::string nonce = "31627761595286130198";
  const std::string with_query =
      "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml/?a=b&c=d";
  const std::string plain = "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";
  EXPECT_EQ(plivo_test_signature_v3(token, "POST", with_query, params, nonce),
            "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=");
  EXPECT_EQ(plivo_test_signature_v3(token, "GET", with_query, params, nonce),
            "UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=");
  EXPECT_EQ(plivo_test_signature_v3(token, "POST", plain, params, nonce),
            "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=");
  EXPECT_EQ(plivo_test_signature_v3(token, "GET", plain, params, nonce),
            "i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc=");
  EXPECT_NE(plivo_test_nonce(), plivo_test_nonce());
}

class PlivoCallTest : public PhoneCallTest {
 protected:
  void SetUp() override {
    start("plivo", {{"OVOS_PLIVO_API_URL", plivo_.api_url()}},
          {{"auth_id", plivo_.options().auth_id}, {"auth_token", plivo_.options().auth_token}});
  }
  void TearDown() override {
    EXPECT_EQ(server_->stop(), 0) << server_->log();
    for (const auto& e : plivo_.api_errors())
      ADD_FAILURE() << "the Plivo simulator refused or failed: " << e;
  }

  /// Places a call and waits for its stream and the greeting.
  std::shared_ptr<PlivoSimulator::Call> placed_call(std::string* call_id) {
    const auto placed = place();
    EXPECT_EQ(placed.status, 201) << placed.body << server_->log();
    if (placed.status != 201) return nullptr;
    *call_id = std::string(placed.json().at("id").as_string());
    auto call = plivo_.wait_for_call(0, true, 10s);
    EXPECT_TRUE(call) << server_->log();
    if (call) {
      EXPECT_TRUE(call->leg->wait_for(speech_heard, 5s)) << server_->log();
    }
    return call;
  }

  PlivoSimulator plivo_;
};

TEST_F(PlivoCallTest, AnOutboundCallGreetsAnswersTakesKeysAndEndsWhenTheCallerHangsUp) {
  const auto placed = place();
  ASSERT_EQ(placed.status, 201) << placed.body << server_->log();
  const std::string call_id(placed.json().at("id").as_string());
  EXPECT_EQ(placed.json().at("status"), "queued");

  auto call = plivo_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  EXPECT_EQ(call->to, "14155550123") << "Plivo numbers have no '+'";
  EXPECT_EQ(call->from, "14155550100");
  EXPECT_NE(call->answer_url.find(call_id), std::string::npos) << call->answer_url;
  EXPECT_FALSE(call->hangup_url.empty()) << "without a hangup_url Plivo reopens the stream";
  EXPECT_EQ(call->stream_content_type, "audio/x-mulaw;rate=8000");
  auto& leg = *call->leg;

  // The greeting is speech, and it starts right after media starts.
  ASSERT_TRUE(leg.wait_for(speech_heard, 5s)) << server_->log();
  const auto greeting = first_speech(leg.received());
  EXPECT_LT(greeting->at - leg.started_at(), 300ms) << "the greeting started late";
  EXPECT_EQ(call_record(call_id, "in-progress").at("status"), "in-progress")
      << "an answered Plivo call is not in progress";
  leg.stream_silence(2500);  // the greeting plays; its checkpoints are answered
  EXPECT_FALSE(leg.echoed_marks().empty()) << "no checkpoint was sent with the greeting";

  ask_hours_and_press_keys(leg);
  plivo_.hang_up(*call);
  ASSERT_TRUE(leg.closed());

  const auto record = call_record(call_id, "completed");
  EXPECT_EQ(record.at("status"), "completed") << json::serialize(record);
  EXPECT_EQ(record.at("carrier"), "plivo");
  EXPECT_EQ(record.at("carrier_call_id"), call->call_uuid.c_str());
  EXPECT_TRUE(record.at("started_at").is_string()) << json::serialize(record);
  expect_shop_turns(record.at("turns").as_array());
  // ring_url and hangup_url callbacks were taken.
  ASSERT_GE(call->callback_statuses.size(), 2u);
  for (const long status : call->callback_statuses)
    EXPECT_EQ(status / 100, 2) << status;
}

TEST_F(PlivoCallTest, BargeInClearsPlivosAudioAndCheckpointsTellWhatWasHeard) {
  std::string call_id;
  auto call = placed_call(&call_id);
  ASSERT_TRUE(call);
  auto& leg = *call->leg;
  leg.stream_silence(2500);
  const auto heard_before = talk_over_the_story(leg, *server_);
  leg.stream_silence(500);
  for (const auto& r : leg.received())
    EXPECT_TRUE(r.output.error.empty()) << r.output.error;
  plivo_.hang_up(*call);
  const auto record = call_record(call_id, "completed");
  const auto& turns = record.at("turns").as_array();
  expect_story_cut(turns);
  // Checkpoints were answered for what played, none for what the clear dropped.
  EXPECT_GE(heard_before, 2u);
}

TEST_F(PlivoCallTest, ADroppedSocketEndsTheCallAndHangsUpThroughTheApi) {
  std::string call_id;
  auto call = placed_call(&call_id);
  ASSERT_TRUE(call);
  call->leg->drop();
  const auto record = call_record(call_id, "completed");
  EXPECT_EQ(record.at("hangup_reason"), "caller-disconnected");
  for (int i = 0; i < 50 && !call->hung_up_by_api; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(call->hung_up_by_api) << "the server did not DELETE the call at Plivo";
}

TEST_F(PlivoCallTest, CallbacksMustBeSignedWithAFreshNonce) {
  std::string call_id;
  auto call = placed_call(&call_id);
  ASSERT_TRUE(call);
  ASSERT_EQ(call_record(call_id, "in-progress").at("status"), "in-progress");
  const PlivoSimulator::Signing unsigned_{"-", ""};
  const PlivoSimulator::Signing wrong{"bm90IGEgc2lnbmF0dXJl", ""};
  EXPECT_EQ(plivo_.send_status(*call, "completed", unsigned_), 403);
  EXPECT_EQ(plivo_.send_status(*call, "completed", wrong), 403);
  EXPECT_EQ(plivo_.send_answer(*call, unsigned_), 403);
  EXPECT_EQ(plivo_.send_answer(*call, wrong), 403);
  // A nonce is good once: the same request again, or another request signed with it, is
  // refused.
  const std::string nonce = plivo_test_nonce();
  EXPECT_EQ(plivo_.send_status(*call, "busy", {"", nonce}) / 100, 2);
  EXPECT_EQ(plivo_.resend(plivo_.last_sent()), 403);
  EXPECT_EQ(plivo_.send_status(*call, "completed", {"", nonce}), 403);
  EXPECT_EQ(plivo_.send_answer(*call, {"", nonce}), 403);
  EXPECT_EQ(call_record(call_id).at("status"), "in-progress")
      << "a refused callback moved the call";
  plivo_.hang_up(*call);
  EXPECT_EQ(call_record(call_id, "completed").at("status"), "completed");
}

TEST_F(PlivoCallTest, AnInboundCallToAConnectedNumberIsAnswered) {
  const auto number = http_->post(
      "/v1/phone-numbers",
      json::object{{"carrier", "plivo"}, {"number", "+14155550100"}, {"agent_id", agent_}}, token_);
  ASSERT_EQ(number.status, 201) << number.body;
  auto call = plivo_.ring(server_->base_url(), "+14155550100", "+14155559999");
  ASSERT_EQ(call->answer_status, 200) << call->answer_xml << server_->log();
  ASSERT_TRUE(call->leg) << call->answer_xml;
  ASSERT_TRUE(call->leg->wait_for(speech_heard, 5s)) << server_->log();
  plivo_.hang_up(*call);
  const auto calls = http_->get("/v1/calls?direction=inbound", token_);
  ASSERT_EQ(calls.status, 200);
  ASSERT_EQ(calls.json().at("items").as_array().size(), 1u) << calls.body;
  const json::value first = calls.json().at("items").at(0);
  EXPECT_EQ(first.at("from"), "+14155559999");
  EXPECT_EQ(first.at("to"), "+14155550100");
  EXPECT_EQ(first.at("carrier_call_id"), call->call_uuid.c_str());
  const auto record = call_record(std::string(first.at("id").as_string()), "completed");
  EXPECT_EQ(record.at("status"), "completed");

  // A number nobody connected is refused.
  auto unknown = plivo_.ring(server_->base_url(), "+14155550199", "+14155559999");
  EXPECT_EQ(unknown->answer_status, 404);
  EXPECT_FALSE(unknown->leg);
}

// The scripted LLM cannot call tools, so the transfer is asked for by an OpenAI-compatible
// model on loopback that calls transfer_call, as a real model would.
TEST_F(PlivoCallTest, ATransferMovesTheCallToTheNumberThroughPlivosApi) {
  providers::testing::FakeOpenAiServer llm([](const providers::testing::CapturedRequest&, int index,
                                              providers::testing::FakeConnection& connection) {
    const auto chunk = [&](json::object delta, json::value finish = nullptr) {
      connection.send_event(json::serialize(json::object{
          {"object", "chat.completion.chunk"},
          {"choices",
           json::array{json::object{
               {"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish}}}}}));
    };
    connection.start_stream();
    if (index == 0) {
      chunk(
          {{"tool_calls", json::array{json::object{
                              {"index", 0},
                              {"id", "call_1"},
                              {"type", "function"},
                              {"function",
                               {{"name", "transfer_call"},
                                {"arguments", R"({"call_transfer_number": "+14155550777"})"}}}}}}});
      chunk({}, "tool_calls");
    } else {
      chunk({{"content", "Let me put you through to the shop."}});
      chunk({}, "stop");
    }
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  auto document = phone_agent("plivo");
  auto& tools = document.at("agent_config").at("tasks").at(0).at("tools_config").as_object();
  tools["llm_agent"].as_object()["llm_config"] = json::object{
      {"provider", "custom"}, {"model", "shop-model"}, {"base_url", llm.url() + "/v1"}};
  tools["api_tools"] = json::parse(R"({"tools": [{"type": "function", "function": {
      "name": "transfer_call", "description": "Hand the caller to a person",
      "parameters": {"type": "object", "properties": {"call_transfer_number": {"type": "string"}}}}}],
      "tools_params": {}})");
  document.at("agent_prompts").at("task_1").as_object()["system_prompt"] = "You help callers.";
  const std::string agent = create_agent(document);
  ASSERT_FALSE(agent.empty());
  const auto placed = place("+14155550123", agent);
  ASSERT_EQ(placed.status, 201) << placed.body;
  const std::string call_id(placed.json().at("id").as_string());
  auto call = plivo_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << server_->log();
  auto& leg = *call->leg;
  ASSERT_TRUE(leg.wait_for(speech_heard, 5s));
  leg.stream_silence(2500);
  // Any words will do (the model asks for the transfer); a caller not heard says it again.
  for (int attempt = 0; attempt < 2 && call->transferred_to.empty(); ++attempt) {
    leg.stream_audio(phone_speech("I would like to speak to a person please."));
    for (int i = 0; i < 80 && call->transferred_to.empty() && !leg.closed(); ++i)
      leg.stream_silence(100);
  }
  EXPECT_EQ(call->transferred_to, "+14155550777") << call->transfer_xml << server_->log();
  EXPECT_NE(call->transfer_url.find("/v1/telephony/plivo/transfer/" + call_id), std::string::npos)
      << call->transfer_url;
  EXPECT_TRUE(leg.wait_closed(5s)) << "the stream stayed open after the transfer";
  EXPECT_FALSE(call->hung_up_by_api) << "a transferred call was hung up";
  // The record's end is written just after the stream closes: wait for it.
  auto record = call_record(call_id);
  for (int i = 0; i < 50 && record.at("hangup_reason") == ""; ++i) {
    std::this_thread::sleep_for(100ms);
    record = call_record(call_id);
  }
  EXPECT_EQ(record.at("hangup_reason"), "transfer") << json::serialize(record);
}

}  // namespace
}  // namespace ovos::testing
