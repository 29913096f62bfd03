#pragma once

#include <optional>

#include "telephony/carrier/media_dialect.h"
#include "telephony/exotel/exotel_chunker.h"

namespace ovos::telephony::exotel {

/// Exotel AgentStream (the Voicebot applet) as a MediaDialect: 16-bit little-endian PCM both
/// ways at the stream's rate, outbound audio regrouped into the chunks Exotel plays without
/// gaps (OutboundChunker; flushed before each mark, dropped on a clear), marks echoed, `clear`
/// on barge-in. The call's custom parameters are the stream URL's query parameters.
class ExotelDialect final : public MediaDialect {
 public:
  [[nodiscard]] std::string_view carrier() const override { return "exotel"; }
  [[nodiscard]] core::Result<telephony::MediaEvent> parse(std::string_view text) override;
  void audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) override;
  void mark(std::string_view name, std::vector<std::string>& out) override;
  void clear(std::vector<std::string>& out) override;
  /// One smallest chunk (200 ms at 8 kHz, 100 ms at 16 and 24 kHz), once the rate is known.
  [[nodiscard]] std::chrono::milliseconds held_back() const override;

 private:
  std::string stream_sid_;
  int sample_rate_ = 0;
  std::optional<OutboundChunker> chunker_;  // from the start message's rate
};

}  // namespace ovos::telephony::exotel
