#include "telephony/exotel/exotel_dialect.h"

#include "core/overloaded.h"
#include "telephony/exotel/exotel_media_protocol.h"

namespace ovos::telephony::exotel {

using Neutral = telephony::MediaEvent;

core::Result<Neutral> ExotelDialect::parse(std::string_view text) {
  OVOS_ASSIGN_OR_RETURN(auto event, parse_exotel_message(text));
  return std::visit(core::Overloaded{
                        [&](StartEvent& e) -> Neutral {
                          stream_sid_ = e.stream_sid;
                          chunker_.emplace(e.sample_rate);
                          sample_rate_ = e.sample_rate;
                          return MediaStart{
                              e.call_sid,    e.stream_sid,      std::move(e.custom_parameters),
                              e.sample_rate, std::move(e.from), std::move(e.to)};
                        },
                        [](MediaEvent& e) -> Neutral { return MediaAudio{std::move(e.samples)}; },
                        [](DtmfEvent& e) -> Neutral { return MediaDtmf{e.digit}; },
                        [](MarkEvent& e) -> Neutral { return MediaPlayed{std::move(e.name)}; },
                        [](StopEvent& e) -> Neutral {
                          (void)e;
                          return MediaStop{"caller-hangup"};
                        },
                        [](ConnectedEvent&) -> Neutral { return MediaIgnored{}; },
                    },
                    event);
}

void ExotelDialect::audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) {
  if (!chunker_ || samples.empty()) return;
  for (const auto& chunk : chunker_->push(samples))
    out.push_back(media_message(stream_sid_, chunk));
}

void ExotelDialect::mark(std::string_view name, std::vector<std::string>& out) {
  if (chunker_) {
    if (auto tail = chunker_->flush(); !tail.empty())
      out.push_back(media_message(stream_sid_, tail));
  }
  out.push_back(mark_message(stream_sid_, name));
}

void ExotelDialect::clear(std::vector<std::string>& out) {
  if (chunker_) chunker_->reset();
  out.push_back(clear_message(stream_sid_));
}

std::chrono::milliseconds ExotelDialect::held_back() const {
  if (!chunker_ || sample_rate_ <= 0) return {};
  return std::chrono::milliseconds(static_cast<std::int64_t>(chunker_->min_chunk_samples()) * 1000 /
                                   sample_rate_);
}

}  // namespace ovos::telephony::exotel
