#include "audio/vad.h"

#include <string>
#include <utility>

// libwebrtc_audio_processing.so.1 (0.3) exports the GMM VAD but ships no header for it; these
// are the prototypes of common_audio/vad/include/webrtc_vad.h of that snapshot.
extern "C" {
struct WebRtcVadInst;
WebRtcVadInst* WebRtcVad_Create();
void WebRtcVad_Free(WebRtcVadInst* handle);
int WebRtcVad_Init(WebRtcVadInst* handle);
int WebRtcVad_set_mode(WebRtcVadInst* handle, int mode);
int WebRtcVad_Process(WebRtcVadInst* handle, int fs, const std::int16_t* audio_frame,
                      std::size_t frame_length);
}

namespace ovos::audio {
namespace {

struct VadDeleter {
  void operator()(WebRtcVadInst* handle) const { WebRtcVad_Free(handle); }
};

core::Result<void> validate(const VadConfig& c) {
  if (c.sample_rate != 8000 && c.sample_rate != 16000 && c.sample_rate != 32000 &&
      c.sample_rate != 48000) {
    return core::Error::invalid("VAD sample rate must be 8000, 16000, 32000 or 48000, not " +
                                std::to_string(c.sample_rate));
  }
  if (c.frame_ms != 10 && c.frame_ms != 20 && c.frame_ms != 30) {
    return core::Error::invalid("VAD frame must be 10, 20 or 30 ms, not " +
                                std::to_string(c.frame_ms));
  }
  if (c.mode < 0 || c.mode > 3) {
    return core::Error::invalid("VAD mode must be 0..3, not " + std::to_string(c.mode));
  }
  if (c.speech_start_ms < 0 || c.speech_end_ms < 0 || c.warmup_ms < 0) {
    return core::Error::invalid(
        "VAD speech_start_ms, speech_end_ms and warmup_ms must not be negative");
  }
  return core::ok();
}

// A fresh classifier in `mode`, or null.
std::unique_ptr<WebRtcVadInst, VadDeleter> make_classifier(int mode) {
  std::unique_ptr<WebRtcVadInst, VadDeleter> handle(WebRtcVad_Create());
  if (!handle || WebRtcVad_Init(handle.get()) != 0 || WebRtcVad_set_mode(handle.get(), mode) != 0) {
    return nullptr;
  }
  return handle;
}

}  // namespace

struct VoiceActivityDetector::Impl {
  std::unique_ptr<WebRtcVadInst, VadDeleter> handle;
};

core::Result<VoiceActivityDetector> VoiceActivityDetector::create(const VadConfig& config) {
  OVOS_TRY(validate(config));
  auto impl = std::make_unique<Impl>();
  impl->handle = make_classifier(config.mode);
  if (!impl->handle) return core::Error::internal("cannot initialize the WebRTC VAD");
  return VoiceActivityDetector(config, std::move(impl));
}

VoiceActivityDetector::VoiceActivityDetector(const VadConfig& config, std::unique_ptr<Impl> impl)
    : config_(config),
      impl_(std::move(impl)),
      frame_samples_(samples_for_ms(config.sample_rate, config.frame_ms)) {}

VoiceActivityDetector::VoiceActivityDetector(VoiceActivityDetector&& other) noexcept = default;
VoiceActivityDetector& VoiceActivityDetector::operator=(VoiceActivityDetector&& other) noexcept =
    default;
VoiceActivityDetector::~VoiceActivityDetector() = default;

core::Result<VadFrame> VoiceActivityDetector::process(std::span<const Sample> frame) {
  if (frame.size() != frame_samples_) {
    return core::Error::invalid("VAD frame has " + std::to_string(frame.size()) +
                                " samples, expected " + std::to_string(frame_samples_));
  }
  VadFrame out;
  out.level_dbfs = rms_dbfs(frame);
  // The classifier sees every frame, quiet ones included, so its noise model keeps adapting.
  const int verdict =
      WebRtcVad_Process(impl_->handle.get(), config_.sample_rate, frame.data(), frame.size());
  if (verdict < 0) return core::Error::internal("WebRTC VAD rejected a valid frame");
  const bool warming_up = position_ms() < config_.warmup_ms;
  out.speech = verdict == 1 && out.level_dbfs >= config_.energy_gate_dbfs && !warming_up;
  out.event = advance(out.speech, out.event_ms);
  out.active = active_;
  return out;
}

// Steps the state machine by one frame; on an event, sets `event_ms`.
VadEvent VoiceActivityDetector::advance(bool speech, std::int64_t& event_ms) {
  const std::int64_t frame = frames_++;
  if (speech == active_) {  // the frame agrees with the state: any opposing run is over
    run_frames_ = 0;
    return VadEvent::kNone;
  }
  if (run_frames_ == 0) run_start_frame_ = frame;
  ++run_frames_;
  const std::int64_t run_ms = run_frames_ * config_.frame_ms;
  const int needed_ms = active_ ? config_.speech_end_ms : config_.speech_start_ms;
  if (run_ms < needed_ms) return VadEvent::kNone;
  active_ = !active_;
  run_frames_ = 0;
  event_ms = run_start_frame_ * config_.frame_ms;
  return active_ ? VadEvent::kSpeechStarted : VadEvent::kSpeechEnded;
}

void VoiceActivityDetector::reset() {
  // Both succeed on a handle that create() initialized once.
  (void)WebRtcVad_Init(impl_->handle.get());
  (void)WebRtcVad_set_mode(impl_->handle.get(), config_.mode);
  frames_ = 0;
  active_ = false;
  run_frames_ = 0;
  run_start_frame_ = 0;
}

}  // namespace ovos::audio
