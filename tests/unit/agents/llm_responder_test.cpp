// LlmResponder's tool loop: completion, tools, results back to the model, completion again.
#include "agents/types/llm_responder.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <deque>

#include "core/clock.h"
#include "core/executor.h"

namespace ovos::agents {
namespace {

using providers::ChatMessage;
using providers::LlmEvent;
using Kind = ReplyEvent::Kind;

LlmEvent token(std::string text) {
  return {LlmEvent::Kind::kToken, std::move(text), {}, 0, 0, {}};
}
LlmEvent tool_call(std::string id, std::string name, std::string args) {
  return {
      LlmEvent::Kind::kToolCall, {}, {std::move(id), std::move(name), std::move(args)}, 0, 0, {}};
}
LlmEvent done() {
  return {LlmEvent::Kind::kDone, {}, {}, 0, 0, {}};
}

/// An LLM that answers each request with the next scripted round of events, one per task.
class RoundsLlm final : public providers::LlmProvider {
 public:
  std::deque<std::vector<LlmEvent>> rounds;
  std::vector<providers::ChatRequest> requests;

  std::string_view name() const override { return "rounds"; }
  std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& executor,
      providers::LlmEventHandler on_event) override {
    requests.push_back(std::move(request));
    auto completion = std::make_unique<Completion>();
    std::vector<LlmEvent> events = {done()};
    if (!rounds.empty()) {
      events = std::move(rounds.front());
      rounds.pop_front();
    }
    for (auto& event : events) {
      executor.post([alive = completion->alive, on_event, event]() mutable {
        if (*alive) on_event(std::move(event));
      });
    }
    return completion;
  }

 private:
  struct Completion final : providers::LlmCompletion {
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    ~Completion() override { cancel(); }
    void cancel() override { *alive = false; }
  };
};

/// Tools with canned outcomes, delivered on the executor unless the run was dropped.
class CannedTools final : public tools::ToolRunner {
 public:
  CannedTools() {
    const boost::json::value api_tools = boost::json::parse(R"({
      "tools": [{"name": "lookup", "description": "Order status", "parameters": {}},
                {"name": "transfer_call", "description": "To a person", "parameters": {}}],
      "tools_params": {"lookup": {"url": "http://x/", "pre_call_message": "One moment."}}})");
    specs_ = *tools::parse_api_tools(&api_tools, "en", "$");
  }
  std::map<std::string, tools::ToolOutcome> outcomes;
  std::vector<providers::ToolCall> calls;
  int dropped = 0;
  bool hold = false;  // never answer: the tool is still running

  const std::vector<tools::ToolSpec>& tools() const override { return specs_; }
  std::unique_ptr<tools::ToolRun> run(const providers::ToolCall& call, core::Executor& executor,
                                      std::function<void(tools::ToolOutcome)> done) override {
    calls.push_back(call);
    auto run = std::make_unique<Run>(*this);
    tools::ToolOutcome outcome = outcomes[call.name];
    if (call.name == "end_call") outcome.kind = tools::ToolKind::kEndCall;
    if (call.name == "transfer_call") outcome.kind = tools::ToolKind::kTransfer;
    if (hold) return run;
    executor.post([alive = run->alive, done, outcome]() {
      if (*alive) done(outcome);
    });
    return run;
  }

 private:
  struct Run final : tools::ToolRun {
    explicit Run(CannedTools& owner) : owner_(owner) {}
    ~Run() override {
      if (*alive) ++owner_.dropped;
      *alive = false;
    }
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    CannedTools& owner_;
  };
  std::vector<tools::ToolSpec> specs_;
};

class LlmResponderTest : public ::testing::Test {
 protected:
  void start(LlmResponder& responder) {
    reply_ = responder.reply({{ChatMessage::Role::kUser, "where is my order", {}, {}}}, executor_,
                             [this](ReplyEvent e) { events_.push_back(std::move(e)); });
    EXPECT_TRUE(events_.empty());  // never from inside reply()
    executor_.run_ready();
  }
  std::vector<Kind> kinds() const {
    std::vector<Kind> out;
    for (const auto& e : events_)
      out.push_back(e.kind);
    return out;
  }

  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  RoundsLlm llm_;
  std::shared_ptr<CannedTools> tools_ = std::make_shared<CannedTools>();
  std::unique_ptr<ReplyInFlight> reply_;
  std::vector<ReplyEvent> events_;
};

TEST_F(LlmResponderTest, TokensAreTheReplyAndToolsAreOffered) {
  llm_.rounds.push_back({token("Hello "), token("there."), done()});
  LlmResponder responder(llm_, "Be brief.", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds(), (std::vector<Kind>{Kind::kText, Kind::kText, Kind::kDone}));
  ASSERT_EQ(llm_.requests.size(), 1u);
  const auto& request = llm_.requests[0];
  ASSERT_EQ(request.messages.size(), 2u);
  EXPECT_EQ(request.messages[0].role, ChatMessage::Role::kSystem);
  EXPECT_EQ(request.messages[0].content, "Be brief.");
  ASSERT_EQ(request.tools.size(), 3u);
  EXPECT_EQ(request.tools[0].name, "lookup");
  EXPECT_EQ(request.tools[2].name, "end_call");
}

TEST_F(LlmResponderTest, AToolResultGoesBackToTheModel) {
  llm_.rounds.push_back(
      {token("Let me see"), tool_call("t1", "lookup", R"({"order":"7"})"), done()});
  llm_.rounds.push_back({token("It shipped today."), done()});
  tools_->outcomes["lookup"] = {tools::ToolKind::kHttp, true, R"({"status":"shipped"})", {}, 40};
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds(), (std::vector<Kind>{Kind::kText, Kind::kSay, Kind::kToolStarted,
                                        Kind::kToolResult, Kind::kText, Kind::kDone}));
  EXPECT_EQ(events_[1].text, "One moment.");
  const ReplyEvent& result = events_[3];
  EXPECT_EQ(result.tool.name, "lookup");
  EXPECT_EQ(result.tool.arguments, R"({"order":"7"})");
  EXPECT_TRUE(result.tool.ok);
  EXPECT_EQ(result.tool.elapsed_ms, 40);
  // The history gets the exchange (the spoken text is the session's to record).
  ASSERT_EQ(result.messages.size(), 2u);
  EXPECT_EQ(result.messages[0].role, ChatMessage::Role::kAssistant);
  EXPECT_EQ(result.messages[0].content, "");
  ASSERT_EQ(result.messages[0].tool_calls.size(), 1u);
  EXPECT_EQ(result.messages[1].role, ChatMessage::Role::kTool);
  EXPECT_EQ(result.messages[1].tool_call_id, "t1");
  // The second request carries the call and its result after the caller's message.
  ASSERT_EQ(llm_.requests.size(), 2u);
  const auto& second = llm_.requests[1].messages;
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[1].content, "Let me see");
  EXPECT_EQ(second[1].tool_calls[0].name, "lookup");
  EXPECT_EQ(second[2].content, R"({"status":"shipped"})");
}

TEST_F(LlmResponderTest, AFailedToolIsToldToTheModelWhichAnswersAnyway) {
  llm_.rounds.push_back({tool_call("t1", "lookup", "{}"), done()});
  llm_.rounds.push_back({token("Sorry, I cannot check that right now."), done()});
  tools_->outcomes["lookup"] = {
      tools::ToolKind::kHttp, false, "error: the tool did not answer within 10 s", {}, 10000};
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds().back(), Kind::kDone);
  EXPECT_FALSE(events_[2].tool.ok);
  ASSERT_EQ(llm_.requests.size(), 2u);
  EXPECT_EQ(llm_.requests[1].messages.back().content, "error: the tool did not answer within 10 s");
}

TEST_F(LlmResponderTest, EndCallEndsTheReply) {
  llm_.rounds.push_back({token("Goodbye!"), tool_call("t1", "end_call", "{}"), done()});
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds(),
            (std::vector<Kind>{Kind::kText, Kind::kToolResult, Kind::kEndCall, Kind::kDone}));
  EXPECT_EQ(llm_.requests.size(), 1u);
}

TEST_F(LlmResponderTest, TransferNamesTheNumber) {
  llm_.rounds.push_back({tool_call("t1", "transfer_call", "{}"), done()});
  tools_->outcomes["transfer_call"] = {tools::ToolKind::kTransfer, true, "transferring",
                                       "+15550100", 0};
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds(), (std::vector<Kind>{Kind::kToolResult, Kind::kTransfer, Kind::kDone}));
  EXPECT_EQ(events_[1].text, "+15550100");
}

TEST_F(LlmResponderTest, ToolRoundsAreBounded) {
  for (int i = 0; i < 10; ++i)
    llm_.rounds.push_back({tool_call("t", "lookup", "{}"), done()});
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  EXPECT_EQ(kinds().back(), Kind::kDone);
  ASSERT_EQ(llm_.requests.size(), static_cast<std::size_t>(LlmResponder::kMaxToolRounds + 1));
  EXPECT_TRUE(llm_.requests.back().tools.empty());  // the last answer is without tools
  EXPECT_EQ(tools_->calls.size(), static_cast<std::size_t>(LlmResponder::kMaxToolRounds + 1));
}

TEST_F(LlmResponderTest, CancellingDuringAToolStopsEverything) {
  llm_.rounds.push_back({tool_call("t1", "lookup", "{}"), done()});
  tools_->hold = true;
  LlmResponder responder(llm_, "", {}, {}, tools_);
  start(responder);
  ASSERT_EQ(tools_->calls.size(), 1u);
  EXPECT_EQ(kinds(), (std::vector<Kind>{Kind::kSay, Kind::kToolStarted}));
  reply_.reset();
  EXPECT_EQ(tools_->dropped, 1);
  executor_.run_ready();
  EXPECT_EQ(events_.size(), 2u);
  EXPECT_EQ(llm_.requests.size(), 1u);
}

TEST_F(LlmResponderTest, WithoutToolsEndCallStillWorks) {
  llm_.rounds.push_back({token("Bye."), tool_call("", "end_call", ""), done()});
  LlmResponder responder(llm_, "", {});
  start(responder);
  EXPECT_EQ(kinds(),
            (std::vector<Kind>{Kind::kText, Kind::kToolResult, Kind::kEndCall, Kind::kDone}));
  EXPECT_TRUE(llm_.requests[0].tools.empty());
}

}  // namespace
}  // namespace ovos::agents
