#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "net/http_types.h"
#include "net/websocket.h"

namespace ovos::net::detail {

class ErasedStream;

/// Limits, role and log identity of one WebSocket session.
struct WsSessionConfig {
  bool client = false;
  std::size_t max_message_bytes = 64 << 10;
  std::size_t max_queued_bytes = 1 << 20;
  std::chrono::milliseconds idle_timeout{30000};
  std::chrono::milliseconds handshake_timeout{30000};  // opening and closing handshakes
  std::string remote_address;
  std::string log_id;  // request id (server) or host (client), for log lines
  std::string path;    // for log lines
};

/// A client's upgrade request.
struct WsClientRequest {
  std::string host;    // Host header value
  std::string target;  // path and query
  std::vector<HttpHeader> headers;
  std::string where;  // scheme://host:port/path, for error messages (the query may hold a key)
};

class WsSession;
using WsSessionCallback = std::function<void(core::Result<std::shared_ptr<WsSession>>)>;

/// One WebSocket session: the protocol (handshake, read loop, outbound queue, close) over one
/// transport. Lives on one executor's thread and keeps itself alive while it runs. Internal to
/// src/net; the only code that compiles Beast's WebSocket templates.
class WsSession : public WebSocketConnection {
 public:
  /// `executor` must run the io_context that `transport` belongs to.
  static std::shared_ptr<WsSession> create(ErasedStream&& transport, WsSessionConfig config,
                                           core::Executor& executor);

  /// Server role: answers the upgrade `request` (101, or 400 when malformed), builds the handler
  /// and reads until the connection is gone. `on_done` runs last, on the executor, whether or
  /// not the handshake succeeded.
  virtual void serve(const HttpRequest& request, WebSocketHandlerFactory make_handler,
                     std::function<void()> on_done) = 0;
  /// Client role: sends the upgrade request; on 101 reports the session to `on_connected`, then
  /// gives events to `handler` until the connection is gone.
  virtual void connect(WsClientRequest request, std::unique_ptr<WebSocketHandler> handler,
                       WsSessionCallback on_connected) = 0;
  /// Closes the socket at once, without a close frame; the handler gets on_closed(code, reason).
  virtual void abort(std::uint16_t code, std::string reason) = 0;
};

}  // namespace ovos::net::detail
