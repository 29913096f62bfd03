#pragma once

#include "telephony/carrier/media_dialect.h"
#include "telephony/plivo/plivo_media_protocol.h"

namespace ovos::telephony::plivo {

/// Plivo Audio Streaming (bidirectional <Stream>) as a MediaDialect: audio in and out in the
/// format the start message names (μ-law 8 kHz, or little-endian L16 at 8 or 16 kHz),
/// checkpoints answered by playedStream, clearAudio on barge-in.
class PlivoDialect final : public MediaDialect {
 public:
  [[nodiscard]] std::string_view carrier() const override { return "plivo"; }
  [[nodiscard]] core::Result<telephony::MediaEvent> parse(std::string_view text) override;
  void audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) override;
  void mark(std::string_view name, std::vector<std::string>& out) override;
  void clear(std::vector<std::string>& out) override;

 private:
  std::string stream_id_;
  AudioEncoding encoding_ = AudioEncoding::kMulaw;
  int sample_rate_ = 8000;
};

}  // namespace ovos::telephony::plivo
