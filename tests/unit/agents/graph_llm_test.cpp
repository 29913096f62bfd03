// GraphResponder with LLMs: llm nodes answering with their prompt and scoped tools, edges
// chosen by a routing LLM through function calling, and cancellation of both.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/tools/tool_runner.h"
#include "agents/types/graph_responder.h"
#include "agents/types/llm_router.h"
#include "fake_llm.h"
#include "graph_test_util.h"
#include "providers/scripted/scripted_llm.h"

namespace ovos::agents {
namespace {

namespace json = boost::json;
using testing::Conversation;
using testing::FakeLlm;
using testing::graph_from;
using Route = std::vector<std::string>;
using namespace std::chrono_literals;

std::vector<std::string> tool_names(const providers::ChatRequest& request) {
  std::vector<std::string> names;
  for (const auto& tool : request.tools)
    names.push_back(tool.name);
  return names;
}

constexpr const char* kShop = R"({
  "agent_information": "You are {agent_name} of Widget Co.",
  "current_node_id": "start",
  "routing_instructions": "Route {agent_name}'s callers carefully.",
  "nodes": [
    {"id": "start", "node_type": "static", "static_message": "How can I help?",
     "examples": {"status": "where is my order"},
     "edges": [
       {"to_node_id": "refund", "condition": "wants money back", "function_name": "request_refund",
        "function_description": "The caller wants a refund", "parameters": {"order_id": "string"}},
       {"to_node_id": "status", "condition": "asks where the order is"},
       {"to_node_id": "fallback", "condition_type": "unconditional"}]},
    {"id": "refund", "node_type": "static", "static_message": "Refund for {order_id} started.",
     "edges": [{"to_node_id": "big", "condition_type": "expression",
                "expression": {"conditions": [{"variable": "order_id", "operator": "exists"}]}}]},
    {"id": "big", "node_type": "static", "static_message": "Big."},
    {"id": "status", "prompt": "Tell {agent_name}'s caller where order {order_id} is.",
     "edges": [{"to_node_id": "fallback", "condition": "anything else"}]},
    {"id": "support", "prompt": "Help with the product."},
    {"id": "fallback", "node_type": "static", "static_message": "Let me get someone."}]})";

class GraphLlmTest : public ::testing::Test {
 protected:
  GraphResponderOptions options() {
    GraphResponderOptions o;
    o.llm = &speaker;
    o.request_template.model = "speaker-model";
    o.routing_llm = &router;
    o.routing_template.model = "router-model";
    o.routing_template.temperature = 0;
    o.variables = {{"agent_name", "Ava"}};
    return o;
  }

  FakeLlm speaker{"speaker"};
  FakeLlm router{"router"};
};

TEST_F(GraphLlmTest, TheRoutingLlmGetsOneFunctionPerEdgeAndItsChoiceIsTaken) {
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_call("request_refund", R"({"order_id": "A42"})");
  const auto turn = call.say("I want my money back for order A42");
  EXPECT_EQ(turn.route, Route{"refund"});
  EXPECT_EQ(turn.text, "Refund for A42 started.");
  EXPECT_EQ(responder.context().at("order_id"), "A42");

  ASSERT_EQ(router.requests.size(), 1u);
  const providers::ChatRequest& request = router.requests[0];
  EXPECT_EQ(request.model, "router-model");
  EXPECT_EQ(tool_names(request), (std::vector<std::string>{"request_refund", "transition_to_status",
                                                           "stay_on_current_node"}));
  EXPECT_EQ(request.tools[0].description, "The caller wants a refund");
  EXPECT_EQ(request.tools[1].description, "Call this function when: asks where the order is");
  const json::value parameters = json::parse(request.tools[0].parameters_json);
  EXPECT_EQ(parameters.at("properties").at("order_id").at("type"), "string");
  EXPECT_EQ(parameters.at("required").at(0), "order_id");
  ASSERT_GE(request.messages.size(), 2u);
  const std::string& system = request.messages[0].content;
  EXPECT_NE(system.find("Route Ava's callers carefully."), std::string::npos);
  EXPECT_NE(system.find("Current node: start"), std::string::npos);
  EXPECT_NE(system.find("Node objective: How can I help?"), std::string::npos);
  EXPECT_NE(system.find("agent_name=Ava"), std::string::npos);
  EXPECT_EQ(request.messages.back().content, "I want my money back for order A42");
  EXPECT_TRUE(speaker.requests.empty());  // a static node needs no speaking LLM

  // What the router collected feeds the next turn's expressions, with no LLM asked.
  EXPECT_EQ(call.say("thanks").route, Route{"big"});
  EXPECT_EQ(router.requests.size(), 1u);
}

TEST_F(GraphLlmTest, StayingOrCallingNothingTakesTheCatchAll) {
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_call("stay_on_current_node");
  EXPECT_EQ(call.say("hmm").route, Route{"fallback"});

  GraphResponder again(graph_from(kShop), options());
  Conversation call2(again);
  router.script_text("I think it is the refund");  // words, no function call
  EXPECT_EQ(call2.say("refund maybe").route, Route{"fallback"});

  GraphResponder unknown(graph_from(kShop), options());
  Conversation call3(unknown);
  router.script_call("transition_to_nowhere");
  EXPECT_EQ(call3.say("what").route, Route{"fallback"});
}

TEST_F(GraphLlmTest, AFailedRoutingLlmFallsBackToTheLocalRouter) {
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_error("503 from the routing model");
  speaker.script_text("It is on its way.");
  const auto turn = call.say("where is my order");
  EXPECT_EQ(turn.route, Route{"status"});
  EXPECT_EQ(turn.text, "It is on its way.");
  EXPECT_TRUE(turn.done);
  EXPECT_FALSE(turn.error);
}

TEST_F(GraphLlmTest, AnLlmNodeAnswersWithItsPromptHistoryAndRoutingSinceItWasEntered) {
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_call("transition_to_status");
  speaker.script_text("Order A42 ships tomorrow.");
  const auto turn = call.say("where is order A42");
  EXPECT_EQ(turn.route, Route{"status"});
  EXPECT_EQ(turn.text, "Order A42 ships tomorrow.");
  ASSERT_EQ(speaker.requests.size(), 1u);
  const auto& request = speaker.requests[0];
  EXPECT_EQ(request.model, "speaker-model");
  EXPECT_EQ(request.messages[0].content,
            "You are Ava of Widget Co.\n\nTell Ava's caller where order {order_id} is.");
  EXPECT_EQ(request.messages.back().content, "where is order A42");
  EXPECT_TRUE(request.tools.empty());  // no api_tools given

  // The next turn at "status": routed on what was said since it was entered.
  router.script_call("stay_on_current_node");
  speaker.script_text("Anything else?");
  const auto next = call.say("thanks");
  EXPECT_EQ(next.route, Route{"status"});  // stays: the llm node answers again
  ASSERT_EQ(router.requests.size(), 2u);
  const auto& routing = router.requests[1].messages;
  ASSERT_EQ(routing.size(), 3u);  // system, the answer heard at this node, the caller's words
  EXPECT_EQ(routing[1].content, "Order A42 ships tomorrow.");
  EXPECT_EQ(routing[2].content, "thanks");
  EXPECT_EQ(tool_names(router.requests[1]),
            (std::vector<std::string>{"transition_to_fallback", "stay_on_current_node"}));
}

TEST_F(GraphLlmTest, ToolsAreOfferedWhereTheirScopeAllows) {
  auto tools = std::make_shared<std::vector<tools::ToolSpec>>();
  const auto add = [&](std::string name, bool scoped, std::vector<std::string> nodes) {
    tools::ToolSpec spec;
    spec.definition = {std::move(name), "d", R"({"type":"object","properties":{}})"};
    spec.url = "http://127.0.0.1:9/x";
    spec.node_scoped = scoped;
    spec.nodes = std::move(nodes);
    tools->push_back(spec);
  };
  add("lookup_order", true, {"status"});
  add("product_manual", true, {"support"});
  add("company_info", false, {});
  add("end_call", false, {});
  tools->back().kind = tools::ToolKind::kEndCall;
  GraphResponderOptions o = options();
  o.tools = tools;
  o.make_tool_runner = [](std::shared_ptr<const std::vector<tools::ToolSpec>> specs) {
    return std::make_shared<tools::HttpToolRunner>(std::move(specs), nullptr,
                                                   std::map<std::string, std::string>{});
  };
  GraphResponder responder(graph_from(kShop), o);
  Conversation call(responder);
  router.script_call("transition_to_status");
  speaker.script_text("Checking.");
  (void)call.say("where is my order");
  ASSERT_EQ(speaker.requests.size(), 1u);
  EXPECT_EQ(tool_names(speaker.requests[0]),
            (std::vector<std::string>{"lookup_order", "company_info", "end_call"}));
}

TEST_F(GraphLlmTest, CancellingWhileRoutingStopsTheRoutingLlmAndReportsNothing) {
  router.delay = 100ms;
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_call("request_refund", R"({"order_id": "A1"})");
  call.history.push_back({providers::ChatMessage::Role::kUser, "refund please", {}, {}});
  testing::ReplyLog log;
  auto reply = call.start(log);
  call.executor.run_ready();
  ASSERT_EQ(router.requests.size(), 1u);
  EXPECT_TRUE(log.events.empty());
  reply.reset();
  EXPECT_EQ(router.cancelled, 1);
  call.executor.advance(200ms);
  EXPECT_TRUE(log.events.empty());
  EXPECT_EQ(responder.current_node(), "start");
  EXPECT_FALSE(responder.context().contains("order_id"));
}

TEST_F(GraphLlmTest, CancellingWhileAnLlmNodeSpeaksStopsItAndReportsNothingMore) {
  speaker.delay = 100ms;
  GraphResponder responder(graph_from(kShop), options());
  Conversation call(responder);
  router.script_call("transition_to_status");
  speaker.script_text("It ships tomorrow.");
  call.history.push_back({providers::ChatMessage::Role::kUser, "where is it", {}, {}});
  testing::ReplyLog log;
  auto reply = call.start(log);
  call.executor.run_ready();
  EXPECT_EQ(log.route, Route{"status"});
  ASSERT_EQ(speaker.requests.size(), 1u);
  const std::size_t seen = log.events.size();
  reply->cancel();
  EXPECT_EQ(speaker.cancelled, 1);
  call.executor.advance(200ms);
  EXPECT_EQ(log.events.size(), seen);
  EXPECT_TRUE(log.text.empty());
}

TEST_F(GraphLlmTest, ScriptedLlmNodesExpectTheirScriptAndTheExamples) {
  providers::ScriptedLlm scripted;
  GraphResponderOptions o;
  o.llm = &scripted;
  GraphResponder responder(graph_from(R"({"nodes": [
      {"id": "chat", "prompt": "what is new => Nothing much.\n* => Sorry.",
       "examples": {"bye": "goodbye"}, "edges": [{"to_node_id": "bye"}]},
      {"id": "bye", "node_type": "static", "static_message": "Bye."}]})"),
                           o);
  EXPECT_EQ(responder.expected_replies(), (std::vector<std::string>{"what is new", "goodbye"}));
  Conversation call(responder);
  const auto turn = call.say("what is new");
  EXPECT_EQ(turn.route, Route{"chat"});
  EXPECT_EQ(turn.text, "Nothing much.");

  // A real model converses: anything may be said.
  GraphResponder free(graph_from(R"({"nodes": [
      {"id": "chat", "prompt": "Chat.", "examples": {"bye": "goodbye"}, "edges": [{"to_node_id": "bye"}]},
      {"id": "bye", "node_type": "static", "static_message": "Bye."}]})"),
                      options());
  EXPECT_TRUE(free.expected_replies().empty());
}

TEST(LlmRouterTest, ReadsTheFirstCallAndItsArguments) {
  auto graph = graph_from(kShop);
  const GraphNode* start = graph->find("start");
  const std::vector<const GraphEdge*> edges{&start->edges[0], &start->edges[1]};
  auto choice = read_route_choice(
      {{"1", "transition_to_status", "{}"}, {"2", "request_refund", "{}"}}, edges);
  EXPECT_EQ(choice.edge, 1u);
  choice = read_route_choice({{"1", "request_refund", R"({"order_id": 7})"}}, edges);
  EXPECT_EQ(choice.edge, 0u);
  EXPECT_EQ(choice.arguments.at("order_id"), 7);
  choice = read_route_choice({{"1", "request_refund", "not json"}}, edges);
  EXPECT_EQ(choice.edge, 0u);
  EXPECT_TRUE(choice.arguments.empty());
  EXPECT_FALSE(read_route_choice({}, edges).edge);
  EXPECT_FALSE(read_route_choice({{"1", "stay_on_current_node", "{}"}}, edges).edge);
}

TEST(LlmRouterTest, SendsAtMostTheLastEightMessagesSinceTheNodeWasEntered) {
  auto graph = graph_from(kShop);
  const GraphNode* start = graph->find("start");
  std::vector<providers::ChatMessage> history;
  for (int i = 0; i < 12; ++i) {
    history.push_back({i % 2 == 0 ? providers::ChatMessage::Role::kUser
                                  : providers::ChatMessage::Role::kAssistant,
                       "m" + std::to_string(i),
                       {},
                       {}});
  }
  history.push_back({providers::ChatMessage::Role::kTool, "tool output", {}, "x"});
  history.push_back({providers::ChatMessage::Role::kUser, "last", {}, {}});
  auto request = routing_request(*graph, *start, {&start->edges[0]}, history, 2, {}, {});
  ASSERT_EQ(request.messages.size(), 9u);
  EXPECT_EQ(request.messages[1].content, "m5");
  EXPECT_EQ(request.messages.back().content, "last");
  // Entered after the caller's last words: those are still sent.
  request = routing_request(*graph, *start, {&start->edges[0]}, history, history.size(), {}, {});
  ASSERT_EQ(request.messages.size(), 2u);
  EXPECT_EQ(request.messages[1].content, "last");
}

}  // namespace
}  // namespace ovos::agents
