#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "audio/pcm.h"
#include "core/result.h"

namespace ovos::audio {

/// Settings of a VoiceActivityDetector. Durations are multiples of frame_ms in effect (rounded
/// up to whole frames).
struct VadConfig {
  int sample_rate = 16000;          // 8000, 16000, 32000 or 48000
  int frame_ms = 20;                // 10, 20 or 30
  int mode = 2;                     // WebRTC aggressiveness: 0 (permissive) .. 3 (strict)
  double energy_gate_dbfs = -55.0;  // frames quieter than this are never speech
  int speech_start_ms = 60;         // continuous speech needed to declare an onset
  int speech_end_ms = 500;          // continuous non-speech needed to declare the end (hangover)
  /// Start-up time during which no frame counts as speech. The classifier's noise model starts
  /// from fixed values and needs 70-90 ms of audio before it stops calling the noise floor
  /// speech; without this, a call that starts on a noisy line opens with a false onset.
  int warmup_ms = 100;
};

/// A change of the smoothed state, reported on the frame that causes it.
enum class VadEvent { kNone, kSpeechStarted, kSpeechEnded };

/// The verdict on one frame.
struct VadFrame {
  bool speech = false;  // this frame alone: classifier said speech, past the gate and warm-up
  double level_dbfs = kSilenceDbfs;  // RMS level of the frame (rms_dbfs)
  bool active = false;               // smoothed state after this frame: inside an utterance
  VadEvent event = VadEvent::kNone;
  /// For an event, stream time (ms since the first frame) where the speech began (the first
  /// frame of the onset run) or ended (the first frame of the silence run).
  std::int64_t event_ms = 0;
};

// Frame-by-frame speech detection for one call leg: the WebRTC GMM voice activity detector
// (the algorithm of libfvad / py-webrtcvad), an energy gate against quiet noise, and a state
// machine with an onset minimum and a hangover. Time is counted in frames, not read from a
// clock. Owned by the call's shard; not thread-safe. Movable.
class VoiceActivityDetector {
 public:
  [[nodiscard]] static core::Result<VoiceActivityDetector> create(const VadConfig& config);

  VoiceActivityDetector(VoiceActivityDetector&& other) noexcept;
  VoiceActivityDetector& operator=(VoiceActivityDetector&& other) noexcept;
  VoiceActivityDetector(const VoiceActivityDetector&) = delete;
  VoiceActivityDetector& operator=(const VoiceActivityDetector&) = delete;
  ~VoiceActivityDetector();

  /// Classifies one frame of exactly frame_samples() mono samples; any other size is
  /// kInvalidArgument and changes nothing.
  [[nodiscard]] core::Result<VadFrame> process(std::span<const Sample> frame);

  /// Back to the state of a new stream (classifier adaptation included).
  void reset();

  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] std::size_t frame_samples() const { return frame_samples_; }
  [[nodiscard]] const VadConfig& config() const { return config_; }
  /// Stream time of the end of the last processed frame.
  [[nodiscard]] std::int64_t position_ms() const { return frames_ * config_.frame_ms; }

 private:
  struct Impl;
  VoiceActivityDetector(const VadConfig& config, std::unique_ptr<Impl> impl);
  VadEvent advance(bool speech, std::int64_t& event_ms);

  VadConfig config_;
  std::unique_ptr<Impl> impl_;
  std::size_t frame_samples_ = 0;
  std::int64_t frames_ = 0;  // frames processed since the start or the last reset
  bool active_ = false;
  std::int64_t run_frames_ = 0;  // length of the current run opposing the state
  std::int64_t run_start_frame_ = 0;
};

}  // namespace ovos::audio
