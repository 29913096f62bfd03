#pragma once

// A harness for the cloud speech stream tests: the vendor I/O loop, a manual call executor the
// test thread pumps, and the events delivered there; TtsHarness adds a synthesizer's contexts.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/executor.h"
#include "net/event_loop.h"
#include "providers/stt.h"
#include "providers/tts.h"

namespace ovos::providers::testing {

/// "interim:<text>", "final:<text>", "speech", "error:<code>".
inline std::string describe(const SttEvent& event) {
  switch (event.kind) {
    case SttEvent::Kind::kSpeechStarted:
      return "speech";
    case SttEvent::Kind::kInterim:
      return "interim:" + event.text;
    case SttEvent::Kind::kFinal:
      return "final:" + event.text;
    case SttEvent::Kind::kError:
      return "error:" + std::to_string(static_cast<int>(event.error.code));
  }
  return "?";
}

/// Backoffs of 5 to 20 ms, so that retries happen within a test.
template <typename Config>
void retry_fast(Config& config) {
  config.retry.base_backoff = std::chrono::milliseconds(5);
  config.retry.max_backoff = std::chrono::milliseconds(20);
}

class SpeechHarness : public ::testing::Test {
 protected:
  /// Runs the executor until `done` holds or `limit` passes; returns `done()`.
  bool pump_until(const std::function<bool()>& done,
                  std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      executor.run_ready();
      if (done()) return true;
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void pump_for(std::chrono::milliseconds duration) {
    pump_until([] { return false; }, duration);
  }

  SttEventHandler stt_recorder() {
    return [this](SttEvent event) {
      EXPECT_EQ(std::this_thread::get_id(), test_thread);
      stt_events.push_back(std::move(event));
    };
  }
  TtsEventHandler tts_recorder() {
    return [this](TtsEvent event) {
      EXPECT_EQ(std::this_thread::get_id(), test_thread);
      tts_events.push_back(std::move(event));
    };
  }
  [[nodiscard]] std::vector<std::string> stt_described() const {
    std::vector<std::string> out;
    for (const auto& event : stt_events)
      out.push_back(describe(event));
    return out;
  }
  [[nodiscard]] bool has_stt(SttEvent::Kind kind) const {
    for (const auto& event : stt_events)
      if (event.kind == kind) return true;
    return false;
  }

  std::unique_ptr<net::EventLoop> io = net::EventLoop::start("speech-test-io");
  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  std::vector<SttEvent> stt_events;
  std::vector<TtsEvent> tts_events;
  std::thread::id test_thread = std::this_thread::get_id();
};

/// SpeechHarness with a text-to-speech stream: opening it, speaking contexts, and what came back
/// for each context.
class TtsHarness : public SpeechHarness {
 protected:
  std::unique_ptr<TtsStream> open(TtsProvider& provider, const TtsOptions& o) {
    auto stream = provider.open_stream(o, executor, tts_recorder());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }
  void say(TtsStream& stream, TtsContextId context, std::string_view text) {
    stream.push_text(context, text);
    stream.flush(context);
  }
  /// The done or error event of `context`, or nullptr.
  [[nodiscard]] const TtsEvent* end_of(TtsContextId context) const {
    for (const auto& e : tts_events)
      if (e.context == context && e.kind != TtsEvent::Kind::kAudio) return &e;
    return nullptr;
  }
  [[nodiscard]] std::vector<std::int16_t> audio_of(TtsContextId context) const {
    std::vector<std::int16_t> out;
    for (const auto& e : tts_events)
      if (e.context == context && e.kind == TtsEvent::Kind::kAudio)
        out.insert(out.end(), e.samples.begin(), e.samples.end());
    return out;
  }
  bool pump_until_ended(TtsContextId context) {
    return pump_until([&] { return end_of(context) != nullptr; });
  }
};

}  // namespace ovos::providers::testing
