#include "engine/recording/agent_audio_aligner.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace ovos::engine {
namespace {

// Play times are whole milliseconds: a segment this close to where the run ends continues it.
constexpr std::int64_t kContinuityToleranceMs = 2;

}  // namespace

core::Result<AgentAudioAligner> AgentAudioAligner::create(int agent_rate, int recording_rate) {
  OVOS_ASSIGN_OR_RETURN(auto resampler, audio::Resampler::create(agent_rate, recording_rate));
  return AgentAudioAligner(std::move(resampler), agent_rate, recording_rate);
}

AgentAudioAligner::AgentAudioAligner(audio::Resampler resampler, int agent_rate, int recording_rate)
    : resampler_(std::move(resampler)), agent_rate_(agent_rate), recording_rate_(recording_rate) {}

bool AgentAudioAligner::continues_run(std::int64_t at_ms) const {
  if (!in_run_) return false;
  // Where the run ends, in ms since the call started (rounded to the nearest ms).
  const std::int64_t end_ms = run_start_ms_ + (run_input_ * 1000 + agent_rate_ / 2) / agent_rate_;
  return std::llabs(at_ms - end_ms) <= kContinuityToleranceMs;
}

std::vector<AgentAudioAligner::Piece> AgentAudioAligner::add(
    std::int64_t at_ms, std::span<const std::int16_t> samples) {
  std::vector<Piece> pieces;
  if (samples.empty()) return pieces;
  if (!continues_run(at_ms)) {
    if (auto tail = finish()) pieces.push_back(std::move(*tail));
    in_run_ = true;
    run_start_ms_ = at_ms;
    run_input_ = 0;
    next_position_ = at_ms * recording_rate_ / 1000;
    delay_left_ = resampler_.latency_frames();
  }
  run_input_ += static_cast<std::int64_t>(samples.size());
  pieces.push_back(emit(resampler_.process(samples)));
  return pieces;
}

std::optional<AgentAudioAligner::Piece> AgentAudioAligner::finish() {
  if (!in_run_) return std::nullopt;
  in_run_ = false;
  Piece tail = emit(resampler_.flush());  // flush() also resets for the next run
  if (tail.samples.empty()) return std::nullopt;
  return tail;
}

AgentAudioAligner::Piece AgentAudioAligner::emit(std::vector<std::int16_t> out) {
  const auto drop = static_cast<std::size_t>(
      std::min<std::int64_t>(delay_left_, static_cast<std::int64_t>(out.size())));
  delay_left_ -= static_cast<std::int64_t>(drop);
  out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(drop));
  Piece piece{next_position_, std::move(out)};
  next_position_ += static_cast<std::int64_t>(piece.samples.size());
  return piece;
}

}  // namespace ovos::engine
