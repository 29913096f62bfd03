#pragma once

// Fixtures for the OpenAI stream provider tests: the chunks a server streams, and a harness
// with an I/O loop, a manual call executor pumped by the test thread, and the events received.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/executor.h"
#include "core/metrics.h"
#include "llm_test_support.h"
#include "net/event_loop.h"
#include "providers/llm.h"
#include "providers/llm/openai/openai_provider_config.h"

namespace ovos::providers::testing {

/// A `chat.completion.chunk` whose choice 0 has `delta` and `finish_reason` (JSON texts).
inline std::string chunk_json(std::string_view delta, std::string_view finish_reason = "null") {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",)"
         R"("choices":[{"index":0,"delta":)" +
         std::string(delta) + R"(,"finish_reason":)" + std::string(finish_reason) + "}]}";
}
inline std::string role_chunk() {
  return chunk_json(R"({"role":"assistant","content":""})");
}
inline std::string token_chunk(std::string_view text) {
  return chunk_json(R"({"content":)" + json_string(text) + "}");
}
inline std::string stop_chunk(std::string_view reason = "stop") {
  return chunk_json("{}", json_string(reason));
}
inline std::string usage_chunk(int prompt, int completion) {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",)"
         R"("choices":[],"usage":{"prompt_tokens":)" +
         std::to_string(prompt) + R"(,"completion_tokens":)" + std::to_string(completion) +
         R"(,"total_tokens":)" + std::to_string(prompt + completion) + "}}";
}

/// An I/O loop for the provider, a ManualExecutor the test thread pumps as the call's
/// executor, and the events delivered there.
class StreamHarness : public ::testing::Test {
 protected:
  /// A provider config for the fake server at `url` (answering under `/v1`), with short
  /// backoffs and this harness's metrics registry.
  openai::OpenAiProviderConfig config_for(const std::string& url) {
    openai::OpenAiProviderConfig config;
    config.default_base_url = url + "/v1";
    config.retry.base_backoff = std::chrono::milliseconds(10);
    config.retry.max_backoff = std::chrono::milliseconds(50);
    config.metrics = &metrics;
    return config;
  }

  /// A handler that records events and checks they run on the test thread.
  LlmEventHandler recorder() {
    return [this](LlmEvent event) {
      EXPECT_EQ(std::this_thread::get_id(), test_thread);
      events.push_back(std::move(event));
    };
  }

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
  /// Runs the executor for `duration` whatever happens.
  void pump_for(std::chrono::milliseconds duration) {
    pump_until([] { return false; }, duration);
  }
  /// Runs the executor until a kDone or kError arrived.
  bool pump_until_finished() {
    return pump_until([this] {
      return !events.empty() && (events.back().kind == LlmEvent::Kind::kDone ||
                                 events.back().kind == LlmEvent::Kind::kError);
    });
  }
  [[nodiscard]] std::vector<std::string> described() const { return describe(events); }

  std::unique_ptr<net::EventLoop> io = net::EventLoop::start("llm-test-io");
  core::MetricsRegistry metrics;
  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  std::vector<LlmEvent> events;
  std::thread::id test_thread = std::this_thread::get_id();
};

}  // namespace ovos::providers::testing
