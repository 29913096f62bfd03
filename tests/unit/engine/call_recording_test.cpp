// A live call's log written through the Store (SQLite and PostgreSQL) as it happens: turns
// upserted on a pool while the call goes on, the outcome and the stereo recording at the end,
// and a failing database that is logged and never reaches the call.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "agents/types/llm_responder.h"
#include "audio/wav.h"
#include "core/ids.h"
#include "core/logging.h"
#include "engine/flaky_store.h"
#include "engine/recording/store_call_recorder.h"
#include "engine/session_harness.h"
#include "engine/temp_dir.h"
#include "support/test_database.h"
#include "unit/store/store_fixture.h"

namespace ovos::engine {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using store::test::Backend;
using store::test::kT0;

/// Keeps the log lines written while it lives.
class LogCapture {
 public:
  LogCapture() {
    core::set_log_sink([this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    });
  }
  ~LogCapture() { core::set_log_sink(nullptr); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  [[nodiscard]] int count(std::string_view needle) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& line : lines_)
      n += line.find(needle) != std::string::npos ? 1 : 0;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

json::object parse_object(const std::string& text) {
  return json::parse(text).as_object();
}

class CallRecordingTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!db_.create(GetParam())) GTEST_SKIP() << db_.skip_reason();
    auto opened = store::Store::open(db_.url(), db_.data_dir());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    OVOS_ASSERT_OK(store_->migrate());

    store::User user;
    user.id = core::new_id(kT0);
    user.email = "caller-log@example.com";
    user.name = "Owner";
    user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    user.created_at = user.updated_at = kT0;
    OVOS_ASSERT_OK(store_->create_user(user));
    store::Agent agent;
    agent.id = core::new_id(kT0);
    agent.user_id = user.id;
    agent.name = "shop";
    agent.agent_type = "other";
    agent.config_json = R"({"agent_config":{"agent_name":"shop"},"agent_prompts":{}})";
    agent.created_at = agent.updated_at = kT0;
    OVOS_ASSERT_OK(store_->create_agent(agent));
    store::Call call;
    call.id = core::new_id(kT0);
    call.user_id = user.id;
    call.agent_id = agent.id;
    call.direction = "inbound";
    call.status = "in-progress";
    call.carrier = "twilio";
    call.created_at = kT0;
    OVOS_ASSERT_OK_AND_ASSIGN(call_, store_->create_call(call));
  }

  std::unique_ptr<StoreCallRecorder> make(store::Store& store, const store::Call& call,
                                          int input_rate = 16000, int output_rate = 16000,
                                          std::function<void(const store::Call&)> on_final = {}) {
    StoreCallRecorderOptions options;
    options.on_final = std::move(on_final);
    options.recordings_dir = recordings_.path() / "recordings";
    options.input_sample_rate = input_rate;
    options.output_sample_rate = output_rate;
    options.retry_backoff = 1ms;
    options.clock = &clock_;
    auto created = StoreCallRecorder::create(store, pool_, call, options);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? std::move(created).value() : nullptr;
  }

  [[nodiscard]] std::vector<store::Turn> turns() const {
    auto listed = store_->list_turns(call_.id);
    EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().message);
    return listed.ok() ? std::move(listed).value() : std::vector<store::Turn>{};
  }

  [[nodiscard]] store::Call stored_call() const {
    auto got = store_->get_call(call_.user_id, call_.id);
    EXPECT_TRUE(got.ok()) << (got.ok() ? "" : got.error().message);
    return got.ok() ? std::move(got).value() : store::Call{};
  }

  static TurnRecord reply(int index, std::string agent_text) {
    TurnRecord r;
    r.index = index;
    r.user_text = "what are your opening hours";
    r.agent_text = std::move(agent_text);
    r.user_speech_end_at = kT0 + 1000;
    r.stt_final_at = kT0 + 1400;
    return r;
  }

  static CallOutcome outcome() {
    CallOutcome o;
    o.hangup_reason = "caller-hangup";
    o.started_at = kT0 + 1000;
    o.ended_at = kT0 + 3500;
    o.stt_audio_seconds = 1.5;
    o.tts_characters = 42;
    o.turns = 2;
    return o;
  }

  store::test::TestDatabase db_;
  std::unique_ptr<store::Store> store_;
  testing::TempDir recordings_;
  core::ManualClock clock_{kT0};
  core::ComputePool pool_{2, 64};  // destroyed first: runs what is queued while the store lives
  store::Call call_;
};

TEST_P(CallRecordingTest, TurnsAreInTheStoreWhileTheCallGoesOn) {
  auto rec = make(*store_, call_);
  ASSERT_TRUE(rec);
  TurnRecord welcome;
  welcome.index = 0;
  welcome.kind = "welcome";
  welcome.agent_text = "Hello, thanks for calling.";
  welcome.first_audio_out_at = kT0 + 20;
  rec->turn(welcome);
  rec->wait_idle();
  auto stored = turns();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].agent_text, "Hello, thanks for calling.");
  EXPECT_EQ(stored[0].first_audio_out_at, kT0 + 20);
  EXPECT_EQ(stored[0].created_at, kT0);
  EXPECT_EQ(parse_object(stored[0].metadata_json), parse_object(R"({"kind":"welcome"})"));

  TurnRecord keys = reply(1, "You pressed one and two.");
  keys.user_text = "12";
  keys.kind = "dtmf";
  keys.dtmf = "12";
  keys.error = "synthesis failed";
  keys.interrupted = true;
  keys.interrupted_at = kT0 + 2000;
  rec->turn(keys);
  rec->wait_idle();
  stored = turns();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].index, 1);
  EXPECT_EQ(stored[1].user_text, "12");
  EXPECT_TRUE(stored[1].interrupted);
  EXPECT_EQ(stored[1].interrupted_at, kT0 + 2000);
  EXPECT_EQ(stored[1].user_speech_end_at, kT0 + 1000);
  EXPECT_EQ(stored[1].stt_final_at, kT0 + 1400);
  EXPECT_FALSE(stored[1].llm_first_token_at);
  EXPECT_EQ(parse_object(stored[1].metadata_json),
            parse_object(R"({"kind":"dtmf","dtmf":"12","error":"synthesis failed"})"));
  EXPECT_EQ(stored_call().status, "in-progress");
  rec->ended(outcome());
  rec->wait_idle();
}

TEST_P(CallRecordingTest, APhoneCallIsMarkedStartedByItsFirstWrite) {
  store::Call ringing = call_;
  ringing.id = core::new_id(kT0);
  ringing.status = "ringing";
  OVOS_ASSERT_OK(store_->create_call(ringing));
  StoreCallRecorderOptions options;
  options.mark_started = true;
  options.clock = &clock_;
  clock_.advance(std::chrono::milliseconds(2500));
  OVOS_ASSERT_OK_AND_ASSIGN(auto rec, StoreCallRecorder::create(*store_, pool_, ringing, options));
  rec->wait_idle();
  OVOS_ASSERT_OK_AND_ASSIGN(const auto started, store_->get_call(ringing.user_id, ringing.id));
  EXPECT_EQ(started.status, "in-progress");
  EXPECT_EQ(started.started_at, kT0 + 2500);
  rec->ended(outcome());
  rec->wait_idle();
  OVOS_ASSERT_OK_AND_ASSIGN(const auto ended, store_->get_call(ringing.user_id, ringing.id));
  EXPECT_EQ(ended.status, "completed");
  EXPECT_EQ(ended.hangup_reason, "caller-hangup");
}

TEST_P(CallRecordingTest, TheLatestStateOfATurnWinsAndQueuedStatesAreWrittenOnce) {
  testing::FlakyStore flaky(*store_);
  std::promise<void> entered;
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::atomic<bool> first{true};
  flaky.before_write = [&] {
    if (first.exchange(false)) {
      entered.set_value();
      opened.wait();  // the first write holds the queue while the turn changes
    }
  };
  auto rec = make(flaky, call_);
  ASSERT_TRUE(rec);
  rec->turn(reply(1, ""));
  entered.get_future().wait();
  rec->turn(reply(1, "We open"));
  rec->turn(reply(2, "Second"));
  rec->turn(reply(1, "We open at nine"));
  TurnRecord last = reply(1, "We open at nine and close at five.");
  last.llm_first_token_at = kT0 + 1500;
  rec->turn(last);
  gate.set_value();
  rec->wait_idle();
  EXPECT_EQ(flaky.upserts.load(), 3) << "the first state, the latest of turn 1, turn 2";
  const auto stored = turns();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].agent_text, "We open at nine and close at five.");
  EXPECT_EQ(stored[0].llm_first_token_at, kT0 + 1500);
  EXPECT_EQ(stored[1].agent_text, "Second");
  rec->ended(outcome());
  rec->wait_idle();
}

TEST_P(CallRecordingTest, EndedWritesTheOutcomeAndAPlayableRecording) {
  auto rec = make(*store_, call_, 8000, 16000);  // a phone call: agent audio resampled down
  ASSERT_TRUE(rec);
  std::vector<std::int16_t> caller(8000 * 3);
  for (std::size_t i = 0; i < caller.size(); ++i)
    caller[i] = static_cast<std::int16_t>(100 + i % 50);
  for (std::size_t at = 0; at < caller.size(); at += 160) {
    rec->caller_audio(std::span(caller).subspan(at, 160));
    if (at == 8000) rec->agent_audio(500, std::vector<std::int16_t>(8000, 3000));  // 0.5 s
  }
  rec->turn(reply(1, "We open at nine."));
  rec->ended(outcome());
  rec->turn(reply(2, "too late"));  // after the end: ignored
  rec->wait_idle();

  const store::Call call = stored_call();
  EXPECT_EQ(call.status, "completed");
  EXPECT_EQ(call.hangup_reason, "caller-hangup");
  EXPECT_EQ(call.started_at, kT0 + 1000);
  EXPECT_EQ(call.ended_at, kT0 + 3500);
  EXPECT_EQ(call.duration_ms, 2500);
  EXPECT_EQ(call.recording_url, "/v1/calls/" + call_.id + "/recording");
  EXPECT_EQ(parse_object(call.usage_json),
            parse_object(R"({"stt_audio_seconds":1.5,"tts_characters":42,"turns":2})"));
  EXPECT_EQ(turns().size(), 1u);

  EXPECT_EQ(rec->recording_path(),
            recordings_.path() / "recordings" / call_.user_id / (call_.id + ".wav"));
  auto wav = audio::read_wav_file(rec->recording_path());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->sample_rate, 8000);
  ASSERT_EQ(wav->frames(), caller.size());
  std::vector<std::int16_t> left;
  for (std::size_t i = 0; i < wav->samples.size(); i += 2)
    left.push_back(wav->samples[i]);
  EXPECT_EQ(left, caller);
  EXPECT_NEAR(wav->samples[2 * 6000 + 1], 3000, 30) << "the agent in the middle of its 0.5 s";
  EXPECT_EQ(wav->samples[2 * 3000 + 1], 0);
}

TEST_P(CallRecordingTest, OnFinalRunsOnceWithTheCallAsStoredAfterTheOutcomeIsWritten) {
  std::mutex mutex;
  std::vector<store::Call> finals;
  auto rec = make(*store_, call_, 16000, 16000, [&](const store::Call& call) {
    // The record is final by now: what post-call tasks read is in the store.
    const store::Call stored = stored_call();
    EXPECT_EQ(stored.status, "completed");
    const std::lock_guard lock(mutex);
    finals.push_back(call);
  });
  ASSERT_TRUE(rec);
  rec->turn(reply(1, "We open at nine."));
  rec->ended(outcome());
  rec->ended(outcome());  // ignored
  rec->wait_idle();
  const std::lock_guard lock(mutex);
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].id, call_.id);
  EXPECT_EQ(finals[0].user_id, call_.user_id);
  EXPECT_EQ(finals[0].status, "completed");
  EXPECT_EQ(finals[0].hangup_reason, "caller-hangup");
  EXPECT_EQ(turns().size(), 1u) << "the turns were written before";
}

TEST_P(CallRecordingTest, OnFinalDoesNotRunWhenTheOutcomeWasNotWritten) {
  LogCapture logs;
  testing::FlakyStore flaky(*store_);
  std::atomic<int> finals{0};
  auto rec = make(flaky, call_, 16000, 16000, [&](const store::Call&) { ++finals; });
  ASSERT_TRUE(rec);
  flaky.failures_left = 1000;
  rec->ended(outcome());
  rec->wait_idle();
  EXPECT_EQ(finals.load(), 0);
  EXPECT_EQ(stored_call().status, "in-progress");
}

TEST_P(CallRecordingTest, AStoreThatRefusesTheWritesIsLoggedAndTheCallGoesOn) {
  LogCapture logs;
  store::Call ghost = call_;
  ghost.id = core::new_id(kT0 + 5);  // never created: every write is refused (not found)
  testing::FlakyStore flaky(*store_);
  auto rec = make(flaky, ghost);
  ASSERT_TRUE(rec);
  rec->turn(reply(1, "Hello"));
  rec->caller_audio(std::vector<std::int16_t>(16000, 7));
  rec->ended(outcome());
  rec->wait_idle();
  EXPECT_EQ(flaky.upserts.load(), 1) << "a refusal is not retried";
  EXPECT_EQ(flaky.call_updates.load(), 1);
  EXPECT_EQ(logs.count("call_log_write_failed"), 2);
  auto listed = store_->list_turns(ghost.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(stored_call().status, "in-progress") << "another call is not touched";
}

TEST_P(CallRecordingTest, AnUnavailableStoreIsRetriedThenGivenUp) {
  LogCapture logs;
  testing::FlakyStore flaky(*store_);
  flaky.failures_left = 2;
  auto rec = make(flaky, call_);
  ASSERT_TRUE(rec);
  rec->turn(reply(1, "Hello"));
  rec->wait_idle();
  EXPECT_EQ(flaky.upserts.load(), 3) << "two failures, then written";
  EXPECT_EQ(turns().size(), 1u);

  flaky.failures_left = 1000;  // the database is gone for good
  rec->turn(reply(2, "Anyone there?"));
  rec->ended(outcome());
  rec->wait_idle();
  EXPECT_EQ(flaky.upserts.load(), 3 + 4) << "max_attempts for the first write that fails";
  EXPECT_EQ(flaky.call_updates.load(), 1) << "then one attempt each while it keeps failing";
  EXPECT_GE(logs.count("call_log_write_failed"), 7);
  EXPECT_EQ(stored_call().status, "in-progress");
}

TEST_P(CallRecordingTest, AClosedDatabaseDoesNotReachTheCall) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "a server that goes away: PostgreSQL";
  LogCapture logs;
  auto rec = make(*store_, call_);
  ASSERT_TRUE(rec);
  rec->turn(reply(1, "Hello"));
  rec->wait_idle();
  ASSERT_EQ(turns().size(), 1u);
  ovos::testing::drop_test_database(db_.url());  // sessions terminated, database gone
  rec->turn(reply(1, "Hello again"));
  rec->turn(reply(2, "Bye"));
  rec->caller_audio(std::vector<std::int16_t>(16000, 7));
  rec->ended(outcome());
  rec->wait_idle();
  EXPECT_GE(logs.count("call_log_write_failed"), 3);
  auto wav = audio::read_wav_file(rec->recording_path());
  ASSERT_TRUE(wav.ok()) << "the recording does not depend on the database";
  EXPECT_EQ(wav->frames(), 16000u);
}

/// Runs of non-silent samples (gaps under 10 ms bridged): [start, end) frame pairs.
std::vector<std::pair<std::size_t, std::size_t>> sounding(const std::vector<std::int16_t>& x) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0) continue;
    if (!runs.empty() && i - runs.back().second < 160) {
      runs.back().second = i + 1;
    } else {
      runs.emplace_back(i, i + 1);
    }
  }
  return runs;
}

TEST_P(CallRecordingTest, RecordsARealCallSession) {
  core::ManualClock clock(kT0);
  core::ManualExecutor executor(clock);
  testing::RecordingOutput output(clock);
  providers::testing::FakeSttProvider stt;
  providers::testing::FakeTtsProvider tts;
  providers::ScriptedLlm llm;
  const std::string script =
      "You answer questions about the shop.\n"
      "opening hours => We open at nine and close at five every weekday.\n"
      "* => Sorry, could you say that again?\n";
  agents::LlmResponder responder(llm, script, providers::ChatRequest{},
                                 providers::expected_phrases(providers::parse_script(script)));
  SessionConfig config;
  config.welcome_message = "Hello, thanks for calling.";
  config.turn.endpointing = 400ms;
  config.check_if_user_online = false;
  config.hangup_after_silence = 0ms;
  config.max_duration = 0ms;
  SessionProviders providers;
  providers.stt = &stt;
  providers.tts = &tts;
  providers.responder = &responder;
  auto rec = make(*store_, call_);
  ASSERT_TRUE(rec);
  auto created = CallSession::create(executor, config, providers, output, rec.get());
  ASSERT_TRUE(created.ok()) << created.error().message;
  CallSession& session = **created;

  std::vector<std::int16_t> fed;
  const auto feed = [&](const std::vector<std::int16_t>& samples) {
    for (std::size_t at = 0; at < samples.size(); at += 320) {
      const auto chunk =
          std::span(samples).subspan(at, std::min<std::size_t>(320, samples.size() - at));
      session.on_caller_audio(chunk);
      fed.insert(fed.end(), chunk.begin(), chunk.end());
      executor.advance(20ms);
    }
  };
  session.start();
  feed(std::vector<std::int16_t>(16000 * 5 / 2, 0));  // the welcome plays
  stt.script("what are your opening hours");
  feed(testing::speech("What are your opening hours?"));
  feed(std::vector<std::int16_t>(16000 * 4, 0));  // the answer plays

  rec->wait_idle();  // the call goes on: its turns are stored already
  auto stored = turns();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].agent_text, "Hello, thanks for calling.");
  EXPECT_EQ(parse_object(stored[0].metadata_json).at("kind"), "welcome");
  EXPECT_EQ(stored[1].user_text, "what are your opening hours");
  EXPECT_EQ(stored[1].agent_text, "We open at nine and close at five every weekday.");
  ASSERT_TRUE(stored[1].first_audio_out_at);
  EXPECT_EQ(stored_call().status, "in-progress");

  session.on_caller_hangup();
  rec->wait_idle();
  const store::Call call = stored_call();
  EXPECT_EQ(call.status, "completed");
  EXPECT_EQ(call.hangup_reason, "caller-hangup");
  EXPECT_EQ(call.duration_ms, clock.unix_ms() - kT0);
  const json::object usage = parse_object(call.usage_json);
  EXPECT_EQ(usage.at("turns"), 2);
  EXPECT_GT(usage.at("tts_characters").to_number<double>(), 0);

  auto wav = audio::read_wav_file(rec->recording_path());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  ASSERT_EQ(wav->frames(), fed.size());
  std::vector<std::int16_t> caller;
  std::vector<std::int16_t> agent;
  for (std::size_t i = 0; i < wav->samples.size(); i += 2) {
    caller.push_back(wav->samples[i]);
    agent.push_back(wav->samples[i + 1]);
  }
  EXPECT_EQ(caller, fed);
  // The agent spoke twice: the welcome from the start, the answer from its first audio out.
  const auto runs = sounding(agent);
  ASSERT_EQ(runs.size(), 2u);
  const auto welcome = tts.samples_for("Hello, thanks for calling.");
  const auto answer = tts.samples_for("We open at nine and close at five every weekday.");
  EXPECT_LE(runs[0].first, 1u);
  EXPECT_NEAR(static_cast<double>(runs[0].second - runs[0].first), static_cast<double>(welcome), 2);
  const auto answer_at = static_cast<double>(*stored[1].first_audio_out_at - kT0) * 16;
  EXPECT_NEAR(static_cast<double>(runs[1].first), answer_at, 320);
  EXPECT_NEAR(static_cast<double>(runs[1].second - runs[1].first), static_cast<double>(answer), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, CallRecordingTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::test::backend_name);

}  // namespace
}  // namespace ovos::engine
