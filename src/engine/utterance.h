#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/responder.h"
#include "engine/call_recorder.h"
#include "engine/frames.h"
#include "engine/sentence_chunker.h"
#include "providers/tts.h"

namespace ovos::engine {

/// The agent's current utterance in a call (a reply, the welcome, a check or a goodbye): the
/// reply in flight, the pieces of text given to text-to-speech, the turn's record and the times
/// its latency is measured from. Owned by the CallSession, on its executor.
struct Utterance {
  int turn = 0;
  std::uint64_t epoch = 0;
  TurnRecord record;
  std::unique_ptr<agents::ReplyInFlight> reply;
  SentenceChunker chunker;
  std::vector<std::string> pieces;  // text given to TTS, by piece number
  std::vector<bool> piece_done;
  std::size_t pieces_voiced = 0;  // pieces whose audio has started, shown as interim text
  bool reply_done = false;
  bool end_call_after = false;  // hang up once it has been heard
  std::string end_reason;
  std::string transfer_to;                           // then hand the call over to this number
  int tools_running = 0;                             // barge-in waits while a tool runs
  std::string text;                                  // everything the reply produced
  std::chrono::steady_clock::time_point user_end{};  // caller speech end (steady), replies only
  std::chrono::steady_clock::time_point first_text_at{};
  bool latency_sent = false;
  std::optional<std::chrono::steady_clock::time_point> first_tts_push;
  std::optional<std::chrono::steady_clock::time_point> stt_final;
  std::optional<std::chrono::steady_clock::time_point> first_byte_at;

  /// Records when the reply's first text came (`unix_ms`, `at`), unless it has already.
  void note_first_text(std::int64_t unix_ms, std::chrono::steady_clock::time_point at);
  /// Whether every piece given to text-to-speech has been synthesized (or failed).
  [[nodiscard]] bool all_pieces_done() const;
  /// The pieces whose audio has started, joined: the reply as far as it sounds.
  [[nodiscard]] std::string voiced_text() const;
  /// The turn's latency by stage, measured when its first audio went out at `first_audio`.
  [[nodiscard]] LatencyFrame latency(std::chrono::steady_clock::time_point first_audio) const;
};

/// The text-to-speech context of piece `piece` of utterance `epoch`: late audio of an older
/// utterance is known by its context and dropped.
[[nodiscard]] providers::TtsContextId tts_context(std::uint64_t epoch, std::size_t piece);
/// The utterance epoch a context belongs to.
[[nodiscard]] std::uint64_t epoch_of(providers::TtsContextId context);
/// The piece number of a context within its utterance.
[[nodiscard]] std::size_t piece_of(providers::TtsContextId context);

/// Milliseconds from `from` to `to` (negative when `to` is earlier).
[[nodiscard]] std::int64_t ms_between(std::chrono::steady_clock::time_point from,
                                      std::chrono::steady_clock::time_point to);

}  // namespace ovos::engine
