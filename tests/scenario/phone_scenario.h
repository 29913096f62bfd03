#pragma once

// Helpers shared by the phone-call scenarios (Twilio, Plivo): caller speech as a phone line
// carries it, and counting what the carrier received.

#include <map>
#include <string>
#include <vector>

#include "audio/resampler.h"
#include "providers/local/flite_synthesizer.h"
#include "support/carriers/carrier_media_leg.h"

namespace ovos::testing {

/// `text` spoken by flite, as a phone line carries it: 8 kHz. Cached; test threads only.
inline const std::vector<std::int16_t>& phone_speech(const std::string& text) {
  static std::map<std::string, std::vector<std::int16_t>> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto flite = providers::local::FliteSynthesizer::create("rms");
    auto pcm = flite->synthesize_all(text);
    auto down = audio::Resampler::create(16000, 8000);
    auto narrow = down->process(*pcm);
    auto tail = down->flush();
    narrow.insert(narrow.end(), tail.begin(), tail.end());
    it = cache.emplace(text, std::move(narrow)).first;
  }
  return it->second;
}

/// How many of the messages received are of `kind`.
inline std::size_t count_kind(const std::vector<CarrierMediaLeg::Received>& received,
                              LegOutput::Kind kind) {
  std::size_t n = 0;
  for (const auto& r : received)
    n += r.output.kind == kind ? 1 : 0;
  return n;
}

}  // namespace ovos::testing
