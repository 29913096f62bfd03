#include "providers/scripted/scripted_llm.h"

#include <gtest/gtest.h>

namespace ovos::providers {
namespace {

using namespace std::chrono_literals;

TEST(ScriptedLlmTest, ParsesRulesInsideAPrompt) {
  const auto rules = parse_script(
      "You are a receptionist.\n"
      "opening hours => Nine to five.\n"
      "  bye =>  Goodbye! [end_call]\n"
      "no arrow here\n"
      " => no phrase\n"
      "* => Pardon?");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].phrase, "opening hours");
  EXPECT_EQ(rules[0].reply, "Nine to five.");
  EXPECT_TRUE(rules[1].end_call);
  EXPECT_EQ(rules[1].reply, "Goodbye!");
  EXPECT_EQ(expected_phrases(rules), (std::vector<std::string>{"opening hours", "bye"}));
}

TEST(ScriptedLlmTest, MatchesByWordsAndFallsBack) {
  const auto rules = parse_script("opening hours => A\nbook a table => B\n* => C");
  EXPECT_EQ(match_rule(rules, "What are your OPENING hours?")->reply, "A");
  EXPECT_EQ(match_rule(rules, "I'd like to book a table")->reply, "B");
  EXPECT_EQ(match_rule(rules, "the weather")->reply, "C");
  EXPECT_EQ(match_rule(parse_script("x => y"), "nothing"), nullptr);
}

TEST(ScriptedLlmTest, StreamsWordByWordThenDoneAndCanBeCancelled) {
  core::ManualClock clock;
  core::ManualExecutor executor(clock);
  ScriptedLlm llm({.first_token = 100ms, .between_tokens = 10ms});
  ChatRequest request;
  request.messages.push_back({ChatMessage::Role::kSystem, "hi => Hello there friend.", {}, {}});
  request.messages.push_back({ChatMessage::Role::kUser, "hi", {}, {}});
  std::vector<LlmEvent> events;
  auto completion = llm.stream_chat(request, executor, [&](LlmEvent e) { events.push_back(e); });
  executor.advance(99ms);
  EXPECT_TRUE(events.empty());
  executor.advance(1ms);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].text, "Hello");
  executor.advance(100ms);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].text, " there");
  EXPECT_EQ(events[3].kind, LlmEvent::Kind::kDone);

  events.clear();
  auto second = llm.stream_chat(request, executor, [&](LlmEvent e) { events.push_back(e); });
  executor.advance(105ms);
  second->cancel();
  executor.advance(1000ms);
  EXPECT_EQ(events.size(), 1u);
}

TEST(ScriptedLlmTest, EndCallRuleAsksToHangUp) {
  core::ManualClock clock;
  core::ManualExecutor executor(clock);
  ScriptedLlm llm;
  ChatRequest request;
  request.messages.push_back({ChatMessage::Role::kSystem, "bye => Bye. [end_call]", {}, {}});
  request.messages.push_back({ChatMessage::Role::kUser, "bye", {}, {}});
  std::vector<LlmEvent> events;
  auto completion = llm.stream_chat(request, executor, [&](LlmEvent e) { events.push_back(e); });
  executor.run_ready();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].kind, LlmEvent::Kind::kToolCall);
  EXPECT_EQ(events[1].tool_call.name, "end_call");
}

}  // namespace
}  // namespace ovos::providers
