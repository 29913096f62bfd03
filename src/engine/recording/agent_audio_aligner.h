#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "audio/resampler.h"
#include "core/result.h"

namespace ovos::engine {

/// Turns the agent's audio, given as segments with a play time in ms since the call started,
/// into samples at the recording rate with a frame position. Segments that each start where
/// the previous one ended form one run, resampled as one stream; a segment that starts
/// anywhere else (a new utterance, audio re-sent after a pause) begins a new run. Runs are
/// placed without the resampler's delay, and a run's filter tail is emitted when it ends.
/// Single-threaded (the call's executor). Movable.
class AgentAudioAligner {
 public:
  /// Samples for frames [position, position + samples.size()) of the recording.
  struct Piece {
    std::int64_t position = 0;
    std::vector<std::int16_t> samples;
  };

  /// Rates as audio::Resampler accepts them.
  [[nodiscard]] static core::Result<AgentAudioAligner> create(int agent_rate, int recording_rate);

  /// Pieces for a segment starting `at_ms` after the call started: the previous run's tail
  /// first when this segment begins a new run. Pieces may be empty.
  [[nodiscard]] std::vector<Piece> add(std::int64_t at_ms, std::span<const std::int16_t> samples);
  /// Ends the current run: its tail, if any.
  [[nodiscard]] std::optional<Piece> finish();

 private:
  AgentAudioAligner(audio::Resampler resampler, int agent_rate, int recording_rate);
  [[nodiscard]] bool continues_run(std::int64_t at_ms) const;
  /// Drops the run's leading delay from `out` and turns the rest into a piece.
  Piece emit(std::vector<std::int16_t> out);

  audio::Resampler resampler_;
  int agent_rate_;
  int recording_rate_;
  bool in_run_ = false;
  std::int64_t run_start_ms_ = 0;
  std::int64_t run_input_ = 0;      // agent samples given to the run
  std::int64_t next_position_ = 0;  // recording frame the run's next output goes to
  std::int64_t delay_left_ = 0;     // leading output frames still to drop
};

}  // namespace ovos::engine
