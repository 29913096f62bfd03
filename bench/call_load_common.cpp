// The caller's audio of the phone-call load benchmark. See call_load_common.h.
#include "call_load_common.h"

#include <span>
#include <stdexcept>

#include "audio/pcm.h"
#include "audio/resampler.h"
#include "audio/vad.h"
#include "engine_bench_support.h"

namespace ovos::bench::load {

namespace {

/// `speech` (16 kHz) at 8 kHz, in whole 20 ms frames.
std::vector<std::int16_t> to_8k(const std::vector<std::int16_t>& speech) {
  auto resampler = audio::Resampler::create(16000, kRate);
  if (!resampler.ok()) throw std::runtime_error(resampler.error().message);
  std::vector<std::int16_t> out = resampler->process(speech);
  out.resize((out.size() + kFrameSamples - 1) / kFrameSamples * kFrameSamples, 0);
  return out;
}

/// Frames [first, last + 1) of `pcm` (from frame `from` on) louder than the VAD's energy gate
/// (audio::VadConfig::energy_gate_dbfs, -55 dBFS): no quieter frame can count as speech.
Utterance energy_span(std::span<const std::int16_t> pcm, std::size_t from) {
  Utterance u{~std::size_t{0}, 0};
  for (std::size_t f = from; (f + 1) * kFrameSamples <= pcm.size(); ++f) {
    if (audio::rms_dbfs(pcm.subspan(f * kFrameSamples, kFrameSamples)) >
        audio::VadConfig{}.energy_gate_dbfs) {
      if (u.onset == ~std::size_t{0}) u.onset = f;
      u.end = f + 1;
    }
  }
  return u;
}

}  // namespace

CallerCycle make_caller_cycle(milliseconds silence) {
  CallerCycle cycle;
  for (const char* text :
       {"What are your opening hours?", "Do you have any tables free tonight?"}) {
    const std::size_t from = cycle.pcm.size() / kFrameSamples;
    const auto speech = to_8k(synthesize(text));
    cycle.pcm.insert(cycle.pcm.end(), speech.begin(), speech.end());
    const Utterance u = energy_span(cycle.pcm, from);
    if (u.end == 0) throw std::runtime_error("flite made no audible speech");
    cycle.utterances.push_back(u);
    cycle.pcm.insert(cycle.pcm.end(), static_cast<std::size_t>(silence.count()) * kRate / 1000,
                     std::int16_t{0});
  }
  cycle.frames = cycle.pcm.size() / kFrameSamples;
  return cycle;
}

}  // namespace ovos::bench::load
