#include "audio/noise_suppressor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <vector>

#include "audio/pcm.h"
#include "unit/audio/signals.h"

namespace ovos::audio {
namespace {

NoiseSuppressor make(const NoiseSuppressorConfig& config) {
  auto ns = NoiseSuppressor::create(config);
  EXPECT_TRUE(ns.ok()) << (ns.ok() ? "" : ns.error().message);
  return std::move(ns).value();
}

// Runs `audio` through `ns` in 20 ms frames.
std::vector<Sample> suppress(NoiseSuppressor& ns, std::vector<Sample> audio) {
  const std::size_t frame = 2 * ns.block_samples();
  for (std::size_t at = 0; at + frame <= audio.size(); at += frame) {
    EXPECT_TRUE(ns.process(std::span<Sample>(audio).subspan(at, frame)).ok());
  }
  return audio;
}

constexpr double kToneHz[] = {300.0, 600.0, 900.0};
constexpr int kBurstMs = 250;
constexpr int kGapMs = 150;
constexpr int kTonesFromMs = 3000;
constexpr int kTonesToMs = 5000;

// Syllable-like bursts of a three-harmonic tone from 3 s to 5 s; silence elsewhere.
std::vector<Sample> tone_bursts(int rate, std::size_t count) {
  std::vector<Sample> out(count, 0);
  for (const double hz : kToneHz) {
    const auto tone = testing::sine(hz, rate, count, 3000.0);
    for (int ms = kTonesFromMs; ms + kBurstMs <= kTonesToMs; ms += kBurstMs + kGapMs) {
      const std::size_t from = samples_for_ms(rate, ms);
      const std::size_t n = samples_for_ms(rate, kBurstMs);
      mix_into(std::span<Sample>(out).subspan(from, n),
               std::span<const Sample>(tone).subspan(from, n));
    }
  }
  return out;
}

// Mean amplitude of the tone's harmonics over the middle of each burst.
double tone_level(std::span<const Sample> x, int rate) {
  double sum = 0.0;
  int count = 0;
  for (int ms = kTonesFromMs; ms + kBurstMs <= kTonesToMs; ms += kBurstMs + kGapMs) {
    const auto middle = x.subspan(samples_for_ms(rate, ms + 50), samples_for_ms(rate, 150));
    for (const double hz : kToneHz) {
      sum += testing::tone_amplitude(middle, hz, rate);
      ++count;
    }
  }
  return sum / count;
}

TEST(NoiseSuppressor, LowersTheNoiseFloorAndKeepsTheTone) {
  for (const int rate : {8000, 16000, 32000, 48000}) {
    auto ns = make({.sample_rate = rate, .level = NoiseSuppressionLevel::kHigh});
    const std::size_t count = samples_for_ms(rate, 6000);
    const auto clean = tone_bursts(rate, count);
    std::vector<Sample> noisy = testing::white_noise(count, -40.0);
    mix_into(noisy, clean);
    const auto out = suppress(ns, noisy);

    // Noise only: 2-3 s (after adaptation) and 5.2-6 s (after the tones).
    for (const auto& [from_ms, to_ms] : {std::pair{2000, 3000}, std::pair{5200, 6000}}) {
      const std::size_t from = samples_for_ms(rate, from_ms);
      const std::size_t n = samples_for_ms(rate, to_ms - from_ms);
      const double before = rms_dbfs(std::span<const Sample>(noisy).subspan(from, n));
      const double after = rms_dbfs(std::span<const Sample>(out).subspan(from, n));
      EXPECT_LE(after, before - 10.0) << rate << " Hz, " << from_ms << " ms";
      std::cout << "[ floor    ] " << rate << " Hz " << from_ms << "-" << to_ms << " ms: " << before
                << " -> " << after << " dBFS\n";
    }
    const double tone_in = tone_level(clean, rate);
    const double tone_out = tone_level(out, rate);
    const double change_db = 20.0 * std::log10(tone_out / tone_in);
    EXPECT_NEAR(change_db, 0.0, 1.5) << rate << " Hz";
    std::cout << "[ tone     ] " << rate << " Hz: " << change_db << " dB\n";
  }
}

TEST(NoiseSuppressor, HigherLevelsRemoveMore) {
  double previous = 0.0;
  for (const auto level : {NoiseSuppressionLevel::kLow, NoiseSuppressionLevel::kModerate,
                           NoiseSuppressionLevel::kHigh, NoiseSuppressionLevel::kVeryHigh}) {
    auto ns = make({.sample_rate = 16000, .level = level});
    const auto out = suppress(ns, testing::white_noise(16000 * 3, -40.0));
    const double floor = rms_dbfs(std::span<const Sample>(out).subspan(32000));
    EXPECT_LT(floor, previous);
    previous = floor;
    std::cout << "[ level    ] " << static_cast<int>(level) << ": " << floor << " dBFS\n";
  }
}

TEST(NoiseSuppressor, HighPassFilterRemovesRumble) {
  const auto rumble = testing::sine(40, 16000, 16000 * 2, 8000);
  const auto level_after = [&](bool high_pass) {
    auto ns =
        make({.sample_rate = 16000, .level = NoiseSuppressionLevel::kLow, .high_pass = high_pass});
    const auto out = suppress(ns, rumble);
    return testing::tone_amplitude(std::span<const Sample>(out).subspan(16000), 40, 16000);
  };
  const double with_filter = level_after(true);
  const double without = level_after(false);
  std::cout << "[ rumble   ] 40 Hz at 8000: " << without << " without the filter, " << with_filter
            << " with it\n";
  EXPECT_LT(with_filter, without * 0.5);
}

TEST(NoiseSuppressor, RejectsBadInput) {
  const auto bad_rate = NoiseSuppressor::create({.sample_rate = 44100});
  ASSERT_FALSE(bad_rate.ok());
  EXPECT_EQ(bad_rate.error().code, core::ErrorCode::kInvalidArgument);
  auto ns = make({.sample_rate = 8000});
  EXPECT_EQ(ns.block_samples(), 80U);
  std::vector<Sample> odd(100, 5);
  const auto result = ns.process(odd);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(odd, std::vector<Sample>(100, 5));  // untouched
  std::vector<Sample> thirty_ms(240, 0);
  EXPECT_TRUE(ns.process(thirty_ms).ok());
  EXPECT_TRUE(ns.process({}).ok());
}

TEST(NoiseSuppressor, SurvivesMoves) {
  NoiseSuppressor a = make({.sample_rate = 16000});
  NoiseSuppressor b = std::move(a);
  std::vector<Sample> frame(320, 0);
  EXPECT_TRUE(b.process(frame).ok());
  NoiseSuppressor c = make({.sample_rate = 8000});
  c = std::move(b);
  EXPECT_EQ(c.block_samples(), 160U);
  EXPECT_TRUE(c.process(frame).ok());
}

}  // namespace
}  // namespace ovos::audio
