#include "telephony/exotel/exotel_control.h"

#include <algorithm>

#include "core/json_read.h"
#include "crypto/tokens.h"
#include "telephony/carrier_http.h"
#include "telephony/carrier_input.h"
#include "telephony/carrier_status.h"
#include "telephony/form_params.h"
#include "telephony/multipart_form.h"

namespace ovos::telephony::exotel {

namespace {

using detail::CarrierHttp;
using detail::CarrierMessage;
using detail::InputCheck;

constexpr std::string_view kForm = "application/x-www-form-urlencoded";
// TimeLimit: "Max: 14400 (4 hours)"
// (https://developer.exotel.com/docs/voice-v1/api-reference/connect-to-flow).
constexpr int kMaxTimeLimitSeconds = 14400;
// streamurl: "wss:// or ws://, max 600 chars"
// (https://developer.exotel.com/docs/agentstream/developer-guide).
constexpr std::size_t kMaxStreamUrlLength = 600;

// Exotel's error body: {"RestException": {"Status": 401, "Message": "Authentication failed..."}}
// (https://developer.exotel.com/docs/references/authentication, "Error Responses").
CarrierMessage read_exotel_error(std::string_view body) {
  const auto object = detail::parse_json_object(body);
  const boost::json::object* exception =
      object ? core::json_object_at(*object, "RestException") : nullptr;
  if (exception == nullptr) return {};
  return {
      detail::json_text_at(*exception, "Code"), detail::json_text_at(*exception, "Message"), {}};
}

// The subdomain as people paste it from Exotel's pages ("@api.in.exotel.com",
// "https://api.in.exotel.com/") reduced to the host.
std::string exotel_host(std::string_view subdomain) {
  if (!subdomain.empty() && subdomain.front() == '@') subdomain.remove_prefix(1);
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (subdomain.substr(0, scheme.size()) == scheme) subdomain.remove_prefix(scheme.size());
  }
  return detail::without_trailing_slash(subdomain);
}

std::string exotel_base_url(const ExotelAccount& account) {
  return account.api_base_url.empty() ? "https://" + exotel_host(account.subdomain)
                                      : detail::without_trailing_slash(account.api_base_url);
}

core::Result<void> check_account(const ExotelAccount& account) {
  InputCheck check("use the Exotel account");
  check.account_field("api_key", account.api_key, false, true);
  check.account_field("api_token", account.api_token, false);
  check.account_field("account_sid", account.account_sid, true);
  const std::string host = exotel_host(account.subdomain);
  check.require(account.api_base_url.empty() || detail::is_http_url(account.api_base_url),
                "api_base_url", "must be an absolute http:// or https:// URL");
  check.require(
      !account.api_base_url.empty() ||
          (!host.empty() && std::all_of(host.begin(), host.end(),
                                        [](char c) {
                                          return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                                                 c == '.' || c == '-';
                                        })),
      "subdomain", "must be a host name such as api.exotel.com or api.in.exotel.com");
  return check.result();
}

// {"Call": {"Sid": "b6cfaf5f5cef3ca0fc937749ef96d245", "Status": "in-progress", ...}}: the
// answer of Calls/connect.json and of Calls/{Sid}.json
// (https://developer.exotel.com/docs/voice-v1/api-reference/call-details).
struct CallResource {
  std::string sid;
  std::string status;
};

// Connect Voice AI answers the same in lower case: {"call": {"sid": "...", "status": ...}}.
std::optional<CallResource> read_call(std::string_view body) {
  const auto object = detail::parse_json_object(body);
  if (!object) return std::nullopt;
  const bool lower = object->contains("call");
  const boost::json::object* call = core::json_object_at(*object, lower ? "call" : "Call");
  if (call == nullptr) return std::nullopt;
  CallResource resource{core::json_string_at(*call, lower ? "sid" : "Sid"),
                        core::json_string_at(*call, lower ? "status" : "Status")};
  if (resource.sid.empty()) return std::nullopt;
  return resource;
}

core::Result<PlacedCall> read_placed_call(CarrierHttp::Reply reply) {
  if (!reply.ok()) return std::move(reply).error();
  const auto call = read_call(reply->body);
  if (!call) {
    return detail::unexpected_answer("Exotel", "place the call", reply->status,
                                     "without a Call holding its Sid; the call may have been "
                                     "placed: look in Exotel's call logs");
  }
  return PlacedCall{call->sid, normalize_call_status("exotel", call->status).value_or("queued")};
}

// Ended: success. Live: Exotel's v1 API has no hang-up (its reference lists Calls/connect and
// Call Details only, https://developer.exotel.com/docs/voice-v1/): say how the call does end.
core::Result<void> read_hang_up(CarrierHttp::Reply reply) {
  if (!reply.ok()) return std::move(reply).error();
  const auto call = read_call(reply->body);
  const auto status = call ? normalize_call_status("exotel", call->status) : std::nullopt;
  if (!status) {
    return detail::unexpected_answer("Exotel", "hang up the call", reply->status,
                                     "without a Call holding a known Status");
  }
  if (is_final_call_status(*status)) return core::ok();
  return core::Error::unavailable(
      "Exotel's API cannot end a live call (this one is " + *status +
      "): close the call's media stream, and the flow's next applet (a Hangup applet) ends it");
}

class ExotelControl final : public CarrierControl {
 public:
  ExotelControl(net::HttpClient& http, const ExotelAccount& account, CarrierControlOptions options)
      : http_(http,
              {"Exotel", "exotel", "API key, API token, account SID and subdomain",
               exotel_base_url(account),
               detail::basic_authorization(account.api_key, account.api_token), &read_exotel_error},
              check_account(account), options),
        calls_path_("/v1/Accounts/" + detail::encode_path_segment(account.account_sid) + "/Calls"),
        lower_calls_path_("/v1/accounts/" + detail::encode_path_segment(account.account_sid) +
                          "/calls") {}

  [[nodiscard]] CarrierCapabilities capabilities() const override { return {false, false}; }

  void place_call(const OutboundCall& call,
                  std::function<void(core::Result<PlacedCall>)> done) override {
    InputCheck check("place the Exotel call");
    check.destination("to", call.to, false);
    check.destination("from", call.from, false);
    const bool stream = !call.stream_url.empty();
    if (stream) {
      check.require(call.stream_url.starts_with("wss://") || call.stream_url.starts_with("ws://"),
                    "stream_url", "must be a ws:// or wss:// URL");
      check.require(call.stream_url.size() <= kMaxStreamUrlLength, "stream_url",
                    "must be at most 600 characters (Exotel's limit)");
    } else {
      check.url("answer_url", call.answer_url, true);
    }
    check.url("status_callback_url", call.status_callback_url, false);
    check.require(call.ring_timeout_seconds >= 1, "ring_timeout_seconds", "must be positive");
    check.require(call.time_limit_seconds >= 0 && call.time_limit_seconds <= kMaxTimeLimitSeconds,
                  "time_limit_seconds", "must be 0 to 14400 (Exotel's TimeLimit)");
    if (!http_.admit(check, done)) return;
    if (stream) {
      connect_voice_ai(call, std::move(done));
      return;
    }
    // "Connect Number to Call Flow": Exotel calls From first and connects the answered call to
    // the flow at Url; CallerId is the ExoPhone the callee sees.
    FormParams fields{{"From", call.to},
                      {"CallerId", call.from},
                      {"Url", call.answer_url},
                      {"CallType", "trans"},
                      {"TimeOut", std::to_string(call.ring_timeout_seconds)}};
    if (call.time_limit_seconds > 0) {
      fields.emplace_back("TimeLimit", std::to_string(call.time_limit_seconds));
    }
    if (!call.status_callback_url.empty()) {
      fields.emplace_back("StatusCallback", call.status_callback_url);
      // CustomField comes back in StatusCallback only with the 'terminal' event.
      fields.emplace_back("StatusCallbackEvents[0]", "terminal");
      fields.emplace_back("StatusCallbackEvents[1]", "answered");
    }
    if (!call.custom_field.empty()) fields.emplace_back("CustomField", call.custom_field);
    // One attempt only: placing a call is not idempotent; a retry could ring the callee twice.
    http_.send({"place the call",
                "POST",
                calls_path_ + "/connect.json",
                std::string(kForm),
                encode_form(fields),
                1,
                {}},
               [done = std::move(done)](CarrierHttp::Reply reply) {
                 done(read_placed_call(std::move(reply)));
               });
  }

  // "Connect Voice AI": Exotel calls `from` (our callee) and, once answered, opens a
  // bidirectional stream to `streamurl`. Sent as multipart/form-data, as Exotel's example does.
  void connect_voice_ai(const OutboundCall& call,
                        std::function<void(core::Result<PlacedCall>)> done) {
    FormParams fields{{"from", call.to},
                      {"callerid", call.from},
                      {"streamurl", call.stream_url},
                      {"streamtype", "bidirectional"}};
    if (call.time_limit_seconds > 0) {
      fields.emplace_back("timelimit", std::to_string(call.time_limit_seconds));
    }
    if (!call.custom_field.empty()) fields.emplace_back("customfield", call.custom_field);
    if (!call.status_callback_url.empty()) {
      fields.emplace_back("statuscallback", call.status_callback_url);
      for (const char* event : {"ringing", "answered", "terminal"}) {
        fields.emplace_back("statuscallbackevents[]", event);
      }
    }
    const std::string boundary = "ovos-" + crypto::random_token("", 18);
    auto body = encode_multipart_form(fields, boundary);
    if (!body.ok()) {
      http_.fail(std::move(body).error(), std::move(done));
      return;
    }
    // One attempt only, as for the flow: a retry could ring the callee twice.
    http_.send({"place the call",
                "POST",
                lower_calls_path_ + "/connect",
                "multipart/form-data; boundary=" + boundary,
                std::move(body).value(),
                1,
                {}},
               [done = std::move(done)](CarrierHttp::Reply reply) {
                 done(read_placed_call(std::move(reply)));
               });
  }

  void hang_up(const std::string& carrier_call_id,
               std::function<void(core::Result<void>)> done) override {
    InputCheck check("hang up the Exotel call");
    check.call_id(carrier_call_id);
    if (!http_.admit(check, done)) return;
    http_.send({"hang up the call",
                "GET",
                calls_path_ + "/" + detail::encode_path_segment(carrier_call_id) + ".json",
                "",
                "",
                2,
                {}},
               [done = std::move(done)](CarrierHttp::Reply reply) {
                 done(read_hang_up(std::move(reply)));
               });
  }

  void transfer(const std::string& /*carrier_call_id*/, const std::string& /*to*/,
                const std::string& /*transfer_xml_url*/,
                std::function<void(core::Result<void>)> done) override {
    http_.fail(core::Error::unavailable(
                   "Exotel's API cannot transfer a live call: end the call's media stream and "
                   "let the flow's next applet (a Connect applet, whose dynamic URL can ask us "
                   "for the number) transfer it"),
               std::move(done));
  }

 private:
  CarrierHttp http_;
  std::string calls_path_;        // Voice v1's own spelling
  std::string lower_calls_path_;  // AgentStream's page spells the same API in lower case
};

}  // namespace

std::unique_ptr<CarrierControl> make_exotel_control(net::HttpClient& http, ExotelAccount account,
                                                    CarrierControlOptions options) {
  return std::make_unique<ExotelControl>(http, account, options);
}

}  // namespace ovos::telephony::exotel
