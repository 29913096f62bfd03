#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/call_recorder.h"
#include "engine/call_session.h"
#include "net/websocket.h"

namespace ovos::telephony::web {

/// Everything a browser call needs before its socket opens (prepared by the API on the worker
/// pool: the user, the agent, its providers, the call record).
struct WebCallSetup {
  std::string call_id;
  engine::SessionConfig config;        // rates and variables are filled from the start message
  engine::SessionProviders providers;  // the responder comes from make_responder
  /// Makes the agent's responder with the call's variables filled in.
  std::function<std::unique_ptr<agents::Responder>(const std::map<std::string, std::string>&)>
      make_responder;
  /// Makes the call's recorder once the audio formats are known; may return nullptr.
  std::function<std::unique_ptr<engine::CallRecorder>(int input_rate, int output_rate)>
      make_recorder;
};

/// One browser call over one WebSocket: parses the client's messages
/// (docs/web-call-protocol.md) into a CallSession and serializes the session's frames back.
/// The session starts at the first message (a "start" sets the audio formats and variables),
/// or after kStartWait with the defaults, so a call is never silent. Bad messages get an
/// "error" reply; too many of them, or a failure to set up the call, close the socket with
/// 1008/1011. A socket that goes away hangs the call up. Lives on the connection's shard.
class WebCallHandler final : public net::WebSocketHandler, public engine::CallOutput {
 public:
  static constexpr std::chrono::milliseconds kStartWait{1000};
  static constexpr int kMaxBadMessages = 20;

  WebCallHandler(net::WebSocketConnection& connection, WebCallSetup setup);
  ~WebCallHandler() override;

  void on_text(std::string_view text) override;
  void on_binary(std::span<const std::uint8_t> bytes) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;
  void deliver(engine::OutputFrame frame) override;

 private:
  /// Log lines in its scope carry the call's trace id (derived from the call id).
  [[nodiscard]] core::ScopedTrace trace_scope() const {
    return core::ScopedTrace({core::trace_id_for_call(setup_.call_id), {}});
  }
  void begin(int input_rate, int output_rate, std::map<std::string, std::string> variables);
  void refuse(std::string_view code, std::string_view message);

  net::WebSocketConnection& connection_;
  WebCallSetup setup_;
  bool closed_ = false;
  int bad_messages_ = 0;
  std::unique_ptr<engine::CallRecorder> recorder_;  // declared before the session: outlives it
  std::unique_ptr<agents::Responder> responder_;
  std::unique_ptr<engine::CallSession> session_;
  core::TimerHandle start_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ovos::telephony::web
