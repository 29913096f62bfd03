// The stereo call recording: caller left, agent right, lined up by play position, written on a
// pool and readable with audio::read_wav_file.

#include "engine/recording/call_audio_recorder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <numbers>
#include <string>
#include <vector>

#include "audio/wav.h"
#include "engine/recording/stereo_timeline.h"
#include "engine/temp_dir.h"

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;

using testing::TempDir;

/// Caller audio that differs at every sample (never 0, so silence is told apart).
std::vector<std::int16_t> caller_samples(std::size_t n) {
  std::vector<std::int16_t> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<std::int16_t>(1 + static_cast<int>((i * 7919) % 20000));
  return out;
}

std::vector<std::int16_t> constant(std::size_t n, std::int16_t value) {
  return std::vector<std::int16_t>(n, value);
}

std::vector<std::int16_t> tone(std::size_t n, int rate, double hz = 440.0) {
  std::vector<std::int16_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::int16_t>(std::lround(
        8000.0 * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate)));
  }
  return out;
}

/// One channel of interleaved stereo samples.
std::vector<std::int16_t> channel(const audio::WavData& wav, int which) {
  std::vector<std::int16_t> out;
  for (std::size_t i = static_cast<std::size_t>(which); i < wav.samples.size(); i += 2)
    out.push_back(wav.samples[i]);
  return out;
}

class CallAudioRecorderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CallAudioRecorder> make(int rate = 16000, int agent_rate = 16000) {
    CallAudioRecorderOptions options;
    options.path = dir_.path() / "user" / "call.wav";
    options.sample_rate = rate;
    options.agent_sample_rate = agent_rate;
    auto created = CallAudioRecorder::create(pool_, options);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? std::move(created).value() : nullptr;
  }

  /// Feeds `samples` 20 ms at a time.
  static void feed_caller(CallAudioRecorder& rec, const std::vector<std::int16_t>& samples,
                          int rate = 16000) {
    const auto chunk = static_cast<std::size_t>(rate / 50);
    for (std::size_t at = 0; at < samples.size(); at += chunk)
      rec.caller_audio(std::span(samples).subspan(at, std::min(chunk, samples.size() - at)));
  }

  /// Closes, waits, and reads the file back.
  audio::WavData finish(CallAudioRecorder& rec) {
    std::promise<bool> closed;
    rec.close([&closed](core::Result<void> r) { closed.set_value(r.ok()); });
    rec.wait_idle();
    EXPECT_TRUE(closed.get_future().get());
    auto wav = audio::read_wav_file(rec.path());
    EXPECT_TRUE(wav.ok()) << (wav.ok() ? "" : wav.error().message);
    return wav.ok() ? std::move(wav).value() : audio::WavData{};
  }

  TempDir dir_;
  core::ComputePool pool_{2, 64};
};

TEST_F(CallAudioRecorderTest, WritesStereoAtTheCallerRateWithTheCallerOnTheLeft) {
  auto rec = make(8000);
  ASSERT_TRUE(rec);
  const auto caller = caller_samples(8000 * 7 / 2);  // 3.5 s: several blocks plus a part
  feed_caller(*rec, caller, 8000);
  const audio::WavData wav = finish(*rec);
  EXPECT_EQ(wav.channels, 2);
  EXPECT_EQ(wav.sample_rate, 8000);
  EXPECT_FALSE(wav.truncated);
  EXPECT_EQ(channel(wav, 0), caller);
  EXPECT_EQ(channel(wav, 1), constant(caller.size(), 0));
}

TEST_F(CallAudioRecorderTest, AgentAudioLandsAtItsPlayPosition) {
  auto rec = make();
  ASSERT_TRUE(rec);
  const auto caller = caller_samples(16000 * 4);
  const auto first = constant(8000, 1111);   // 500 ms at 1.0 s, sent ahead of the caller
  const auto second = constant(3200, 2222);  // 200 ms at 2.5 s, sent after the caller passed it
  feed_caller(*rec, std::vector(caller.begin(), caller.begin() + 14400));  // 0.9 s
  rec->agent_audio(1000, first);
  feed_caller(*rec, std::vector(caller.begin() + 14400, caller.begin() + 48000));  // to 3.0 s
  rec->agent_audio(2500, second);  // 0.5 s late: still inside the 2 s window
  feed_caller(*rec, std::vector(caller.begin() + 48000, caller.end()));
  EXPECT_EQ(rec->late_agent_frames(), 0);

  const audio::WavData wav = finish(*rec);
  ASSERT_EQ(wav.frames(), caller.size());
  EXPECT_EQ(channel(wav, 0), caller);
  std::vector<std::int16_t> expected(caller.size(), 0);
  std::copy(first.begin(), first.end(), expected.begin() + 16000);
  std::copy(second.begin(), second.end(), expected.begin() + 40000);
  EXPECT_EQ(channel(wav, 1), expected);
}

TEST_F(CallAudioRecorderTest, AgentAudioOlderThanTheWindowIsDropped) {
  auto rec = make();
  ASSERT_TRUE(rec);
  feed_caller(*rec, caller_samples(16000 * 4));  // committed up to 2.0 s
  rec->agent_audio(1900, constant(3200, 500));   // 1.9 s .. 2.1 s: the first 100 ms is final
  EXPECT_EQ(rec->late_agent_frames(), 1600);
  const audio::WavData wav = finish(*rec);
  const auto agent = channel(wav, 1);
  ASSERT_EQ(agent.size(), 64000u);
  EXPECT_EQ(agent[31999], 0);
  EXPECT_EQ(agent[32000], 500);
  EXPECT_EQ(agent[33599], 500);
  EXPECT_EQ(agent[33600], 0);
}

TEST_F(CallAudioRecorderTest, ResentAgentAudioOverwritesWhatWasThere) {
  auto rec = make();
  ASSERT_TRUE(rec);
  const auto caller = caller_samples(16000 * 3);
  feed_caller(*rec, std::vector(caller.begin(), caller.begin() + 8000));
  // 600 ms sent from 1.0 s in 20 ms frames; paused at 1.2 s; the rest re-sent from 1.2 s.
  for (int i = 0; i < 30; ++i)
    rec->agent_audio(1000 + 20 * i, constant(320, 1000));
  for (int i = 0; i < 20; ++i)
    rec->agent_audio(1200 + 20 * i, constant(320, 2000));
  feed_caller(*rec, std::vector(caller.begin() + 8000, caller.end()));

  const auto agent = channel(finish(*rec), 1);
  ASSERT_EQ(agent.size(), caller.size());
  std::vector<std::int16_t> expected(caller.size(), 0);
  std::fill(expected.begin() + 16000, expected.begin() + 19200, 1000);
  std::fill(expected.begin() + 19200, expected.begin() + 25600, 2000);
  EXPECT_EQ(agent, expected) << "the re-sent audio replaces the part that was cut, no more";
}

TEST_F(CallAudioRecorderTest, ResamplesEightKilohertzAgentAudioIntoTheRecording) {
  auto rec = make(16000, 8000);
  ASSERT_TRUE(rec);
  const auto caller = caller_samples(16000 * 3);
  const auto speech = tone(8000, 8000);  // 1 s at 8 kHz, from 0.5 s
  feed_caller(*rec, std::vector(caller.begin(), caller.begin() + 4800));
  for (std::size_t i = 0; i < speech.size(); i += 160)
    rec->agent_audio(500 + static_cast<std::int64_t>(i / 8), std::span(speech).subspan(i, 160));
  feed_caller(*rec, std::vector(caller.begin() + 4800, caller.end()));

  const audio::WavData wav = finish(*rec);
  EXPECT_EQ(wav.sample_rate, 16000);
  EXPECT_EQ(channel(wav, 0), caller);
  const auto agent = channel(wav, 1);
  ASSERT_EQ(agent.size(), caller.size());
  // Where the tone is audible: it starts at 0.5 s and lasts 1 s at the new rate (the
  // resampler's delay removed, its tail flushed), within a millisecond.
  std::size_t first = agent.size();
  std::size_t last = 0;
  for (std::size_t i = 0; i < agent.size(); ++i) {
    if (std::abs(agent[i]) > 2000) {
      first = std::min(first, i);
      last = i;
    }
  }
  EXPECT_NEAR(static_cast<double>(first), 8000.0, 16.0);
  EXPECT_NEAR(static_cast<double>(last + 1), 24000.0, 16.0);
  // The same tone, now at 16 kHz: compare against it in the middle.
  const auto expected = tone(16000, 16000);
  double error = 0;
  for (std::size_t i = 2000; i < 14000; ++i)
    error += std::abs(agent[8000 + i] - expected[i]);
  EXPECT_LT(error / 12000.0, 400.0) << "mean absolute difference from the ideal 16 kHz tone";
}

TEST_F(CallAudioRecorderTest, ACallerThatSendsNothingReadsAsSilence) {
  auto rec = make();
  ASSERT_TRUE(rec);
  // A muted client: only the agent speaks, 20 s of it in 20 ms frames.
  for (int i = 0; i < 1000; ++i) {
    rec->agent_audio(20 * i, constant(320, static_cast<std::int16_t>(1 + i)));
    if (i % 50 == 49) rec->wait_idle();  // a second passes: the disk keeps up
  }
  // Memory stays bounded: all but max_ahead + window of it is final already.
  EXPECT_GE(rec->committed_frames(), 16000 * 15);
  const audio::WavData wav = finish(*rec);
  ASSERT_EQ(wav.frames(), 16000u * 20);
  EXPECT_EQ(channel(wav, 0), constant(16000 * 20, 0));
  const auto agent = channel(wav, 1);
  for (int i = 0; i < 1000; i += 97)
    EXPECT_EQ(agent[static_cast<std::size_t>(i) * 320], 1 + i) << "frame " << i;
}

TEST_F(CallAudioRecorderTest, TheFileIsAPlayableWavWhileTheCallGoesOn) {
  auto rec = make();
  ASSERT_TRUE(rec);
  const auto caller = caller_samples(16000 * 4);
  feed_caller(*rec, caller);
  rec->wait_idle();  // what a crash now would leave on disk
  auto wav = audio::read_wav_file(rec->path());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_FALSE(wav->truncated);
  EXPECT_EQ(wav->channels, 2);
  // Everything older than the 2 s window, in whole 1 s blocks.
  ASSERT_EQ(wav->frames(), 32000u);
  EXPECT_EQ(channel(*wav, 0), std::vector(caller.begin(), caller.begin() + 32000));
  EXPECT_EQ(finish(*rec).frames(), caller.size());
}

TEST_F(CallAudioRecorderTest, ADiskThatFallsBehindCostsSilenceNotAlignment) {
  core::ComputePool one{1, 8};
  std::promise<void> stall;
  ASSERT_TRUE(one.submit([done = stall.get_future().share()] { done.wait(); }));
  CallAudioRecorderOptions options;
  options.path = dir_.path() / "stalled.wav";
  auto rec = CallAudioRecorder::create(one, options);
  ASSERT_TRUE(rec.ok());
  const auto caller = caller_samples(16000 * 12);
  feed_caller(**rec, caller);  // 10 s final: 5 s wait for the disk, 5 s are dropped
  stall.set_value();
  const audio::WavData wav = finish(**rec);
  ASSERT_EQ(wav.frames(), caller.size());
  auto expected = caller;
  std::fill(expected.begin() + 16000 * 5, expected.begin() + 16000 * 10, 0);
  const auto left = channel(wav, 0);
  ASSERT_EQ(left.size(), expected.size());
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (left[i] != expected[i]) {
      ADD_FAILURE() << "first difference at frame " << i;
      break;
    }
  }
}

TEST_F(CallAudioRecorderTest, AnUnwritablePathIsReportedWhenClosing) {
  CallAudioRecorderOptions options;
  const std::filesystem::path blocker = dir_.path() / "file";
  std::ofstream(blocker) << "x";  // a file where a directory is needed
  options.path = blocker / "call.wav";
  auto rec = CallAudioRecorder::create(pool_, options);
  ASSERT_TRUE(rec.ok());
  feed_caller(**rec, caller_samples(16000 * 3));
  std::promise<bool> closed;
  (*rec)->close([&closed](core::Result<void> r) { closed.set_value(r.ok()); });
  (*rec)->wait_idle();
  EXPECT_FALSE(closed.get_future().get());
}

TEST(RecordingTimelineTest, InterleavesCallerAndAgentAndForgetsWhatWasTaken) {
  StereoTimeline timeline;
  const std::vector<std::int16_t> caller = {1, 2, 3, 4};
  timeline.add_caller(caller);
  EXPECT_EQ(timeline.place_agent(2, std::vector<std::int16_t>{7, 8, 9}), 0);
  EXPECT_EQ(timeline.agent_end(), 5);
  std::vector<std::int16_t> out;
  timeline.take(3, out);
  EXPECT_EQ(out, (std::vector<std::int16_t>{1, 0, 2, 0, 3, 7}));
  EXPECT_EQ(timeline.place_agent(1, std::vector<std::int16_t>{5, 5, 5}), 2);
  out.clear();
  timeline.take(5, out);
  EXPECT_EQ(out, (std::vector<std::int16_t>{4, 5, 0, 9}));
  EXPECT_EQ(timeline.committed(), 5);
}

}  // namespace
}  // namespace ovos::engine
