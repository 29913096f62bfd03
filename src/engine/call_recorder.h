#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/responder.h"

namespace ovos::engine {

/// One exchange as the engine knows it. Times are Unix milliseconds; unset when the stage did
/// not happen. Index 0 is the welcome message (no caller text).
struct TurnRecord {
  int index = 0;
  std::string user_text;
  std::string agent_text;  // what the agent said; cut to what was heard when interrupted
  bool interrupted = false;
  std::optional<std::int64_t> user_speech_end_at;
  std::optional<std::int64_t> stt_final_at;
  std::optional<std::int64_t> llm_first_token_at;
  std::optional<std::int64_t> tts_first_byte_at;
  std::optional<std::int64_t> first_audio_out_at;
  std::optional<std::int64_t> interrupted_at;
  std::string kind = "reply";  // reply | welcome | check-online | hangup-message | dtmf | event
  std::string dtmf;            // digits the caller pressed for this turn
  std::string error;           // a provider failure during the turn, if any
  std::vector<agents::ToolActivity> tools;  // tools the agent ran, in order
  std::vector<std::string> sources;         // knowledge passages the reply used
  std::vector<std::string> nodes;           // graph agents: nodes entered; the last one answered
};

/// What the call used and how it ended.
struct CallOutcome {
  std::string hangup_reason;
  std::int64_t started_at = 0;  // Unix ms
  std::int64_t ended_at = 0;
  double stt_audio_seconds = 0;
  std::size_t tts_characters = 0;
  int turns = 0;
};

/// Receives a call's log as it happens, so a crash loses at most the turn in flight. Called on
/// the session's executor; implementations must not block it (hand writes to a pool).
class CallRecorder {
 public:
  virtual ~CallRecorder() = default;
  /// The latest state of a turn; called again whenever it changes.
  virtual void turn(const TurnRecord& record) = 0;
  /// Caller audio at the session's input rate, in arrival order.
  virtual void caller_audio(std::span<const std::int16_t> samples) = 0;
  /// Agent audio at the session's output rate, starting to play `at_ms` after the call started.
  virtual void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) = 0;
  /// The call is over; no more calls follow.
  virtual void ended(const CallOutcome& outcome) = 0;
};

}  // namespace ovos::engine
