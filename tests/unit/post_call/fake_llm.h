#pragma once

// An LLM double for post-call tests: answers each request with the next scripted reply (a
// text, an error, or silence), and keeps the requests it got.

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/llm.h"

namespace ovos::agents::tasks::testing {

/// One scripted answer: `text` streamed in two tokens, or `error`, or nothing at all.
struct FakeReply {
  std::string text;
  std::optional<core::Error> error;
  bool silent = false;  // never answers (the caller's timeout or stop ends it)

  static FakeReply says(std::string text) {
    FakeReply r;
    r.text = std::move(text);
    return r;
  }
  static FakeReply fails(core::Error error) {
    FakeReply r;
    r.error = std::move(error);
    return r;
  }
  static FakeReply never() {
    FakeReply r;
    r.silent = true;
    return r;
  }
};

/// Registered under a catalogue name ("openai" in these tests). Thread-safe.
class FakeLlm final : public providers::LlmProvider {
 public:
  explicit FakeLlm(std::string name) : name_(std::move(name)) {}

  void script(std::vector<FakeReply> replies) {
    const std::lock_guard lock(mutex_);
    replies_.assign(replies.begin(), replies.end());
  }
  [[nodiscard]] std::vector<providers::ChatRequest> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  [[nodiscard]] int cancelled() const {
    const std::lock_guard lock(mutex_);
    return cancelled_;
  }

  [[nodiscard]] std::string_view name() const override { return name_; }

  std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& events_on,
      providers::LlmEventHandler on_event) override {
    FakeReply reply = FakeReply::says("{}");
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request);
      if (!replies_.empty()) {
        reply = replies_.front();
        replies_.pop_front();
      }
    }
    auto live = std::make_shared<bool>(true);  // read and written on `events_on` only
    if (!reply.silent) {
      events_on.post([live, reply, on_event] {
        const auto event = [](providers::LlmEvent::Kind kind, std::string text = {}) {
          providers::LlmEvent e;
          e.kind = kind;
          e.text = std::move(text);
          return e;
        };
        std::vector<providers::LlmEvent> events;
        if (reply.error) {
          events.push_back(event(providers::LlmEvent::Kind::kError));
          events.back().error = *reply.error;
        } else {
          const std::size_t half = reply.text.size() / 2;
          events.push_back(event(providers::LlmEvent::Kind::kToken, reply.text.substr(0, half)));
          events.push_back(event(providers::LlmEvent::Kind::kToken, reply.text.substr(half)));
          events.push_back(event(providers::LlmEvent::Kind::kDone));
        }
        for (auto& e : events) {
          if (!*live) return;
          on_event(std::move(e));
        }
        *live = false;  // finished: destroying it later is no cancel
      });
    }
    return std::make_unique<Completion>(*this, live);
  }

 private:
  class Completion final : public providers::LlmCompletion {
   public:
    Completion(FakeLlm& owner, std::shared_ptr<bool> live)
        : owner_(owner), live_(std::move(live)) {}
    ~Completion() override { cancel(); }
    void cancel() override {
      if (!*live_) return;
      *live_ = false;
      const std::lock_guard lock(owner_.mutex_);
      ++owner_.cancelled_;
    }

   private:
    FakeLlm& owner_;
    std::shared_ptr<bool> live_;
  };

  std::string name_;
  mutable std::mutex mutex_;
  std::deque<FakeReply> replies_;
  std::vector<providers::ChatRequest> requests_;
  int cancelled_ = 0;
};

}  // namespace ovos::agents::tasks::testing
