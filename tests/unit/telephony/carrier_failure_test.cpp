// How the three carrier controls fail, on each carrier's documented error bodies: refused
// credentials, rate limits, server errors (never retried when placing a call, retried once when
// hanging up), answers that are not the documented JSON, a refused connection and a server that
// does not answer in time. Messages name the carrier; credentials never reach them or the log.
#include <gtest/gtest.h>

#include <mutex>

#include "carrier_fake.h"
#include "core/logging.h"
#include "telephony/exotel/exotel_control.h"
#include "telephony/plivo/plivo_control.h"
#include "telephony/twilio/twilio_control.h"

namespace ovos::telephony {
namespace {

using namespace std::chrono_literals;
using testing::answer_in_turn;
using testing::json_response;
using testing::LoopHarness;
using testing::RawConnection;
using testing::ScriptedHttpServer;

using Factory = std::function<std::unique_ptr<CarrierControl>(
    net::HttpClient&, const std::string& base_url, CarrierControlOptions)>;

/// One carrier, as the failure tests need it.
struct CarrierCase {
  std::string name;  // as messages say it
  Factory make;
  OutboundCall call;
  std::string credential_hint;
  std::string secret;         // the token, which must show nowhere
  std::string secret_base64;  // the Authorization value's credentials
  std::string unauthorized;   // the carrier's documented 401 body
  std::string carrier_said;   // what of it the message quotes
  std::string rate_limited;   // its 429 body
  std::string call_id;
};

CarrierCase twilio_case() {
  OutboundCall call;
  call.to = "+14155550123";
  call.from = "+14155550100";
  call.twiml = "<Response><Hangup/></Response>";
  return {"Twilio",
          [](net::HttpClient& http, const std::string& url, CarrierControlOptions options) {
            return twilio::make_twilio_control(
                http, {"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "twilio-token-1", url}, options);
          },
          call, "Account SID and auth token", "twilio-token-1",
          "QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0d2lsaW8tdG9rZW4tMQ==",
          R"({"code": 20003, "detail": "Your AccountSid or AuthToken was incorrect.",
              "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003",
              "status": 401})",
          "error 20003: Authenticate",
          // https://www.twilio.com/docs/api/errors/20429 "Too Many Requests".
          R"({"code": 20429, "message": "Too Many Requests",
              "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429})",
          "CA1234567890abcdef1234567890abcdef"};
}

CarrierCase plivo_case() {
  OutboundCall call;
  call.to = "+919876543210";
  call.from = "+14155550100";
  call.answer_url = "https://voice.example.com/plivo/answer";
  return {"Plivo",
          [](net::HttpClient& http, const std::string& url, CarrierControlOptions options) {
            return plivo::make_plivo_control(http, {"MAXXXXXXXXXXXXXXXXXX", "plivo-token-1", url},
                                             options);
          },
          call,
          "Auth ID and auth token",
          "plivo-token-1",
          "TUFYWFhYWFhYWFhYWFhYWFhYWFg6cGxpdm8tdG9rZW4tMQ==",
          R"({"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "authentication failed"})",
          "authentication failed",
          R"({"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "too many requests"})",
          "eba53b9e-8fbd-45c1-9444-696d2172fbc8"};
}

CarrierCase exotel_case() {
  OutboundCall call;
  call.to = "09876543210";
  call.from = "08030752400";
  call.answer_url = "http://my.exotel.com/acme1/exoml/start_voice/926";
  return {
      "Exotel",
      [](net::HttpClient& http, const std::string& url, CarrierControlOptions options) {
        exotel::ExotelAccount account{"exo-key-1", "exo-token-1", "acme1", "api.exotel.com", url};
        return exotel::make_exotel_control(http, account, options);
      },
      call,
      "API key, API token, account SID and subdomain",
      "exo-token-1",
      "ZXhvLWtleS0xOmV4by10b2tlbi0x",
      R"({"RestException": {"Status": 401,
              "Message": "Authentication failed. Check your API key and token."}})",
      "Authentication failed. Check your API key and token.",
      R"({"RestException": {"Status": 429, "Message": "Rate limit exceeded. Try again in 30 seconds.",
              "Code": "RATE_LIMIT_EXCEEDED"}})",
      "b6cfaf5f5cef3ca0fc937749ef96d245"};
}

// gtest prints a test's parameter; the carrier's name says enough.
void PrintTo(const CarrierCase& carrier, std::ostream* out) {
  *out << carrier.name;
}

class CarrierFailureTest : public ::testing::TestWithParam<CarrierCase> {
 protected:
  std::unique_ptr<CarrierControl> control_at(const std::string& base_url,
                                             std::chrono::milliseconds timeout = 5s) {
    return GetParam().make(loop_.client(), base_url,
                           {.request_timeout = timeout, .hang_up_retry_delay = 10ms});
  }
  std::unique_ptr<CarrierControl> control_for(const ScriptedHttpServer& server,
                                              std::chrono::milliseconds timeout = 5s) {
    return control_at("http://127.0.0.1:" + std::to_string(server.port()), timeout);
  }
  core::Result<PlacedCall> place(CarrierControl& control) {
    return loop_.place(control, GetParam().call);
  }
  core::Result<void> hang_up(CarrierControl& control) {
    return loop_.hang_up(control, GetParam().call_id);
  }
  void expect_no_secret(const std::string& text) {
    EXPECT_EQ(text.find(GetParam().secret), std::string::npos) << text;
    EXPECT_EQ(text.find(GetParam().secret_base64), std::string::npos) << text;
  }

  LoopHarness loop_;
};

TEST_P(CarrierFailureTest, RefusedCredentialsSayWhatToCheck) {
  for (const int status : {401, 403}) {
    ScriptedHttpServer server(answer_in_turn({json_response(status, GetParam().unauthorized)}));
    auto control = control_for(server);
    const auto placed = place(*control);
    ASSERT_FALSE(placed.ok());
    EXPECT_EQ(placed.error().code, core::ErrorCode::kUnauthenticated);
    const std::string expected = GetParam().name + " refused the account credentials (" +
                                 std::to_string(status) + "): check the " +
                                 GetParam().credential_hint + " in your provider keys";
    EXPECT_EQ(placed.error().message.rfind(expected, 0), 0u) << placed.error().message;
    EXPECT_NE(placed.error().message.find(GetParam().carrier_said), std::string::npos)
        << placed.error().message;
    expect_no_secret(placed.error().message);
  }
}

TEST_P(CarrierFailureTest, RateLimitingIsRateLimited) {
  ScriptedHttpServer server(answer_in_turn({json_response(429, GetParam().rate_limited)}));
  auto control = control_for(server);
  const auto placed = place(*control);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kRateLimited);
  EXPECT_EQ(placed.error().message.rfind(GetParam().name + " is limiting this account's request "
                                                           "rate (429) and did not place the call",
                                         0),
            0u)
      << placed.error().message;
}

TEST_P(CarrierFailureTest, AServerErrorIsNeverRetriedWhenPlacingACall) {
  ScriptedHttpServer server(answer_in_turn(
      {json_response(500, "{}"), json_response(500, "{}"), json_response(500, "{}")}));
  auto control = control_for(server);
  const auto placed = place(*control);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(placed.error().message,
            GetParam().name + "'s API failed to place the call (500); try again later");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_P(CarrierFailureTest, HangUpIsTriedTwiceAtMost) {
  ScriptedHttpServer server(answer_in_turn({"", "", "", ""}));  // each closed unanswered
  auto control = control_for(server);
  const auto result = hang_up(*control);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message.rfind(
                "could not reach " + GetParam().name + "'s API to hang up the call: ", 0),
            0u)
      << result.error().message;
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_P(CarrierFailureTest, AnAnswerThatIsNotTheDocumentedJsonIsAnError) {
  ScriptedHttpServer server(answer_in_turn({json_response(200, R"({"unexpected": tru)"),
                                            json_response(200, R"({"documented": "no"})")}));
  auto control = control_for(server);
  for (int i = 0; i < 2; ++i) {
    const auto placed = place(*control);
    ASSERT_FALSE(placed.ok());
    EXPECT_EQ(placed.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(
        placed.error().message.rfind(GetParam().name + " answered 200 to place the call but", 0),
        0u)
        << placed.error().message;
    EXPECT_NE(placed.error().message.find("the call may have been placed"), std::string::npos);
  }
}

TEST_P(CarrierFailureTest, ARefusedConnectionIsUnavailable) {
  auto control = control_at("http://127.0.0.1:1");  // nothing listens on port 1
  const auto placed = place(*control);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(placed.error().message.rfind(
                "could not reach " + GetParam().name + "'s API to place the call: ", 0),
            0u)
      << placed.error().message;
}

TEST_P(CarrierFailureTest, ASlowServerTimesOut) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.pause(10s);
  });
  auto control = control_for(server, 300ms);
  const auto placed = place(*control);
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(placed.error().message,
            GetParam().name + "'s API did not answer within 300 ms to place the call");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_P(CarrierFailureTest, CredentialsNeverReachTheLog) {
  std::mutex mutex;
  std::string log;
  core::set_log_sink([&](std::string_view line) {
    const std::lock_guard lock(mutex);
    log += line;
    log += '\n';
  });
  ScriptedHttpServer server(answer_in_turn({json_response(401, GetParam().unauthorized), "", ""}));
  auto control = control_for(server);
  EXPECT_FALSE(place(*control).ok());
  EXPECT_FALSE(hang_up(*control).ok());
  core::set_log_sink(nullptr);
  const std::lock_guard lock(mutex);
  EXPECT_NE(log.find("telephony.carrier_request_failed"), std::string::npos) << log;
  expect_no_secret(log);
}

INSTANTIATE_TEST_SUITE_P(Carriers, CarrierFailureTest,
                         ::testing::Values(twilio_case(), plivo_case(), exotel_case()),
                         [](const ::testing::TestParamInfo<CarrierCase>& carrier) {
                           return carrier.param.name;
                         });

}  // namespace
}  // namespace ovos::telephony
