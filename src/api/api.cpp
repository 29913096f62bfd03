#include "api/api.h"

#include "agents/knowledge/knowledge_service.h"
#include "api/call_events.h"
#include "api/problem.h"
#include "api/routes.h"
#include "api/used_tokens.h"
#include "cluster/fanout.h"
#include "net/event_loop.h"

namespace ovos::api {

Api::Api(ApiContext context, const std::filesystem::path& ui_dir)
    : context_(context),
      auth_(context_),
      throttle_(context_.config.login_max_failures,
                std::chrono::seconds(context_.config.login_window_seconds), context_.clock),
      static_files_(ui_dir),
      web_calls_(context_, auth_),
      phone_calls_(context_, auth_),
      event_sockets_(context_, auth_) {
  if (context_.used_tokens == nullptr) {
    own_used_tokens_ = std::make_unique<LocalUsedTokens>();
    context_.used_tokens = own_used_tokens_.get();
  }
  if (context_.events == nullptr) {
    own_fanout_ = std::make_unique<cluster::LocalFanout>();
    own_events_ = std::make_unique<CallEvents>(*own_fanout_, "local");
    context_.events = own_events_.get();
  }
  if (context_.knowledge == nullptr) {
    own_loop_ = net::EventLoop::start("knowledge-io");
    own_knowledge_ = std::make_unique<agents::knowledge::KnowledgeService>(
        context_.store, context_.vault, *own_loop_);
    context_.knowledge = own_knowledge_.get();
  }
  add_system_routes(router_, context_);
  add_auth_routes(router_, context_, auth_, throttle_);
  add_api_key_routes(router_, context_, auth_);
  add_agent_routes(router_, context_, auth_);
  add_provider_routes(router_, context_, auth_);
  add_call_routes(router_, context_, auth_);
  add_phone_number_routes(router_, context_, auth_,
                          [this](std::string_view carrier, std::string_view user_id) {
                            return phone_calls_.connect_url(carrier, user_id);
                          });
  add_knowledge_routes(router_, context_, auth_);
  web_calls_.add_routes(router_);
  phone_calls_.add_routes(router_);
  event_sockets_.add_routes(router_);
}

Api::~Api() = default;

namespace {

// 421 Misdirected Request: the request is fine, this node is the wrong one (OVOS_ROLE).
constexpr int kMisdirected = 421;

/// What every node answers whatever its role: liveness, readiness and metrics.
bool any_role_path(std::string_view path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics";
}

}  // namespace

net::WebSocketAccept Api::accept_websocket(net::HttpRequest& request) {
  // Dashboards' live events are the API's; everything else upgraded is call media.
  if (request.path == CallEventSockets::kPath) {
    if (context_.config.role == "engine") {
      return net::WebSocketAccept::refuse(
          problem(request, kMisdirected,
                  "this node serves call media only (OVOS_ROLE=engine): connect to an api node"));
    }
    return event_sockets_.accept(request);
  }
  if (context_.config.role == "api") {
    return net::WebSocketAccept::refuse(
        problem(request, kMisdirected,
                "this node serves no call media (OVOS_ROLE=api): connect to an engine node"));
  }
  if (auto phone = phone_calls_.accept(request)) return std::move(*phone);
  return web_calls_.accept(request);
}

net::HttpResponse Api::handle(net::HttpRequest& request) {
  if (context_.config.role == "engine" && !any_role_path(request.path)) {
    return problem(request, kMisdirected,
                   "this node serves call media only (OVOS_ROLE=engine): send the API to an api "
                   "node");
  }
  if (auto response = router_.dispatch(request)) return std::move(*response);
  if (!request.path.starts_with("/v1/")) {
    if (auto file = static_files_.serve(request)) return std::move(*file);
    if (auto page = static_files_.not_found_page(request)) return std::move(*page);
  }
  return problem(request, 404, "no such resource: " + request.path);
}

}  // namespace ovos::api
