#include "providers/scripted/scripted_llm.h"

#include <algorithm>
#include <memory>
#include <set>

#include "core/words.h"

namespace ovos::providers {

namespace {

constexpr std::string_view kEndCallMarker = "[end_call]";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

/// Splits a reply into stream tokens: each word with the spaces before it, like a model's.
std::vector<std::string> tokens_of(std::string_view reply) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < reply.size()) {
    std::size_t j = i;
    while (j < reply.size() && reply[j] == ' ')
      ++j;
    while (j < reply.size() && reply[j] != ' ')
      ++j;
    tokens.emplace_back(reply.substr(i, j - i));
    i = j;
  }
  return tokens;
}

/// One answer being streamed. Lives in a shared_ptr held by its pending tasks; `cancelled`
/// is read and written on the executor thread only.
struct Stream : std::enable_shared_from_this<Stream> {
  core::Executor* executor = nullptr;
  LlmEventHandler on_event;
  std::vector<std::string> tokens;
  bool end_call = false;
  std::size_t next = 0;
  std::chrono::milliseconds between{0};
  bool cancelled = false;
  core::TimerHandle timer;

  void schedule(std::chrono::milliseconds delay) {
    auto self = shared_from_this();
    if (delay.count() <= 0) {
      executor->post([self] { self->step(); });
    } else {
      timer = executor->post_after(delay, [self] { self->step(); });
    }
  }

  void step() {
    if (cancelled) return;
    if (next < tokens.size()) {
      LlmEvent token;
      token.kind = LlmEvent::Kind::kToken;
      token.text = tokens[next++];
      on_event(std::move(token));
      if (cancelled) return;
      schedule(next < tokens.size() ? between : std::chrono::milliseconds(0));
      return;
    }
    if (end_call) {
      LlmEvent call;
      call.kind = LlmEvent::Kind::kToolCall;
      call.tool_call = ToolCall{"call_end", "end_call", "{}"};
      on_event(std::move(call));
      if (cancelled) return;
    }
    LlmEvent done;
    done.kind = LlmEvent::Kind::kDone;
    done.output_tokens = static_cast<int>(tokens.size());
    cancelled = true;  // finished: nothing more to deliver
    on_event(std::move(done));
  }
};

class ScriptedCompletion final : public LlmCompletion {
 public:
  explicit ScriptedCompletion(std::shared_ptr<Stream> stream) : stream_(std::move(stream)) {}
  ~ScriptedCompletion() override { cancel(); }
  void cancel() override {
    stream_->cancelled = true;
    stream_->timer.cancel();
  }

 private:
  std::shared_ptr<Stream> stream_;
};

}  // namespace

std::vector<ScriptRule> parse_script(std::string_view prompt) {
  std::vector<ScriptRule> rules;
  std::size_t start = 0;
  while (start <= prompt.size()) {
    std::size_t end = prompt.find('\n', start);
    if (end == std::string_view::npos) end = prompt.size();
    const std::string_view line = prompt.substr(start, end - start);
    start = end + 1;
    const std::size_t arrow = line.find("=>");
    if (arrow == std::string_view::npos) continue;
    std::string_view phrase = trim(line.substr(0, arrow));
    std::string_view reply = trim(line.substr(arrow + 2));
    if (phrase.empty() || reply.empty()) continue;
    ScriptRule rule;
    if (reply.size() >= kEndCallMarker.size() &&
        reply.substr(reply.size() - kEndCallMarker.size()) == kEndCallMarker) {
      rule.end_call = true;
      reply = trim(reply.substr(0, reply.size() - kEndCallMarker.size()));
    }
    rule.phrase = std::string(phrase);
    rule.reply = std::string(reply);
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<std::string> expected_phrases(const std::vector<ScriptRule>& rules) {
  std::vector<std::string> phrases;
  for (const ScriptRule& rule : rules) {
    if (rule.phrase != "*") phrases.push_back(rule.phrase);
  }
  return phrases;
}

const ScriptRule* match_rule(const std::vector<ScriptRule>& rules, std::string_view utterance) {
  const std::vector<std::string> heard = core::lower_words(utterance);
  const std::set<std::string> heard_set(heard.begin(), heard.end());
  const ScriptRule* best = nullptr;
  double best_score = 0;
  const ScriptRule* fallback = nullptr;
  for (const ScriptRule& rule : rules) {
    if (rule.phrase == "*") {
      if (fallback == nullptr) fallback = &rule;
      continue;
    }
    const std::vector<std::string> wanted = core::lower_words(rule.phrase);
    if (wanted.empty()) continue;
    const auto found = std::count_if(wanted.begin(), wanted.end(),
                                     [&](const std::string& w) { return heard_set.contains(w); });
    const double score = static_cast<double>(found) / static_cast<double>(wanted.size());
    if (score >= 0.5 && score > best_score) {
      best = &rule;
      best_score = score;
    }
  }
  return best != nullptr ? best : fallback;
}

std::unique_ptr<LlmCompletion> ScriptedLlm::stream_chat(ChatRequest request,
                                                        core::Executor& events_on,
                                                        LlmEventHandler on_event) {
  std::string prompt;
  std::string utterance;
  for (const ChatMessage& m : request.messages) {
    if (m.role == ChatMessage::Role::kSystem) prompt += m.content + "\n";
  }
  for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it) {
    if (it->role == ChatMessage::Role::kUser) {
      utterance = it->content;
      break;
    }
  }
  const std::vector<ScriptRule> rules = parse_script(prompt);
  const ScriptRule* rule = match_rule(rules, utterance);

  auto stream = std::make_shared<Stream>();
  stream->executor = &events_on;
  stream->on_event = std::move(on_event);
  stream->tokens = tokens_of(rule != nullptr ? rule->reply : std::string(kNoMatchReply));
  stream->end_call = rule != nullptr && rule->end_call;
  stream->between = timing_.between_tokens;
  stream->schedule(timing_.first_token);
  return std::make_unique<ScriptedCompletion>(std::move(stream));
}

}  // namespace ovos::providers
