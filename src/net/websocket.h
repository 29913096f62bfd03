#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "net/http_types.h"

namespace ovos::net {

/// Close codes (RFC 6455 section 7.4.1) that this module sends or reports.
struct WebSocketClose {
  static constexpr std::uint16_t kNormal = 1000;
  static constexpr std::uint16_t kGoingAway = 1001;  // server shutting down
  static constexpr std::uint16_t kProtocolError = 1002;
  static constexpr std::uint16_t kNoStatus = 1005;     // the peer's close frame had no code
  static constexpr std::uint16_t kAbnormal = 1006;     // lost without a close frame (or timed out)
  static constexpr std::uint16_t kInvalidData = 1007;  // text that is not UTF-8
  static constexpr std::uint16_t kPolicyViolation = 1008;  // e.g. a peer that stopped reading
  static constexpr std::uint16_t kTooBig = 1009;
  static constexpr std::uint16_t kInternalError = 1011;
};

/// One open WebSocket (accepted by HttpServer or opened by WebSocketClient), living on one
/// executor thread. Call its methods only on executor(). Sends after close() or after the
/// connection is gone are dropped.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  virtual void send_text(std::string text) = 0;
  virtual void send_binary(std::vector<std::uint8_t> bytes) = 0;
  /// Sends a close frame after the queued messages, then closes; messages the peer sends
  /// until it confirms still reach the handler. Idempotent. Codes that may not be sent (outside
  /// 1000-1003, 1007-1013 and 3000-4999) become 1000; reasons are cut to 123 bytes.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  /// The thread this connection and its handler run on (a server shard or an EventLoop).
  [[nodiscard]] virtual core::Executor& executor() = 0;
  /// Outbound bytes not yet written, the message being written included.
  [[nodiscard]] virtual std::size_t queued_bytes() const = 0;
  /// The peer's IP address (server: as HttpRequest::remote_address; client: the server's).
  [[nodiscard]] virtual const std::string& remote_address() const = 0;
};

/// Receives one connection's events, on the connection's executor. Owned by the connection.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  virtual void on_text(std::string_view text) = 0;
  virtual void on_binary(std::span<const std::uint8_t> bytes) = 0;
  /// The connection is gone (peer close, error, limit, shutdown); `code` is the close code seen
  /// or sent (WebSocketClose). The last call: the handler is destroyed right after it, and the
  /// WebSocketConnection& is invalid afterwards. (Only when the event loop itself is destroyed
  /// with the connection open is the handler destroyed without it.)
  virtual void on_closed(std::uint16_t code, std::string_view reason) = 0;
};

/// Builds the handler of a connection whose handshake is done, on the connection's executor.
/// The connection may already be used (send_text) from inside; it outlives the handler.
using WebSocketHandlerFactory =
    std::function<std::unique_ptr<WebSocketHandler>(WebSocketConnection&)>;

/// Decision for an upgrade request: a refusal (any HttpResponse, e.g. a 401 problem+json), or
/// a factory that builds the handler once the handshake is done.
struct WebSocketAccept {
  std::optional<HttpResponse> refusal;
  WebSocketHandlerFactory make_handler;

  static WebSocketAccept refuse(HttpResponse response) { return {std::move(response), {}}; }
  static WebSocketAccept accept(WebSocketHandlerFactory factory) {
    return {std::nullopt, std::move(factory)};
  }
};

/// Decides on every request with "Upgrade: websocket". Runs on the server's worker pool like
/// HttpHandler (so it may block on the database). Must not throw; if it does, the client gets
/// a 500.
using WebSocketAcceptor = std::function<WebSocketAccept(HttpRequest&)>;

/// True for a GET asking to upgrade to WebSocket ("Connection: upgrade", "Upgrade: websocket").
[[nodiscard]] bool is_websocket_upgrade(const HttpRequest& request);

/// `code` when it may be sent in a close frame, else 1000.
[[nodiscard]] std::uint16_t sendable_close_code(std::uint16_t code);

}  // namespace ovos::net
