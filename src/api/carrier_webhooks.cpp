// What the carriers call: inbound calls to connected numbers, status callbacks, Plivo's
// transfer document. Every request is verified by the carrier's signature first.
#include <charconv>

#include "api/call_events.h"
#include "api/call_setup.h"
#include "api/phone_calls.h"
#include "api/phone_format.h"
#include "api/route_helpers.h"
#include "cluster/cluster_node.h"
#include "core/ids.h"
#include "core/logging.h"
#include "telephony/carrier_status.h"
#include "telephony/multipart_form.h"
#include "telephony/plivo/plivo_signature.h"
#include "telephony/plivo/plivo_xml.h"
#include "telephony/twilio/twilio_signature.h"
#include "telephony/twilio/twilio_timestamp.h"
#include "telephony/twilio/twiml.h"

namespace ovos::api {
namespace {

constexpr std::string_view kBusyMessage =
    "Sorry, all our lines are busy right now. Please call again later.";
constexpr std::string_view kUnavailableMessage =
    "Sorry, this number cannot take calls right now. Please try again later.";

net::HttpResponse xml(std::string body) {
  return net::HttpResponse::text(200, std::move(body), "application/xml");
}

core::Error forbidden(std::string why) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(why), {}};
}

std::string form_text(const telephony::FormParams& params, std::string_view name) {
  const std::string* value = telephony::form_value(params, name);
  return value != nullptr ? *value : std::string();
}

/// Whole seconds as the carriers write durations ("42"), in ms.
std::optional<std::int64_t> seconds_ms(std::string_view text) {
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0) {
    return std::nullopt;
  }
  return seconds * 1000;
}

core::Result<telephony::FormParams> form_of(const net::HttpRequest& request) {
  auto params = telephony::parse_form(request.body);
  if (!params.ok())
    return core::Error::invalid("the body is not a form: " + params.error().message);
  return params;
}

}  // namespace

core::Result<void> PhoneCalls::verify_signed(const net::HttpRequest& request,
                                             const CarrierAccount& account,
                                             const telephony::FormParams& params) {
  const std::string url = public_url(request.target);
  const std::string key = account.signing_key();
  if (account.carrier == "twilio") {
    const auto signature = request.header("x-twilio-signature");
    if (!signature) return forbidden("the request has no X-Twilio-Signature");
    OVOS_TRY(telephony::twilio::verify_signature(
        key, url, request.header("content-type").value_or(""), request.body, *signature));
    const std::string account_sid = form_text(params, "AccountSid");
    if (!account_sid.empty() && account_sid != account.account_id()) {
      return forbidden("the request is for another Twilio account");
    }
    if (!replays_.first_use("twilio:" + std::string(*signature), context_.clock.unix_ms())) {
      return forbidden("the request was already received (a replay)");
    }
    return core::ok();
  }
  if (account.carrier == "plivo") {
    const auto signature = request.header("x-plivo-signature-v3");
    const auto nonce = request.header("x-plivo-signature-v3-nonce");
    if (!signature || !nonce) return forbidden("the request has no X-Plivo-Signature-V3");
    OVOS_TRY(telephony::plivo::verify_v3_signature(key, request.method, url, params, *nonce,
                                                   *signature));
    if (!replays_.first_use("plivo:" + std::string(*nonce), context_.clock.unix_ms())) {
      return forbidden("the request was already received (a replay)");
    }
    return core::ok();
  }
  return forbidden("this carrier does not sign its requests");
}

core::Result<store::Call> PhoneCalls::answer_inbound(const store::PhoneNumber& number,
                                                     std::string from,
                                                     std::string carrier_call_id) {
  store::Call call;
  call.id = core::new_id();
  call.user_id = number.user_id;
  call.agent_id = number.agent_id;
  call.direction = "inbound";
  call.status = "ringing";
  call.carrier = number.carrier;
  call.from_number = std::move(from);
  call.to_number = number.number;
  call.carrier_call_id = std::move(carrier_call_id);
  call.created_at = context_.clock.unix_ms();
  auto agent = context_.store.get_agent(number.user_id, number.agent_id);
  core::Result<void> runs =
      agent.ok() ? check_agent_runs(context_, *agent) : core::Result<void>(agent.error());
  if (!runs.ok()) {
    core::log_warn(
        "phone_call.agent_unavailable",
        {{"call_id", call.id}, {"agent_id", call.agent_id}, {"error", runs.error().message}});
    record_refused(call, "agent-unavailable");
    return runs.error();
  }
  auto opened = open_call(call);
  if (!opened.ok() && opened.error().code == core::ErrorCode::kRateLimited) {
    core::log_warn("phone_call.over_limit", {{"call_id", call.id}, {"user_id", call.user_id}});
    record_refused(call, "concurrency-limit");
  }
  return opened;
}

core::Result<void> PhoneCalls::apply_status(const store::Call& call, std::string_view status,
                                            std::string_view carrier_call_id,
                                            std::optional<std::int64_t> duration_ms) {
  const auto ours = telephony::normalize_call_status(call.carrier, status);
  if (!ours) {
    core::log_info("phone_call.unknown_status",
                   {{"call_id", call.id}, {"status", std::string(status).substr(0, 40)}});
    return core::ok();
  }
  store::CallProgress progress;
  progress.status = *ours;
  progress.at = context_.clock.unix_ms();
  progress.carrier_call_id = std::string(carrier_call_id);
  progress.duration_ms = duration_ms;
  OVOS_ASSIGN_OR_RETURN(const auto now,
                        context_.store.advance_call(call.user_id, call.id, progress));
  core::log_info("phone_call.status",
                 {{"call_id", call.id}, {"reported", *ours}, {"status", now.status}});
  if (now.ended_at.has_value() && !call.ended_at.has_value() && context_.cluster != nullptr) {
    // Ended by the carrier's word (busy, no answer, hung up). A call whose media ran on an
    // engine gives its slot back there too; giving it back twice is harmless.
    context_.cluster->release(call.user_id, call.id);
  }
  if (now.status != call.status && context_.events != nullptr) context_.events->status(now);
  return core::ok();
}

PhoneCalls::Handler PhoneCalls::twilio_voice(const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto params, form_of(request));
  const std::string to = to_e164(form_text(params, "To"));
  OVOS_ASSIGN_OR_RETURN(const auto number, context_.store.find_phone_number("twilio", to));
  if (!number) return core::Error::not_found("no agent answers this number");
  auto account = load_carrier_account(context_, number->user_id, "twilio", "carrier");
  if (!account.ok()) return forbidden("the number's owner has no Twilio account to verify with");
  OVOS_TRY(verify_signed(request, *account, params));
  auto call =
      answer_inbound(*number, to_e164(form_text(params, "From")), form_text(params, "CallSid"));
  if (!call.ok()) {
    const bool busy = call.error().code == core::ErrorCode::kRateLimited;
    return xml(telephony::twilio::twiml_say_and_hangup(busy ? kBusyMessage : kUnavailableMessage));
  }
  core::log_info("phone_call.inbound", {{"call_id", call->id}, {"carrier", "twilio"}});
  return xml(telephony::twilio::twiml_connect_stream(media_url(*call), {{"call_id", call->id}}));
}

PhoneCalls::Handler PhoneCalls::twilio_status(const net::HttpRequest& request,
                                              std::string_view call_id) {
  OVOS_ASSIGN_OR_RETURN(const auto params, form_of(request));
  const std::string sid = form_text(params, "CallSid");
  std::optional<store::Call> call;
  if (!call_id.empty()) {
    OVOS_ASSIGN_OR_RETURN(call, context_.store.get_call_by_id(call_id));
  } else {
    OVOS_ASSIGN_OR_RETURN(call, context_.store.find_call_by_carrier_id("twilio", sid));
  }
  if (!call || call->carrier != "twilio") return core::Error::not_found("no such call");
  auto account = load_carrier_account(context_, call->user_id, "twilio", "carrier");
  if (!account.ok()) return forbidden("the call's owner has no Twilio account to verify with");
  OVOS_TRY(verify_signed(request, *account, params));
  // Status callbacks carry a signed time: one older than the replay window is refused too.
  OVOS_TRY(
      telephony::twilio::check_timestamp_fresh(params, context_.clock.unix_ms(), kReplayWindow));
  OVOS_TRY(apply_status(*call, form_text(params, "CallStatus"), sid,
                        seconds_ms(form_text(params, "CallDuration"))));
  return no_content();
}

PhoneCalls::Handler PhoneCalls::plivo_answer(const net::HttpRequest& request,
                                             std::string_view call_id) {
  OVOS_ASSIGN_OR_RETURN(const auto params, form_of(request));
  const std::string uuid = form_text(params, "CallUUID");
  store::Call call;
  if (!call_id.empty()) {
    // An outbound call we placed: its id comes with the answer.
    OVOS_ASSIGN_OR_RETURN(call, context_.store.get_call_by_id(call_id));
    if (call.carrier != "plivo") return core::Error::not_found("no such call");
    OVOS_ASSIGN_OR_RETURN(const auto account,
                          load_carrier_account(context_, call.user_id, "plivo", "carrier"));
    OVOS_TRY(verify_signed(request, account, params));
    store::CallProgress answered;
    answered.status = "ringing";
    answered.at = context_.clock.unix_ms();
    answered.carrier_call_id = uuid;
    OVOS_ASSIGN_OR_RETURN(call, context_.store.advance_call(call.user_id, call.id, answered));
  } else {
    const std::string to = to_e164(form_text(params, "To"));
    OVOS_ASSIGN_OR_RETURN(const auto number, context_.store.find_phone_number("plivo", to));
    if (!number) return core::Error::not_found("no agent answers this number");
    auto account = load_carrier_account(context_, number->user_id, "plivo", "carrier");
    if (!account.ok()) return forbidden("the number's owner has no Plivo account to verify with");
    OVOS_TRY(verify_signed(request, *account, params));
    auto inbound = answer_inbound(*number, to_e164(form_text(params, "From")), uuid);
    if (!inbound.ok()) {
      const bool busy = inbound.error().code == core::ErrorCode::kRateLimited;
      return xml(
          telephony::plivo::plivo_speak_and_hangup_xml(busy ? kBusyMessage : kUnavailableMessage));
    }
    call = std::move(inbound).value();
  }
  core::log_info("phone_call.answered", {{"call_id", call.id}, {"carrier", "plivo"}});
  return xml(telephony::plivo::plivo_stream_xml(media_url(call), "audio/x-mulaw;rate=8000", ""));
}

PhoneCalls::Handler PhoneCalls::plivo_status(const net::HttpRequest& request,
                                             std::string_view call_id) {
  OVOS_ASSIGN_OR_RETURN(const auto params, form_of(request));
  const std::string uuid = form_text(params, "CallUUID");
  std::optional<store::Call> call;
  if (!call_id.empty()) {
    OVOS_ASSIGN_OR_RETURN(call, context_.store.get_call_by_id(call_id));
  } else {
    OVOS_ASSIGN_OR_RETURN(call, context_.store.find_call_by_carrier_id("plivo", uuid));
  }
  if (!call || call->carrier != "plivo") return core::Error::not_found("no such call");
  OVOS_ASSIGN_OR_RETURN(const auto account,
                        load_carrier_account(context_, call->user_id, "plivo", "carrier"));
  OVOS_TRY(verify_signed(request, account, params));
  OVOS_TRY(apply_status(*call, form_text(params, "CallStatus"), uuid,
                        seconds_ms(form_text(params, "Duration"))));
  return no_content();
}

PhoneCalls::Handler PhoneCalls::plivo_transfer(const net::HttpRequest& request,
                                               std::string_view call_id) {
  OVOS_ASSIGN_OR_RETURN(const auto params, form_of(request));
  OVOS_ASSIGN_OR_RETURN(const auto call, context_.store.get_call_by_id(call_id));
  if (call.carrier != "plivo") return core::Error::not_found("no such call");
  OVOS_ASSIGN_OR_RETURN(const auto account,
                        load_carrier_account(context_, call.user_id, "plivo", "carrier"));
  OVOS_TRY(verify_signed(request, account, params));
  const std::string to = request.query_param("to").value_or("");
  if (!is_transfer_target(to)) return core::Error::invalid("not a number or SIP address: to");
  return xml(telephony::plivo::plivo_dial_xml(to));
}

PhoneCalls::Handler PhoneCalls::exotel_status(const net::HttpRequest& request,
                                              std::string_view call_id, std::string_view token) {
  // Exotel signs nothing: the callback URL carries a token naming the call.
  auto named = verify_call_token(token, "exotel", "status");
  if (!named.ok() || *named != call_id) return forbidden("the callback token is not valid");
  // Exotel posts its callbacks as multipart/form-data.
  OVOS_ASSIGN_OR_RETURN(
      const auto params,
      telephony::parse_webhook_form(request.header("content-type").value_or(""), request.body));
  OVOS_ASSIGN_OR_RETURN(const auto call, context_.store.get_call_by_id(call_id));
  OVOS_TRY(apply_status(call, form_text(params, "Status"), form_text(params, "CallSid"),
                        seconds_ms(form_text(params, "ConversationDuration"))));
  return no_content();
}

}  // namespace ovos::api
