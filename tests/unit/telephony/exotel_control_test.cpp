// Exotel's Voice v1 client against a loopback fake that answers as Exotel documents:
// connect to a flow (https://developer.exotel.com/docs/voice-v1/api-reference/connect-to-flow),
// call details (https://developer.exotel.com/docs/voice-v1/api-reference/call-details) and the
// error body ({"RestException": {"Status", "Message"}},
// https://developer.exotel.com/docs/references/authentication).
#include "telephony/exotel/exotel_control.h"

#include <gtest/gtest.h>

#include "carrier_fake.h"
#include "telephony/multipart_form.h"

namespace ovos::telephony::exotel {
namespace {

using namespace std::chrono_literals;
using testing::answer_in_turn;
using testing::decode_form;
using testing::Fields;
using testing::json_response;
using testing::LoopHarness;
using testing::ScriptedHttpServer;
using testing::seen_requests;

constexpr std::string_view kCallSid = "b6cfaf5f5cef3ca0fc937749ef96d245";
// base64("exo-key-1:exo-token-1"), computed outside this code.
constexpr std::string_view kAuthorization = "Basic ZXhvLWtleS0xOmV4by10b2tlbi0x";

// The Call Exotel answers, shaped like its documented examples.
std::string call_json(std::string_view status) {
  return R"({"Call": {"Sid": "b6cfaf5f5cef3ca0fc937749ef96d245", "ParentCallSid": null,
    "DateCreated": "2017-03-03 10:48:33", "DateUpdated": "2017-03-03 10:53:33",
    "AccountSid": "acme1", "To": null, "From": "09876543210", "PhoneNumberSid": "08030752400",
    "Status": ")" +
         std::string(status) + R"(", "StartTime": "2017-03-03 10:48:33", "EndTime": null,
    "Duration": null, "Price": null, "Direction": "outbound-api", "AnsweredBy": null,
    "Uri": "/v1/Accounts/acme1/Calls/b6cfaf5f5cef3ca0fc937749ef96d245.json"}})";
}

class ExotelControlTest : public ::testing::Test {
 protected:
  std::unique_ptr<CarrierControl> control_for(const ScriptedHttpServer& server) {
    const ExotelAccount account{"exo-key-1", "exo-token-1", "acme1", "api.exotel.com",
                                "http://127.0.0.1:" + std::to_string(server.port())};
    return make_exotel_control(loop_.client(), account,
                               {.request_timeout = 5s, .hang_up_retry_delay = 10ms});
  }

  static OutboundCall outbound() {
    OutboundCall call;
    call.to = "09876543210";
    call.from = "08030752400";
    call.answer_url = "http://my.exotel.com/acme1/exoml/start_voice/926";
    call.status_callback_url = "https://voice.example.com/exotel/status";
    call.custom_field = "call-0192f0c2";
    call.ring_timeout_seconds = 40;
    call.time_limit_seconds = 1800;
    return call;
  }

  LoopHarness loop_;
};

TEST_F(ExotelControlTest, ConnectsTheCustomerToTheFlow) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, call_json("in-progress"))}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  EXPECT_EQ(placed->carrier_call_id, kCallSid);
  EXPECT_EQ(placed->status, "in-progress");

  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/Accounts/acme1/Calls/connect.json");
  EXPECT_EQ(r.header("Authorization"), kAuthorization);
  EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded");
  // Exotel calls From first: our callee. CallerId is the ExoPhone.
  const Fields expected{{"From", "09876543210"},
                        {"CallerId", "08030752400"},
                        {"Url", "http://my.exotel.com/acme1/exoml/start_voice/926"},
                        {"CallType", "trans"},
                        {"TimeOut", "40"},
                        {"TimeLimit", "1800"},
                        {"StatusCallback", "https://voice.example.com/exotel/status"},
                        {"StatusCallbackEvents[0]", "terminal"},
                        {"StatusCallbackEvents[1]", "answered"},
                        {"CustomField", "call-0192f0c2"}};
  EXPECT_EQ(decode_form(r.body), expected);
  EXPECT_NE(r.body.find("StatusCallbackEvents%5B0%5D=terminal"), std::string::npos) << r.body;
}

TEST_F(ExotelControlTest, ConnectsTheCustomerStraightToTheStream) {
  // "Connect Voice AI" answers in lower case
  // (https://developer.exotel.com/docs/agentstream/developer-guide, Response).
  ScriptedHttpServer server(answer_in_turn({json_response(
      200, R"({"call": {"sid": "a1b2c3d4e5f6", "status": "in-progress", "from": "+919876543210",
      "phonenumbersid": "08047491899", "direction": "outbound-api",
      "datecreated": "2026-05-14 10:00:00", "recordingurl": null}})")}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.to = "+919876543210";
  call.from = "08047491899";
  call.answer_url.clear();
  call.stream_url = "wss://voice.example.com/v1/telephony/exotel/media/tok";
  const auto placed = loop_.place(*control, call);
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  EXPECT_EQ(placed->carrier_call_id, "a1b2c3d4e5f6");
  EXPECT_EQ(placed->status, "in-progress");

  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/accounts/acme1/calls/connect");
  EXPECT_EQ(r.header("Authorization"), kAuthorization);
  const std::string type = r.header("Content-Type");
  ASSERT_TRUE(type.starts_with("multipart/form-data; boundary=")) << type;
  const auto fields = parse_multipart_form(type, r.body);
  ASSERT_TRUE(fields.ok()) << fields.error().message;
  const FormParams expected{{"from", "+919876543210"},
                            {"callerid", "08047491899"},
                            {"streamurl", "wss://voice.example.com/v1/telephony/exotel/media/tok"},
                            {"streamtype", "bidirectional"},
                            {"timelimit", "1800"},
                            {"customfield", "call-0192f0c2"},
                            {"statuscallback", "https://voice.example.com/exotel/status"},
                            {"statuscallbackevents[]", "ringing"},
                            {"statuscallbackevents[]", "answered"},
                            {"statuscallbackevents[]", "terminal"}};
  EXPECT_EQ(*fields, expected);
}

TEST_F(ExotelControlTest, AStreamUrlMustBeAShortWebSocketUrl) {
  ScriptedHttpServer server(answer_in_turn({}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.stream_url = "https://voice.example.com/media";
  auto placed = loop_.place(*control, call);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().fields.at(0).path, "stream_url");
  call.stream_url = "wss://voice.example.com/" + std::string(600, 'x');
  placed = loop_.place(*control, call);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().fields.at(0).path, "stream_url");
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(ExotelControlTest, HangingUpAnEndedCallSucceeds) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, call_json("completed"))}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallSid));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/v1/Accounts/acme1/Calls/b6cfaf5f5cef3ca0fc937749ef96d245.json");
  EXPECT_EQ(requests[0].header("Authorization"), kAuthorization);
}

TEST_F(ExotelControlTest, ALiveCallCannotBeHungUpThroughTheApi) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, call_json("in-progress"))}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallSid));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message,
            "Exotel's API cannot end a live call (this one is in-progress): close the call's "
            "media stream, and the flow's next applet (a Hangup applet) ends it");
  EXPECT_FALSE(control->capabilities().hang_up);
}

TEST_F(ExotelControlTest, TransferIsNotOfferedByTheApi) {
  ScriptedHttpServer server(answer_in_turn({}));
  auto control = control_for(server);
  const auto result = loop_.run<void>([&](auto done) {
    control->transfer(std::string(kCallSid), "09876500000", "https://voice.example.com/x",
                      std::move(done));
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message,
            "Exotel's API cannot transfer a live call: end the call's media stream and let the "
            "flow's next applet (a Connect applet, whose dynamic URL can ask us for the number) "
            "transfer it");
  EXPECT_FALSE(control->capabilities().transfer);
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(ExotelControlTest, ExotelsOwnWordsReachTheError) {
  ScriptedHttpServer server(answer_in_turn({json_response(
      400,
      R"({"RestException": {"Status": 400, "Message": "CallerId 08030752400 is invalid"}})")}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(placed.error().message,
            "Exotel refused to place the call (400): CallerId 08030752400 is invalid");
}

TEST_F(ExotelControlTest, PaymentRequiredIsPermissionDenied) {
  // https://developer.exotel.com/api/http-status-codes: 402 "the action is not available on your
  // plan, or you have exceeded usage limits".
  ScriptedHttpServer server(answer_in_turn({json_response(
      402, R"({"RestException": {"Status": 402, "Message": "Insufficient balance"}})")}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(placed.error().message.find("Insufficient balance"), std::string::npos);
}

TEST_F(ExotelControlTest, SipDestinationsAndLongTimeLimitsAreRefused) {
  ScriptedHttpServer server(answer_in_turn({}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.to = "sip:someone@example.com";
  call.time_limit_seconds = 14401;
  const auto placed = loop_.place(*control, call);
  ASSERT_FALSE(placed.ok());
  ASSERT_EQ(placed.error().fields.size(), 2u);
  EXPECT_EQ(placed.error().fields[0].path, "to");
  EXPECT_EQ(placed.error().fields[1].path, "time_limit_seconds");
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(ExotelControlTest, TheSubdomainMustBeAHostName) {
  const ExotelAccount account{"exo-key-1", "exo-token-1", "acme1", "api in exotel", ""};
  auto control = make_exotel_control(loop_.client(), account);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(placed.error().fields.at(0).path, "subdomain");
}

}  // namespace
}  // namespace ovos::telephony::exotel
