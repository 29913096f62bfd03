#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>

#include "core/executor.h"
#include "core/result.h"
#include "engine/call_recorder.h"
#include "engine/recording/call_audio_recorder.h"

namespace ovos::app {

/// The simulator's CallRecorder: keeps every turn's latest state and the outcome for the report
/// and, when asked, records the call as a stereo WAV (caller left, agent right) through an
/// engine::CallAudioRecorder writing on an I/O pool. Fed on the session's executor; finish()
/// from the thread that ran the call, after it. Not thread-safe otherwise.
class SimulationRecorder final : public engine::CallRecorder {
 public:
  /// No recording.
  SimulationRecorder() = default;
  /// Records to `path` on `io` (which must outlive this): caller audio at `caller_rate`, agent
  /// audio at `agent_rate`.
  [[nodiscard]] static core::Result<std::unique_ptr<SimulationRecorder>> recording_to(
      core::ComputePool& io, const std::filesystem::path& path, int caller_rate, int agent_rate);

  void turn(const engine::TurnRecord& record) override { turns_[record.index] = record; }
  void caller_audio(std::span<const std::int16_t> samples) override;
  void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) override;
  void ended(const engine::CallOutcome& outcome) override;

  /// Closes the recording if the call did not end, waits until it is on disk, and returns the
  /// first error that cost audio.
  [[nodiscard]] core::Result<void> finish();

  /// Every turn's last state, by index (0: the welcome).
  [[nodiscard]] const std::map<int, engine::TurnRecord>& turns() const { return turns_; }
  [[nodiscard]] const std::optional<engine::CallOutcome>& outcome() const { return outcome_; }

 private:
  /// What the recording's close reported; written on the I/O pool.
  struct Closed {
    std::mutex mutex;
    std::optional<core::Result<void>> result;
  };
  void close_recording();

  std::unique_ptr<engine::CallAudioRecorder> recording_;
  std::shared_ptr<Closed> closed_ = std::make_shared<Closed>();
  bool close_requested_ = false;
  std::map<int, engine::TurnRecord> turns_;
  std::optional<engine::CallOutcome> outcome_;
};

}  // namespace ovos::app
