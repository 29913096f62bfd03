#include "telephony/plivo/plivo_dialect.h"

#include "audio/g711.h"
#include "core/overloaded.h"

namespace ovos::telephony::plivo {

using Neutral = telephony::MediaEvent;

core::Result<Neutral> PlivoDialect::parse(std::string_view text) {
  OVOS_ASSIGN_OR_RETURN(auto event, parse_plivo_message(text));
  if (auto* start = std::get_if<StartEvent>(&event)) {
    stream_id_ = start->stream_id;
    encoding_ = start->encoding;
    sample_rate_ = start->sample_rate;
    return Neutral(MediaStart{.carrier_call_id = start->call_id,
                              .stream_id = start->stream_id,
                              .parameters = std::move(start->extra_headers),
                              .sample_rate = start->sample_rate,
                              .from = {},
                              .to = {}});
  }
  if (auto* media = std::get_if<MediaEvent>(&event)) {
    if (media->track != "inbound" && !media->track.empty()) return Neutral(MediaIgnored{});
    if (encoding_ == AudioEncoding::kMulaw) {
      return Neutral(MediaAudio{audio::decode_mulaw(media->payload)});
    }
    OVOS_ASSIGN_OR_RETURN(auto samples, decode_l16(media->payload));
    return Neutral(MediaAudio{std::move(samples)});
  }
  return std::visit(
      core::Overloaded{
          [](DtmfEvent& e) -> Neutral { return MediaDtmf{e.digit}; },
          [](PlayedStreamEvent& e) -> Neutral { return MediaPlayed{std::move(e.name)}; },
          [](auto&) -> Neutral { return MediaIgnored{}; },
      },
      event);
}

void PlivoDialect::audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) {
  if (samples.empty()) return;
  const auto payload =
      encoding_ == AudioEncoding::kMulaw ? audio::encode_mulaw(samples) : encode_l16(samples);
  out.push_back(play_audio_message(encoding_, sample_rate_, payload));
}

void PlivoDialect::mark(std::string_view name, std::vector<std::string>& out) {
  out.push_back(checkpoint_message(stream_id_, name));
}

void PlivoDialect::clear(std::vector<std::string>& out) {
  out.push_back(clear_audio_message(stream_id_));
}

}  // namespace ovos::telephony::plivo
