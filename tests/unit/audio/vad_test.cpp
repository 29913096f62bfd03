#include "audio/vad.h"

#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <vector>

#include "audio/pcm.h"
#include "unit/audio/signals.h"

namespace ovos::audio {
namespace {

VoiceActivityDetector make(const VadConfig& config) {
  auto vad = VoiceActivityDetector::create(config);
  EXPECT_TRUE(vad.ok()) << (vad.ok() ? "" : vad.error().message);
  return std::move(vad).value();
}

std::vector<VadFrame> run(VoiceActivityDetector& vad, std::span<const Sample> audio) {
  std::vector<VadFrame> frames;
  const std::size_t n = vad.frame_samples();
  for (std::size_t at = 0; at + n <= audio.size(); at += n) {
    auto frame = vad.process(audio.subspan(at, n));
    EXPECT_TRUE(frame.ok());
    if (frame.ok()) frames.push_back(*frame);
  }
  return frames;
}

std::size_t speech_frames(const std::vector<VadFrame>& frames) {
  std::size_t count = 0;
  for (const auto& f : frames)
    count += f.speech ? 1 : 0;
  return count;
}

std::optional<std::int64_t> first_event_ms(const std::vector<VadFrame>& frames, VadEvent event) {
  for (const auto& f : frames) {
    if (f.event == event) return f.event_ms;
  }
  return std::nullopt;
}

TEST(Vad, RejectsBadConfig) {
  for (const VadConfig& bad :
       {VadConfig{.sample_rate = 22050}, VadConfig{.frame_ms = 25}, VadConfig{.mode = 4},
        VadConfig{.mode = -1}, VadConfig{.speech_start_ms = -20}, VadConfig{.warmup_ms = -1}}) {
    const auto vad = VoiceActivityDetector::create(bad);
    ASSERT_FALSE(vad.ok());
    EXPECT_EQ(vad.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST(Vad, RejectsWrongFrameSize) {
  auto vad = make({.sample_rate = 8000, .frame_ms = 20});
  EXPECT_EQ(vad.frame_samples(), 160U);
  const auto frame = vad.process(std::vector<Sample>(80, 0));
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(vad.position_ms(), 0);
}

TEST(Vad, SilenceIsNeverSpeech) {
  for (const int rate : {8000, 16000, 32000, 48000}) {
    for (const int frame_ms : {10, 20, 30}) {
      auto vad = make({.sample_rate = rate, .frame_ms = frame_ms, .mode = 0});
      const auto frames = run(vad, std::vector<Sample>(static_cast<std::size_t>(rate) * 2, 0));
      EXPECT_EQ(speech_frames(frames), 0U) << rate << " Hz, " << frame_ms << " ms";
      EXPECT_FALSE(vad.active());
    }
  }
}

TEST(Vad, QuietWhiteNoiseIsNotSpeech) {
  for (const int rate : {8000, 16000}) {
    for (const int mode : {2, 3}) {
      for (const int frame_ms : {10, 20, 30}) {
        for (const double dbfs : {-50.0, -45.0}) {
          auto vad = make({.sample_rate = rate, .frame_ms = frame_ms, .mode = mode});
          const auto frames =
              run(vad, testing::white_noise(static_cast<std::size_t>(rate) * 5, dbfs));
          EXPECT_EQ(speech_frames(frames), 0U)
              << rate << " Hz, mode " << mode << ", " << frame_ms << " ms, " << dbfs << " dBFS";
          EXPECT_FALSE(first_event_ms(frames, VadEvent::kSpeechStarted).has_value());
        }
      }
    }
  }
}

TEST(Vad, WarmupHidesTheClassifiersStartUp) {
  // Without the warm-up the classifier calls the first 70-90 ms of a noise floor speech: this
  // test shows the warm-up is needed, and fails if a future backend no longer needs it.
  auto vad = make({.sample_rate = 8000, .frame_ms = 10, .mode = 3, .warmup_ms = 0});
  const auto frames = run(vad, testing::white_noise(8000, -50.0));
  EXPECT_GT(speech_frames(frames), 0U);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].speech) {
      EXPECT_LT(i * 10, 100U) << "frame " << i;
    }
  }
}

TEST(Vad, EnergyGateSilencesQuietFrames) {
  // A voiced sound at -35 dBFS (its loudest frames near -31): speech with the default gate,
  // never with the gate raised to -30 dBFS.
  const auto voice = testing::voiced(16000, 32000, -35.0);
  auto vad = make({.sample_rate = 16000, .mode = 0});
  EXPECT_GT(speech_frames(run(vad, voice)), 80U);
  auto gated = make({.sample_rate = 16000, .mode = 0, .energy_gate_dbfs = -30.0});
  const auto frames = run(gated, voice);
  EXPECT_EQ(speech_frames(frames), 0U);
  for (const auto& f : frames)
    EXPECT_LT(f.level_dbfs, -30.0);
}

TEST(Vad, VoicedSoundStartsSpeechQuickly) {
  for (const int rate : {8000, 16000}) {
    for (const int mode : {0, 1, 2, 3}) {
      auto vad = make({.sample_rate = rate, .mode = mode});
      // One second of quiet noise, then two seconds of a voiced sound over it.
      std::vector<Sample> audio = testing::white_noise(static_cast<std::size_t>(rate) * 3, -55.0);
      const auto voice = testing::voiced(rate, static_cast<std::size_t>(rate) * 2, -25.0);
      mix_into(std::span<Sample>(audio).subspan(static_cast<std::size_t>(rate)), voice);
      const auto frames = run(vad, audio);
      const auto start = first_event_ms(frames, VadEvent::kSpeechStarted);
      ASSERT_TRUE(start.has_value()) << rate << " Hz, mode " << mode;
      EXPECT_GE(*start, 1000) << rate << " Hz, mode " << mode;
      EXPECT_LE(*start, 1100) << rate << " Hz, mode " << mode;
      // The onset is declared speech_start_ms after it began, on the frame that completes it.
      std::int64_t declared_ms = -1;
      for (std::size_t i = 0; i < frames.size(); ++i) {
        if (frames[i].event == VadEvent::kSpeechStarted) declared_ms = 20 * (std::int64_t(i) + 1);
      }
      EXPECT_EQ(declared_ms, *start + 60);
      const std::size_t voiced_frames = speech_frames(frames);
      EXPECT_GT(voiced_frames, 80U) << "of 100 voiced frames";
      std::cout << "[ onset    ] " << rate << " Hz mode " << mode << ": speech from " << *start
                << " ms (true 1000), declared at " << declared_ms << " ms; " << voiced_frames
                << " speech frames for 100 voiced\n";
    }
  }
}

// Drives the state machine with a scripted classifier: loud voiced frames and digital silence.
TEST(Vad, StateMachineNeedsMinimumSpeechAndHangover) {
  auto vad = make({.sample_rate = 16000,
                   .frame_ms = 20,
                   .mode = 0,
                   .speech_start_ms = 60,
                   .speech_end_ms = 200});
  const auto voice = testing::voiced(16000, 16000 * 4, -20.0);
  const std::vector<Sample> silence(320, 0);
  std::size_t voice_at = 0;
  const auto step = [&](bool speech) {
    std::span<const Sample> frame = silence;
    if (speech) {
      frame = std::span<const Sample>(voice).subspan(voice_at, 320);
      voice_at += 320;
    }
    auto out = vad.process(frame);
    EXPECT_TRUE(out.ok());
    EXPECT_EQ(out->speech, speech) << "frame at " << vad.position_ms() - 20 << " ms";
    return *out;
  };
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(step(false).event, VadEvent::kNone);  // 0..100 ms
  // Two speech frames (40 ms) are not enough; a gap resets the count.
  EXPECT_EQ(step(true).event, VadEvent::kNone);
  EXPECT_EQ(step(true).event, VadEvent::kNone);
  EXPECT_FALSE(step(false).active);
  // Three in a row (60 ms) start speech, dated to the first of them.
  EXPECT_EQ(step(true).event, VadEvent::kNone);  // 160 ms
  EXPECT_EQ(step(true).event, VadEvent::kNone);
  const VadFrame onset = step(true);
  EXPECT_EQ(onset.event, VadEvent::kSpeechStarted);
  EXPECT_EQ(onset.event_ms, 160);
  EXPECT_TRUE(onset.active);
  // Short pauses (under 200 ms) do not end it.
  for (int i = 0; i < 9; ++i)
    EXPECT_TRUE(step(false).active);  // 180 ms of pause
  EXPECT_EQ(step(true).event, VadEvent::kNone);
  // 200 ms of silence ends it, dated to the first silent frame.
  const std::int64_t silence_from = vad.position_ms();
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(step(false).event, VadEvent::kNone);
  const VadFrame end = step(false);
  EXPECT_EQ(end.event, VadEvent::kSpeechEnded);
  EXPECT_EQ(end.event_ms, silence_from);
  EXPECT_FALSE(end.active);
  EXPECT_FALSE(vad.active());
}

TEST(Vad, ResetStartsOver) {
  auto vad = make({.sample_rate = 8000, .mode = 0, .speech_start_ms = 20});
  const auto frames = run(vad, testing::voiced(8000, 8000, -20.0));
  ASSERT_TRUE(vad.active());
  EXPECT_GT(vad.position_ms(), 0);
  vad.reset();
  EXPECT_FALSE(vad.active());
  EXPECT_EQ(vad.position_ms(), 0);
  EXPECT_EQ(run(vad, testing::voiced(8000, 8000, -20.0)).size(), frames.size());
}

}  // namespace
}  // namespace ovos::audio
