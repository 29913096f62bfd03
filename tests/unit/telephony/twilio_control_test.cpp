// Twilio's Calls API client against a loopback fake that answers as Twilio documents:
// https://www.twilio.com/docs/voice/api/call-resource (create 201, update 200, the Call
// resource's JSON) and https://www.twilio.com/docs/usage/troubleshooting/debugging-your-application
// (the error body: code, message, more_info, status).
#include "telephony/twilio/twilio_control.h"

#include <gtest/gtest.h>

#include "carrier_fake.h"
#include "telephony/twilio/twiml.h"

namespace ovos::telephony::twilio {
namespace {

using namespace std::chrono_literals;
using testing::answer_in_turn;
using testing::decode_form;
using testing::Fields;
using testing::json_response;
using testing::LoopHarness;
using testing::ScriptedHttpServer;
using testing::seen_requests;

constexpr std::string_view kSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr std::string_view kCallSid = "CA1234567890abcdef1234567890abcdef";
// base64("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:twilio-token-1"), computed outside this code.
constexpr std::string_view kAuthorization =
    "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0d2lsaW8tdG9rZW4tMQ==";

// The Call resource Twilio answers to create (201) and update (200), shaped like the example on
// https://www.twilio.com/docs/voice/api/call-resource.
std::string call_resource(std::string_view status) {
  return R"({"account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "annotation": null,
    "answered_by": null, "api_version": "2010-04-01", "caller_name": null,
    "date_created": "Tue, 31 Aug 2010 20:36:28 +0000", "date_updated": "Tue, 31 Aug 2010 20:36:44 +0000",
    "direction": "outbound-api", "duration": null, "end_time": null, "forwarded_from": null,
    "from": "+14155550100", "from_formatted": "(415) 555-0100", "group_sid": null,
    "parent_call_sid": null, "phone_number_sid": "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "price": null, "price_unit": "USD", "sid": "CA1234567890abcdef1234567890abcdef",
    "start_time": null, "status": ")" +
         std::string(status) + R"(", "subresource_uris": {"notifications":
    "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/CA1234567890abcdef1234567890abcdef/Notifications.json"},
    "to": "+14155550123", "to_formatted": "(415) 555-0123", "trunk_sid": null,
    "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/CA1234567890abcdef1234567890abcdef.json",
    "queue_time": "0"})";
}

class TwilioControlTest : public ::testing::Test {
 protected:
  std::unique_ptr<CarrierControl> control_for(const ScriptedHttpServer& server) {
    return make_twilio_control(
        loop_.client(),
        {std::string(kSid), "twilio-token-1", "http://127.0.0.1:" + std::to_string(server.port())},
        {.request_timeout = 5s, .hang_up_retry_delay = 10ms});
  }

  static OutboundCall outbound() {
    OutboundCall call;
    call.to = "+14155550123";
    call.from = "+14155550100";
    call.twiml = twiml_connect_stream("wss://voice.example.com/twilio/media",
                                      {{"call_id", "c-1"}, {"token", "a&b<c>\"d'"}});
    call.status_callback_url = "https://voice.example.com/twilio/status?call=c-1&x=y%20z";
    call.ring_timeout_seconds = 45;
    call.time_limit_seconds = 600;
    return call;
  }

  LoopHarness loop_;
};

TEST_F(TwilioControlTest, PlacesACallWithItsTwimlInline) {
  ScriptedHttpServer server(answer_in_turn({json_response(201, call_resource("queued"))}));
  auto control = control_for(server);
  const OutboundCall call = outbound();
  const auto placed = loop_.place(*control, call);
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  EXPECT_EQ(placed->carrier_call_id, kCallSid);
  EXPECT_EQ(placed->status, "queued");

  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json");
  EXPECT_EQ(r.header("Authorization"), kAuthorization);
  EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.header("Accept"), "application/json");
  const Fields expected{{"To", "+14155550123"},
                        {"From", "+14155550100"},
                        {"Twiml", call.twiml},
                        {"StatusCallback", call.status_callback_url},
                        {"StatusCallbackEvent", "initiated"},
                        {"StatusCallbackEvent", "ringing"},
                        {"StatusCallbackEvent", "answered"},
                        {"StatusCallbackEvent", "completed"},
                        {"StatusCallbackMethod", "POST"},
                        {"Timeout", "45"},
                        {"TimeLimit", "600"}};
  EXPECT_EQ(decode_form(r.body), expected);
  // The TwiML travels escaped twice: XML entities inside, percent-encoding outside.
  EXPECT_EQ(call.twiml, R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
                        R"(<Stream url="wss://voice.example.com/twilio/media">)"
                        R"(<Parameter name="call_id" value="c-1"/>)"
                        R"(<Parameter name="token" value="a&amp;b&lt;c&gt;&quot;d&apos;"/>)"
                        R"(</Stream></Connect></Response>)");
  EXPECT_NE(r.body.find("value%3D%22a%26amp%3Bb%26lt%3Bc%26gt%3B%26quot%3Bd%26apos%3B%22"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("To=%2B14155550123&From=%2B14155550100&"), std::string::npos) << r.body;
}

TEST_F(TwilioControlTest, LeavesOutWhatTheCallDoesNotSet) {
  ScriptedHttpServer server(answer_in_turn({json_response(201, call_resource("queued"))}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.status_callback_url.clear();
  call.time_limit_seconds = 0;
  call.to = "sip:agent@pbx.example.com";
  ASSERT_TRUE(loop_.place(*control, call).ok());
  const Fields expected{{"To", "sip:agent@pbx.example.com"},
                        {"From", "+14155550100"},
                        {"Twiml", call.twiml},
                        {"Timeout", "45"}};
  EXPECT_EQ(decode_form(seen_requests(server).at(0).body), expected);
}

TEST_F(TwilioControlTest, HangsUpWithStatusCompleted) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, call_resource("completed"))}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallSid));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target,
            "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/"
            "CA1234567890abcdef1234567890abcdef.json");
  EXPECT_EQ(requests[0].header("Authorization"), kAuthorization);
  EXPECT_EQ(decode_form(requests[0].body), (Fields{{"Status", "completed"}}));
}

TEST_F(TwilioControlTest, HangingUpAnEndedCallSucceeds) {
  // https://www.twilio.com/docs/api/errors/21220: not in progress any more.
  ScriptedHttpServer server(answer_in_turn({json_response(400, R"({"code": 21220,
    "message": "Call is not in-progress. Cannot redirect.",
    "more_info": "https://www.twilio.com/docs/errors/21220", "status": 400})")}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallSid));
  EXPECT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(TwilioControlTest, HangUpTriesOnceMoreAfterAServerError) {
  ScriptedHttpServer server(
      answer_in_turn({json_response(503, R"({"code": 20503, "message": "Service unavailable",
        "more_info": "https://www.twilio.com/docs/errors/20503", "status": 503})"),
                      json_response(200, call_resource("completed"))}));
  auto control = control_for(server);
  const auto result = loop_.hang_up(*control, std::string(kCallSid));
  EXPECT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(TwilioControlTest, TransferDialsTheNumberWithNewTwiml) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, call_resource("in-progress")),
                                            json_response(200, call_resource("in-progress"))}));
  auto control = control_for(server);
  ASSERT_TRUE(loop_.transfer(*control, std::string(kCallSid), "+14155550199").ok());
  ASSERT_TRUE(loop_.transfer(*control, std::string(kCallSid), "sip:desk@pbx.example.com").ok());
  const auto requests = seen_requests(server);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target,
            "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/"
            "CA1234567890abcdef1234567890abcdef.json");
  EXPECT_EQ(decode_form(requests[0].body),
            (Fields{{"Twiml", R"(<?xml version="1.0" encoding="UTF-8"?>)"
                              R"(<Response><Dial>+14155550199</Dial></Response>)"}}));
  EXPECT_EQ(decode_form(requests[1].body),
            (Fields{{"Twiml", R"(<?xml version="1.0" encoding="UTF-8"?>)"
                              R"(<Response><Dial><Sip>sip:desk@pbx.example.com</Sip></Dial>)"
                              R"(</Response>)"}}));
}

TEST_F(TwilioControlTest, TwiliosOwnWordsReachTheError) {
  ScriptedHttpServer server(answer_in_turn({json_response(400, R"({"code": 21211,
    "message": "The 'To' number 5551234567 is not a valid phone number.",
    "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})")}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(placed.error().message,
            "Twilio refused to place the call (400): error 21211: The 'To' number 5551234567 is "
            "not a valid phone number. (https://www.twilio.com/docs/errors/21211)");
}

TEST_F(TwilioControlTest, WrongCredentialsSayWhatToCheck) {
  ScriptedHttpServer server(answer_in_turn({json_response(401, R"({"code": 20003,
    "detail": "Your AccountSid or AuthToken was incorrect.", "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401})")}));
  auto control = control_for(server);
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(placed.error().message,
            "Twilio refused the account credentials (401): check the Account SID and auth token "
            "in your provider keys (Twilio said error 20003: Authenticate "
            "(https://www.twilio.com/docs/errors/20003))");
}

TEST_F(TwilioControlTest, BadInputIsRefusedBeforeAnythingIsSent) {
  ScriptedHttpServer server(answer_in_turn({}));
  auto control = control_for(server);
  OutboundCall call = outbound();
  call.to = "555-0123";
  call.twiml = std::string(4001, 'x');
  const auto placed = loop_.place(*control, call);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  ASSERT_EQ(placed.error().fields.size(), 2u);
  EXPECT_EQ(placed.error().fields[0].path, "to");
  EXPECT_EQ(placed.error().fields[1].path, "twiml");
  EXPECT_EQ(placed.error().message,
            "cannot place the Twilio call: 'to' must be a phone number in E.164 form "
            "(+14155550100) or a sip: URI; 'twiml' is longer than Twilio's limit of 4000 "
            "characters");

  const auto hung = loop_.hang_up(*control, "CA123/../../Calls");
  ASSERT_FALSE(hung.ok());
  EXPECT_EQ(hung.error().fields.at(0).path, "carrier_call_id");
  const auto moved = loop_.transfer(*control, std::string(kCallSid), "not a number");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().fields.at(0).path, "to");
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(TwilioControlTest, AnAccountWithoutCredentialsFailsEveryOperation) {
  auto control = make_twilio_control(loop_.client(), {"", "", "http://127.0.0.1:1"});
  const auto placed = loop_.place(*control, outbound());
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(placed.error().message,
            "cannot use the Twilio account: 'account_sid' is empty: set it in your provider keys; "
            "'auth_token' is empty: set it in your provider keys");
  EXPECT_FALSE(loop_.hang_up(*control, std::string(kCallSid)).ok());
  EXPECT_EQ(control->capabilities().hang_up, true);
  EXPECT_EQ(control->capabilities().transfer, true);
}

}  // namespace
}  // namespace ovos::telephony::twilio
