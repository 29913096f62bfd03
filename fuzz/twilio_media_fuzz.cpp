// Twilio Media Streams messages arrive on a socket anyone can reach: every message parses or is
// refused with a reason, without crashing; what parses as a mark or media writes back cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "telephony/twilio/twilio_media_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace twilio = ovos::telephony::twilio;
  const auto parsed =
      twilio::parse_twilio_message(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) __builtin_trap();  // always a reason
    return 0;
  }
  if (const auto* media = std::get_if<twilio::MediaEvent>(&*parsed)) {
    if (media->mulaw.size() > twilio::kMaxPayloadBytes) __builtin_trap();
    (void)twilio::media_message(media->stream_sid, media->mulaw);
  } else if (const auto* mark = std::get_if<twilio::MarkEvent>(&*parsed)) {
    const auto echoed =
        twilio::parse_twilio_message(twilio::mark_message(mark->stream_sid, mark->name));
    if (!echoed.ok() || std::get<twilio::MarkEvent>(*echoed).name != mark->name) __builtin_trap();
  }
  return 0;
}
