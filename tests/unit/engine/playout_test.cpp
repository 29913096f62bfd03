#include "engine/playout.h"

#include <gtest/gtest.h>

#include "engine/session_harness.h"

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;

struct PlayoutFixture : ::testing::Test {
  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  testing::RecordingOutput output{clock};
  Playout playout{executor, output, 16000, 100ms};

  std::size_t sent_samples() const {
    std::size_t n = 0;
    for (const auto& f : output.all<AudioFrame>())
      n += f.samples.size();
    return n;
  }
};

TEST_F(PlayoutFixture, SendsOnlyTheLeadAheadOfRealTime) {
  playout.begin(1);
  const std::vector<std::int16_t> second(16000, 100);
  playout.append(0, second);
  EXPECT_EQ(sent_samples(), 1600u);  // 100 ms of lead, no more
  for (const auto& f : output.all<AudioFrame>())
    EXPECT_EQ(f.samples.size(), 320u);
  executor.advance(500ms);
  EXPECT_EQ(sent_samples(), 9600u);  // 500 ms played + 100 ms lead
  EXPECT_EQ(playout.heard_samples(), 8000);
}

TEST_F(PlayoutFixture, MarksFollowEachPieceAndDrainRunsOnce) {
  int drained = 0;
  playout.on_drained = [&] { ++drained; };
  playout.begin(7);
  playout.append(0, std::vector<std::int16_t>(3200, 1));
  playout.end_piece(0, "one two");
  playout.append(1, std::vector<std::int16_t>(3200, 1));
  playout.end_piece(1, "three four");
  playout.finish();
  executor.advance(1000ms);
  const auto marks = output.all<MarkFrame>();
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].name, "7.0");
  EXPECT_EQ(marks[1].name, "7.1");
  EXPECT_EQ(drained, 1);
  EXPECT_FALSE(playout.active());
}

TEST_F(PlayoutFixture, PauseRewindsToWhatWasHeardAndResumeResends) {
  playout.begin(1);
  playout.append(0, std::vector<std::int16_t>(16000, 1));
  playout.end_piece(0, "a b c d e f g h i j");
  playout.finish();
  executor.advance(300ms);
  const std::int64_t heard = playout.heard_samples();
  EXPECT_EQ(heard, 4800);
  playout.pause();
  EXPECT_EQ(output.count<ClearFrame>(), 1u);
  EXPECT_EQ(playout.heard_text(), "a b c");
  const std::size_t before = sent_samples();
  executor.advance(500ms);
  EXPECT_EQ(sent_samples(), before) << "sent while paused";
  playout.resume();
  executor.advance(2000ms);
  EXPECT_EQ(sent_samples() - before, 16000u - 4800u);  // the rest, from the pause point
}

TEST_F(PlayoutFixture, StopReturnsTheHeardTextAcrossPieces) {
  playout.begin(1);
  playout.append(0, std::vector<std::int16_t>(3200, 1));
  playout.end_piece(0, "Hello there.");
  playout.append(1, std::vector<std::int16_t>(6400, 1));
  playout.end_piece(1, "How are you doing today?");
  executor.advance(300ms);  // 200 ms of piece 0, 100 ms of the 400 ms of piece 1
  EXPECT_EQ(playout.stop(), "Hello there. How");
  EXPECT_EQ(output.count<ClearFrame>(), 1u);
  EXPECT_FALSE(playout.active());
}

TEST_F(PlayoutFixture, MarksEchoedLateHoldTheDrainUntilTimeHasPassed) {
  int drained = 0;
  playout.on_drained = [&] { ++drained; };
  playout.begin(3);
  playout.append(0, std::vector<std::int16_t>(1600, 1));
  playout.end_piece(0, "hi");
  playout.finish();
  EXPECT_EQ(drained, 0);
  playout.on_played("3.0");  // the client says it played it all
  EXPECT_EQ(drained, 1);
  playout.on_played("garbage");
  playout.on_played("2.0");
}

}  // namespace
}  // namespace ovos::engine
