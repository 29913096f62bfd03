#include "telephony/twilio/twilio_control.h"

#include "core/json_read.h"
#include "telephony/carrier_http.h"
#include "telephony/carrier_input.h"
#include "telephony/carrier_status.h"
#include "telephony/form_params.h"
#include "telephony/twilio/twiml.h"

namespace ovos::telephony::twilio {

namespace {

using detail::CarrierHttp;
using detail::CarrierMessage;
using detail::CarrierRequest;
using detail::InputCheck;

constexpr std::string_view kForm = "application/x-www-form-urlencoded";
// Twilio's OpenAPI description of the Twiml parameter: "Max 4000 characters".
constexpr std::size_t kMaxTwimlChars = 4000;
// https://www.twilio.com/docs/api/errors/21220 "Invalid call state": a realtime operation on a
// call that is not in progress (it has ended).
constexpr std::string_view kCallNotInProgress = "21220";

// Twilio's error body: {"code": 21211, "message": "The 'To' number 5551234567 is not a valid
// phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}
// (https://www.twilio.com/docs/usage/troubleshooting/debugging-your-application).
CarrierMessage read_twilio_error(std::string_view body) {
  const auto object = detail::parse_json_object(body);
  if (!object) return {};
  return {detail::json_text_at(*object, "code"), detail::json_text_at(*object, "message"),
          detail::json_text_at(*object, "more_info")};
}

core::Result<void> check_account(const TwilioAccount& account) {
  InputCheck check("use the Twilio account");
  check.account_field("account_sid", account.account_sid, true, true);
  check.account_field("auth_token", account.auth_token, false);
  check.url("api_base_url", account.api_base_url, true);
  return check.result();
}

// A created Call resource: {"sid": "CA...", "status": "queued", ...}
// (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource).
core::Result<PlacedCall> read_placed_call(CarrierHttp::Reply reply) {
  if (!reply.ok()) return std::move(reply).error();
  const auto object = detail::parse_json_object(reply->body);
  const std::string sid = object ? core::json_string_at(*object, "sid") : std::string();
  if (sid.empty()) {
    return detail::unexpected_answer("Twilio", "place the call", reply->status,
                                     "not with a Call resource holding its sid; the call may "
                                     "have been placed: look in Twilio's call logs");
  }
  const std::string status = core::json_string_at(*object, "status");
  return PlacedCall{sid, normalize_call_status("twilio", status).value_or("queued")};
}

class TwilioControl final : public CarrierControl {
 public:
  TwilioControl(net::HttpClient& http, const TwilioAccount& account, CarrierControlOptions options)
      : http_(http,
              {"Twilio", "twilio", "Account SID and auth token",
               detail::without_trailing_slash(account.api_base_url),
               detail::basic_authorization(account.account_sid, account.auth_token),
               &read_twilio_error},
              check_account(account), options),
        calls_path_("/2010-04-01/Accounts/" + detail::encode_path_segment(account.account_sid) +
                    "/Calls") {}

  void place_call(const OutboundCall& call,
                  std::function<void(core::Result<PlacedCall>)> done) override {
    InputCheck check("place the Twilio call");
    check.destination("to", call.to, true);
    check.destination("from", call.from, false);
    check.require(!call.twiml.empty(), "twiml", "is empty: the call needs its TwiML");
    check.require(call.twiml.size() <= kMaxTwimlChars, "twiml",
                  "is longer than Twilio's limit of 4000 characters");
    check.url("status_callback_url", call.status_callback_url, false);
    check.require(call.ring_timeout_seconds >= 1 && call.ring_timeout_seconds <= 600,
                  "ring_timeout_seconds", "must be 1 to 600 (Twilio's Timeout)");
    check.require(call.time_limit_seconds >= 0, "time_limit_seconds", "may not be negative");
    if (!http_.admit(check, done)) return;

    FormParams fields{{"To", call.to}, {"From", call.from}, {"Twiml", call.twiml}};
    if (!call.status_callback_url.empty()) {
      fields.emplace_back("StatusCallback", call.status_callback_url);
      for (const char* event : {"initiated", "ringing", "answered", "completed"}) {
        fields.emplace_back("StatusCallbackEvent", event);  // repeated, one value each
      }
      fields.emplace_back("StatusCallbackMethod", "POST");
    }
    fields.emplace_back("Timeout", std::to_string(call.ring_timeout_seconds));
    if (call.time_limit_seconds > 0) {
      fields.emplace_back("TimeLimit", std::to_string(call.time_limit_seconds));
    }
    // One attempt only: creating a call is not idempotent, and a retry after a lost answer
    // would ring the callee twice.
    http_.send({"place the call",
                "POST",
                calls_path_ + ".json",
                std::string(kForm),
                encode_form(fields),
                1,
                {}},
               [done = std::move(done)](CarrierHttp::Reply reply) {
                 done(read_placed_call(std::move(reply)));
               });
  }

  void hang_up(const std::string& carrier_call_id,
               std::function<void(core::Result<void>)> done) override {
    InputCheck check("hang up the Twilio call");
    check.call_id(carrier_call_id);
    if (!http_.admit(check, done)) return;
    // https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource: Status
    // "completed" hangs up a call even when it is in progress. Safe to repeat, so retried once.
    CarrierRequest request{"hang up the call",
                           "POST",
                           call_path(carrier_call_id),
                           std::string(kForm),
                           encode_form({{"Status", "completed"}}),
                           2,
                           [](int status, const CarrierMessage& message) {
                             return status == 400 && message.code == kCallNotInProgress;
                           }};
    http_.send(std::move(request), detail::without_body(std::move(done)));
  }

  void transfer(const std::string& carrier_call_id, const std::string& to,
                const std::string& /*transfer_xml_url: Twilio takes the TwiML inline*/,
                std::function<void(core::Result<void>)> done) override {
    InputCheck check("transfer the Twilio call");
    check.call_id(carrier_call_id);
    check.destination("to", to, true);
    if (!http_.admit(check, done)) return;
    http_.send({"transfer the call",
                "POST",
                call_path(carrier_call_id),
                std::string(kForm),
                encode_form({{"Twiml", twiml_dial(to)}}),
                1,
                {}},
               detail::without_body(std::move(done)));
  }

 private:
  [[nodiscard]] std::string call_path(const std::string& call_sid) const {
    return calls_path_ + "/" + detail::encode_path_segment(call_sid) + ".json";
  }

  CarrierHttp http_;
  std::string calls_path_;
};

}  // namespace

std::unique_ptr<CarrierControl> make_twilio_control(net::HttpClient& http, TwilioAccount account,
                                                    CarrierControlOptions options) {
  return std::make_unique<TwilioControl>(http, account, options);
}

}  // namespace ovos::telephony::twilio
