#pragma once

// What a call session sends towards the caller. A closed set: each transport (browser web call,
// Twilio, Plivo, Exotel) serializes every alternative in its own wire format.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ovos::engine {

/// Who spoke.
enum class Speaker { kUser, kAgent };

/// Agent speech to play, mono PCM16 at the session's output rate, normally 20 ms. `epoch` is the
/// turn epoch it belongs to: a transport may drop frames of an epoch older than the last clear.
struct AudioFrame {
  std::uint64_t epoch = 0;
  std::vector<std::int16_t> samples;
};

/// Asks the transport to tell back when the caller's player reaches this point (Twilio mark,
/// Plivo checkpoint, web-call mark); answered by CallSession::on_played(name).
struct MarkFrame {
  std::uint64_t epoch = 0;
  std::string name;
};

/// Drop every agent frame already sent but not yet played (barge-in). A system frame.
struct ClearFrame {
  std::uint64_t epoch = 0;  // the new epoch
};

/// Live transcript of either side; interim texts may be replaced by later ones.
struct TranscriptFrame {
  Speaker speaker = Speaker::kUser;
  std::string text;
  bool final = false;
  int turn = 0;
};

/// Latency of one turn in ms, sent when its first audio goes out; -1: the stage did not happen.
struct LatencyFrame {
  int turn = 0;
  std::int64_t stt_ms = -1;    // user speech end -> final transcript
  std::int64_t llm_ms = -1;    // final transcript -> first token
  std::int64_t tts_ms = -1;    // first text to speech -> first audio byte
  std::int64_t total_ms = -1;  // user speech end -> first audio out
};

/// The call is over; the transport closes after sending what is queued. A system frame.
struct EndFrame {
  std::string reason;       // hangup reason, e.g. "caller-hangup", "silence", "transfer"
  std::string transfer_to;  // reason "transfer": where the transport hands the call over
};

/// A problem the caller's client should know about (the call goes on unless an EndFrame
/// follows). A system frame.
struct ErrorFrame {
  std::string code;
  std::string message;
};

using OutputFrame = std::variant<AudioFrame, MarkFrame, ClearFrame, TranscriptFrame, LatencyFrame,
                                 EndFrame, ErrorFrame>;

/// System frames must never wait behind data frames.
[[nodiscard]] inline bool is_system_frame(const OutputFrame& frame) {
  return std::holds_alternative<ClearFrame>(frame) || std::holds_alternative<EndFrame>(frame) ||
         std::holds_alternative<ErrorFrame>(frame);
}

/// Receives a session's frames, in order, on the session's executor. Implemented by each
/// transport; must not call back into the session synchronously.
class CallOutput {
 public:
  virtual ~CallOutput() = default;
  virtual void deliver(OutputFrame frame) = 0;
};

}  // namespace ovos::engine
