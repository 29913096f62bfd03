// Plivo's Call API client against a loopback fake that answers as Plivo documents:
// make a call (https://www.plivo.com/docs/voice/api/call/make-a-call: 201 with request_uuid),
// hang up (https://www.plivo.com/docs/voice/api/call/hangup-a-call: 204), transfer
// (https://www.plivo.com/docs/voice/api/call/transfer-a-call: 202) and the error body
// ({"api_id", "error"}, https://plivo.com/docs/voice/api/response).
#include "telephony/plivo/plivo_control.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "carrier_fake.h"

namespace ovos::telephony::plivo {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::answer_in_turn;
using testing::json_response;
using testing::LoopHarness;
using testing::ScriptedHttpServer;
using testing::seen_requests;

constexpr std::string_view kCallUuid = "eba53b9e-8fbd-45c1-9444-696d2172fbc8";
// base64("MAXXXXXXXXXXXXXXXXXX:plivo-token-1"), computed outside this code.
constexpr std::string_view kAuthorization =
    "Basic TUFYWFhYWFhYWFhYWFhYWFhYWFg6cGxpdm8tdG9rZW4tMQ==";
constexpr std::string_view kCallFired = R"({"message": "call fired",
  "request_uuid": "9834029e-58b6-11e1-8ce0-0b0d4b1d2e6a",
  "api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb"})";
constexpr std::string_view kNotFound =
    R"({"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "not found"})";
constexpr std::string_view kCallPath =
    "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/eba53b9e-8fbd-45c1-9444-696d2172fbc8/";
constexpr std::string_view kRequestPath =
    "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Request/eba53b9e-8fbd-45c1-9444-696d2172fbc8/";

std::string no_content() {
  return "HTTP/1.1 204 No Content\r\n\r\n";
}

class PlivoControlTest : public ::testing::Test {
 protected:
  std::unique_ptr<CarrierControl> control_for(const ScriptedHttpServer& server) {
    return make_plivo_control(loop_.client(),
                              {"MAXXXXXXXXXXXXXXXXXX", "plivo-token-1",
                               "http://127.0.0.1:" + std::to_string(server.port()) + "/"},
                              {.request_timeout = 5s, .hang_up_retry_delay = 10ms});
  }

  static OutboundCall outbound() {
    OutboundCall call;
    call.to = "+919876543210";
    call.from = "+14155550100";
    call.answer_url = "https://voice.example.com/plivo/answer?call=c-1";
    call.status_callback_url = "https://voice.example.com/plivo/status?call=c-1";
    call.ring_timeout_seconds = 30;
    call.time_limit_seconds = 900;
    return call;
  }

  LoopHarness loop_;
};

TEST_F(PlivoControlTest, PlacesACallWithAJsonBody) {
  ScriptedHttpServer server(answer_in_turn({json_response(201, kCallFired)}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  EXPECT_EQ(placed->carrier_call_id, "9834029e-58b6-11e1-8ce0-0b0d4b1d2e6a");
  EXPECT_EQ(placed->status, "queued");

  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/");
  EXPECT_EQ(r.header("Authorization"), kAuthorization);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  // Numbers go as "the country code followed by the number", without '+'.
  EXPECT_EQ(json::parse(r.body), json::parse(R"({
    "from": "14155550100", "to": "919876543210",
    "answer_url": "https://voice.example.com/plivo/answer?call=c-1", "answer_method": "POST",
    "ring_timeout": 30,
    "hangup_url": "https://voice.example.com/plivo/status?call=c-1", "hangup_method": "POST",
    "ring_url": "https://voice.example.com/plivo/status?call=c-1", "ring_method": "POST",
    "time_limit": 900})"));
}

TEST_F(PlivoControlTest, ASipDestinationAndNoCallbacks) {
  ScriptedHttpServer server(answer_in_turn({json_response(201, kCallFired)}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.to = "sip:john1234@phone.plivo.com";
  call.status_callback_url.clear();
  call.time_limit_seconds = 0;
  ASSERT_TRUE(loop_.place(*control, call).ok());
  EXPECT_EQ(json::parse(seen_requests(server).at(0).body), json::parse(R"({
    "from": "14155550100", "to": "sip:john1234@phone.plivo.com",
    "answer_url": "https://voice.example.com/plivo/answer?call=c-1", "answer_method": "POST",
    "ring_timeout": 30})"));
}

TEST_F(PlivoControlTest, HangsUpWithDelete) {
  ScriptedHttpServer server(answer_in_turn({no_content()}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallUuid));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "DELETE");
  EXPECT_EQ(requests[0].target, kCallPath);
  EXPECT_EQ(requests[0].header("Authorization"), kAuthorization);
  EXPECT_EQ(requests[0].body, "");
}

TEST_F(PlivoControlTest, AnEndedCallIsHungUpAlready) {
  // 404 for the call, and no queued request under that id either.
  ScriptedHttpServer server(
      answer_in_turn({json_response(404, kNotFound), json_response(404, kNotFound)}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallUuid));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, kCallPath);
  EXPECT_EQ(requests[1].method, "DELETE");
  EXPECT_EQ(requests[1].target, kRequestPath);
}

TEST_F(PlivoControlTest, AQueuedCallIsCancelledByItsRequestUuid) {
  ScriptedHttpServer server(answer_in_turn({json_response(404, kNotFound), no_content()}));
  auto control = control_for(server);
  ASSERT_TRUE(loop_.hang_up(*control, std::string(kCallUuid)).ok());
  EXPECT_EQ(seen_requests(server).at(1).target, kRequestPath);
}

TEST_F(PlivoControlTest, HangUpTriesOnceMoreAfterAServerError) {
  ScriptedHttpServer server(answer_in_turn(
      {json_response(500, R"({"api_id": "a-1", "error": "internal error"})"), no_content()}));
  auto control = control_for(server);
  ASSERT_TRUE(loop_.hang_up(*control, std::string(kCallUuid)).ok());
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, kCallPath);
}

TEST_F(PlivoControlTest, TransfersTheALegToOurXml) {
  ScriptedHttpServer server(answer_in_turn({json_response(
      202,
      R"({"message": "call transferred", "api_id": "08c94608-58bd-11e1-86da-adf28403fe48"})")}));
  auto control = control_for(server);
  const auto result = loop_.run<void>([&](auto done) {
    control->transfer(std::string(kCallUuid), "+14155550199",
                      "https://voice.example.com/plivo/transfer?call=c-1", std::move(done));
  });
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, kCallPath);
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(requests[0].body), json::parse(R"({"legs": "aleg",
    "aleg_url": "https://voice.example.com/plivo/transfer?call=c-1", "aleg_method": "POST"})"));
}

TEST_F(PlivoControlTest, PlivosOwnWordsReachTheError) {
  ScriptedHttpServer server(answer_in_turn({json_response(
      400,
      R"({"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "invalid from number"})")}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(placed.error().message, "Plivo refused to place the call (400): invalid from number");
}

TEST_F(PlivoControlTest, TransferTo404IsAnError) {
  // Only hang_up reads 404 as "ended"; a transfer of a call that is gone did not happen.
  ScriptedHttpServer server(answer_in_turn({json_response(404, kNotFound)}));
  auto control = control_for(server);
  const auto result = loop_.run<void>([&](auto done) {
    control->transfer(std::string(kCallUuid), "+14155550199", "https://voice.example.com/t",
                      std::move(done));
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(result.error().message, "Plivo refused to transfer the call (404): not found");
}

TEST_F(PlivoControlTest, AnEmptyCallIdIsNeverSent) {
  // DELETE .../Call/ without a uuid would hang up every call of the account.
  ScriptedHttpServer server(answer_in_turn({}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(result.error().fields.at(0).path, "carrier_call_id");
  OutboundCall call = outbound();
  call.answer_url.clear();
  const auto placed = loop_.place(*control, call);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().fields.at(0).path, "answer_url");
  EXPECT_EQ(server.connections_accepted(), 0);
}

}  // namespace
}  // namespace ovos::telephony::plivo
