#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/call_recorder.h"
#include "engine/call_session.h"
#include "net/websocket.h"
#include "telephony/carrier/media_dialect.h"

namespace ovos::telephony {

/// How a phone call ended, for the carrier's REST API: hang the call up, or hand it over.
struct CallEnding {
  std::string carrier_call_id;
  std::string reason;       // the session's hang-up reason
  std::string transfer_to;  // reason "transfer": the number or SIP URI to hand the call to
  bool by_carrier = false;  // the carrier ended it (stop, socket gone): nothing to ask it
};

/// Everything a phone call's media socket needs, prepared by the API on a worker before the
/// upgrade is accepted (the user, the agent, its providers, the call record).
struct CarrierCallSetup {
  std::string call_id;
  /// The carrier's id of the call when known before media starts; a stream for another call
  /// is refused. Empty: not known yet (an outbound call whose id has not come back).
  std::string expected_carrier_call_id;
  engine::SessionConfig config;        // rates and variables are filled from the start message
  engine::SessionProviders providers;  // the responder comes from make_responder
  std::function<std::unique_ptr<agents::Responder>(const std::map<std::string, std::string>&)>
      make_responder;
  /// Makes the call's recorder once the audio format is known; may return nullptr.
  std::function<std::unique_ptr<engine::CallRecorder>(int input_rate, int output_rate)>
      make_recorder;
  /// Runs once on the shard when the call ends, before the socket closes; `then` (callable
  /// from any thread, at most once) closes it. Used to hang up or transfer through the
  /// carrier's REST API; the socket closes after kEndWait if `then` is never called.
  std::function<void(const CallEnding& ending, std::function<void()> then)> on_end;
};

/// Finds the call of a stream that is known only from its start message (Exotel's Voicebot
/// applet has one URL for every call): runs on the shard with the start; `done` (callable from
/// any thread, at most once) gives the call's setup, or an error that closes the stream.
using CarrierCallResolver = std::function<void(
    const MediaStart& start, std::function<void(core::Result<CarrierCallSetup>)> done)>;

/// One phone call over a carrier's media WebSocket: a MediaDialect turns the carrier's messages
/// into a CallSession's input and the session's frames into the carrier's messages. The session
/// starts at the carrier's start message (the welcome is spoken at once); a socket with no
/// start within kStartWait, too many bad messages, or a start for another call is closed. A
/// stop or a lost socket hangs the call up; an end from our side asks the carrier (on_end) to
/// hang up or transfer before the socket closes. Lives on the connection's shard.
class CarrierCallHandler final : public net::WebSocketHandler, public engine::CallOutput {
 public:
  static constexpr std::chrono::milliseconds kStartWait{10000};
  static constexpr std::chrono::milliseconds kEndWait{10000};
  static constexpr int kMaxBadMessages = 20;
  /// Agent audio per media message.
  static constexpr int kOutputFrameMs = 40;
  /// Messages kept while a call is being resolved (about 10 s of Exotel's 100 ms chunks).
  static constexpr std::size_t kMaxPendingEvents = 100;

  CarrierCallHandler(net::WebSocketConnection& connection, std::unique_ptr<MediaDialect> dialect,
                     CarrierCallSetup setup);
  /// A call resolved from its start message; what arrives meanwhile is kept and replayed.
  CarrierCallHandler(net::WebSocketConnection& connection, std::unique_ptr<MediaDialect> dialect,
                     CarrierCallResolver resolve);
  ~CarrierCallHandler() override;

  void on_text(std::string_view text) override;
  void on_binary(std::span<const std::uint8_t> bytes) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;
  void deliver(engine::OutputFrame frame) override;

 private:
  /// Log lines in its scope carry the call's trace id (derived from the call id).
  [[nodiscard]] core::ScopedTrace trace_scope() const {
    return core::ScopedTrace({core::trace_id_for_call(setup_.call_id), {}});
  }
  void on_event(MediaEvent& event);
  void begin(MediaStart& start);
  void resolve(MediaStart& start);
  void resolved(core::Result<CarrierCallSetup> setup);
  void bad_message(std::string_view why);
  void end_call(const engine::EndFrame& end);
  void close(std::uint16_t code, const std::string& reason);
  void send(std::vector<std::string>& messages);
  /// A record of a call whose media never started, so it does not stay "in-progress".
  void record_without_media(const std::string& reason);

  net::WebSocketConnection& connection_;
  std::unique_ptr<MediaDialect> dialect_;
  CarrierCallSetup setup_;
  CarrierCallResolver resolve_;          // set until the call is resolved
  std::optional<MediaStart> resolving_;  // the start message while resolving
  std::vector<MediaEvent> pending_;      // what came after it meanwhile
  std::string carrier_call_id_;
  bool closed_ = false;
  bool carrier_stopped_ = false;
  int bad_messages_ = 0;
  std::vector<std::string> outbox_;
  std::unique_ptr<engine::CallRecorder> recorder_;  // declared before the session: outlives it
  std::unique_ptr<agents::Responder> responder_;
  std::unique_ptr<engine::CallSession> session_;
  core::TimerHandle start_timer_;
  core::TimerHandle end_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ovos::telephony
