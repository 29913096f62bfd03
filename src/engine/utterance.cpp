#include "engine/utterance.h"

#include <algorithm>

#include "engine/transcript_words.h"

namespace ovos::engine {

using Clock = std::chrono::steady_clock;

void Utterance::note_first_text(std::int64_t unix_ms, Clock::time_point at) {
  if (record.llm_first_token_at) return;
  record.llm_first_token_at = unix_ms;
  first_text_at = at;
}

bool Utterance::all_pieces_done() const {
  return std::all_of(piece_done.begin(), piece_done.end(), [](bool d) { return d; });
}

std::string Utterance::voiced_text() const {
  std::string voiced;
  for (std::size_t i = 0; i < pieces_voiced && i < pieces.size(); ++i)
    voiced += (voiced.empty() ? "" : " ") + trim_text(pieces[i]);
  return voiced;
}

LatencyFrame Utterance::latency(Clock::time_point first_audio) const {
  LatencyFrame latency;
  latency.turn = turn;
  if (stt_final) latency.stt_ms = std::max<std::int64_t>(0, ms_between(user_end, *stt_final));
  if (record.llm_first_token_at) {
    latency.llm_ms =
        std::max<std::int64_t>(0, ms_between(stt_final.value_or(user_end), first_text_at));
  }
  if (first_tts_push && first_byte_at) {
    latency.tts_ms = std::max<std::int64_t>(0, ms_between(*first_tts_push, *first_byte_at));
  }
  latency.total_ms = std::max<std::int64_t>(0, ms_between(user_end, first_audio));
  return latency;
}

providers::TtsContextId tts_context(std::uint64_t epoch, std::size_t piece) {
  return (epoch << 16) | static_cast<providers::TtsContextId>(piece);
}

std::uint64_t epoch_of(providers::TtsContextId context) {
  return context >> 16;
}

std::size_t piece_of(providers::TtsContextId context) {
  return context & 0xffff;
}

std::int64_t ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

}  // namespace ovos::engine
