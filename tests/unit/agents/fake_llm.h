#pragma once

// An LlmProvider for agent tests: answers each request with the next scripted list of events,
// delivered on the executor, and keeps every request it got.

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "providers/llm.h"

namespace ovos::agents::testing {

/// Scripted LLM. Each stream_chat takes the next script (none left: a kDone with no output).
/// Events are posted to the executor one task per event (after `delay` when set); a cancelled
/// or destroyed completion delivers nothing more. Used on one thread.
class FakeLlm final : public providers::LlmProvider {
 public:
  explicit FakeLlm(std::string name = "fake-llm") : name_(std::move(name)) {}

  /// The next request's answer: these events, then kDone (unless they end in kError).
  void script(std::vector<providers::LlmEvent> events) { scripts_.push_back(std::move(events)); }
  /// The next request calls `function` with `arguments`.
  void script_call(std::string function, std::string arguments = "{}") {
    providers::LlmEvent call;
    call.kind = providers::LlmEvent::Kind::kToolCall;
    call.tool_call = {"call_1", std::move(function), std::move(arguments)};
    script({call});
  }
  /// The next request says `text` (one token per word).
  void script_text(const std::string& text) {
    std::vector<providers::LlmEvent> events;
    std::string word;
    for (const char c : text) {
      word += c;
      if (c == ' ') {
        events.push_back({providers::LlmEvent::Kind::kToken, word, {}, 0, 0, {}});
        word.clear();
      }
    }
    if (!word.empty()) events.push_back({providers::LlmEvent::Kind::kToken, word, {}, 0, 0, {}});
    script(std::move(events));
  }
  /// The next request fails.
  void script_error(std::string message) {
    providers::LlmEvent e;
    e.kind = providers::LlmEvent::Kind::kError;
    e.error = core::Error::unavailable(std::move(message));
    script({e});
  }

  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& events_on,
      providers::LlmEventHandler on_event) override {
    requests.push_back(std::move(request));
    std::vector<providers::LlmEvent> events;
    if (!scripts_.empty()) {
      events = std::move(scripts_.front());
      scripts_.pop_front();
    }
    if (events.empty() || events.back().kind != providers::LlmEvent::Kind::kError) {
      events.push_back({providers::LlmEvent::Kind::kDone, {}, {}, 0, 0, {}});
    }
    auto completion = std::make_unique<Completion>(*this);
    auto state = completion->state;
    auto handler = std::make_shared<providers::LlmEventHandler>(std::move(on_event));
    for (auto& event : events) {
      auto deliver = [state, handler, event = std::move(event)]() mutable {
        if (!state->alive) return;
        const bool last = event.kind == providers::LlmEvent::Kind::kDone ||
                          event.kind == providers::LlmEvent::Kind::kError;
        if (last) state->finished = true;
        auto keep = handler;  // the handler may destroy the completion
        (*keep)(std::move(event));
      };
      if (delay.count() > 0) {
        (void)events_on.post_after(delay, std::move(deliver));
      } else {
        events_on.post(std::move(deliver));
      }
    }
    return completion;
  }

  std::chrono::milliseconds delay{0};  // before the events of a request arrive
  std::vector<providers::ChatRequest> requests;
  int cancelled = 0;  // completions cancelled or destroyed before their kDone

 private:
  struct State {
    bool alive = true;
    bool finished = false;
  };
  struct Completion final : providers::LlmCompletion {
    explicit Completion(FakeLlm& llm) : owner(llm) {}
    ~Completion() override { cancel(); }
    void cancel() override {
      if (state->alive && !state->finished) ++owner.cancelled;
      state->alive = false;
    }
    FakeLlm& owner;
    std::shared_ptr<State> state = std::make_shared<State>();
  };

  std::string name_;
  std::deque<std::vector<providers::LlmEvent>> scripts_;
};

}  // namespace ovos::agents::testing
