#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "audio/resampler.h"
#include "core/executor.h"
#include "providers/local/channel_priors.h"
#include "providers/local/decoder_pool.h"
#include "providers/stt.h"

namespace ovos::providers::local {

/// Bounds of a local recognition stream.
struct LocalSttLimits {
  /// Audio kept per stream while it waits for a decoder; beyond it the oldest is dropped.
  double max_buffered_seconds = 30;
  /// At most one interim per this much decoded audio.
  double interim_interval_seconds = 0.1;
};

/// One call's pocketsphinx recognition (opened by LocalSttProvider). Its methods run on the call's
/// executor and only buffer audio and schedule work: decoding runs on the compute pool, at most
/// one task per stream at a time, with a decoder borrowed from the DecoderPool for each utterance
/// (first audio after a final until the next final). Events are posted back to the executor and
/// checked there, so none is delivered after close() or destruction. The caller's channel estimate
/// goes with the stream from decoder to decoder; its first utterance starts from `priors` (the last
/// estimate learned at the same input rate), and when there is none at a rate other than 16 kHz,
/// that utterance is decoded a second time at its end with the estimate the first pass made.
/// Owns its buffered audio; the compute pool must outlive the work it has scheduled.
class LocalSttStream final : public SttStream {
 public:
  /// `resampler` converts pushed audio to 16 kHz (a same-rate one for 16 kHz input).
  LocalSttStream(std::shared_ptr<DecoderPool> decoders, std::shared_ptr<ChannelPriors> priors,
                 core::ComputePool& compute, core::Executor& events_on, SttEventHandler on_event,
                 audio::Resampler resampler, std::vector<std::string> expected_phrases,
                 LocalSttLimits limits);
  ~LocalSttStream() override;
  LocalSttStream(const LocalSttStream&) = delete;
  LocalSttStream& operator=(const LocalSttStream&) = delete;

  void push_audio(std::span<const std::int16_t> samples) override;
  void finalize() override;
  /// Takes effect from the utterance that starts after this call: one already receiving audio
  /// keeps the phrases it started with.
  void set_expected_phrases(std::vector<std::string> phrases) override;
  void close() override;

  /// Pushed samples dropped so far because the buffer was full while waiting for a decoder.
  [[nodiscard]] std::uint64_t dropped_samples() const;

 private:
  class Core;  // shared with the decode tasks and the posted events
  std::shared_ptr<Core> core_;
};

}  // namespace ovos::providers::local
