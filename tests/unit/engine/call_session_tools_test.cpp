// A call whose agent uses tools: the pre-call message is said while the tool runs, the caller
// cannot cut a running tool, results and tool calls land in the turn log and the history, and a
// transfer ends the call with where to.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <deque>

#include "session_harness.h"

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;
using providers::LlmEvent;
using testing::SessionHarness;

/// An LLM whose n-th request gets the n-th scripted round, one event every 50 ms.
class TimedRoundsLlm final : public providers::LlmProvider {
 public:
  std::deque<std::vector<LlmEvent>> rounds;
  std::vector<providers::ChatRequest> requests;

  std::string_view name() const override { return "timed-rounds"; }
  std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& executor,
      providers::LlmEventHandler on_event) override {
    requests.push_back(std::move(request));
    auto completion = std::make_unique<Completion>();
    std::vector<LlmEvent> events{{LlmEvent::Kind::kToken, "Okay.", {}, 0, 0, {}},
                                 {LlmEvent::Kind::kDone, {}, {}, 0, 0, {}}};
    if (!rounds.empty()) {
      events = std::move(rounds.front());
      rounds.pop_front();
    }
    auto delay = 50ms;
    for (auto& event : events) {
      completion->timers.push_back(
          executor.post_after(delay, [alive = completion->alive, on_event, event]() mutable {
            if (*alive) on_event(std::move(event));
          }));
      delay += 50ms;
    }
    return completion;
  }

 private:
  struct Completion final : providers::LlmCompletion {
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    std::vector<core::TimerHandle> timers;
    ~Completion() override { cancel(); }
    void cancel() override {
      *alive = false;
      for (auto& t : timers)
        t.cancel();
    }
  };
};

/// Tools that answer after `delay` (a slow booking system).
class SlowTools final : public agents::tools::ToolRunner {
 public:
  explicit SlowTools(std::chrono::milliseconds delay) : delay_(delay) {
    const boost::json::value api_tools = boost::json::parse(R"({
      "tools": [{"name": "book", "description": "Book a table", "parameters": {}},
                {"name": "transfer_call", "description": "To a person", "parameters": {}}],
      "tools_params": {"book": {"url": "http://x/", "pre_call_message": "Let me book that."},
                       "transfer_call": {"param": {"call_transfer_number": "+15550100"}}}})");
    specs_ = *agents::tools::parse_api_tools(&api_tools, "en", "$");
  }
  int runs = 0;
  const std::vector<agents::tools::ToolSpec>& tools() const override { return specs_; }
  std::unique_ptr<agents::tools::ToolRun> run(
      const providers::ToolCall& call, core::Executor& executor,
      std::function<void(agents::tools::ToolOutcome)> done) override {
    ++runs;
    agents::tools::ToolOutcome outcome{
        agents::tools::ToolKind::kHttp, true, R"({"booked":true})", {}, delay_.count()};
    if (call.name == "transfer_call") {
      outcome = {agents::tools::ToolKind::kTransfer, true, "transferring", "+15550100", 0};
    }
    auto run = std::make_unique<Run>();
    run->timer = executor.post_after(delay_, [done, outcome] { done(outcome); });
    return run;
  }

 private:
  struct Run final : agents::tools::ToolRun {
    core::TimerHandle timer;
    ~Run() override { timer.cancel(); }
  };
  std::chrono::milliseconds delay_;
  std::vector<agents::tools::ToolSpec> specs_;
};

LlmEvent token(std::string text) {
  return {LlmEvent::Kind::kToken, std::move(text), {}, 0, 0, {}};
}
LlmEvent call(std::string name) {
  return {LlmEvent::Kind::kToolCall, {}, {"t-" + name, name, "{}"}, 0, 0, {}};
}
LlmEvent done() {
  return {LlmEvent::Kind::kDone, {}, {}, 0, 0, {}};
}

SessionConfig config() {
  SessionConfig c;
  c.welcome_message = "Hello.";
  c.turn.endpointing = 400ms;
  c.check_if_user_online = false;
  c.hangup_after_silence = 0ms;
  c.max_duration = 0ms;
  return c;
}

TEST(CallSessionToolsTest, AToolRunsWhileItsMessageIsSaidAndIsNotCutByTheCaller) {
  TimedRoundsLlm llm;
  llm.rounds.push_back({token("Sure"), call("book"), done()});
  llm.rounds.push_back({token("Your table is booked for eight."), done()});
  llm.rounds.push_back({token("You are welcome."), done()});
  auto tools = std::make_shared<SlowTools>(5000ms);
  agents::LlmResponder responder(llm, "You book tables.", {}, {}, tools);
  SessionHarness h(config(), responder);
  h.session->start();
  h.silence(1500);
  h.stt.script("book a table for eight");
  h.say("Book a table for eight.");
  h.silence(1200);  // the reply started; the tool is running
  ASSERT_EQ(tools->runs, 1);
  const std::size_t clears = h.output.count<ClearFrame>();
  h.stt.script("and make it by the window please");
  h.say("And make it by the window please.");
  h.silence(7000);
  EXPECT_EQ(h.output.count<ClearFrame>(), clears);  // not cut

  const TurnRecord& turn = h.recorder.turns.at(1);
  EXPECT_FALSE(turn.interrupted);
  EXPECT_EQ(turn.agent_text, "Sure Let me book that. Your table is booked for eight.");
  ASSERT_EQ(turn.tools.size(), 1u);
  EXPECT_EQ(turn.tools[0].name, "book");
  EXPECT_EQ(turn.tools[0].result, R"({"booked":true})");
  EXPECT_EQ(turn.tools[0].elapsed_ms, 5000);
  // The "Sure" before the tool was spoken on its own, then the message, then the answer.
  const auto& texts = h.tts.stats().texts;
  ASSERT_GE(texts.size(), 4u);
  EXPECT_EQ(texts[1], "Sure");
  EXPECT_EQ(texts[2], "Let me book that.");
  EXPECT_EQ(texts[3], "Your table is booked for eight.");
  // The caller's words said during the tool were answered next, after the tool's exchange.
  ASSERT_EQ(llm.requests.size(), 3u);
  const auto& history = llm.requests[2].messages;
  ASSERT_EQ(history.size(), 7u);  // system, welcome, caller, tool call, result, answer, caller
  EXPECT_EQ(history[2].content, "book a table for eight");
  EXPECT_EQ(history[3].tool_calls.at(0).name, "book");
  EXPECT_EQ(history[4].role, providers::ChatMessage::Role::kTool);
  EXPECT_EQ(history[5].content, "Sure Let me book that. Your table is booked for eight.");
  EXPECT_EQ(history[6].content, "and make it by the window please");
}

TEST(CallSessionToolsTest, ATransferEndsTheCallWithWhereTo) {
  TimedRoundsLlm llm;
  llm.rounds.push_back({token("I will put you through."), call("transfer_call"), done()});
  auto tools = std::make_shared<SlowTools>(10ms);
  agents::LlmResponder responder(llm, "", {}, {}, tools);
  SessionHarness h(config(), responder);
  h.session->start();
  h.silence(1500);
  h.stt.script("a person please");
  h.say("A person please.");
  h.silence(4000);
  ASSERT_TRUE(h.session->ended());
  EXPECT_EQ(h.session->hangup_reason(), "transfer");
  const auto ends = h.output.all<EndFrame>();
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].reason, "transfer");
  EXPECT_EQ(ends[0].transfer_to, "+15550100");
  EXPECT_EQ(h.recorder.turns.at(1).agent_text, "I will put you through.");  // said first
}

}  // namespace
}  // namespace ovos::engine

namespace ovos::engine {
namespace {

/// Answers every turn with "Okay." and an external event with a fixed sentence.
class EventResponder final : public agents::Responder {
 public:
  explicit EventResponder(providers::LlmProvider& llm) : inner_(llm, "", {}) {}
  std::unique_ptr<agents::ReplyInFlight> reply(const std::vector<providers::ChatMessage>& history,
                                               core::Executor& executor,
                                               agents::ReplyHandler on_event) override {
    return inner_.reply(history, executor, std::move(on_event));
  }
  std::string on_call_event(std::string_view event) override {
    events.emplace_back(event);
    return event == "payment_received" ? "Thank you, your payment has arrived." : "";
  }
  std::vector<std::string> events;

 private:
  agents::LlmResponder inner_;
};

TEST(CallSessionEventsTest, AnExternalEventMakesTheAgentSpeak) {
  TimedRoundsLlm llm;
  EventResponder responder(llm);
  SessionHarness h(config(), responder);
  h.session->start();
  h.silence(1500);
  h.session->on_call_event("unknown_event");  // the agent has nothing to say to it
  h.session->on_call_event("payment_received");
  h.silence(3000);
  EXPECT_EQ(responder.events, (std::vector<std::string>{"unknown_event", "payment_received"}));
  const TurnRecord& turn = h.recorder.turns.at(1);
  EXPECT_EQ(turn.kind, "event");
  EXPECT_EQ(turn.agent_text, "Thank you, your payment has arrived.");
  EXPECT_FALSE(h.session->ended());
}

}  // namespace
}  // namespace ovos::engine
