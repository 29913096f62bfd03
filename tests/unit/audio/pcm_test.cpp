#include "audio/pcm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "unit/audio/signals.h"

namespace ovos::audio {
namespace {

TEST(Pcm, ParsesLittleEndianBytes) {
  const std::vector<std::uint8_t> bytes = {0x01, 0x00, 0xFF, 0x7F, 0x00, 0x80, 0xFF, 0xFF};
  const auto samples = pcm16_from_bytes(bytes);
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(*samples, (std::vector<Sample>{1, 32767, -32768, -1}));
  EXPECT_EQ(pcm16_to_bytes(*samples), bytes);
}

TEST(Pcm, RejectsOddByteCount) {
  const std::vector<std::uint8_t> bytes = {0x01, 0x00, 0x02};
  const auto samples = pcm16_from_bytes(bytes);
  ASSERT_FALSE(samples.ok());
  EXPECT_EQ(samples.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(samples.error().message.find("odd"), std::string::npos);
  EXPECT_TRUE(pcm16_from_bytes({}).ok());
}

TEST(Pcm, RmsDbfsOfKnownSignals) {
  EXPECT_EQ(rms_dbfs({}), kSilenceDbfs);
  EXPECT_EQ(rms_dbfs(std::vector<Sample>(160, 0)), kSilenceDbfs);
  EXPECT_NEAR(rms_dbfs(std::vector<Sample>(160, -32768)), 0.0, 1e-9);
  // A full-scale sine is 3.01 dB below a full-scale square.
  EXPECT_NEAR(rms_dbfs(testing::sine(1000, 16000, 16000, 32767)), -3.01, 0.01);
  EXPECT_NEAR(rms_dbfs(testing::sine(1000, 16000, 16000, 3277)), -23.01, 0.02);
  // One LSB of DC is -90.3 dBFS; still above the floor.
  EXPECT_NEAR(rms_dbfs(std::vector<Sample>(10, 1)), -90.31, 0.01);
  EXPECT_NEAR(rms_dbfs(testing::white_noise(48000, -50.0)), -50.0, 0.1);
}

TEST(Pcm, FloatConversionSaturates) {
  EXPECT_EQ(float_to_sample(0.0F), 0);
  EXPECT_EQ(float_to_sample(0.5F), 16384);
  EXPECT_EQ(float_to_sample(-1.0F), -32768);
  EXPECT_EQ(float_to_sample(1.0F), 32767);
  EXPECT_EQ(float_to_sample(7.5F), 32767);
  EXPECT_EQ(float_to_sample(-7.5F), -32768);
  EXPECT_EQ(float_to_sample(std::numeric_limits<float>::infinity()), 32767);
  EXPECT_EQ(float_to_sample(-std::numeric_limits<float>::infinity()), -32768);
  EXPECT_EQ(float_to_sample(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_FLOAT_EQ(sample_to_float(-32768), -1.0F);
  EXPECT_FLOAT_EQ(sample_to_float(16384), 0.5F);
  // Every int16 survives a trip through float.
  for (int v = -32768; v <= 32767; ++v) {
    const auto s = static_cast<Sample>(v);
    ASSERT_EQ(float_to_sample(sample_to_float(s)), s) << v;
  }
  const std::vector<Sample> pcm = {-32768, -1, 0, 1, 32767};
  EXPECT_EQ(from_float(to_float(pcm)), pcm);
}

TEST(Pcm, MixSaturatesAndStopsAtShorterSpan) {
  std::vector<Sample> dst = {30000, -30000, 100, 5};
  const std::vector<Sample> src = {10000, -10000, -50};
  mix_into(dst, src);
  EXPECT_EQ(dst, (std::vector<Sample>{32767, -32768, 50, 5}));
}

TEST(Pcm, GainRoundsAndSaturates) {
  std::vector<Sample> x = {1000, -1000, 20000, -20000, 3};
  apply_gain(x, 2.0F);
  EXPECT_EQ(x, (std::vector<Sample>{2000, -2000, 32767, -32768, 6}));
  apply_gain(x, 0.5F);
  EXPECT_EQ(x, (std::vector<Sample>{1000, -1000, 16384, -16384, 3}));
  apply_gain(x, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(x, (std::vector<Sample>(5, 0)));
  EXPECT_NEAR(db_to_gain(-6.0206), 0.5F, 1e-5);
  EXPECT_NEAR(db_to_gain(20.0), 10.0F, 1e-5);
}

TEST(Pcm, DownmixAveragesChannels) {
  const std::vector<Sample> stereo = {100, 300, -32768, -32768, 32767, 32767, 1, -2, 9};
  EXPECT_EQ(downmix_to_mono(stereo, 2), (std::vector<Sample>{200, -32768, 32767, 0}));
  EXPECT_EQ(downmix_to_mono(stereo, 1), stereo);
}

TEST(Pcm, SamplesForMs) {
  EXPECT_EQ(samples_for_ms(8000, 20), 160U);
  EXPECT_EQ(samples_for_ms(22050, 20), 441U);
  EXPECT_EQ(samples_for_ms(44100, 10), 441U);
  EXPECT_EQ(samples_for_ms(48000, 30), 1440U);
}

}  // namespace
}  // namespace ovos::audio
