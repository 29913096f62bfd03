#pragma once

// A loopback stand-in for a vendor's WebSocket API (Deepgram /v1/listen, Cartesia
// /tts/websocket): it records each session's upgrade request, binary and text messages, and
// answers as a test scripts it (the vendor's messages, refusals with its error bodies, slow
// handshakes, closes with its codes). Plain HTTP requests go to an optional handler (a vendor's
// REST API on the same origin).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_server.h"
#include "net/websocket.h"

namespace ovos::providers::testing {

/// One session as the fake saw it.
struct SocketSession {
  std::string path;                      // percent-decoded
  std::string query;                     // raw
  std::string authorization;             // the Authorization header
  std::vector<net::HttpHeader> headers;  // every header of the upgrade request (names lowercase)
  std::size_t audio_bytes = 0;
  std::vector<std::string> texts;  // text messages, in order
  bool closed = false;             // the socket is gone

  /// The upgrade request's header `name` (lowercase), or "".
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& h : headers)
      if (h.name == name) return h.value;
    return {};
  }
};

/// The fake's side of one open session, for scripts (on the server's thread).
class SocketPeer {
 public:
  explicit SocketPeer(net::WebSocketConnection& connection) : connection_(connection) {}
  void send(std::string text) { connection_.send_text(std::move(text)); }
  void close(std::uint16_t code, std::string reason) { connection_.close(code, std::move(reason)); }

 private:
  net::WebSocketConnection& connection_;
};

/// How the fake answers the upgrade of one session: `status` 0 accepts after `delay`, any
/// other refuses with that status and `body` (JSON).
struct SocketHandshake {
  int status = 0;
  std::string body;
  std::chrono::milliseconds delay{0};
};

/// A vendor's WebSocket API on 127.0.0.1. Sessions are numbered from 0 in the order their upgrade
/// requests arrive. Plain HTTP requests (its REST API, e.g. /v1/speak) go to `http` when given,
/// on the server's worker threads. Owns its server; the destructor shuts it down.
class FakeVendorSocket {
 public:
  using Plan = std::function<SocketHandshake(int session)>;
  /// Runs after a text message is recorded (and after each audio message, with `text` empty).
  using Script = std::function<void(int session, std::string_view text, SocketPeer& peer)>;
  using Http = std::function<net::HttpResponse(net::HttpRequest& request)>;

  FakeVendorSocket(Plan plan, Script script, Http http = {});
  ~FakeVendorSocket();
  FakeVendorSocket(const FakeVendorSocket&) = delete;
  FakeVendorSocket& operator=(const FakeVendorSocket&) = delete;

  /// "ws://127.0.0.1:<port>".
  [[nodiscard]] std::string base_url() const;
  /// "http://127.0.0.1:<port>": the same server, as a stored key's base_url names it.
  [[nodiscard]] std::string http_url() const;
  [[nodiscard]] std::vector<SocketSession> sessions() const;
  /// Waits until `done(sessions())` holds (true) or 10 s pass (false).
  bool wait_until(const std::function<bool(const std::vector<SocketSession>&)>& done);

 private:
  class Handler;
  net::WebSocketAccept accept(net::HttpRequest& request);
  void changed(const std::function<void(std::vector<SocketSession>&)>& update);

  Plan plan_;
  Script script_;
  Http http_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SocketSession> sessions_;
};

}  // namespace ovos::providers::testing
