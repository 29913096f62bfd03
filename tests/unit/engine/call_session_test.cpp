// A whole call on a manual clock: real caller speech (flite) through the real VAD, scripted
// recognition results, the scripted LLM and a tone-speaking TTS.

#include <gtest/gtest.h>

#include "agents/types/llm_responder.h"
#include "core/metrics.h"
#include "engine/session_harness.h"

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;
using testing::SessionHarness;

constexpr std::string_view kScript =
    "You answer questions about the shop.\n"
    "opening hours => We open at nine and close at five every weekday.\n"
    "tell me a story => Once upon a time there was a small shop on a quiet street, and every "
    "morning the owner opened the door and swept the floor and waited for the first customer "
    "of the day to come in.\n"
    "goodbye => Goodbye and thank you for calling. [end_call]\n"
    "twelve => You pressed one and two.\n"
    "* => Sorry, could you say that again?\n";

SessionConfig base_config() {
  SessionConfig config;
  config.welcome_message = "Hello, thanks for calling.";
  config.turn.endpointing = 400ms;
  config.check_if_user_online = false;
  config.hangup_after_silence = 0ms;
  config.max_duration = 0ms;
  return config;
}

std::size_t audio_samples(const testing::RecordingOutput& out) {
  std::size_t n = 0;
  for (const auto& f : out.all<AudioFrame>())
    n += f.samples.size();
  return n;
}

TEST(CallSessionTest, WelcomeIsSpokenAsSoonAsMediaStarts) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.executor.run_ready();
  const auto frames = h.output.all<AudioFrame>();
  ASSERT_FALSE(frames.empty()) << "no audio right after start";
  EXPECT_EQ(h.since_start(h.output.frames.front().at), 0ms);
  h.silence(3000);
  EXPECT_EQ(audio_samples(h.output), h.tts.samples_for("Hello, thanks for calling."));
  ASSERT_TRUE(h.recorder.turns.contains(0));
  EXPECT_EQ(h.recorder.turns[0].kind, "welcome");
  EXPECT_EQ(h.recorder.turns[0].agent_text, "Hello, thanks for calling.");
  ASSERT_EQ(h.session->history().size(), 1u);
  EXPECT_EQ(h.session->history()[0].content, "Hello, thanks for calling.");
}

TEST(CallSessionTest, AnswersAQuestionAndRecordsTheTurnTimeline) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(2500);  // the welcome plays out
  h.stt.script("what are your opening hours");
  const std::size_t before = audio_samples(h.output);
  h.say("What are your opening hours?");
  h.silence(4000);

  ASSERT_TRUE(h.recorder.turns.contains(1));
  const TurnRecord& turn = h.recorder.turns[1];
  EXPECT_EQ(turn.user_text, "what are your opening hours");
  EXPECT_EQ(turn.agent_text, "We open at nine and close at five every weekday.");
  EXPECT_FALSE(turn.interrupted);
  ASSERT_TRUE(turn.user_speech_end_at && turn.stt_final_at && turn.llm_first_token_at &&
              turn.tts_first_byte_at && turn.first_audio_out_at);
  EXPECT_LE(*turn.user_speech_end_at, *turn.stt_final_at);
  EXPECT_LE(*turn.stt_final_at, *turn.llm_first_token_at);
  EXPECT_LE(*turn.llm_first_token_at, *turn.tts_first_byte_at);
  EXPECT_LE(*turn.tts_first_byte_at, *turn.first_audio_out_at);
  // The turn ends `endpointing` after the speech: the reply starts then, not later.
  EXPECT_GE(*turn.stt_final_at - *turn.user_speech_end_at, 400);
  EXPECT_LE(*turn.first_audio_out_at - *turn.user_speech_end_at, 460);

  EXPECT_EQ(audio_samples(h.output) - before,
            h.tts.samples_for("We open at nine and close at five every weekday."));
  const auto latency = h.output.all<LatencyFrame>();
  ASSERT_EQ(latency.size(), 1u);
  EXPECT_EQ(latency[0].turn, 1);
  EXPECT_GE(latency[0].total_ms, 400);
  EXPECT_EQ(latency[0].llm_ms, 0);
  const auto& history = h.session->history();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].content, "what are your opening hours");
  EXPECT_EQ(history[2].content, "We open at nine and close at five every weekday.");
  // The recogniser was told what the agent expects.
  EXPECT_EQ(h.stt.stats().expected_phrases.size(), 4u);
}

TEST(CallSessionTest, TranscriptsOfBothSidesAreSent) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(2500);
  h.stt.script("what are your opening hours");
  h.say("What are your opening hours?");
  h.silence(4000);
  bool user_interim = false;
  bool user_final = false;
  bool agent_final = false;
  bool agent_interim_first = false;  // the reply so far, shown while it is spoken
  for (const auto& t : h.output.all<TranscriptFrame>()) {
    if (t.speaker == Speaker::kUser && !t.final) user_interim = true;
    if (t.speaker == Speaker::kAgent && !t.final && t.turn == 1 && !agent_final) {
      agent_interim_first = true;
      EXPECT_TRUE(
          std::string_view("We open at nine and close at five every weekday.").starts_with(t.text))
          << t.text;
    }
    if (t.speaker == Speaker::kUser && t.final && t.text == "what are your opening hours") {
      user_final = true;
      EXPECT_EQ(t.turn, 1);
    }
    if (t.speaker == Speaker::kAgent && t.final && t.turn == 1) agent_final = true;
  }
  EXPECT_TRUE(user_interim);
  EXPECT_TRUE(user_final);
  EXPECT_TRUE(agent_final);
  EXPECT_TRUE(agent_interim_first) << "no interim agent text before the reply's final";
}

TEST(CallSessionTest, BargeInClearsAtOnceCancelsAndCutsHistory) {
  // The reply streams slowly, so the barge-in lands while text is still coming.
  SessionHarness h(base_config(), std::string(kScript),
                   providers::ScriptedLlmTiming{.first_token = 50ms, .between_tokens = 100ms});
  h.session->start();
  h.silence(2500);
  h.stt.script("tell me a story");
  h.say("Tell me a story.");
  h.silence(2000);  // the story is playing
  ASSERT_TRUE(h.recorder.turns.contains(2) == false);
  const std::size_t clears_before = h.output.count<ClearFrame>();
  const auto onset_at = h.clock.now();
  h.stt.script("stop please wait a moment");
  h.say("Stop please, wait a moment.");
  h.silence(2000);

  const auto clears = h.output.all<ClearFrame>();
  ASSERT_GT(clears.size(), clears_before);
  // The clear went out within interruption_min (+ a frame) of the speech onset.
  std::chrono::steady_clock::time_point clear_at{};
  for (const auto& e : h.output.frames) {
    if (std::holds_alternative<ClearFrame>(e.frame) && e.at >= onset_at) {
      clear_at = e.at;
      break;
    }
  }
  EXPECT_LE(clear_at - onset_at, 200ms + 120ms);  // + VAD onset detection and flite's lead-in

  const TurnRecord& story = h.recorder.turns[1];
  EXPECT_TRUE(story.interrupted);
  ASSERT_TRUE(story.interrupted_at);
  const std::string full =
      "Once upon a time there was a small shop on a quiet street, and every morning the owner "
      "opened the door and swept the floor and waited for the first customer of the day to come "
      "in.";
  EXPECT_FALSE(story.agent_text.empty());
  EXPECT_LT(story.agent_text.size(), full.size());
  EXPECT_EQ(full.rfind(story.agent_text, 0), 0u) << story.agent_text;
  // History keeps what was heard, then the interruption is answered as the next turn.
  const auto& history = h.session->history();
  ASSERT_GE(history.size(), 4u);
  EXPECT_EQ(history[2].content, story.agent_text);
  EXPECT_EQ(history[3].content, "stop please wait a moment");
  // No audio of the interrupted epoch after its clear.
  const std::uint64_t old_epoch = h.output.all<AudioFrame>().front().epoch + 1;  // welcome+1
  bool after_clear = false;
  for (const auto& e : h.output.frames) {
    if (std::holds_alternative<ClearFrame>(e.frame) && e.at >= onset_at) after_clear = true;
    if (const auto* a = std::get_if<AudioFrame>(&e.frame); a && after_clear) {
      EXPECT_NE(a->epoch, old_epoch);
    }
  }
  // The rest of the reply was never generated nor spoken.
  for (const auto& text : h.tts.stats().texts)
    EXPECT_EQ(text.find("come in"), std::string::npos);
}

TEST(CallSessionTest, BackchannelDoesNotInterrupt) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(2500);
  h.stt.script("tell me a story");
  h.say("Tell me a story.");
  h.silence(1500);
  h.stt.script("yeah");
  h.say("Yeah.");
  h.silence(12000);
  const TurnRecord& story = h.recorder.turns[1];
  EXPECT_FALSE(story.interrupted);
  EXPECT_EQ(story.agent_text.rfind("Once upon a time", 0), 0u);
  EXPECT_NE(story.agent_text.find("to come in."), std::string::npos);
  EXPECT_FALSE(h.recorder.turns.contains(2)) << "a backchannel got an answer";
  // Everything the story had was played (the paused part was sent again, not lost).
  const std::size_t story_samples = h.tts.samples_for(
      "Once upon a time there was a small shop on a quiet street, and every morning the owner "
      "opened the door and swept the floor and waited for the first customer of the day to come "
      "in.");
  EXPECT_GE(audio_samples(h.output),
            h.tts.samples_for("Hello, thanks for calling.") + story_samples);
}

TEST(CallSessionTest, SpeechContinuedWithinIncrementalDelayIsAnsweredTogether) {
  SessionConfig config = base_config();
  config.turn.incremental_delay = 1500ms;
  SessionHarness h(config, std::string(kScript),
                   providers::ScriptedLlmTiming{.first_token = 300ms, .between_tokens = 10ms});
  h.session->start();
  h.silence(2500);
  h.stt.script("what are your");
  h.stt.script("opening hours");
  h.say("What are your");
  h.silence(420);  // the turn ended; the reply is being prepared
  h.say("opening hours?");
  h.silence(4000);
  ASSERT_TRUE(h.recorder.turns.contains(1));
  EXPECT_EQ(h.recorder.turns[1].user_text, "what are your opening hours");
  EXPECT_EQ(h.recorder.turns[1].agent_text, "We open at nine and close at five every weekday.");
  EXPECT_FALSE(h.recorder.turns.contains(2));
}

TEST(CallSessionTest, SilenceAsksIfTheCallerIsThereThenHangsUp) {
  SessionConfig config = base_config();
  config.check_if_user_online = true;
  config.user_online_after = 10'000ms;
  config.hangup_after_silence = 20'000ms;
  SessionHarness h(config, std::string(kScript));
  h.session->start();
  h.silence(9000);
  EXPECT_FALSE(h.recorder.turns.contains(1));
  h.silence(3000);
  ASSERT_TRUE(h.recorder.turns.contains(1));
  EXPECT_EQ(h.recorder.turns[1].kind, "check-online");
  EXPECT_EQ(h.recorder.turns[1].agent_text, "Hey, are you still there");
  EXPECT_FALSE(h.session->ended());
  h.silence(10'000);
  ASSERT_TRUE(h.session->ended());
  EXPECT_EQ(h.session->hangup_reason(), "silence");
  const auto ends = h.output.all<EndFrame>();
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].reason, "silence");
  EXPECT_EQ(h.recorder.ended_calls, 1);
  EXPECT_EQ(h.recorder.outcome.hangup_reason, "silence");
}

TEST(CallSessionTest, CallerSpeechResetsTheSilenceTimer) {
  SessionConfig config = base_config();
  config.hangup_after_silence = 6000ms;
  SessionHarness h(config, std::string(kScript));
  h.session->start();
  h.silence(5000);
  h.stt.script("hello");
  h.say("Hello there.");
  h.silence(5000);
  EXPECT_FALSE(h.session->ended());
  h.silence(3000);
  EXPECT_TRUE(h.session->ended());
}

TEST(CallSessionTest, MaximumDurationSaysGoodbyeAndEnds) {
  SessionConfig config = base_config();
  config.max_duration = 5000ms;
  config.hangup_message = "Our time is up, goodbye.";
  SessionHarness h(config, std::string(kScript));
  h.session->start();
  h.silence(4900);
  EXPECT_FALSE(h.session->ended());
  h.silence(3000);
  ASSERT_TRUE(h.session->ended());
  EXPECT_EQ(h.session->hangup_reason(), "max-duration");
  bool said_goodbye = false;
  for (const auto& [i, t] : h.recorder.turns) {
    said_goodbye |= t.kind == "hangup-message" && t.agent_text == "Our time is up, goodbye.";
  }
  EXPECT_TRUE(said_goodbye);
}

TEST(CallSessionTest, AgentEndsTheCallAfterSayingGoodbye) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(2500);
  h.stt.script("goodbye");
  h.say("Goodbye.");
  h.silence(4000);
  ASSERT_TRUE(h.session->ended());
  EXPECT_EQ(h.session->hangup_reason(), "agent-ended");
  EXPECT_EQ(h.recorder.turns[1].agent_text, "Goodbye and thank you for calling.");
  EXPECT_EQ(audio_samples(h.output), h.tts.samples_for("Hello, thanks for calling.") +
                                         h.tts.samples_for("Goodbye and thank you for calling."));
}

TEST(CallSessionTest, DtmfDigitsBecomeATurnWhenEnabled) {
  SessionConfig config = base_config();
  config.dtmf_enabled = true;
  SessionHarness h(config, "12 => You pressed one and two.\n* => What?");
  h.session->start();
  h.silence(2500);
  h.session->on_dtmf('1');
  h.session->on_dtmf('2');
  h.session->on_dtmf('#');
  h.silence(3000);
  ASSERT_TRUE(h.recorder.turns.contains(1));
  EXPECT_EQ(h.recorder.turns[1].dtmf, "12");
  EXPECT_EQ(h.recorder.turns[1].user_text, "12");
  EXPECT_EQ(h.recorder.turns[1].agent_text, "You pressed one and two.");
}

TEST(CallSessionTest, DtmfIsIgnoredWhenDisabled) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(2500);
  h.session->on_dtmf('1');
  h.session->on_dtmf('#');
  h.silence(3000);
  EXPECT_FALSE(h.recorder.turns.contains(1));
}

TEST(CallSessionTest, CallerHangupEndsOnceAndSilencesTheSession) {
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  h.silence(300);
  h.session->on_caller_hangup();
  const std::size_t frames = h.output.frames.size();
  h.silence(2000);
  h.session->on_caller_hangup();
  EXPECT_EQ(h.output.frames.size(), frames) << "output after the end";
  EXPECT_EQ(h.recorder.ended_calls, 1);
  EXPECT_EQ(h.recorder.outcome.hangup_reason, "caller-hangup");
  EXPECT_TRUE(h.recorder.turns[0].interrupted);  // the welcome was cut by the hang-up
}

TEST(CallSessionTest, CallsAndTurnLatencyAreCountedInMetrics) {
  auto& registry = core::MetricsRegistry::global();
  auto& active = registry.gauge("ovos_calls_active", "Calls in progress.");
  auto& ended = registry.counter("ovos_calls_ended_total", "Calls ended, by hang-up reason.",
                                 {{"reason", "caller-hangup"}});
  auto& total = registry.histogram("ovos_turn_latency_seconds", "", {{"stage", "total"}});
  const auto active_before = active.value();
  const auto ended_before = ended.value();
  const auto turns_before = total.count();
  SessionHarness h(base_config(), std::string(kScript));
  h.session->start();
  EXPECT_EQ(active.value(), active_before + 1);
  h.silence(2500);
  h.stt.script("what are your opening hours");
  h.say("What are your opening hours?");
  h.silence(3000);
  h.session->on_caller_hangup();
  EXPECT_EQ(active.value(), active_before);
  EXPECT_EQ(ended.value(), ended_before + 1);
  EXPECT_EQ(total.count(), turns_before + 1);
  EXPECT_NE(registry.render().find("ovos_calls_ended_total{reason=\"caller-hangup\"}"),
            std::string::npos);
}

TEST(CallSessionTest, SpeechFailureIsReportedAndTheCallGoesOn) {
  SessionHarness h(base_config(), std::string(kScript), {},
                   providers::testing::FakeTtsProvider::Options{.fail = true});
  h.session->start();
  h.silence(1000);
  EXPECT_GE(h.output.count<ErrorFrame>(), 1u);
  EXPECT_FALSE(h.session->ended());
  EXPECT_EQ(h.recorder.turns[0].error, "synthesis failed");
}

TEST(CallSessionTest, EightKilohertzCallerAudioIsResampled) {
  SessionConfig config = base_config();
  config.input_sample_rate = 8000;
  config.output_sample_rate = 8000;
  SessionHarness h(config, std::string(kScript));
  h.session->start();
  h.silence(2500);
  h.stt.script("what are your opening hours");
  const auto& wide = testing::speech("What are your opening hours?");
  std::vector<std::int16_t> narrow;
  for (std::size_t i = 0; i < wide.size(); i += 2)
    narrow.push_back(wide[i]);
  for (std::size_t at = 0; at < narrow.size(); at += 160) {
    const std::size_t n = std::min<std::size_t>(160, narrow.size() - at);
    h.session->on_caller_audio(std::span(narrow).subspan(at, n));
    h.executor.advance(20ms);
  }
  for (int i = 0; i < 200; ++i) {
    std::vector<std::int16_t> quiet(160, 0);
    h.session->on_caller_audio(quiet);
    h.executor.advance(20ms);
  }
  ASSERT_TRUE(h.recorder.turns.contains(1));
  EXPECT_EQ(h.recorder.turns[1].agent_text, "We open at nine and close at five every weekday.");
  for (const auto& f : h.output.all<AudioFrame>())
    EXPECT_LE(f.samples.size(), 160u);
}

TEST(CallSessionTest, RefusesAnUnsupportedSampleRate) {
  SessionConfig config = base_config();
  config.input_sample_rate = 11025;
  core::ManualClock clock;
  core::ManualExecutor executor(clock);
  testing::RecordingOutput output(clock);
  providers::testing::FakeSttProvider stt;
  providers::testing::FakeTtsProvider tts;
  providers::ScriptedLlm llm;
  agents::LlmResponder responder(llm, "", {});
  auto created =
      CallSession::create(executor, config, {&stt, {}, &tts, {}, &responder}, output, nullptr);
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.error().message.find("11025"), std::string::npos);
}

}  // namespace
}  // namespace ovos::engine
