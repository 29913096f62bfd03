#include "audio/resampler.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <utility>
#include <vector>

#include "unit/audio/signals.h"

namespace ovos::audio {
namespace {

constexpr std::array<int, 6> kRates = {8000, 16000, 22050, 24000, 44100, 48000};

Resampler make(int in, int out, int channels = 1) {
  auto r = Resampler::create(in, out, channels);
  EXPECT_TRUE(r.ok()) << in << "->" << out;
  return std::move(r).value();
}

// Feeds `input` in chunks of `chunk` samples and concatenates the output.
std::vector<Sample> run(Resampler& r, std::span<const Sample> input, std::size_t chunk) {
  std::vector<Sample> out;
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    const auto part = r.process(input.subspan(at, std::min(chunk, input.size() - at)));
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

TEST(Resampler, RejectsUnsupportedSettings) {
  for (const auto& [in, out] : {std::pair{11025, 16000}, std::pair{8000, 96000}, std::pair{0, 8000},
                                std::pair{-16000, 8000}}) {
    const auto r = Resampler::create(in, out);
    ASSERT_FALSE(r.ok()) << in << "->" << out;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("unsupported sample rate"), std::string::npos);
    EXPECT_NE(r.error().message.find("22050"), std::string::npos);  // lists what works
  }
  EXPECT_FALSE(Resampler::create(8000, 16000, 3).ok());
  EXPECT_FALSE(Resampler::create(8000, 16000, 0).ok());
  EXPECT_FALSE(Resampler::create(8000, 16000, 1, 11).ok());
  EXPECT_FALSE(Resampler::create(8000, 16000, 1, -1).ok());
}

TEST(Resampler, TwentyMsInGivesTwentyMsOutEveryCall) {
  for (const int in : kRates) {
    for (const int out : kRates) {
      Resampler r = make(in, out);
      const auto input = testing::sine(440, in, samples_for_ms(in, 20) * 25, 8000);
      const std::size_t chunk = samples_for_ms(in, 20);
      for (std::size_t at = 0; at < input.size(); at += chunk) {
        const auto part = r.process(std::span<const Sample>(input).subspan(at, chunk));
        ASSERT_EQ(part.size(), samples_for_ms(out, 20)) << in << "->" << out << " at " << at;
      }
    }
  }
}

TEST(Resampler, OddChunksStayWithinOneSampleOfTheExactTotal) {
  for (const auto& [in, out] :
       {std::pair{8000, 16000}, std::pair{16000, 8000}, std::pair{22050, 16000},
        std::pair{44100, 8000}, std::pair{24000, 22050}}) {
    Resampler r = make(in, out);
    const auto input = testing::white_noise(static_cast<std::size_t>(in), -20.0);
    std::size_t consumed = 0;
    std::size_t produced = 0;
    std::size_t chunk = 1;
    while (consumed < input.size()) {
      const std::size_t n = std::min(chunk, input.size() - consumed);
      produced += r.process(std::span<const Sample>(input).subspan(consumed, n)).size();
      consumed += n;
      chunk = chunk * 13 % 701 + 1;
      const double exact = static_cast<double>(consumed) * out / in;
      ASSERT_LE(std::abs(static_cast<double>(produced) - exact), 1.0)
          << in << "->" << out << " after " << consumed;
    }
    EXPECT_EQ(produced, static_cast<std::size_t>(out));  // one second in, one second out
  }
}

TEST(Resampler, SineKeepsFrequencyAndAmplitude) {
  for (const auto& [in, out] :
       {std::pair{8000, 16000}, std::pair{16000, 8000}, std::pair{22050, 16000},
        std::pair{24000, 8000}, std::pair{48000, 16000}, std::pair{44100, 48000}}) {
    Resampler r = make(in, out);
    constexpr double kAmplitude = 10000.0;
    const auto input = testing::sine(1000, in, static_cast<std::size_t>(in), kAmplitude);
    const auto output = run(r, input, samples_for_ms(in, 20));
    ASSERT_EQ(output.size(), static_cast<std::size_t>(out));
    // Skip the first 100 ms (filter start-up); measure over the next 800 ms, whole periods.
    const auto steady =
        std::span<const Sample>(output).subspan(samples_for_ms(out, 100), samples_for_ms(out, 800));
    const double level = testing::tone_amplitude(steady, 1000, out);
    EXPECT_NEAR(20.0 * std::log10(level / kAmplitude), 0.0, 0.2) << in << "->" << out;
    EXPECT_NEAR(static_cast<double>(testing::rising_zero_crossings(steady)), 800.0, 1.0)
        << in << "->" << out;
    // Nothing else of note: no image, no alias, no harmonic.
    for (const double other : {500.0, 2000.0, 3000.0, out / 2.0 - 1000.0}) {
      EXPECT_LT(testing::tone_amplitude(steady, other, out), kAmplitude * 1e-3)
          << in << "->" << out << " at " << other << " Hz";
    }
  }
}

TEST(Resampler, FullScaleInputNeverWrapsAround) {
  for (const auto& [in, out] :
       {std::pair{8000, 16000}, std::pair{48000, 8000}, std::pair{22050, 44100}}) {
    Resampler r = make(in, out);
    // A full-scale square wave: the filter's overshoot (Gibbs) must saturate, not wrap.
    std::vector<Sample> square(static_cast<std::size_t>(in) / 2);
    for (std::size_t i = 0; i < square.size(); ++i)
      square[i] = (i / static_cast<std::size_t>(in / 200)) % 2 == 0 ? 32767 : -32768;
    const auto output = run(r, square, samples_for_ms(in, 20));
    const std::size_t half_period = static_cast<std::size_t>(out / 200);
    const std::size_t delay = static_cast<std::size_t>(r.latency_frames()) + 4;
    std::size_t wrong_sign = 0;
    for (std::size_t i = delay + 8; i < output.size(); ++i) {
      const std::size_t phase = (i - delay) % half_period;
      if (phase < 8 || phase > half_period - 8) continue;  // near an edge
      const bool high = ((i - delay) / half_period) % 2 == 0;
      if (high != (output[i] > 0)) ++wrong_sign;
    }
    EXPECT_EQ(wrong_sign, 0U) << in << "->" << out;
    int peak = 0;
    for (const Sample s : output)
      peak = std::max(peak, std::abs(static_cast<int>(s)));
    EXPECT_GE(peak, 32767) << "the overshoot saturates at full scale";
  }
}

// Delay of an impulse through the converter, in milliseconds, from the peak of the output
// refined by a parabola through its neighbours.
double impulse_delay_ms(int in, int out) {
  Resampler r = make(in, out);
  std::vector<Sample> input(samples_for_ms(in, 200), 0);
  const std::size_t at = samples_for_ms(in, 50) + 3;
  input[at] = 30000;
  const auto output = run(r, input, samples_for_ms(in, 20));
  std::size_t peak = 0;
  for (std::size_t i = 1; i + 1 < output.size(); ++i) {
    if (output[i] > output[peak]) peak = i;
  }
  const double a = output[peak - 1];
  const double b = output[peak];
  const double c = output[peak + 1];
  const double offset = (a - c) / (2.0 * (a - 2.0 * b + c));
  const double out_time = (static_cast<double>(peak) + offset) / out;
  return 1000.0 * (out_time - static_cast<double>(at) / in);
}

TEST(Resampler, GroupDelayIsBelowTenMilliseconds) {
  for (const auto& [in, out] :
       {std::pair{8000, 16000}, std::pair{16000, 8000}, std::pair{8000, 48000},
        std::pair{22050, 16000}, std::pair{24000, 8000}, std::pair{48000, 16000},
        std::pair{44100, 8000}}) {
    const double delay = impulse_delay_ms(in, out);
    EXPECT_GT(delay, 0.0) << in << "->" << out;
    EXPECT_LT(delay, 10.0) << in << "->" << out;
    const double reported = 1000.0 * make(in, out).latency_frames() / out;
    EXPECT_NEAR(delay, reported, 1000.0 / out + 0.2) << in << "->" << out;
    std::cout << "[ delay    ] " << in << " -> " << out << ": " << delay << " ms\n";
  }
}

TEST(Resampler, SameRateIsAnExactCopy) {
  Resampler r = make(16000, 16000);
  const auto input = testing::white_noise(1234, -10.0);
  EXPECT_EQ(r.process(input), input);
  EXPECT_TRUE(r.flush().empty());
  EXPECT_EQ(r.latency_frames(), 0);
}

TEST(Resampler, KeepsStereoChannelsApart) {
  Resampler r = make(48000, 16000, 2);
  const auto left = testing::sine(1000, 48000, 48000, 10000);
  std::vector<Sample> stereo(left.size() * 2, 0);
  for (std::size_t i = 0; i < left.size(); ++i)
    stereo[2 * i] = left[i];
  const auto output = run(r, stereo, 2 * samples_for_ms(48000, 20));
  ASSERT_EQ(output.size(), 2U * 16000);
  std::vector<Sample> out_left(16000);
  std::vector<Sample> out_right(16000);
  for (std::size_t i = 0; i < out_left.size(); ++i) {
    out_left[i] = output[2 * i];
    out_right[i] = output[2 * i + 1];
  }
  EXPECT_NEAR(testing::tone_amplitude(std::span(out_left).subspan(1600), 1000, 16000), 10000, 250);
  EXPECT_LT(rms_dbfs(out_right), -90.0);
}

TEST(Resampler, FlushEmitsTheTailAndStartsAFreshStream) {
  Resampler r = make(8000, 16000);
  const auto input = testing::sine(1000, 8000, 800, 10000);
  const auto first = run(r, input, 160);
  const auto tail = r.flush();
  EXPECT_NEAR(static_cast<double>(tail.size()), r.latency_frames(), 2.0);
  // The tail carries the end of the tone, then decays.
  EXPECT_GT(testing::tone_amplitude(std::span(tail).first(8), 1000, 16000), 1000.0);
  const auto second = run(r, input, 160);
  EXPECT_EQ(second, first);  // no memory of the previous stream
}

TEST(Resampler, SurvivesMoves) {
  Resampler a = make(8000, 16000);
  Resampler b = std::move(a);
  EXPECT_EQ(b.process(std::vector<Sample>(160, 0)).size(), 320U);
  Resampler c = make(16000, 8000);
  c = std::move(b);
  EXPECT_EQ(c.in_rate(), 8000);
  EXPECT_EQ(c.process(std::vector<Sample>(160, 0)).size(), 320U);
}

}  // namespace
}  // namespace ovos::audio
