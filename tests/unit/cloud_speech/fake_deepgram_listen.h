#pragma once

// A loopback stand-in for Deepgram's live transcription WebSocket (/v1/listen): it records each
// session's upgrade request, audio and text messages, and answers as a test scripts it (results,
// refusals with Deepgram's error bodies, slow handshakes, closes with Deepgram's codes).

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
struct ListenSession {
  std::string path;           // percent-decoded
  std::string query;          // raw
  std::string authorization;  // the Authorization header
  std::size_t audio_bytes = 0;
  std::vector<std::string> texts;  // text messages, in order
  bool closed = false;             // the socket is gone
};

/// The fake's side of one open session, for scripts (on the server's thread).
class ListenPeer {
 public:
  explicit ListenPeer(net::WebSocketConnection& connection) : connection_(connection) {}
  void send(std::string text) { connection_.send_text(std::move(text)); }
  void close(std::uint16_t code, std::string reason) { connection_.close(code, std::move(reason)); }

 private:
  net::WebSocketConnection& connection_;
};

/// How the fake answers the upgrade of one session: `status` 0 accepts after `delay`, any
/// other refuses with that status and `body` (JSON).
struct ListenHandshake {
  int status = 0;
  std::string body;
  std::chrono::milliseconds delay{0};
};

/// Deepgram's live API on 127.0.0.1. Sessions are numbered from 0 in the order their upgrade
/// requests arrive. Plain HTTP requests (its REST API, e.g. /v1/speak) go to `http` when given,
/// on the server's worker threads. Owns its server; the destructor shuts it down.
class FakeDeepgramListen {
 public:
  using Plan = std::function<ListenHandshake(int session)>;
  /// Runs after a text message is recorded (and after each audio message, with `text` empty).
  using Script = std::function<void(int session, std::string_view text, ListenPeer& peer)>;
  using Http = std::function<net::HttpResponse(net::HttpRequest& request)>;

  FakeDeepgramListen(Plan plan, Script script, Http http = {});
  ~FakeDeepgramListen();
  FakeDeepgramListen(const FakeDeepgramListen&) = delete;
  FakeDeepgramListen& operator=(const FakeDeepgramListen&) = delete;

  /// "ws://127.0.0.1:<port>".
  [[nodiscard]] std::string base_url() const;
  /// "http://127.0.0.1:<port>": the same server, as a stored key's base_url names it.
  [[nodiscard]] std::string http_url() const;
  [[nodiscard]] std::vector<ListenSession> sessions() const;
  /// Waits until `done(sessions())` holds (true) or 10 s pass (false).
  bool wait_until(const std::function<bool(const std::vector<ListenSession>&)>& done);

 private:
  class Handler;
  net::WebSocketAccept accept(net::HttpRequest& request);
  void changed(const std::function<void(std::vector<ListenSession>&)>& update);

  Plan plan_;
  Script script_;
  Http http_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<ListenSession> sessions_;
};

/// Deepgram's documented messages, for scripts.
/// A Results message for `transcript` (one word per space-separated token).
[[nodiscard]] std::string results_message(std::string_view transcript, bool is_final,
                                          bool speech_final = false, bool from_finalize = false,
                                          double confidence = 0.98);
[[nodiscard]] std::string utterance_end_message(double last_word_end = 2.395);
[[nodiscard]] std::string speech_started_message(double timestamp = 9.54);
[[nodiscard]] std::string metadata_message();
/// The body of a 401 at the upgrade, as Deepgram sends it.
[[nodiscard]] std::string invalid_auth_body();

}  // namespace ovos::providers::testing
