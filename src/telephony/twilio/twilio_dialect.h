#pragma once

#include "telephony/carrier/media_dialect.h"

namespace ovos::telephony::twilio {

/// Twilio Media Streams (bidirectional <Connect><Stream>) as a MediaDialect: μ-law 8 kHz both
/// ways, marks echoed by Twilio, `clear` on barge-in. Inbound-track media only reaches the
/// call; the stream id learnt from `start` addresses every message sent back.
class TwilioDialect final : public MediaDialect {
 public:
  [[nodiscard]] std::string_view carrier() const override { return "twilio"; }
  [[nodiscard]] core::Result<telephony::MediaEvent> parse(std::string_view text) override;
  void audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) override;
  void mark(std::string_view name, std::vector<std::string>& out) override;
  void clear(std::vector<std::string>& out) override;

 private:
  std::string stream_sid_;
};

}  // namespace ovos::telephony::twilio
