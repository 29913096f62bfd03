#include "telephony/plivo/plivo_control.h"

#include <boost/json/serialize.hpp>

#include "core/json_read.h"
#include "telephony/carrier_http.h"
#include "telephony/carrier_input.h"

namespace ovos::telephony::plivo {

namespace {

namespace json = boost::json;
using detail::CarrierHttp;
using detail::CarrierMessage;
using detail::CarrierRequest;
using detail::InputCheck;

constexpr std::string_view kJson = "application/json";

// Plivo's error body: {"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "not found"}
// (https://docs.plivo.com/docs/messaging/api/response); `error` may also be an object of field
// messages, which is quoted as JSON.
CarrierMessage read_plivo_error(std::string_view body) {
  const auto object = detail::parse_json_object(body);
  if (!object) return {};
  return {{}, detail::json_text_at(*object, "error"), {}};
}

core::Result<void> check_account(const PlivoAccount& account) {
  InputCheck check("use the Plivo account");
  check.account_field("auth_id", account.auth_id, true, true);
  check.account_field("auth_token", account.auth_token, false);
  check.url("api_base_url", account.api_base_url, true);
  return check.result();
}

// Plivo's numbers are "the country code followed by the number" without '+'
// (https://www.plivo.com/docs/voice/api/call/make-a-call/); SIP URIs go as they are.
std::string plivo_number(const std::string& destination) {
  return !destination.empty() && destination.front() == '+' ? destination.substr(1) : destination;
}

// 201 {"message": "call fired", "request_uuid": "9834029e-58b6-11e1-8ce0-0b0d4b1d2e6a",
// "api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb"}; for several destinations request_uuid is a
// list (we dial one).
core::Result<PlacedCall> read_placed_call(CarrierHttp::Reply reply) {
  if (!reply.ok()) return std::move(reply).error();
  const auto object = detail::parse_json_object(reply->body);
  std::string uuid = object ? core::json_string_at(*object, "request_uuid") : std::string();
  if (object && uuid.empty()) {
    const json::value* list = object->if_contains("request_uuid");
    if (list != nullptr && list->is_array() && list->as_array().size() == 1 &&
        list->as_array()[0].is_string()) {
      uuid = std::string(list->as_array()[0].get_string());
    }
  }
  if (uuid.empty()) {
    return detail::unexpected_answer("Plivo", "place the call", reply->status,
                                     "without a request_uuid; the call may have been placed: "
                                     "look in Plivo's call logs");
  }
  return PlacedCall{uuid, "queued"};
}

class PlivoControl final : public CarrierControl {
 public:
  PlivoControl(net::HttpClient& http, const PlivoAccount& account, CarrierControlOptions options)
      : http_(http,
              {"Plivo", "plivo", "Auth ID and auth token",
               detail::without_trailing_slash(account.api_base_url),
               detail::basic_authorization(account.auth_id, account.auth_token), &read_plivo_error},
              check_account(account), options),
        account_path_("/v1/Account/" + detail::encode_path_segment(account.auth_id)) {}

  void place_call(const OutboundCall& call,
                  std::function<void(core::Result<PlacedCall>)> done) override {
    InputCheck check("place the Plivo call");
    check.destination("to", call.to, true);
    check.destination("from", call.from, false);
    check.url("answer_url", call.answer_url, true);
    check.url("status_callback_url", call.status_callback_url, false);
    check.require(call.ring_timeout_seconds >= 1, "ring_timeout_seconds", "must be positive");
    check.require(call.time_limit_seconds >= 0, "time_limit_seconds", "may not be negative");
    if (!http_.admit(check, done)) return;

    json::object body{{"from", plivo_number(call.from)},
                      {"to", plivo_number(call.to)},
                      {"answer_url", call.answer_url},
                      {"answer_method", "POST"},
                      {"ring_timeout", call.ring_timeout_seconds}};
    if (!call.status_callback_url.empty()) {
      body["hangup_url"] = call.status_callback_url;
      body["hangup_method"] = "POST";
      body["ring_url"] = call.status_callback_url;
      body["ring_method"] = "POST";
    }
    if (call.time_limit_seconds > 0) body["time_limit"] = call.time_limit_seconds;
    // One attempt only: making a call is not idempotent; a retry could ring the callee twice.
    http_.send({"place the call",
                "POST",
                account_path_ + "/Call/",
                std::string(kJson),
                json::serialize(body),
                1,
                {}},
               [done = std::move(done)](CarrierHttp::Reply reply) {
                 done(read_placed_call(std::move(reply)));
               });
  }

  // DELETE .../Call/{uuid}/ answers 204, or 404 once the call has ended
  // (https://www.plivo.com/docs/voice/api/call/hangup-a-call). On 404 the id may still be the
  // request_uuid of a call not yet answered: DELETE .../Request/{uuid}/ cancels that (the
  // SDK's calls.cancel, plivo-python plivo/resources/calls.py); 404 there too means ended.
  void hang_up(const std::string& carrier_call_id,
               std::function<void(core::Result<void>)> done) override {
    InputCheck check("hang up the Plivo call");
    check.call_id(carrier_call_id);
    if (!http_.admit(check, done)) return;
    const std::string id = detail::encode_path_segment(carrier_call_id);
    CarrierRequest cancel{
        "hang up the call", "DELETE", account_path_ + "/Request/" + id + "/", "", "", 2,
        &not_found};
    auto on_call = [http = http_, cancel = std::move(cancel),
                    done = std::move(done)](CarrierHttp::Reply reply) mutable {
      if (reply.ok() && reply->status == 404) {
        http.send(std::move(cancel), detail::without_body(std::move(done)));
      } else {
        detail::without_body(std::move(done))(std::move(reply));
      }
    };
    http_.send(
        {"hang up the call", "DELETE", account_path_ + "/Call/" + id + "/", "", "", 2, &not_found},
        std::move(on_call));
  }

  // POST .../Call/{uuid}/ {"legs": "aleg", "aleg_url": ..., "aleg_method": "POST"} answers 202
  // {"message": "call transferred", "api_id": ...}
  // (https://www.plivo.com/docs/voice/api/call/transfer-a-call).
  void transfer(const std::string& carrier_call_id, const std::string& to,
                const std::string& transfer_xml_url,
                std::function<void(core::Result<void>)> done) override {
    InputCheck check("transfer the Plivo call");
    check.call_id(carrier_call_id);
    check.destination("to", to, true);
    check.url("transfer_xml_url", transfer_xml_url, true);
    if (!http_.admit(check, done)) return;
    const json::object body{
        {"legs", "aleg"}, {"aleg_url", transfer_xml_url}, {"aleg_method", "POST"}};
    http_.send({"transfer the call",
                "POST",
                account_path_ + "/Call/" + detail::encode_path_segment(carrier_call_id) + "/",
                std::string(kJson),
                json::serialize(body),
                1,
                {}},
               detail::without_body(std::move(done)));
  }

 private:
  static bool not_found(int status, const CarrierMessage& /*message*/) { return status == 404; }

  CarrierHttp http_;
  std::string account_path_;
};

}  // namespace

std::unique_ptr<CarrierControl> make_plivo_control(net::HttpClient& http, PlivoAccount account,
                                                   CarrierControlOptions options) {
  return std::make_unique<PlivoControl>(http, account, options);
}

}  // namespace ovos::telephony::plivo
