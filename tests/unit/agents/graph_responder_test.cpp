// GraphResponder with no LLM: walking the graph with expression, unconditional, event and
// locally routed edges, static answers and the end of the call.
#include "agents/types/graph_responder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "graph_test_util.h"

namespace ovos::agents {
namespace {

using testing::Conversation;
using testing::graph_from;
using Route = std::vector<std::string>;

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(GraphResponderTest, TheDemoReceptionistWalksAWholeCall) {
  GraphResponder responder(testing::demo_graph(), {});
  Conversation call(responder);
  EXPECT_EQ(responder.current_node(), "main_menu");

  auto turn = call.say("what are your opening hours");
  EXPECT_TRUE(turn.done);
  EXPECT_EQ(turn.route, Route{"hours"});
  EXPECT_NE(turn.text.find("Monday to Friday"), std::string::npos);
  EXPECT_FALSE(turn.end_call);
  EXPECT_EQ(responder.current_node(), "hours");

  // hours -> main_menu (catch-all) -> booking: routers are passed in the same turn.
  turn = call.say("I would like to book an appointment");
  EXPECT_EQ(turn.route, (Route{"main_menu", "booking"}));
  EXPECT_NE(turn.text.find("Which day"), std::string::npos);

  turn = call.say("wednesday please");
  EXPECT_EQ(turn.route, Route{"booked_wednesday"});
  EXPECT_NE(turn.text.find("booked for Wednesday"), std::string::npos);

  turn = call.say("what's the weather like");
  EXPECT_EQ(turn.route, (Route{"main_menu", "not_understood"}));

  turn = call.say("talk to a person");
  EXPECT_EQ(turn.route, (Route{"main_menu", "person"}));
  turn = call.say("no thanks");
  EXPECT_EQ(turn.route, Route{"anything_else"});

  turn = call.say("no that's all, goodbye");
  EXPECT_EQ(turn.route, (Route{"main_menu", "goodbye"}));
  EXPECT_EQ(turn.text, "Thank you for calling Sunny Dental. Goodbye!");
  EXPECT_TRUE(turn.end_call);
  // The route first, then the words, then the hang-up, then done.
  ASSERT_EQ(turn.events.size(), 5u);
  EXPECT_EQ(turn.events[2].kind, ReplyEvent::Kind::kText);
  EXPECT_EQ(turn.events[3].kind, ReplyEvent::Kind::kEndCall);
  EXPECT_EQ(turn.events[4].kind, ReplyEvent::Kind::kDone);
}

TEST(GraphResponderTest, StaysAndAsksAgainWhenNothingFitsAndThereIsNoCatchAll) {
  GraphResponder responder(graph_from(R"({
    "nodes": [
      {"id": "ask", "node_type": "static", "static_message": "Shall I book it? Yes or no?",
       "examples": {"yes": "yes | sure", "no": "no | not now"},
       "edges": [{"to_node_id": "yes"}, {"to_node_id": "no"}]},
      {"id": "yes", "node_type": "static", "static_message": "Booked."},
      {"id": "no", "node_type": "static", "static_message": "Not booked."}]})"),
                           {});
  Conversation call(responder);
  auto turn = call.say("purple elephants");
  EXPECT_EQ(turn.route, Route{"ask"});
  EXPECT_EQ(turn.text, "Sorry, I didn't catch that. Shall I book it? Yes or no?");
  EXPECT_FALSE(turn.end_call);
  EXPECT_EQ(responder.current_node(), "ask");
  turn = call.say("sure");
  EXPECT_EQ(turn.route, Route{"yes"});
  EXPECT_EQ(turn.text, "Booked.");
  EXPECT_TRUE(turn.end_call);  // a static node with no edges is the end
}

constexpr const char* kTiers = R"({
  "nodes": [
    {"id": "start", "node_type": "static", "static_message": "Hello.",
     "examples": {"llm_target": "yes"},
     "edges": [
       {"to_node_id": "fallback", "condition_type": "unconditional"},
       {"to_node_id": "llm_target", "condition": "agrees"},
       {"to_node_id": "adult", "condition_type": "expression", "priority": 2,
        "expression": {"conditions": [{"variable": "age", "operator": "gte", "value": 18}]}},
       {"to_node_id": "hindi", "condition_type": "expression", "priority": 1,
        "expression": {"logic": "or", "conditions": [
          {"variable": "language", "operator": "eq", "value": "hi"},
          {"variable": "language", "operator": "eq", "value": "mr"}]}}]},
    {"id": "fallback", "node_type": "static", "static_message": "Fallback."},
    {"id": "llm_target", "node_type": "static", "static_message": "You agreed."},
    {"id": "adult", "node_type": "static", "static_message": "Adult."},
    {"id": "hindi", "node_type": "static", "static_message": "Namaste."}]})";

std::string first_route(const std::map<std::string, std::string>& variables,
                        const std::string& said) {
  GraphResponderOptions options;
  options.variables = variables;
  GraphResponder responder(graph_from(kTiers), options);
  Conversation call(responder);
  const auto turn = call.say(said);
  return turn.route.empty() ? "" : turn.route.back();
}

TEST(GraphResponderTest, ExpressionsFirstByPriorityThenLlmEdgesThenTheCatchAll) {
  EXPECT_EQ(first_route({{"language", "hi"}, {"age", "34"}}, "yes"), "hindi");
  EXPECT_EQ(first_route({{"language", "mr"}}, "yes"), "hindi");
  EXPECT_EQ(first_route({{"language", "en"}, {"age", "34"}}, "yes"), "adult");
  EXPECT_EQ(first_route({{"language", "en"}, {"age", "12"}}, "yes"), "llm_target");
  EXPECT_EQ(first_route({{"language", "en"}}, "banana"), "fallback");
}

constexpr const char* kRouters = R"({
  "context_data": {"account": {"tier": "basic"}},
  "nodes": [
    {"id": "start", "node_type": "static", "static_message": "What can I do for you?",
     "edges": [{"to_node_id": "by_tier", "condition_type": "unconditional"}]},
    {"id": "by_tier", "node_type": "router",
     "edges": [
       {"to_node_id": "gold_router", "condition_type": "expression",
        "expression": {"conditions": [{"variable": "account.tier", "operator": "in", "value": ["gold", "platinum"]}]}},
       {"to_node_id": "basic", "condition_type": "unconditional"}]},
    {"id": "gold_router", "node_type": "router",
     "examples": {"gold_desk": "concierge | lounge access"},
     "edges": [{"to_node_id": "gold_desk", "condition": "wants the concierge"},
               {"to_node_id": "basic", "condition_type": "unconditional"}]},
    {"id": "gold_desk", "node_type": "static", "static_message": "Concierge, {account.tier} desk."},
    {"id": "basic", "node_type": "static", "static_message": "Basic desk."}]})";

TEST(GraphResponderTest, FollowsRouterChainsInOneTurn) {
  GraphResponder basic_responder(graph_from(kRouters), {});
  Conversation basic_call(basic_responder);
  EXPECT_EQ(basic_call.say("the concierge please").route, (Route{"by_tier", "basic"}));

  // A call variable replaces context_data at the top level; dotted names still reach into it.
  auto graph = graph_from(kRouters);
  boost::json::object changed = graph->context;
  changed["account"].as_object()["tier"] = "platinum";
  auto platinum = std::make_shared<GraphAgent>(*graph);
  platinum->context = changed;
  GraphResponder responder(platinum, {});
  Conversation call(responder);
  auto turn = call.say("the concierge please");
  EXPECT_EQ(turn.route, (Route{"by_tier", "gold_router", "gold_desk"}));
  EXPECT_EQ(turn.text, "Concierge, platinum desk.");
}

TEST(GraphResponderTest, ARouterLoopIsCutAfterABoundedNumberOfSteps) {
  // The validator refuses router cycles; a graph that skipped it must still not spin.
  GraphResponder responder(graph_from(R"({
    "current_node_id": "a",
    "nodes": [
      {"id": "a", "node_type": "router", "edges": [{"to_node_id": "b", "condition_type": "unconditional"}]},
      {"id": "b", "node_type": "router", "edges": [{"to_node_id": "a", "condition_type": "unconditional"}]}]})"),
                           {});
  Conversation call(responder);
  const auto turn = call.say("hello");
  EXPECT_TRUE(turn.error);
  EXPECT_FALSE(turn.done);
  EXPECT_NE(turn.error_message.find("router"), std::string::npos);
  EXPECT_TRUE(turn.text.empty());
}

TEST(GraphResponderTest, AnLlmNodeWithoutAnLlmIsAnError) {
  GraphResponder responder(graph_from(R"({"nodes": [{"id": "talk", "prompt": "Chat."}]})"), {});
  Conversation call(responder);
  const auto turn = call.say("hello");
  EXPECT_TRUE(turn.error);
  EXPECT_NE(turn.error_message.find("talk"), std::string::npos);
}

constexpr const char* kEvents = R"({
  "nodes": [
    {"id": "menu", "node_type": "static", "static_message": "Menu.",
     "examples": {"hours": "hours"},
     "edges": [{"to_node_id": "hours"},
               {"to_node_id": "after_event", "condition_type": "event", "event_name": "callback_requested"},
               {"to_node_id": "menu", "condition_type": "unconditional"}]},
    {"id": "after_event", "node_type": "router",
     "edges": [{"to_node_id": "callback", "condition_type": "unconditional"}]},
    {"id": "callback", "node_type": "static", "static_message": "We will call you back.",
     "examples": {"hours": "hours"}, "edges": [{"to_node_id": "hours"}]},
    {"id": "hours", "node_type": "static", "static_message": "Nine to five."}]})";

TEST(GraphResponderTest, EventEdgesMoveOnCallEvents) {
  GraphResponder responder(graph_from(kEvents), {});
  Conversation call(responder);
  // The event's name said aloud is not the event.
  EXPECT_EQ(call.say("callback requested").route, Route{"menu"});
  EXPECT_EQ(responder.on_call_event("payment_received"), "");
  EXPECT_EQ(responder.current_node(), "menu");

  EXPECT_EQ(responder.on_call_event("callback_requested"), "We will call you back.");
  EXPECT_EQ(responder.current_node(), "callback");
  // The nodes the event went through are reported with the next turn.
  const auto turn = call.say("hours");
  EXPECT_EQ(turn.route, (Route{"after_event", "callback", "hours"}));
  EXPECT_EQ(turn.text, "Nine to five.");
}

TEST(GraphResponderTest, ATurnAskedAgainWithMoreWordsStartsWhereTheFirstStarted) {
  GraphResponder responder(testing::demo_graph(), {});
  Conversation call(responder);
  EXPECT_EQ(call.say("book").route, Route{"booking"});
  // The engine heard more, dropped that reply and asks again for the same turn.
  call.history.pop_back();  // the answer
  call.history.pop_back();  // the first words
  const auto turn = call.say("book an appointment on monday");
  EXPECT_EQ(turn.route, Route{"booking"});  // not booked_monday: routed from main_menu again
  // The next turn is a new one.
  EXPECT_EQ(call.say("monday").route, Route{"booked_monday"});
}

TEST(GraphResponderTest, ExpectedRepliesAreTheExamplesReachableFromTheCurrentNode) {
  GraphResponder responder(testing::demo_graph(), {});
  Conversation call(responder);
  auto expected = responder.expected_replies();
  EXPECT_TRUE(contains(expected, "opening hours"));
  EXPECT_TRUE(contains(expected, "goodbye"));
  EXPECT_FALSE(contains(expected, "monday"));
  (void)call.say("book an appointment");
  expected = responder.expected_replies();
  EXPECT_TRUE(contains(expected, "monday"));         // the node's own edges
  EXPECT_TRUE(contains(expected, "opening hours"));  // through its catch-all to main_menu
  EXPECT_EQ(std::count(expected.begin(), expected.end(), "an appointment"), 1);

  // An llm edge without examples means anything may be said.
  GraphResponder open(graph_from(R"({"nodes": [
      {"id": "a", "node_type": "static", "static_message": "Hi", "examples": {"b": "yes"},
       "edges": [{"to_node_id": "b"}, {"to_node_id": "c", "condition": "anything else"}]},
      {"id": "b", "node_type": "static", "static_message": "B"},
      {"id": "c", "node_type": "static", "static_message": "C"}]})"),
                      {});
  EXPECT_TRUE(open.expected_replies().empty());
}

TEST(GraphResponderTest, RepliesArriveOnlyOnTheExecutorAndNeverAfterTheReplyIsGone) {
  GraphResponder responder(testing::demo_graph(), {});
  Conversation call(responder);
  call.history.push_back({providers::ChatMessage::Role::kUser, "opening hours", {}, {}});
  testing::ReplyLog log;
  auto reply = call.start(log);
  EXPECT_TRUE(log.events.empty());
  reply.reset();
  call.executor.run_ready();
  EXPECT_TRUE(log.events.empty());
  EXPECT_EQ(responder.current_node(), "main_menu");  // a reply that never landed moves nothing

  reply = call.start(log);
  reply->cancel();
  call.executor.run_ready();
  EXPECT_TRUE(log.events.empty());
}

}  // namespace
}  // namespace ovos::agents
