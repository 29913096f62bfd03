#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "api/api_context.h"
#include "api/authenticator.h"
#include "api/call_event_sockets.h"
#include "api/login_throttle.h"
#include "api/phone_calls.h"
#include "api/router.h"
#include "api/used_tokens.h"
#include "api/web_calls.h"
#include "net/http_types.h"
#include "net/static_files.h"

namespace ovos::net {
class EventLoop;
}
namespace ovos::cluster {
class Fanout;
}

namespace ovos::api {

/// The management API and the dashboard's static files behind one handler. Built once by the
/// app; handle() is called concurrently from the server's worker threads.
class Api {
 public:
  Api(ApiContext context, const std::filesystem::path& ui_dir);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Answers one request: /v1 routes, health and metrics, else a static file, else 404.
  [[nodiscard]] net::HttpResponse handle(net::HttpRequest& request);
  /// Decides on a WebSocket upgrade (browser calls, carriers' media, dashboards' live events);
  /// called from the server's worker threads.
  [[nodiscard]] net::WebSocketAccept accept_websocket(net::HttpRequest& request);
  /// The base of URLs given to carriers, once the server's port is known (PhoneCalls).
  void set_public_base_url(std::string url) { phone_calls_.set_public_base_url(std::move(url)); }
  [[nodiscard]] std::vector<RouteInfo> routes() const { return router_.routes(); }

 private:
  ApiContext context_;
  // Used when the context brings no shared store of used tokens (declared before the calls
  // that use it, so it outlives them).
  std::unique_ptr<UsedTokens> own_used_tokens_;
  // Used when the context brings no knowledge service: one of our own, with its own loop for
  // embeddings requests (declared before the service, so it outlives it).
  std::unique_ptr<net::EventLoop> own_loop_;
  std::unique_ptr<agents::knowledge::KnowledgeService> own_knowledge_;
  // Used when the context brings no live events: this node's own (one node).
  std::unique_ptr<cluster::Fanout> own_fanout_;
  std::unique_ptr<CallEvents> own_events_;
  Authenticator auth_;
  LoginThrottle throttle_;
  Router router_;
  net::StaticFiles static_files_;
  WebCalls web_calls_;
  PhoneCalls phone_calls_;
  CallEventSockets event_sockets_;
};

}  // namespace ovos::api
