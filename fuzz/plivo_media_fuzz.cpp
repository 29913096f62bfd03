// Plivo Audio Streaming messages arrive on a socket anyone can reach: every message parses or is
// refused with a reason, without crashing; what parses writes back cleanly, and the answer to a
// checkpoint the server wrote parses back to the same checkpoint.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "telephony/plivo/plivo_media_protocol.h"

namespace {

namespace plivo = ovos::telephony::plivo;

void check(const plivo::PlivoEvent& event) {
  if (const auto* start = std::get_if<plivo::StartEvent>(&event)) {
    if (!plivo::is_supported_format(start->encoding, start->sample_rate)) __builtin_trap();
  } else if (const auto* media = std::get_if<plivo::MediaEvent>(&event)) {
    if (media->payload.size() > plivo::kMaxPayloadBytes) __builtin_trap();
    (void)plivo::play_audio_message(plivo::AudioEncoding::kMulaw, 8000, media->payload);
    const auto samples = plivo::decode_l16(media->payload);
    if (samples.ok() != (media->payload.size() % 2 == 0)) __builtin_trap();
    if (samples.ok() && plivo::encode_l16(*samples) != media->payload) __builtin_trap();
  } else if (const auto* dtmf = std::get_if<plivo::DtmfEvent>(&event)) {
    if (!plivo::send_dtmf_message(std::string(1, dtmf->digit)).ok()) __builtin_trap();
  } else if (const auto* played = std::get_if<plivo::PlayedStreamEvent>(&event)) {
    // Plivo answers a checkpoint with its streamId and name under event "playedStream".
    auto echo = boost::json::parse(plivo::checkpoint_message(played->stream_id, played->name));
    echo.as_object()["event"] = "playedStream";
    const auto echoed = plivo::parse_plivo_message(boost::json::serialize(echo));
    if (!echoed.ok()) __builtin_trap();
    const auto& again = std::get<plivo::PlayedStreamEvent>(*echoed);
    if (again.name != played->name || again.stream_id != played->stream_id) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed =
      plivo::parse_plivo_message(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) __builtin_trap();  // always a reason
    return 0;
  }
  check(*parsed);
  return 0;
}
