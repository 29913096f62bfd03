#include "engine/utterance.h"

#include <gtest/gtest.h>

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(UtteranceTest, TtsContextsCarryTheEpochAndThePiece) {
  const auto context = tts_context(7, 3);
  EXPECT_EQ(epoch_of(context), 7u);
  EXPECT_EQ(piece_of(context), 3u);
  EXPECT_NE(tts_context(7, 3), tts_context(8, 3));
}

TEST(UtteranceTest, VoicedTextJoinsThePiecesThatSound) {
  Utterance u;
  u.pieces = {"Hello there. ", " How can I help?", "Bye."};
  EXPECT_EQ(u.voiced_text(), "");
  u.pieces_voiced = 2;
  EXPECT_EQ(u.voiced_text(), "Hello there. How can I help?");
}

TEST(UtteranceTest, AllPiecesDoneOnlyWhenEveryPieceIs) {
  Utterance u;
  EXPECT_TRUE(u.all_pieces_done());
  u.piece_done = {true, false};
  EXPECT_FALSE(u.all_pieces_done());
  u.piece_done[1] = true;
  EXPECT_TRUE(u.all_pieces_done());
}

TEST(UtteranceTest, LatencyByStage) {
  const Clock::time_point end{};
  Utterance u;
  u.turn = 2;
  u.user_end = end;
  u.stt_final = end + 150ms;
  u.note_first_text(1'000, end + 400ms);
  u.note_first_text(2'000, end + 900ms);  // only the first text counts
  u.first_tts_push = end + 450ms;
  u.first_byte_at = end + 700ms;
  const LatencyFrame latency = u.latency(end + 800ms);
  EXPECT_EQ(latency.turn, 2);
  EXPECT_EQ(latency.stt_ms, 150);
  EXPECT_EQ(latency.llm_ms, 250);
  EXPECT_EQ(latency.tts_ms, 250);
  EXPECT_EQ(latency.total_ms, 800);
  EXPECT_EQ(u.record.llm_first_token_at, 1'000);
}

TEST(UtteranceTest, LatencyOfStagesThatDidNotHappenIsUnset) {
  Utterance u;
  const LatencyFrame latency = u.latency(Clock::time_point{} + 300ms);
  EXPECT_EQ(latency.stt_ms, -1);
  EXPECT_EQ(latency.llm_ms, -1);
  EXPECT_EQ(latency.tts_ms, -1);
  EXPECT_EQ(latency.total_ms, 300);
}

}  // namespace
}  // namespace ovos::engine
