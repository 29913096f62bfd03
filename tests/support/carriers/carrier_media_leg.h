#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/event_loop.h"
#include "net/websocket.h"

namespace ovos::testing {

/// What a carrier's media stream says to the server about itself when it starts.
struct LegStart {
  std::string call_id;                            // the carrier's call id
  std::string stream_id;                          // the carrier's stream id
  std::map<std::string, std::string> parameters;  // custom parameters (Twilio <Parameter>)
  std::string from;
  std::string to;
};

/// A message the server sent on the media stream, decoded.
struct LegOutput {
  enum class Kind { kAudio, kMark, kClear, kOther };
  Kind kind = Kind::kOther;
  std::vector<std::int16_t> samples;  // kAudio: PCM16 at 8 kHz
  std::string name;                   // kMark
  std::string error;                  // a message the carrier would reject, and why
};

/// One carrier's media wire format, as the carrier speaks it (the mirror of the server's
/// MediaDialect): what it sends, and how it reads what the server sends.
class CarrierWire {
 public:
  virtual ~CarrierWire() = default;
  /// The messages that open the stream (connected, start).
  virtual std::vector<std::string> opening(const LegStart& start) = 0;
  /// Samples of caller audio per media message (Twilio and Plivo 20 ms, Exotel 100 ms).
  [[nodiscard]] virtual std::size_t frame_samples() const { return 160; }
  /// One frame of caller audio (PCM16 at 8 kHz, frame_samples() or fewer at the end).
  virtual std::string media(std::span<const std::int16_t> samples, std::int64_t chunk,
                            std::int64_t timestamp_ms) = 0;
  virtual std::string dtmf(char digit) = 0;
  /// The echo of a mark whose audio has played.
  virtual std::string played(const std::string& name) = 0;
  /// What the carrier says after a clear (empty: nothing).
  virtual std::string cleared() = 0;
  /// Whether marks still waiting when a clear arrives are echoed at once (Twilio) or dropped.
  [[nodiscard]] virtual bool echo_marks_on_clear() const = 0;
  /// The message that ends the stream (empty: none, the socket just closes).
  virtual std::string stop() = 0;
  virtual LegOutput parse(std::string_view text) = 0;
};

/// The carrier's side of one media WebSocket, as a carrier runs it: opens the stream, sends
/// caller audio in 20 ms frames on an absolute real-time schedule, and plays what the server
/// sends like a phone line does (in real time, one piece after another), echoing each mark
/// when the audio before it has played and dropping unplayed audio on a clear. Keeps every
/// message received with its arrival time. Thread-safe; runs on its own event loop.
class CarrierMediaLeg {
 public:
  struct Received {
    std::chrono::steady_clock::time_point at;
    LegOutput output;
  };

  /// Connects to `url` and sends the opening messages; throws std::runtime_error on failure.
  CarrierMediaLeg(const std::string& url, std::unique_ptr<CarrierWire> wire, LegStart start,
                  std::vector<net::HttpHeader> headers = {});
  ~CarrierMediaLeg();

  /// When the start message went out.
  [[nodiscard]] std::chrono::steady_clock::time_point started_at() const { return started_at_; }
  /// Streams caller audio (PCM16 at 8 kHz) in real time.
  void stream_audio(const std::vector<std::int16_t>& samples);
  void stream_silence(int ms);
  void send_dtmf(char digit);
  void send_text(std::string text);
  /// The caller hangs up: the stop message (if the carrier sends one), then the socket closes.
  void stop();
  /// The socket goes away without a stop message.
  void drop();

  bool wait_for(const std::function<bool(const std::vector<Received>&)>& predicate,
                std::chrono::milliseconds timeout);
  [[nodiscard]] std::vector<Received> received() const;
  bool wait_closed(std::chrono::milliseconds timeout);
  [[nodiscard]] bool closed() const;
  /// Marks echoed so far, in order.
  [[nodiscard]] std::vector<std::string> echoed_marks() const;

  struct State;

 private:
  std::unique_ptr<net::EventLoop> loop_;
  std::shared_ptr<State> state_;
  std::chrono::steady_clock::time_point started_at_;
  std::int64_t chunk_ = 0;
  std::int64_t sent_ms_ = 0;
};

/// The first audio of the server whose level is speech (RMS above `threshold`), if any.
std::optional<CarrierMediaLeg::Received> first_speech(
    const std::vector<CarrierMediaLeg::Received>& received, double threshold = 300);
/// Samples of server audio received.
std::size_t audio_samples(const std::vector<CarrierMediaLeg::Received>& received);

}  // namespace ovos::testing
