// A reply of an LLM agent: completion, tool calls, tool results, completion again.
#include "agents/types/llm_responder.h"

#include <set>
#include <utility>

#include "core/utf8.h"

namespace ovos::agents {

namespace {

using providers::ChatMessage;
using providers::LlmEvent;
using tools::ToolKind;
using tools::ToolOutcome;

/// One reply in flight. Lives in the unique_ptr the session holds; every callback it hands out
/// is dropped when it is destroyed (the completion's and the tool run's own guarantees), so
/// `this` is never used after.
class LlmReply final : public ReplyInFlight {
 public:
  LlmReply(providers::LlmProvider& llm, providers::ChatRequest request, tools::ToolRunner* tools,
           core::Executor& executor, ReplyHandler on_event)
      : llm_(llm),
        request_(std::move(request)),
        tools_(tools),
        executor_(executor),
        on_event_(std::move(on_event)) {}

  void start() { next_round(); }
  void cancel() override {
    cancelled_ = true;
    completion_.reset();
    tool_run_.reset();
  }

 private:
  void next_round() {
    ++rounds_;
    text_.clear();
    calls_.clear();
    completion_ =
        llm_.stream_chat(request_, executor_, [this](LlmEvent e) { on_llm(std::move(e)); });
  }

  void emit(ReplyEvent event) {
    if (!cancelled_) on_event_(std::move(event));
  }

  void on_llm(LlmEvent e) {
    switch (e.kind) {
      case LlmEvent::Kind::kToken:
        text_ += e.text;
        emit({ReplyEvent::Kind::kText, std::move(e.text), {}, {}, {}, {}});
        return;
      case LlmEvent::Kind::kToolCall:
        calls_.push_back(std::move(e.tool_call));
        return;
      case LlmEvent::Kind::kError:
        completion_.reset();
        emit({ReplyEvent::Kind::kError, {}, {}, {}, {}, std::move(e.error)});
        return;
      case LlmEvent::Kind::kDone:
        completion_.reset();
        if (calls_.empty()) {
          emit({ReplyEvent::Kind::kDone, {}, {}, {}, {}, {}});
        } else {
          begin_tools();
        }
        return;
    }
  }

  void begin_tools() {
    for (auto& call : calls_) {
      if (call.id.empty()) call.id = "call_" + std::to_string(rounds_) + "_" + call.name;
    }
    ChatMessage assistant{ChatMessage::Role::kAssistant, text_, calls_, {}};
    request_.messages.push_back(assistant);
    // The history keeps the exchange without the text, which the session records as said.
    assistant.content.clear();
    round_messages_ = {std::move(assistant)};
    next_call_ = 0;
    run_next_tool();
  }

  void run_next_tool() {
    if (next_call_ >= calls_.size()) {
      finish_tools();
      return;
    }
    const providers::ToolCall& call = calls_[next_call_];
    if (tools_ == nullptr) {
      // No runner: only end_call is understood.
      on_tool_done(
          {call.name == tools::kEndCallTool ? ToolKind::kEndCall : ToolKind::kHttp,
           call.name == tools::kEndCallTool,
           call.name == tools::kEndCallTool ? "the call will end" : "error: no tools are available",
           {},
           0});
      return;
    }
    const tools::ToolSpec* spec = tools::find_tool(tools_->tools(), call.name);
    if (spec != nullptr && spec->kind == ToolKind::kHttp) {
      if (!spec->pre_call_message.empty() && !said_.contains(spec->definition.name)) {
        said_.insert(spec->definition.name);
        emit({ReplyEvent::Kind::kSay, spec->pre_call_message, {}, {}, {}, {}});
      }
      ReplyEvent started{ReplyEvent::Kind::kToolStarted, {}, {}, {}, {}, {}};
      started.tool.name = call.name;
      started.tool.arguments = call.arguments;
      emit(std::move(started));
    }
    tool_run_ = tools_->run(call, executor_, [this](ToolOutcome o) { on_tool_done(std::move(o)); });
  }

  void on_tool_done(ToolOutcome outcome) {
    tool_run_.reset();
    const providers::ToolCall& call = calls_[next_call_];
    if (outcome.kind == ToolKind::kEndCall && outcome.ok) end_call_ = true;
    if (outcome.kind == ToolKind::kTransfer && outcome.ok) transfer_to_ = outcome.transfer_to;
    ChatMessage result{ChatMessage::Role::kTool, outcome.content, {}, call.id};
    request_.messages.push_back(result);
    round_messages_.push_back(std::move(result));
    ++next_call_;
    ReplyEvent event{ReplyEvent::Kind::kToolResult, {}, {}, {}, {}, {}};
    event.tool = {call.name, call.arguments, core::clip_utf8(outcome.content, 1000), outcome.ok,
                  outcome.elapsed_ms};
    if (next_call_ >= calls_.size()) event.messages = std::exchange(round_messages_, {});
    emit(std::move(event));
    if (!cancelled_) run_next_tool();
  }

  void finish_tools() {
    if (!transfer_to_.empty()) {
      emit({ReplyEvent::Kind::kTransfer, transfer_to_, {}, {}, {}, {}});
      emit({ReplyEvent::Kind::kDone, {}, {}, {}, {}, {}});
      return;
    }
    if (end_call_) {
      emit({ReplyEvent::Kind::kEndCall, {}, {}, {}, {}, {}});
      // A model that hangs up without a goodbye says nothing more; one that did is done too.
      emit({ReplyEvent::Kind::kDone, {}, {}, {}, {}, {}});
      return;
    }
    if (rounds_ >= LlmResponder::kMaxToolRounds) {
      request_.tools.clear();  // one last answer, without tools
    }
    if (rounds_ > LlmResponder::kMaxToolRounds) {
      emit({ReplyEvent::Kind::kDone, {}, {}, {}, {}, {}});
      return;
    }
    next_round();
  }

  providers::LlmProvider& llm_;
  providers::ChatRequest request_;
  tools::ToolRunner* tools_;
  core::Executor& executor_;
  ReplyHandler on_event_;
  std::unique_ptr<providers::LlmCompletion> completion_;
  std::unique_ptr<tools::ToolRun> tool_run_;
  bool cancelled_ = false;
  int rounds_ = 0;
  std::string text_;  // this round's text
  std::vector<providers::ToolCall> calls_;
  std::size_t next_call_ = 0;
  std::vector<ChatMessage> round_messages_;
  std::set<std::string, std::less<>> said_;  // tools whose pre_call_message was said
  bool end_call_ = false;
  std::string transfer_to_;
};

}  // namespace

LlmResponder::LlmResponder(providers::LlmProvider& llm, std::string system_prompt,
                           providers::ChatRequest request_template,
                           std::vector<std::string> expected_replies,
                           std::shared_ptr<tools::ToolRunner> tools)
    : llm_(llm),
      system_prompt_(std::move(system_prompt)),
      template_(std::move(request_template)),
      expected_replies_(std::move(expected_replies)),
      tools_(std::move(tools)) {
  if (tools_ != nullptr && template_.tools.empty()) {
    for (const tools::ToolSpec& spec : tools_->tools())
      template_.tools.push_back(spec.definition);
  }
}

std::unique_ptr<ReplyInFlight> LlmResponder::reply(const std::vector<ChatMessage>& history,
                                                   core::Executor& executor,
                                                   ReplyHandler on_event) {
  providers::ChatRequest request = template_;
  request.messages.clear();
  if (!system_prompt_.empty()) {
    request.messages.push_back({ChatMessage::Role::kSystem, system_prompt_, {}, {}});
  }
  request.messages.insert(request.messages.end(), history.begin(), history.end());
  auto reply = std::make_unique<LlmReply>(llm_, std::move(request), tools_.get(), executor,
                                          std::move(on_event));
  reply->start();
  return reply;
}

}  // namespace ovos::agents
