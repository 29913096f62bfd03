#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::engine {

/// What a reply reports, in order: text pieces, maybe an end-call request, then kDone or kError.
struct ReplyEvent {
  enum class Kind { kText, kEndCall, kDone, kError };
  Kind kind = Kind::kText;
  std::string text;
  core::Error error{};
};
using ReplyHandler = std::function<void(ReplyEvent)>;

/// A reply in flight; destroying or cancelling it stops it and no more events arrive.
using ReplyInFlight = providers::LlmCompletion;

/// The agent's mind as the engine sees it: given the conversation so far, produce the next
/// reply as a stream of text. A simple LLM agent, a graph agent or a knowledge-base agent each
/// implement it. One per call; used only on the call's executor.
class Responder {
 public:
  virtual ~Responder() = default;
  /// Starts the reply to `history` (which ends with the caller's message).
  [[nodiscard]] virtual std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) = 0;
  /// What the caller is expected to say next, for recognisers that can use it; empty: anything.
  [[nodiscard]] virtual std::vector<std::string> expected_replies() const { return {}; }
};

/// Bolna's simple_llm_agent: the task's system prompt (with {variables} filled) and the history
/// go to an LLM provider; its tokens are the reply; an "end_call" tool call ends the call.
class LlmResponder final : public Responder {
 public:
  /// `llm` must outlive the responder. `request_template` carries model, temperature, tools.
  LlmResponder(providers::LlmProvider& llm, std::string system_prompt,
               providers::ChatRequest request_template,
               std::vector<std::string> expected_replies = {});

  [[nodiscard]] std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) override;
  [[nodiscard]] std::vector<std::string> expected_replies() const override {
    return expected_replies_;
  }

 private:
  providers::LlmProvider& llm_;
  std::string system_prompt_;
  providers::ChatRequest template_;
  std::vector<std::string> expected_replies_;
};

}  // namespace ovos::engine
