#include "api/phone_calls.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <future>

#include "api/call_events.h"
#include "api/call_setup.h"
#include "api/dto.h"
#include "api/json_input.h"
#include "api/phone_format.h"
#include "api/route_helpers.h"
#include "cluster/cluster_node.h"
#include "core/ids.h"
#include "core/logging.h"
#include "crypto/jwt.h"
#include "crypto/tokens.h"
#include "telephony/twilio/twiml.h"

namespace ovos::api {
namespace {

namespace json = boost::json;

/// Variables given with a call become the agent's prompt variables: text, numbers and booleans.
void read_variables(const json::object* variables, FieldReader& reader, store::Call& call) {
  if (variables == nullptr) return;
  if (variables->size() > 50) reader.fail("variables", "at most 50 variables");
  json::object out;
  for (const auto& [name, value] : *variables) {
    const std::string key(name);
    if (value.is_string() && value.get_string().size() <= 2000) {
      out[key] = value.get_string();
    } else if (value.is_number() || value.is_bool()) {
      out[key] = json::serialize(value);
    } else {
      reader.fail("variables." + key, "must be text (at most 2000 bytes), a number or a boolean");
    }
  }
  call.variables_json = json::serialize(out);
}

/// Runs one asynchronous carrier request and waits for it (on a worker thread).
template <typename T, typename Start>
core::Result<T> wait_for_carrier(Start start, std::chrono::seconds limit) {
  auto promise = std::make_shared<std::promise<core::Result<T>>>();
  auto future = promise->get_future();
  start([promise](core::Result<T> result) { promise->set_value(std::move(result)); });
  if (future.wait_for(limit) != std::future_status::ready) {
    return core::Error::unavailable("the carrier did not answer in time");
  }
  return future.get();
}

/// A carrier refusing the account's credentials is the user's configuration, not their login.
core::Error carrier_error(core::Error error) {
  if (error.code == core::ErrorCode::kUnauthenticated ||
      error.code == core::ErrorCode::kPermissionDenied) {
    return core::Error::validation("the carrier refused the call", {{"$.carrier", error.message}});
  }
  return error;
}

}  // namespace

PhoneCalls::PhoneCalls(ApiContext& context, const Authenticator& auth)
    : context_(context),
      auth_(auth),
      replays_(kReplayWindow, 200'000),
      public_base_url_(context.config.telephony.public_base_url) {}

void PhoneCalls::set_public_base_url(std::string url) {
  std::lock_guard lock(base_mutex_);
  public_base_url_ = std::move(url);
}

std::string PhoneCalls::public_base_url() const {
  std::lock_guard lock(base_mutex_);
  return public_base_url_;
}

std::string PhoneCalls::public_url(std::string_view path) const {
  return public_base_url() + std::string(path);
}

std::string PhoneCalls::websocket_url(std::string_view path) const {
  std::string base = public_base_url();
  if (base.starts_with("https://")) {
    base.replace(0, 5, "wss");
  } else if (base.starts_with("http://")) {
    base.replace(0, 4, "ws");
  }
  return base + std::string(path);
}

std::string PhoneCalls::connect_url(std::string_view carrier, std::string_view user_id) const {
  if (carrier == "twilio") return public_url("/v1/telephony/twilio/voice");
  if (carrier == "plivo") return public_url("/v1/telephony/plivo/answer");
  return websocket_url("/v1/telephony/exotel/voicebot/" + std::string(user_id));
}

std::string PhoneCalls::media_url(const store::Call& call) const {
  return websocket_url("/v1/telephony/" + call.carrier + "/media/" + call_token(call, "media"));
}

std::string PhoneCalls::call_token(const store::Call& call, std::string_view purpose) const {
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  crypto::JwtClaims claims;
  claims.subject = call.id;
  claims.issued_at = now;
  claims.expires_at = now + kMediaTokenSeconds;
  claims.issuer = "openvoiceos/carrier-" + std::string(purpose);
  claims.token_id = call.carrier + "." + crypto::random_token("", 12);
  return crypto::sign_jwt(claims, context_.config.jwt_secret);
}

core::Result<std::string> PhoneCalls::verify_call_token(std::string_view token,
                                                        std::string_view carrier,
                                                        std::string_view purpose) const {
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  const std::string issuer = "openvoiceos/carrier-" + std::string(purpose);
  OVOS_ASSIGN_OR_RETURN(const auto claims,
                        crypto::verify_jwt(token, context_.config.jwt_secret, now, issuer));
  if (!claims.token_id.starts_with(std::string(carrier) + ".")) {
    return core::Error::unauthenticated("the token is for another carrier");
  }
  return claims.subject;
}

core::Result<store::Call> PhoneCalls::open_call(const store::Call& call) {
  const auto limit = static_cast<std::int64_t>(context_.config.telephony.max_calls_per_user);
  const auto over_limit = [&](std::int64_t live) {
    return core::Error{core::ErrorCode::kRateLimited,
                       "you have " + std::to_string(live) +
                           " phone calls in progress, the most allowed at once "
                           "(OVOS_MAX_CALLS_PER_USER); try again when one has ended",
                       {}};
  };
  if (context_.cluster != nullptr) {
    // Several nodes: the slot is taken in Redis, checked against the limit in the same step.
    OVOS_ASSIGN_OR_RETURN(
        const bool taken,
        context_.cluster->reserve(call.user_id, call.id, static_cast<unsigned>(limit)));
    if (!taken) return over_limit(limit);
    auto created = context_.store.create_call(call);
    if (!created.ok()) context_.cluster->release(call.user_id, call.id);
    return created;
  }
  std::lock_guard lock(lines_mutex_);
  OVOS_ASSIGN_OR_RETURN(const auto live, context_.store.count_live_calls(
                                             call.user_id, call.created_at - kLiveWindowMs));
  if (live >= limit) return over_limit(live);
  return context_.store.create_call(call);
}

void PhoneCalls::placing_failed(const store::Call& call) {
  if (context_.cluster != nullptr) context_.cluster->release(call.user_id, call.id);
  if (context_.events != nullptr) context_.events->ended(call);
}

core::Result<void> PhoneCalls::check_engines_take_calls() {
  if (context_.cluster == nullptr) return core::ok();
  OVOS_ASSIGN_OR_RETURN(const bool taking, context_.cluster->engines_take_calls());
  if (taking) return core::ok();
  return core::Error::unavailable(
      "no engine node is taking calls now (none is beating, or all are draining)");
}

void PhoneCalls::record_refused(store::Call call, const std::string& reason) {
  call.status = "failed";
  call.hangup_reason = reason;
  call.ended_at = context_.clock.unix_ms();
  auto created = context_.store.create_call(call);
  if (!created.ok()) {
    core::log_warn("phone_call.record_failed",
                   {{"call_id", call.id}, {"error", created.error().message}});
  }
}

PhoneCalls::Handler PhoneCalls::place_call(const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth_.authenticate(request));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(request));
  FieldReader reader(body);
  store::Call call;
  call.agent_id = reader.required_string("agent_id", 64);
  call.to_number = reader.required_string("to", 32);
  call.from_number = reader.required_string("from", 32);
  call.carrier = reader.required_string("carrier", 32);
  read_variables(reader.optional_object("variables"), reader, call);
  if (!call.to_number.empty() && !is_e164(call.to_number)) {
    reader.fail("to", "must be an E.164 number such as +14155550100");
  }
  if (!call.from_number.empty() && !is_e164(call.from_number)) {
    reader.fail("from", "must be an E.164 number of your carrier account");
  }
  if (!call.carrier.empty() && !is_carrier(call.carrier)) {
    reader.fail("carrier", "must be one of: twilio, plivo, exotel");
  }
  OVOS_TRY(reader.finish());
  if (context_.calls == nullptr || context_.calls->carrier_http == nullptr) {
    return core::Error::unavailable("phone calls are not placed from this server");
  }
  auto agent = context_.store.get_agent(me.user.id, call.agent_id);
  if (!agent.ok() && agent.error().code == core::ErrorCode::kNotFound) {
    return core::Error::validation("unknown agent", {{"$.agent_id", "no agent with this id"}});
  }
  OVOS_TRY(agent);
  // The agent must be able to run before anyone's phone rings.
  OVOS_TRY(check_agent_runs(context_, *agent));
  OVOS_ASSIGN_OR_RETURN(const auto account,
                        load_carrier_account(context_, me.user.id, call.carrier, "$.carrier"));
  // Nobody's phone rings unless a node can serve the call's media.
  OVOS_TRY(check_engines_take_calls());

  call.id = core::new_id();
  call.user_id = me.user.id;
  call.direction = "outbound";
  call.status = "queued";
  call.created_at = context_.clock.unix_ms();
  OVOS_ASSIGN_OR_RETURN(call, open_call(call));

  telephony::OutboundCall outbound;
  outbound.to = call.to_number;
  outbound.from = call.from_number;
  outbound.status_callback_url = public_url("/v1/telephony/" + call.carrier + "/status/" + call.id);
  if (call.carrier == "twilio") {
    outbound.twiml =
        telephony::twilio::twiml_connect_stream(media_url(call), {{"call_id", call.id}});
  } else if (call.carrier == "plivo") {
    outbound.answer_url = public_url("/v1/telephony/plivo/answer/" + call.id);
  } else {
    if (account.field("app_id").empty()) {
      // Straight to the agent ("Connect Voice AI"); with an app_id, through the user's flow,
      // whose Voicebot applet streams to /v1/telephony/exotel/voicebot/{user_id}.
      outbound.stream_url = media_url(call);
    } else {
      outbound.answer_url = "http://my.exotel.com/" + account.field("account_sid") +
                            "/exoml/start_voice/" + account.field("app_id");
    }
    outbound.status_callback_url += "/" + call_token(call, "status");
    outbound.custom_field = call.id;
  }
  auto placed = wait_for_carrier<telephony::PlacedCall>(
      [&](auto done) { account.control->place_call(outbound, std::move(done)); }, kCarrierWait);
  if (!placed.ok()) {
    store::CallProgress failed;
    failed.status = "failed";
    failed.at = context_.clock.unix_ms();
    auto ended = context_.store.advance_call(call.user_id, call.id, failed);
    placing_failed(ended.ok() ? *ended : call);
    core::log_warn(
        "phone_call.place_failed",
        {{"call_id", call.id}, {"carrier", call.carrier}, {"error", placed.error().message}});
    return carrier_error(std::move(placed).error());
  }
  store::CallProgress queued;
  queued.status = "queued";
  queued.at = context_.clock.unix_ms();
  // Plivo's first id names the request; the call's own id comes with the answer.
  if (call.carrier != "plivo") queued.carrier_call_id = placed->carrier_call_id;
  OVOS_ASSIGN_OR_RETURN(call, context_.store.advance_call(call.user_id, call.id, queued));
  core::log_info("phone_call.placed",
                 {{"call_id", call.id}, {"carrier", call.carrier}, {"agent_id", call.agent_id}});
  return json_response(201, call_json(call));
}

void PhoneCalls::add_routes(Router& router) {
  using P = const RouteParams&;
  using R = const net::HttpRequest&;
  router.add("POST", "/v1/calls", [this](R r, P) { return place_call(r); });
  router.add("POST", "/v1/telephony/twilio/voice", [this](R r, P) { return twilio_voice(r); });
  router.add("POST", "/v1/telephony/twilio/status",
             [this](R r, P) { return twilio_status(r, {}); });
  router.add("POST", "/v1/telephony/twilio/status/{id}",
             [this](R r, P p) { return twilio_status(r, p.get("id")); });
  router.add("POST", "/v1/telephony/plivo/answer", [this](R r, P) { return plivo_answer(r, {}); });
  router.add("POST", "/v1/telephony/plivo/answer/{id}",
             [this](R r, P p) { return plivo_answer(r, p.get("id")); });
  router.add("POST", "/v1/telephony/plivo/status", [this](R r, P) { return plivo_status(r, {}); });
  router.add("POST", "/v1/telephony/plivo/status/{id}",
             [this](R r, P p) { return plivo_status(r, p.get("id")); });
  router.add("POST", "/v1/telephony/plivo/transfer/{id}",
             [this](R r, P p) { return plivo_transfer(r, p.get("id")); });
  router.add("POST", "/v1/telephony/exotel/status/{id}/{token}",
             [this](R r, P p) { return exotel_status(r, p.get("id"), p.get("token")); });
}

}  // namespace ovos::api
