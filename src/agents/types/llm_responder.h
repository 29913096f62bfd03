#pragma once

#include <memory>
#include <string>
#include <vector>

#include "agents/responder.h"
#include "agents/tools/tool_runner.h"

namespace ovos::agents {

/// Bolna's simple_llm_agent: the task's system prompt (with {variables} filled) and the history
/// go to an LLM provider and its tokens are the reply. When the model calls tools, they run
/// (HTTP tools through the ToolRunner, with their pre_call_message said meanwhile), their
/// results go back to the model and it answers again, up to kMaxToolRounds times; end_call and
/// transfer tools become call actions.
class LlmResponder final : public Responder {
 public:
  static constexpr int kMaxToolRounds = 4;

  /// `llm` must outlive the responder; `tools` may be null (no tools offered).
  /// `request_template` carries model, temperature, max_tokens and credentials.
  LlmResponder(providers::LlmProvider& llm, std::string system_prompt,
               providers::ChatRequest request_template,
               std::vector<std::string> expected_replies = {},
               std::shared_ptr<tools::ToolRunner> tools = nullptr);

  [[nodiscard]] std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) override;
  [[nodiscard]] std::vector<std::string> expected_replies() const override {
    return expected_replies_;
  }
  /// Replaces the system prompt (a graph agent's node, a knowledge base's passages).
  void set_system_prompt(std::string prompt) { system_prompt_ = std::move(prompt); }
  [[nodiscard]] const std::string& system_prompt() const { return system_prompt_; }

 private:
  providers::LlmProvider& llm_;
  std::string system_prompt_;
  providers::ChatRequest template_;
  std::vector<std::string> expected_replies_;
  std::shared_ptr<tools::ToolRunner> tools_;
};

}  // namespace ovos::agents
