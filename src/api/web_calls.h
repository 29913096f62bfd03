#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "api/api_context.h"
#include "api/authenticator.h"
#include "api/router.h"
#include "net/websocket.h"

namespace ovos::api {

/// Browser calls: `POST /v1/agents/{id}/web-call-tokens` issues a short-lived, single-use ticket
/// (a browser cannot put an Authorization header on a WebSocket; with `?check=true` it is
/// refused, with the reason, when a call of the agent could not start now), and the WebSocket
/// `GET /v1/agents/{id}/web-call` takes the ticket as `?token=` or an `Authorization: Bearer`
/// token or API key. Accepting checks the user owns the agent and that its providers can run,
/// creates the call record, and hands the socket to a telephony::web::WebCallHandler.
/// Thread-safe.
class WebCalls {
 public:
  static constexpr std::int64_t kTicketSeconds = 60;
  static constexpr std::string_view kTicketIssuer = "openvoiceos/web-call";

  WebCalls(ApiContext& context, const Authenticator& auth) : context_(context), auth_(auth) {}

  void add_routes(Router& router);
  /// Decides on a WebSocket upgrade (runs on a worker thread).
  [[nodiscard]] net::WebSocketAccept accept(net::HttpRequest& request);

 private:
  core::Result<net::HttpResponse> issue_ticket(const net::HttpRequest& request,
                                               std::string_view agent_id);
  core::Result<net::WebSocketAccept> accept_call(net::HttpRequest& request,
                                                 std::string_view agent_id);
  /// The user a ticket was issued to, once: a ticket already used is refused.
  core::Result<std::string> redeem_ticket(std::string_view token, std::string_view agent_id);

  ApiContext& context_;
  const Authenticator& auth_;
};

}  // namespace ovos::api
