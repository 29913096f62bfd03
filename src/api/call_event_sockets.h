#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "api/authenticator.h"
#include "api/router.h"
#include "net/websocket.h"

namespace ovos::api {

class CallEvents;

/// Live call events for a dashboard, whichever node it is connected to: the WebSocket
/// `GET /v1/events` streams the user's CallEvents as JSON text messages (optionally only one
/// call's, `?call_id=`), starting with `{"type":"subscribed","node":...}`. A browser takes a
/// short-lived single-use ticket from `POST /v1/event-tokens` as `?token=`; other clients may
/// send an `Authorization` header instead. A dashboard reading too slowly to keep up (more
/// than kMaxQueuedBytes waiting) is closed with 1013. Thread-safe.
class CallEventSockets {
 public:
  static constexpr std::int64_t kTicketSeconds = 60;
  static constexpr std::string_view kTicketIssuer = "openvoiceos/events";
  static constexpr std::size_t kMaxQueuedBytes = std::size_t{1} << 20;
  static constexpr std::string_view kPath = "/v1/events";

  CallEventSockets(ApiContext& context, const Authenticator& auth)
      : context_(context), auth_(auth) {}

  void add_routes(Router& router);
  /// Decides on an upgrade to /v1/events (on a worker thread).
  [[nodiscard]] net::WebSocketAccept accept(net::HttpRequest& request);

 private:
  core::Result<net::HttpResponse> issue_ticket(const net::HttpRequest& request);
  core::Result<net::WebSocketAccept> accept_stream(net::HttpRequest& request);

  ApiContext& context_;
  const Authenticator& auth_;
};

}  // namespace ovos::api
