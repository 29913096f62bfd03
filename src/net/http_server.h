#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "net/http_types.h"
#include "net/websocket.h"

namespace ovos::net {

/// Limits and layout of one HTTP server. See core::Settings for the meaning of each.
struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see HttpServer::port)
  unsigned shards = 1;     // event-loop threads, each with its own io_context
  unsigned worker_threads = 4;
  std::size_t max_header_bytes = 16 << 10;
  std::size_t max_body_bytes = 1 << 20;
  /// A larger body limit for some requests (document uploads), decided from the method and
  /// path once the headers are read; only for requests that carry credentials (an
  /// Authorization header), so anonymous clients keep max_body_bytes. Empty: none.
  std::function<std::optional<std::size_t>(std::string_view method, std::string_view path)>
      upload_limit;
  std::size_t max_connections = 10000;
  double rate_limit_rps = 0;  // per client address; 0 = unlimited
  double rate_limit_burst = 100;
  bool trust_proxy = false;
  std::vector<std::string> cors_origins;
  std::chrono::seconds request_timeout{30};  // to read one whole request, or idle keep-alive
  // WebSocket connections (see WebSocketAcceptor); the opening and closing handshakes have
  // request_timeout.
  std::size_t ws_max_message_bytes = (64 << 10) + 4096;  // 64 KiB of payload plus an envelope
  std::size_t ws_max_queued_bytes = 1 << 20;  // unsent outbound data before closing with 1008
  std::chrono::milliseconds ws_idle_timeout{30000};  // pings after half; 1006 after all of it
};

/// Handles one request. Runs on the worker pool (never on an event loop), so it may block on
/// the database or hash a password. Must not throw; if it does, the client gets a 500.
using HttpHandler = std::function<HttpResponse(HttpRequest&)>;

/// HTTP/1.1 server: one acceptor per shard on the same port (SO_REUSEPORT), C++20 coroutines
/// on Boost.Beast, keep-alive, size/time/connection/rate limits, CORS, request ids and access
/// logs, and WebSocket upgrades on the same port. Owns its threads; shutdown() (or the
/// destructor) stops them.
class HttpServer {
 public:
  virtual ~HttpServer() = default;

  /// Binds, starts the shards and returns once the server accepts connections. Requests with
  /// "Upgrade: websocket" go to `acceptor`; without one they get a 404 problem.
  static core::Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options,
                                                         HttpHandler handler,
                                                         WebSocketAcceptor acceptor = {});

  /// The bound port (useful when options.port was 0).
  [[nodiscard]] virtual std::uint16_t port() const = 0;
  /// HTTP and WebSocket connections.
  [[nodiscard]] virtual std::size_t open_connections() const = 0;
  [[nodiscard]] virtual std::size_t shard_count() const = 0;
  /// The executor of shard `index` (< shard_count()); valid until the server is destroyed.
  /// Each WebSocket runs on the shard that accepted it (WebSocketConnection::executor()).
  [[nodiscard]] virtual core::Executor& shard_executor(std::size_t index) = 0;
  /// Stops accepting, lets requests in flight finish within `grace`, closes idle keep-alive
  /// connections, sends WebSockets still open at the end of `grace` a close 1001 ("server
  /// shutting down", about a second to complete), then closes whatever remains and joins the
  /// threads. Idempotent; blocks.
  virtual void shutdown(std::chrono::milliseconds grace) = 0;
};

}  // namespace ovos::net
