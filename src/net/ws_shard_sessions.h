#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "net/http_types.h"
#include "net/websocket.h"
#include "net/ws_session.h"

namespace ovos::net::detail {

class ErasedStream;
class ShardExecutor;

/// The WebSocket sessions of one HttpServer shard, so that shutdown can close them. Touched
/// only on that shard's thread. Does not own the sessions (they keep themselves alive while
/// they run); each is counted in the server's open connections (and WebSockets) until it ends.
class WsShardSessions {
 public:
  /// `open_connections` and `open_websockets` are the server's counts (shared by its shards).
  WsShardSessions(ShardExecutor& executor, std::atomic<std::size_t>& open_connections,
                  std::atomic<std::size_t>& open_websockets)
      : executor_(executor),
        open_connections_(open_connections),
        open_websockets_(open_websockets) {}

  /// Takes over an upgraded connection: answers `request` and runs the session.
  void start(ErasedStream&& transport, WsSessionConfig config, const HttpRequest& request,
             WebSocketHandlerFactory make_handler);
  /// Sends a close frame to every open session (aborting those still in their handshake).
  void close_all(std::uint16_t code, const std::string& reason);
  /// Closes every session's socket at once; their handlers get on_closed(code, reason).
  void abort_all(std::uint16_t code, const std::string& reason);
  [[nodiscard]] std::size_t size() const { return sessions_.size(); }

 private:
  ShardExecutor& executor_;
  std::atomic<std::size_t>& open_connections_;
  std::atomic<std::size_t>& open_websockets_;
  std::unordered_map<WsSession*, std::weak_ptr<WsSession>> sessions_;
};

}  // namespace ovos::net::detail
