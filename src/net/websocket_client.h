#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/vendor_errors.h"
#include "net/http_types.h"
#include "net/websocket.h"

namespace ovos::net {

class EventLoop;

/// Where and how to open one client WebSocket connection.
struct WebSocketClientOptions {
  std::string url;                  // ws://host[:port]/path?query or wss://...
  std::vector<HttpHeader> headers;  // extra upgrade request headers, e.g. Authorization
  /// Limit for name resolution + TCP connect + TLS handshake, and again for the upgrade.
  std::chrono::milliseconds connect_timeout{10000};
  /// Pings after half of it without incoming data; closes (1006) after all of it.
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_message_bytes = 4 << 20;  // a larger incoming message closes with 1009
  std::size_t max_queued_bytes = 4 << 20;   // outbound backlog that closes with 1008
  bool verify_peer = true;                  // wss: check the certificate chain and the host name
  std::string ca_file;  // wss: PEM file of trusted CAs, instead of the system store
  /// When set, a failed connect and a connection the vendor ends abnormally (close code other
  /// than 1000, 1001, 1005) count in ovos_vendor_errors_total.
  std::optional<core::VendorTag> vendor;
};

/// Receives the outcome of WebSocketClient::connect, on the loop: the open connection, or why
/// it failed.
using WebSocketConnectCallback =
    std::function<void(core::Result<std::shared_ptr<WebSocketConnection>>)>;

/// Opens client WebSocket connections (ws:// and wss://, TLS with SNI and, by default, peer
/// verification against the system CA store), for the cloud speech vendors and for tests.
class WebSocketClient {
 public:
  /// Connects asynchronously on `loop`. `on_connected` runs exactly once, on the loop: with the
  /// connection (before `handler` gets any event), or with an error, in which case `handler` is
  /// destroyed unused. A refused upgrade gives websocket_handshake_error(...). The connection
  /// runs while open; dropping the last reference closes it (1000), and the handler still gets
  /// on_closed. Release it before the loop is destroyed.
  static void connect(WebSocketClientOptions options, EventLoop& loop,
                      std::unique_ptr<WebSocketHandler> handler,
                      WebSocketConnectCallback on_connected);
};

/// The error for an upgrade refused with HTTP `status` by `where` (a URL without its query):
/// kUnauthenticated (401), kPermissionDenied (403), kNotFound (404), kRateLimited (429),
/// kUnavailable (408 and 5xx), kInvalidArgument (any other). The message reads
/// "<where> refused the WebSocket upgrade: HTTP <status>[: <start of the body>]".
[[nodiscard]] core::Error websocket_handshake_error(std::string_view where, int status,
                                                    std::string_view body);

/// The HTTP status of an error made by websocket_handshake_error; nullopt for other errors
/// (bad URL, name resolution, connect, TLS, timeout).
[[nodiscard]] std::optional<int> websocket_handshake_status(const core::Error& error);

}  // namespace ovos::net
