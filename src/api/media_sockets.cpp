// The carriers' media WebSockets: /v1/telephony/{carrier}/media/{token}, one per call, and
// /v1/telephony/exotel/voicebot/{user_id}, the one URL of a user's Exotel Voicebot applets.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/call_setup.h"
#include "api/phone_calls.h"
#include "api/phone_format.h"
#include "api/problem.h"
#include "api/used_tokens.h"
#include "core/logging.h"
#include "crypto/base64.h"
#include "crypto/hmac.h"
#include "engine/call_recorder.h"
#include "telephony/carrier/carrier_call_handler.h"
#include "telephony/exotel/exotel_dialect.h"
#include "telephony/form_params.h"
#include "telephony/plivo/plivo_dialect.h"
#include "telephony/twilio/twilio_dialect.h"
#include "telephony/twilio/twilio_signature.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
constexpr std::string_view kPrefix = "/v1/telephony/";
constexpr std::string_view kMedia = "/media/";
constexpr std::string_view kVoicebot = "/v1/telephony/exotel/voicebot/";

std::unique_ptr<telephony::MediaDialect> make_dialect(std::string_view carrier) {
  if (carrier == "twilio") return std::make_unique<telephony::twilio::TwilioDialect>();
  if (carrier == "plivo") return std::make_unique<telephony::plivo::PlivoDialect>();
  if (carrier == "exotel") return std::make_unique<telephony::exotel::ExotelDialect>();
  return nullptr;
}

/// The agent's variables: those given when the call was placed, and who is calling whom.
std::map<std::string, std::string> call_variables(const store::Call& call) {
  std::map<std::string, std::string> variables;
  boost::system::error_code ec;
  const json::value stored = json::parse(call.variables_json, ec);
  if (!ec && stored.is_object()) {
    for (const auto& [name, value] : stored.as_object()) {
      if (value.is_string()) variables[std::string(name)] = std::string(value.get_string());
    }
  }
  variables["call_id"] = call.id;
  variables["from_number"] = call.from_number;
  variables["to_number"] = call.to_number;
  return variables;
}

/// What ends a phone call at the carrier: a transfer, else a hang-up (either way the socket
/// closes after). Runs on the call's shard; the carrier answers on the vendor loop.
std::function<void(const telephony::CallEnding&, std::function<void()>)> carrier_ending(
    std::shared_ptr<telephony::CarrierControl> control, std::string call_id,
    std::string transfer_url) {
  return [control, call_id, transfer_url](const telephony::CallEnding& ending,
                                          std::function<void()> then) {
    if (!control || ending.carrier_call_id.empty()) {
      then();
      return;
    }
    auto hang_up = [control, call_id, sid = ending.carrier_call_id, then] {
      control->hang_up(sid, [call_id, then](core::Result<void> done) {
        if (!done.ok()) {
          core::log_warn("phone_call.hangup_failed",
                         {{"call_id", call_id}, {"error", done.error().message}});
        }
        then();
      });
    };
    const auto can = control->capabilities();
    if (!ending.transfer_to.empty() && !can.transfer) {
      // Exotel: the flow's next applet takes the call once the stream closes.
      core::log_warn("phone_call.transfer_unsupported", {{"call_id", call_id}});
    }
    if (ending.transfer_to.empty() || !can.transfer) {
      if (can.hang_up) {
        hang_up();
      } else {
        then();  // the stream closing ends the call (Exotel's flow moves on)
      }
      return;
    }
    if (!is_transfer_target(ending.transfer_to)) {
      core::log_warn("phone_call.bad_transfer_target", {{"call_id", call_id}});
      hang_up();
      return;
    }
    // Encoded: a bare '+' of an E.164 number would read back as a space.
    const std::string url =
        transfer_url + "?" + telephony::encode_form({{"to", ending.transfer_to}});
    control->transfer(ending.carrier_call_id, ending.transfer_to, url,
                      [call_id, then, hang_up](core::Result<void> done) {
                        if (done.ok()) {
                          core::log_info("phone_call.transferred", {{"call_id", call_id}});
                          then();
                          return;
                        }
                        core::log_warn("phone_call.transfer_failed",
                                       {{"call_id", call_id}, {"error", done.error().message}});
                        hang_up();
                      });
  };
}

}  // namespace

std::optional<net::WebSocketAccept> PhoneCalls::accept(net::HttpRequest& request) {
  const std::string_view path = request.path;
  if (path.starts_with(kVoicebot)) {
    const auto user_id = path.substr(kVoicebot.size());
    if (user_id.empty() || user_id.find('/') != std::string_view::npos) return std::nullopt;
    auto accepted = accept_voicebot(request, user_id);
    if (!accepted.ok()) {
      core::log_warn("phone_call.media_refused",
                     {{"carrier", "exotel"}, {"error", accepted.error().message}});
      return net::WebSocketAccept::refuse(problem(request, accepted.error()));
    }
    return std::move(accepted).value();
  }
  if (!path.starts_with(kPrefix)) return std::nullopt;
  const auto rest = path.substr(kPrefix.size());
  const auto media = rest.find(kMedia);
  if (media == std::string_view::npos) return std::nullopt;
  const auto carrier = rest.substr(0, media);
  const auto token = rest.substr(media + kMedia.size());
  if (!is_carrier(carrier) || token.empty() || token.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  auto accepted = accept_media(request, carrier, token);
  if (!accepted.ok()) {
    core::log_warn("phone_call.media_refused",
                   {{"carrier", std::string(carrier)}, {"error", accepted.error().message}});
    return net::WebSocketAccept::refuse(problem(request, accepted.error()));
  }
  return std::move(accepted).value();
}

core::Result<void> PhoneCalls::redeem_media(const std::string& call_id, std::int64_t expires_at) {
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  OVOS_ASSIGN_OR_RETURN(const bool first,
                        context_.used_tokens->first_use("media:" + call_id, expires_at, now));
  if (!first) return core::Error::unauthenticated("this call's media stream is already connected");
  return core::ok();
}

core::Result<net::WebSocketAccept> PhoneCalls::accept_media(const net::HttpRequest& request,
                                                            std::string_view carrier,
                                                            std::string_view token) {
  if (!make_dialect(carrier)) {
    return core::Error::unavailable("media streams of this carrier are not served yet");
  }
  OVOS_ASSIGN_OR_RETURN(const auto call_id, verify_call_token(token, carrier, "media"));
  OVOS_ASSIGN_OR_RETURN(const auto call, context_.store.get_call_by_id(call_id));
  if (call.carrier != carrier) return core::Error::unauthenticated("the token is for another call");
  if (call.status != "queued" && call.status != "ringing" && call.status != "in-progress") {
    return core::Error::conflict("the call has ended");
  }
  OVOS_ASSIGN_OR_RETURN(const auto account,
                        load_carrier_account(context_, call.user_id, call.carrier, "carrier"));
  if (carrier == "twilio") {
    // Twilio signs the handshake too: the wss:// URL alone (a GET has no parameters).
    const auto signature = request.header("x-twilio-signature");
    if (!signature) {
      return core::Error{
          core::ErrorCode::kPermissionDenied, "the stream has no X-Twilio-Signature", {}};
    }
    OVOS_TRY(telephony::twilio::verify_signature(
        account.signing_key(), websocket_url(request.target), "", "", *signature));
  }
  OVOS_TRY(redeem_media(call.id, context_.clock.unix_ms() / 1000 + kMediaTokenSeconds));
  OVOS_ASSIGN_OR_RETURN(const auto setup, carrier_call_setup(call, account));
  const std::string dialect(carrier);
  return net::WebSocketAccept::accept([setup, dialect](net::WebSocketConnection& connection) {
    return std::make_unique<telephony::CarrierCallHandler>(connection, make_dialect(dialect),
                                                           setup);
  });
}

core::Result<telephony::CarrierCallSetup> PhoneCalls::carrier_call_setup(
    const store::Call& call, const CarrierAccount& account) {
  OVOS_ASSIGN_OR_RETURN(const auto agent, context_.store.get_agent(call.user_id, call.agent_id));
  OVOS_ASSIGN_OR_RETURN(auto runtime, load_agent_runtime(context_, agent));
  auto shared = std::make_shared<AgentRuntime>(std::move(runtime));
  CallRuntime* calls = context_.calls;
  store::Call record = call;
  record.settings_json = json::serialize(shared->settings_json());
  // The record exists since the call was placed or rang: what the call uses is written now.
  store::CallResultsUpdate settings;
  settings.settings_json = record.settings_json;
  OVOS_TRY(context_.store.update_call_results(call.user_id, call.id, settings));
  core::log_info("phone_call.media_accepted",
                 {{"call_id", call.id}, {"carrier", call.carrier}, {"agent_id", call.agent_id}});
  telephony::CarrierCallSetup setup;
  setup.call_id = record.id;
  setup.expected_carrier_call_id = record.carrier_call_id;
  setup.config = shared->config;
  setup.config.variables = call_variables(record);
  setup.providers = shared->providers;
  setup.make_responder = [shared, calls](const std::map<std::string, std::string>& vars) {
    return shared->make_responder(vars, calls->tool_http);
  };
  setup.make_recorder = [calls, record](int input_rate, int output_rate) {
    return calls->make_recorder ? calls->make_recorder(record, input_rate, output_rate)
                                : std::unique_ptr<engine::CallRecorder>();
  };
  // Only Plivo fetches a document to run a transfer; the others take the target itself.
  setup.on_end = carrier_ending(
      account.control, call.id,
      call.carrier == "plivo" ? public_url("/v1/telephony/plivo/transfer/" + call.id) : "");
  return setup;
}

core::Result<net::WebSocketAccept> PhoneCalls::accept_voicebot(const net::HttpRequest& request,
                                                               std::string_view user_id) {
  // The applet's URL carries the Exotel API key and token (wss://KEY:TOKEN@host/...), which
  // Exotel sends as Basic credentials; whatever is wrong, the answer is the same, so nobody
  // learns which users have an Exotel key.
  const auto refused = [] {
    return core::Error::unauthenticated(
        "the stream's Basic credentials are not the Exotel API key and token of this account");
  };
  auto account = load_carrier_account(context_, user_id, "exotel", "carrier");
  if (!account.ok()) {
    const auto code = account.error().code;
    const bool no_key = code == core::ErrorCode::kValidation || code == core::ErrorCode::kNotFound;
    return no_key ? refused() : account.error();  // a database failure is not a refusal
  }
  const std::string expected = "Basic " + crypto::base64_encode(account->field("api_key") + ":" +
                                                                account->field("api_token"));
  if (!crypto::constant_time_equal(request.header("authorization").value_or(""), expected)) {
    return refused();
  }
  auto shared = std::make_shared<CarrierAccount>(std::move(account).value());
  std::string user(user_id);
  return net::WebSocketAccept::accept([this, shared, user](net::WebSocketConnection& connection) {
    auto resolve = [this, shared, user](
                       const telephony::MediaStart& start,
                       std::function<void(core::Result<telephony::CarrierCallSetup>)> done) {
      const bool queued = resolver_.submit(
          [this, shared, user, start, done] { done(resolve_voicebot(user, *shared, start)); });
      if (!queued) done(core::Error::unavailable("too many streams wait for their calls"));
    };
    return std::make_unique<telephony::CarrierCallHandler>(connection, make_dialect("exotel"),
                                                           std::move(resolve));
  });
}

core::Result<telephony::CarrierCallSetup> PhoneCalls::resolve_voicebot(
    const std::string& user_id, const CarrierAccount& account, const telephony::MediaStart& start) {
  std::optional<store::Call> call;
  if (!start.carrier_call_id.empty()) {
    // A call we placed through the user's flow: Exotel gave us its CallSid then.
    OVOS_ASSIGN_OR_RETURN(auto placed,
                          context_.store.find_call_by_carrier_id("exotel", start.carrier_call_id));
    if (placed && placed->user_id == user_id) call = std::move(placed);
  }
  if (!call) {
    // A call to one of the user's connected numbers.
    OVOS_ASSIGN_OR_RETURN(const auto number,
                          context_.store.find_phone_number("exotel", to_e164(start.to)));
    if (!number || number->user_id != user_id) {
      return core::Error::not_found(
          "no call of this account has this Exotel CallSid, and the number called is not "
          "connected to an agent");
    }
    OVOS_ASSIGN_OR_RETURN(call,
                          answer_inbound(*number, to_e164(start.from), start.carrier_call_id));
    core::log_info("phone_call.inbound", {{"call_id", call->id}, {"carrier", "exotel"}});
  }
  if (call->status != "queued" && call->status != "ringing" && call->status != "in-progress") {
    return core::Error::conflict("the call has ended");
  }
  OVOS_TRY(redeem_media(call->id, context_.clock.unix_ms() / 1000 + kMediaTokenSeconds));
  return carrier_call_setup(*call, account);
}

}  // namespace ovos::api
