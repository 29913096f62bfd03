// WAV files arrive from users (caller scripts, uploads): any bytes decode or are refused with a
// reason, never reading outside the input.
#include <cstddef>
#include <cstdint>
#include <span>

#include "audio/wav.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto wav = ovos::audio::read_wav(std::span<const std::uint8_t>(data, size));
  if (!wav.ok() && wav.error().message.empty()) __builtin_trap();  // always a reason
  if (wav.ok() && (wav->channels < 1 || wav->channels > 2 || wav->sample_rate <= 0)) {
    __builtin_trap();  // decoded data is always usable
  }
  return 0;
}
