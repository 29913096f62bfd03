#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::net {

/// Limits and layout of one HTTP server. See core::Settings for the meaning of each.
struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see HttpServer::port)
  unsigned shards = 1;     // event-loop threads, each with its own io_context
  unsigned worker_threads = 4;
  std::size_t max_header_bytes = 16 << 10;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_connections = 10000;
  double rate_limit_rps = 0;  // per client address; 0 = unlimited
  double rate_limit_burst = 100;
  bool trust_proxy = false;
  std::vector<std::string> cors_origins;
  std::chrono::seconds request_timeout{30};  // to read one whole request, or idle keep-alive
};

/// Handles one request. Runs on the worker pool (never on an event loop), so it may block on
/// the database or hash a password. Must not throw; if it does, the client gets a 500.
using HttpHandler = std::function<HttpResponse(HttpRequest&)>;

/// HTTP/1.1 server: one acceptor per shard on the same port (SO_REUSEPORT), C++20 coroutines
/// on Boost.Beast, keep-alive, size/time/connection/rate limits, CORS, request ids and access
/// logs. Owns its threads; shutdown() (or the destructor) stops them.
class HttpServer {
 public:
  virtual ~HttpServer() = default;

  /// Binds, starts the shards and returns once the server accepts connections.
  static core::Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options,
                                                         HttpHandler handler);

  /// The bound port (useful when options.port was 0).
  [[nodiscard]] virtual std::uint16_t port() const = 0;
  [[nodiscard]] virtual std::size_t open_connections() const = 0;
  /// Stops accepting, lets requests in flight finish within `grace`, closes idle keep-alive
  /// connections, then closes whatever remains and joins the threads. Idempotent; blocks.
  virtual void shutdown(std::chrono::milliseconds grace) = 0;
};

}  // namespace ovos::net
