#include "telephony/twilio/twilio_dialect.h"

#include "audio/g711.h"
#include "core/overloaded.h"
#include "telephony/twilio/twilio_media_protocol.h"

namespace ovos::telephony::twilio {

using Neutral = telephony::MediaEvent;

core::Result<Neutral> TwilioDialect::parse(std::string_view text) {
  OVOS_ASSIGN_OR_RETURN(auto event, parse_twilio_message(text));
  return std::visit(core::Overloaded{
                        [&](StartEvent& e) -> Neutral {
                          stream_sid_ = e.stream_sid;
                          return MediaStart{.carrier_call_id = e.call_sid,
                                            .stream_id = e.stream_sid,
                                            .parameters = std::move(e.custom_parameters),
                                            .sample_rate = e.sample_rate,
                                            .from = {},
                                            .to = {}};
                        },
                        [&](MediaEvent& e) -> Neutral {
                          // Only what the caller says; an "outbound" track is our own audio coming
                          // back.
                          if (e.track != "inbound" && !e.track.empty()) return MediaIgnored{};
                          return MediaAudio{audio::decode_mulaw(e.mulaw)};
                        },
                        [](DtmfEvent& e) -> Neutral { return MediaDtmf{e.digit}; },
                        [](MarkEvent& e) -> Neutral { return MediaPlayed{std::move(e.name)}; },
                        [](StopEvent&) -> Neutral { return MediaStop{"caller-hangup"}; },
                        [](ConnectedEvent&) -> Neutral { return MediaIgnored{}; },
                    },
                    event);
}

void TwilioDialect::audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) {
  if (samples.empty()) return;
  out.push_back(media_message(stream_sid_, audio::encode_mulaw(samples)));
}

void TwilioDialect::mark(std::string_view name, std::vector<std::string>& out) {
  out.push_back(mark_message(stream_sid_, name));
}

void TwilioDialect::clear(std::vector<std::string>& out) {
  out.push_back(clear_message(stream_sid_));
}

}  // namespace ovos::telephony::twilio
