#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "providers/llm.h"

namespace ovos::providers {

/// One rule of a script: when the caller's words match `phrase`, answer `reply`.
struct ScriptRule {
  std::string phrase;  // "*" matches anything (the fallback)
  std::string reply;
  bool end_call = false;  // the reply ends with "[end_call]": hang up after saying it
};

/// Parses rules from prompt text: every line of the form `caller phrase => reply`. Other lines
/// are ignored, so a script can sit inside an ordinary system prompt. A reply ending in
/// "[end_call]" hangs up after it is said.
[[nodiscard]] std::vector<ScriptRule> parse_script(std::string_view prompt);

/// The phrases of `rules` a caller is expected to say (the fallback left out), for recognisers
/// that can constrain themselves to them.
[[nodiscard]] std::vector<std::string> expected_phrases(const std::vector<ScriptRule>& rules);

/// The rule that answers `utterance`: the one whose phrase words appear most in it (at least
/// half of them), earlier rules winning ties, else the "*" rule, else nullptr.
[[nodiscard]] const ScriptRule* match_rule(const std::vector<ScriptRule>& rules,
                                           std::string_view utterance);

/// Timing of a ScriptedLlm's answers, to stand in for a network model in tests and benchmarks.
struct ScriptedLlmTiming {
  std::chrono::milliseconds first_token{0};
  std::chrono::milliseconds between_tokens{0};
};

/// A language model that answers from a script instead of a network: the rules are read from
/// the system message of each request (parse_script). Deterministic and offline: for agents
/// that need fixed answers, for trying an agent with no LLM account, and as the test double of
/// the LLM interface. Streams the reply word by word, can end the call, and can be cancelled.
/// Thread-safe.
class ScriptedLlm final : public LlmProvider {
 public:
  static constexpr std::string_view kName = "scripted";
  static constexpr std::string_view kNoMatchReply = "Sorry, I did not catch that.";

  explicit ScriptedLlm(ScriptedLlmTiming timing = {}) : timing_(timing) {}

  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] std::string_view config_schema() const override {
    return R"json({"type":"object","description":"No settings: the replies are the lines 'caller phrase => reply' of the agent's prompt; a reply ending in [end_call] hangs up after it is said, and '* => reply' answers anything else."})json";
  }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel", "end_call", "offline"};
  }
  [[nodiscard]] std::unique_ptr<LlmCompletion> stream_chat(ChatRequest request,
                                                           core::Executor& events_on,
                                                           LlmEventHandler on_event) override;

 private:
  ScriptedLlmTiming timing_;
};

}  // namespace ovos::providers
