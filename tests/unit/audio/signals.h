#pragma once

// Synthetic test signals and measurements shared by the audio tests.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "audio/pcm.h"

namespace ovos::audio::testing {

/// A sine of `amplitude` (linear, full scale 32768) at `hz`, `count` samples long.
inline std::vector<Sample> sine(double hz, int rate, std::size_t count, double amplitude,
                                double phase = 0.0) {
  std::vector<Sample> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / rate;
    out[i] = saturate(static_cast<std::int32_t>(
        std::lround(amplitude * std::sin(2.0 * std::numbers::pi * hz * t + phase))));
  }
  return out;
}

/// Gaussian white noise with an RMS level of `dbfs`; deterministic for a given seed.
inline std::vector<Sample> white_noise(std::size_t count, double dbfs, std::uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> dist(0.0, 32768.0 * std::pow(10.0, dbfs / 20.0));
  std::vector<Sample> out(count);
  for (Sample& s : out)
    s = saturate(static_cast<std::int32_t>(std::lround(dist(rng))));
  return out;
}

/// Amplitude of the `hz` component (Goertzel), scaled so a sine of amplitude A gives ~A.
inline double tone_amplitude(std::span<const Sample> x, double hz, int rate) {
  const double w = 2.0 * std::numbers::pi * hz / rate;
  const double coeff = 2.0 * std::cos(w);
  double s1 = 0.0;
  double s2 = 0.0;
  for (const Sample v : x) {
    const double s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2.0 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(x.size());
}

/// Sign changes from negative to non-negative.
inline std::size_t rising_zero_crossings(std::span<const Sample> x) {
  std::size_t count = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (x[i - 1] < 0 && x[i] >= 0) ++count;
  }
  return count;
}

/// A crude voiced sound: a 150 Hz pulse train (glottal source) through three two-pole
/// resonators at vowel formants, its loudness modulated at a syllable rate of 4 Hz. `dbfs` is
/// the RMS level of the whole signal.
inline std::vector<Sample> voiced(int rate, std::size_t count, double dbfs) {
  std::vector<double> x(count, 0.0);
  const double period = rate / 150.0;
  for (double t = 0.0; t < static_cast<double>(count); t += period)
    x[static_cast<std::size_t>(t)] = 1.0;
  for (const double formant : {700.0, 1200.0, 2500.0}) {
    const double r = std::exp(-std::numbers::pi * 100.0 / rate);  // 100 Hz bandwidth
    const double a1 = 2.0 * r * std::cos(2.0 * std::numbers::pi * formant / rate);
    const double a2 = -r * r;
    std::vector<double> y(count, 0.0);
    for (std::size_t i = 0; i < count; ++i) {
      y[i] = x[i] + (i >= 1 ? a1 * y[i - 1] : 0.0) + (i >= 2 ? a2 * y[i - 2] : 0.0);
    }
    for (std::size_t i = 0; i < count; ++i)
      x[i] += y[i];  // parallel formants on top of the source
  }
  double energy = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double syllable = 0.6 + 0.4 * std::sin(2.0 * std::numbers::pi * 4.0 * i / rate);
    x[i] *= syllable;
    energy += x[i] * x[i];
  }
  const double rms = std::sqrt(energy / static_cast<double>(count));
  const double scale = 32768.0 * std::pow(10.0, dbfs / 20.0) / rms;
  std::vector<Sample> out(count);
  for (std::size_t i = 0; i < count; ++i)
    out[i] = saturate(static_cast<std::int32_t>(std::lround(x[i] * scale)));
  return out;
}

}  // namespace ovos::audio::testing
