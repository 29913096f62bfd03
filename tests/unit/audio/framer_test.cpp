#include "audio/framer.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace ovos::audio {
namespace {

std::vector<Sample> ramp(std::size_t count, int start = 0) {
  std::vector<Sample> out(count);
  for (std::size_t i = 0; i < count; ++i)
    out[i] = static_cast<Sample>((start + static_cast<int>(i)) % 30000);
  return out;
}

TEST(Framer, EmitsFixedFramesFromOddChunksInOrder) {
  Framer framer = Framer::for_duration(8000, 20);
  ASSERT_EQ(framer.frame_samples(), 160U);
  const std::vector<Sample> input = ramp(10'000);
  std::vector<Sample> output;
  std::vector<Sample> frame;
  std::size_t at = 0;
  std::size_t chunk = 1;
  while (at < input.size()) {
    const std::size_t n = std::min(chunk, input.size() - at);
    framer.push(std::span<const Sample>(input).subspan(at, n));
    at += n;
    chunk = chunk * 7 % 389 + 1;  // 1, 8, 57, 11, ... odd sizes, some above a frame
    while (framer.pop(frame)) {
      ASSERT_EQ(frame.size(), 160U);
      output.insert(output.end(), frame.begin(), frame.end());
    }
    ASSERT_LT(framer.pending(), 160U);
  }
  EXPECT_EQ(output.size(), 10'000U / 160 * 160);
  EXPECT_EQ(framer.pending(), 10'000U % 160);
  ASSERT_TRUE(framer.flush(frame, /*pad_with_silence=*/false));
  EXPECT_EQ(frame.size(), 10'000U % 160);
  output.insert(output.end(), frame.begin(), frame.end());
  EXPECT_EQ(output, input);
  EXPECT_FALSE(framer.flush(frame, false));
  EXPECT_EQ(framer.pending(), 0U);
}

TEST(Framer, FlushPadsWithSilence) {
  Framer framer(4);
  framer.push(std::vector<Sample>{1, 2, 3, 4, 5, 6});
  std::vector<Sample> frame;
  EXPECT_EQ(framer.frames_ready(), 1U);
  ASSERT_TRUE(framer.flush(frame, /*pad_with_silence=*/true));  // a full frame first
  EXPECT_EQ(frame, (std::vector<Sample>{1, 2, 3, 4}));
  ASSERT_TRUE(framer.flush(frame, true));
  EXPECT_EQ(frame, (std::vector<Sample>{5, 6, 0, 0}));
  const std::vector<Sample> untouched = frame;
  EXPECT_FALSE(framer.flush(frame, true));
  EXPECT_EQ(frame, untouched);
}

TEST(Framer, PopNeedsAFullFrame) {
  Framer framer(3);
  std::vector<Sample> frame = {9};
  EXPECT_FALSE(framer.pop(frame));
  EXPECT_EQ(frame, std::vector<Sample>{9});
  framer.push(std::vector<Sample>{1, 2});
  EXPECT_FALSE(framer.pop(frame));
  framer.push(std::vector<Sample>{3});
  ASSERT_TRUE(framer.pop(frame));
  EXPECT_EQ(frame, (std::vector<Sample>{1, 2, 3}));
}

TEST(Framer, ClearDropsEverything) {
  Framer framer(2);
  framer.push(std::vector<Sample>{1, 2, 3});
  framer.clear();
  EXPECT_EQ(framer.pending(), 0U);
  framer.push(std::vector<Sample>{4, 5});
  std::vector<Sample> frame;
  ASSERT_TRUE(framer.pop(frame));
  EXPECT_EQ(frame, (std::vector<Sample>{4, 5}));
}

TEST(Framer, StereoFramesCountBothChannels) {
  const Framer framer = Framer::for_duration(16000, 10, 2);
  EXPECT_EQ(framer.frame_samples(), 320U);
}

TEST(Framer, LongStreamKeepsBufferSmall) {
  Framer framer(160);
  std::vector<Sample> frame;
  for (int i = 0; i < 5000; ++i) {
    framer.push(ramp(173, i));
    while (framer.pop(frame)) {
    }
  }
  EXPECT_LT(framer.pending(), 160U);
}

}  // namespace
}  // namespace ovos::audio
