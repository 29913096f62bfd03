#include "app/simulate_recorder.h"

namespace ovos::app {

core::Result<std::unique_ptr<SimulationRecorder>> SimulationRecorder::recording_to(
    core::ComputePool& io, const std::filesystem::path& path, int caller_rate, int agent_rate) {
  engine::CallAudioRecorderOptions options;
  options.path = path;
  options.sample_rate = caller_rate;
  options.agent_sample_rate = agent_rate;
  // An accelerated call makes audio much faster than real time: never drop a block because the
  // disk is behind.
  options.max_queued = std::chrono::minutes(30);
  OVOS_ASSIGN_OR_RETURN(auto recording, engine::CallAudioRecorder::create(io, options));
  auto recorder = std::make_unique<SimulationRecorder>();
  recorder->recording_ = std::move(recording);
  return recorder;
}

void SimulationRecorder::caller_audio(std::span<const std::int16_t> samples) {
  if (recording_) recording_->caller_audio(samples);
}

void SimulationRecorder::agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) {
  if (recording_) recording_->agent_audio(at_ms, samples);
}

void SimulationRecorder::ended(const engine::CallOutcome& outcome) {
  outcome_ = outcome;
  close_recording();
}

void SimulationRecorder::close_recording() {
  if (!recording_ || close_requested_) return;
  close_requested_ = true;
  recording_->close([closed = closed_](core::Result<void> result) {
    std::lock_guard lock(closed->mutex);
    closed->result = std::move(result);
  });
}

core::Result<void> SimulationRecorder::finish() {
  if (!recording_) return core::ok();
  close_recording();
  recording_->wait_idle();
  std::lock_guard lock(closed_->mutex);
  if (!closed_->result) return core::Error::internal("the recording was not closed");
  return *closed_->result;
}

}  // namespace ovos::app
