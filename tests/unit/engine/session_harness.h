#pragma once

// Drives a CallSession on a ManualExecutor in simulated real time: caller audio goes in 20 ms
// at a time while the clock advances 20 ms, and every frame the session sends is kept.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "agents/types/llm_responder.h"
#include "core/executor.h"
#include "engine/call_session.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/scripted/scripted_llm.h"
#include "providers/testing/fake_providers.h"

namespace ovos::engine::testing {

/// Keeps every frame with the manual clock's time when it was delivered.
class RecordingOutput final : public CallOutput {
 public:
  explicit RecordingOutput(const core::Clock& clock) : clock_(clock) {}
  void deliver(OutputFrame frame) override { frames.push_back({clock_.now(), std::move(frame)}); }
  struct Entry {
    std::chrono::steady_clock::time_point at;
    OutputFrame frame;
  };
  std::vector<Entry> frames;

  template <typename T>
  [[nodiscard]] std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : frames) {
      if (const T* f = std::get_if<T>(&e.frame)) out.push_back(*f);
    }
    return out;
  }
  template <typename T>
  [[nodiscard]] std::size_t count() const {
    return all<T>().size();
  }

 private:
  const core::Clock& clock_;
};

/// Keeps every turn state and the outcome.
class MemoryRecorder final : public CallRecorder {
 public:
  void turn(const TurnRecord& record) override {
    turns[record.index] = record;
    ++turn_writes;
  }
  void caller_audio(std::span<const std::int16_t> samples) override {
    caller_samples += samples.size();
  }
  void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) override {
    (void)at_ms;
    agent_samples += samples.size();
  }
  void ended(const CallOutcome& o) override {
    outcome = o;
    ++ended_calls;
  }
  std::map<int, TurnRecord> turns;
  int turn_writes = 0;
  std::size_t caller_samples = 0;
  std::size_t agent_samples = 0;
  CallOutcome outcome;
  int ended_calls = 0;
};

/// Speech of `text` by flite's rms voice at 16 kHz, cached per text.
inline const std::vector<std::int16_t>& speech(const std::string& text) {
  static std::map<std::string, std::vector<std::int16_t>> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto flite = providers::local::FliteSynthesizer::create("rms");
    EXPECT_TRUE(flite.ok());
    auto pcm = flite->synthesize_all(text);
    EXPECT_TRUE(pcm.ok());
    it = cache.emplace(text, std::move(pcm).value()).first;
  }
  return it->second;
}

/// One call under test with fake speech providers and the scripted LLM.
class SessionHarness {
 public:
  explicit SessionHarness(SessionConfig config, std::string script,
                          providers::ScriptedLlmTiming llm_timing = {},
                          providers::testing::FakeTtsProvider::Options tts_options = {})
      : executor(clock),
        output(clock),
        llm(llm_timing),
        tts(tts_options),
        script_copy_(std::move(script)),
        responder(llm, script_copy_, providers::ChatRequest{},
                  providers::expected_phrases(providers::parse_script(script_copy_))) {
    create(std::move(config), &responder);
  }

  /// One call answered by `custom` (which must outlive the harness) instead of the script.
  SessionHarness(SessionConfig config, agents::Responder& custom)
      : executor(clock), output(clock), responder(llm, "", providers::ChatRequest{}) {
    create(std::move(config), &custom);
  }

  /// Feeds `samples` (16 kHz) in 20 ms chunks in real time.
  void say(const std::vector<std::int16_t>& samples) {
    for (std::size_t at = 0; at < samples.size(); at += 320) {
      const std::size_t n = std::min<std::size_t>(320, samples.size() - at);
      session->on_caller_audio(std::span(samples).subspan(at, n));
      executor.advance(std::chrono::milliseconds(20));
    }
  }
  void say(const std::string& text) { say(speech(text)); }
  /// Feeds `ms` of silence in real time.
  void silence(int ms) { say(std::vector<std::int16_t>(static_cast<std::size_t>(ms) * 16, 0)); }
  /// Lets time pass with no caller audio at all (a muted client).
  void wait(int ms) { executor.advance(std::chrono::milliseconds(ms)); }

  [[nodiscard]] std::chrono::milliseconds since_start(
      std::chrono::steady_clock::time_point t) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  }

  void create(SessionConfig config, agents::Responder* answering) {
    SessionProviders p;
    p.stt = &stt;
    p.tts = &tts;
    p.responder = answering;
    auto created = CallSession::create(executor, std::move(config), p, output, &recorder);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    if (created.ok()) session = std::move(created).value();
  }

  core::ManualClock clock;
  core::ManualExecutor executor;
  RecordingOutput output;
  MemoryRecorder recorder;
  providers::testing::FakeSttProvider stt;
  providers::ScriptedLlm llm;
  providers::testing::FakeTtsProvider tts;

 private:
  std::string script_copy_;

 public:
  agents::LlmResponder responder;
  std::unique_ptr<CallSession> session;
};

}  // namespace ovos::engine::testing
