#include "api/web_calls.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/call_setup.h"
#include "api/problem.h"
#include "api/route_helpers.h"
#include "api/used_tokens.h"
#include "core/ids.h"
#include "core/logging.h"
#include "crypto/jwt.h"
#include "crypto/tokens.h"
#include "engine/call_recorder.h"
#include "telephony/web/web_call_handler.h"

namespace ovos::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix = "/v1/agents/";
constexpr std::string_view kSuffix = "/web-call";

/// The agent id of "/v1/agents/{id}/web-call", or empty.
std::string agent_of_path(std::string_view path) {
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return {};
  const auto id = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  return id.find('/') == std::string_view::npos ? std::string(id) : std::string();
}

}  // namespace

void WebCalls::add_routes(Router& router) {
  router.add("POST", "/v1/agents/{id}/web-call-tokens",
             [this](const net::HttpRequest& r, const RouteParams& p) {
               return issue_ticket(r, p.get("id"));
             });
}

core::Result<net::HttpResponse> WebCalls::issue_ticket(const net::HttpRequest& request,
                                                       std::string_view agent_id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth_.authenticate(request));
  OVOS_ASSIGN_OR_RETURN(const auto agent, context_.store.get_agent(me.user.id, agent_id));
  // ?check=true: refuse now, with the reason, a call the upgrade would refuse. A browser never
  // sees why an upgrade was refused (the WebSocket API hides the HTTP answer).
  const auto check = request.query_param("check");
  if (check && *check != "true" && *check != "false") {
    return core::Error::validation("invalid query parameter",
                                   {{"query.check", "must be true or false"}});
  }
  if (check && *check == "true") OVOS_TRY(check_agent_runs(context_, agent));
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  crypto::JwtClaims claims;
  claims.subject = me.user.id;
  claims.issued_at = now;
  claims.expires_at = now + kTicketSeconds;
  claims.issuer = std::string(kTicketIssuer);
  claims.token_id = agent.id + "." + crypto::random_token("", 12);
  const std::string token = crypto::sign_jwt(claims, context_.config.jwt_secret);
  return json_response(201, json::object{{"token", token},
                                         {"expires_in", kTicketSeconds},
                                         {"url", std::string(kPrefix) + agent.id +
                                                     std::string(kSuffix) + "?token=" + token}});
}

core::Result<std::string> WebCalls::redeem_ticket(std::string_view token,
                                                  std::string_view agent_id) {
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  OVOS_ASSIGN_OR_RETURN(const auto claims,
                        crypto::verify_jwt(token, context_.config.jwt_secret, now, kTicketIssuer));
  if (!claims.token_id.starts_with(std::string(agent_id) + ".")) {
    return core::Error::unauthenticated("the token is for another agent");
  }
  OVOS_ASSIGN_OR_RETURN(const bool first, context_.used_tokens->first_use(
                                              "ticket:" + claims.token_id, claims.expires_at, now));
  if (!first) return core::Error::unauthenticated("the token was already used");
  return claims.subject;
}

net::WebSocketAccept WebCalls::accept(net::HttpRequest& request) {
  const std::string agent_id = agent_of_path(request.path);
  if (agent_id.empty() || request.method != "GET") {
    return net::WebSocketAccept::refuse(
        problem(request, core::Error::not_found("no WebSocket endpoint at " + request.path)));
  }
  auto accepted = accept_call(request, agent_id);
  if (!accepted.ok()) return net::WebSocketAccept::refuse(problem(request, accepted.error()));
  return std::move(accepted).value();
}

core::Result<net::WebSocketAccept> WebCalls::accept_call(net::HttpRequest& request,
                                                         std::string_view agent_id) {
  if (context_.calls == nullptr) return core::Error::unavailable("calls are not served here");
  std::string user_id;
  if (auto token = request.query_param("token"); token && !token->empty()) {
    OVOS_ASSIGN_OR_RETURN(user_id, redeem_ticket(*token, agent_id));
  } else {
    OVOS_ASSIGN_OR_RETURN(const auto me, auth_.authenticate(request));
    user_id = me.user.id;
  }
  OVOS_ASSIGN_OR_RETURN(const auto agent, context_.store.get_agent(user_id, agent_id));
  OVOS_ASSIGN_OR_RETURN(auto runtime, load_agent_runtime(context_, agent));

  store::Call call;
  call.id = core::new_id();
  call.user_id = user_id;
  call.agent_id = agent.id;
  call.direction = "web";
  call.status = "in-progress";
  call.carrier = "web";
  call.created_at = context_.clock.unix_ms();
  call.started_at = call.created_at;
  call.settings_json = json::serialize(runtime.settings_json());
  // The record is inserted by the call's recorder when the socket is up (see make_recorder).
  core::log_info("web_call.accepted", {{"call_id", call.id}, {"agent_id", agent.id}});

  // Shared by the handler's factories; the runtime lives as long as the call's handler.
  auto shared = std::make_shared<AgentRuntime>(std::move(runtime));
  CallRuntime* calls = context_.calls;
  return net::WebSocketAccept::accept([shared, call, calls](net::WebSocketConnection& connection) {
    telephony::web::WebCallSetup setup;
    setup.call_id = call.id;
    setup.config = shared->config;
    setup.providers = shared->providers;
    setup.make_responder =
        [shared, calls, call_id = call.id](const std::map<std::string, std::string>& variables) {
          auto with_call = variables;
          with_call.emplace("call_id", call_id);
          return shared->make_responder(with_call, calls != nullptr ? calls->tool_http : nullptr);
        };
    setup.make_recorder = [calls, call](int input_rate, int output_rate) {
      return calls->make_recorder ? calls->make_recorder(call, input_rate, output_rate)
                                  : std::unique_ptr<engine::CallRecorder>();
    };
    return std::make_unique<telephony::web::WebCallHandler>(connection, std::move(setup));
  });
}

}  // namespace ovos::api
