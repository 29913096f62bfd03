#pragma once

// A harness for the cloud speech stream tests: the vendor I/O loop, a manual call executor the
// test thread pumps, and the events delivered there.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
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

}  // namespace ovos::providers::testing
