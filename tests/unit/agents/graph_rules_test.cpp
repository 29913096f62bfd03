// Graph agents (and the other multi-node agent types): the rules Bolna's validators enforce.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/agent_validator.h"
#include "unit/agents/agent_test_util.h"

namespace ovos::agents {
namespace {

using testing::at;
using testing::Errors;
using testing::errors_of;
using testing::load_agent;

constexpr std::string_view kConfig = "/agent_config/tasks/0/tools_config/llm_agent/llm_config";
const std::string kGraph = "$.agent_config.tasks[0].tools_config.llm_agent.llm_config";
const std::string kAllNodes =
    "must be one of: greeting, route_language, order_status, order_status_hindi, callback, closing";

class GraphRules : public ::testing::Test {
 protected:
  boost::json::value& field(std::string_view rest) {
    return at(document_, std::string(kConfig) + std::string(rest));
  }
  boost::json::array& edges(int node) {
    return field("/nodes/" + std::to_string(node) + "/edges").as_array();
  }
  Errors errors() const { return errors_of(document_); }

  boost::json::value document_ = load_agent("graph_agent");
};

TEST_F(GraphRules, RouterMustBeSilent) {
  field("/nodes/1").as_object()["prompt"] = "Say hello";
  field("/nodes/1").as_object()["static_message"] = boost::json::parse(R"({"en": "Hi"})");
  EXPECT_EQ(errors(), (Errors{{kGraph + ".nodes[1].prompt",
                               "router node 'route_language' never speaks, so it must not have a "
                               "prompt"},
                              {kGraph + ".nodes[1].static_message",
                               "router node 'route_language' never speaks, so it must not have a "
                               "static_message"}}));
  field("/nodes/1/prompt") = "";  // an empty prompt says nothing, as in Bolna
  field("/nodes/1/static_message") = nullptr;
  EXPECT_EQ(errors(), Errors{});
}

TEST_F(GraphRules, RouterNeedsACatchAllEdge) {
  edges(1).pop_back();
  EXPECT_EQ(errors(), (Errors{{kGraph + ".nodes[1].edges",
                               "router node 'route_language' needs an unconditional catch-all edge "
                               "so it always advances"}}));
}

TEST_F(GraphRules, RouterCannotHaveEventEdges) {
  edges(1).push_back(boost::json::parse(
      R"({"to_node_id": "callback", "condition_type": "event", "event_name": "hangup"})"));
  EXPECT_EQ(errors(), (Errors{{kGraph + ".nodes[1].edges[2].condition_type",
                               "router node 'route_language' cannot have event edges: a call never "
                               "rests on a router"}}));
}

TEST_F(GraphRules, RoutersMustNotFormACycle) {
  edges(1)[1].as_object()["to_node_id"] = "route_again";
  field("/nodes").as_array().push_back(boost::json::parse(R"({
    "id": "route_again", "node_type": "router",
    "edges": [{"to_node_id": "route_language", "condition_type": "unconditional"}]})"));
  EXPECT_EQ(errors(), (Errors{{kGraph + ".nodes[1]",
                               "router nodes form a cycle (route_language -> route_again -> "
                               "route_language); a router chain must end at a node that speaks"}}));
}

TEST_F(GraphRules, EdgeToAMissingNode) {
  edges(0)[0].as_object()["to_node_id"] = "routing";
  field("/current_node_id") = "start";
  EXPECT_EQ(
      errors(),
      (Errors{{kGraph + ".current_node_id", "unknown node 'start'; " + kAllNodes},
              {kGraph + ".nodes[0].edges[0].to_node_id", "unknown node 'routing'; " + kAllNodes}}));
}

TEST_F(GraphRules, DuplicateNodeIds) {
  field("/nodes/5/id") = "callback";
  const std::string known =
      "must be one of: greeting, route_language, order_status, order_status_hindi, callback";
  EXPECT_EQ(
      errors(),
      (Errors{{kGraph + ".nodes[5].id", "duplicate node id 'callback' (also nodes[4])"},
              {kGraph + ".nodes[2].edges[0].to_node_id", "unknown node 'closing'; " + known},
              {kGraph + ".nodes[3].edges[0].to_node_id", "unknown node 'closing'; " + known}}));
}

TEST_F(GraphRules, EventAndExpressionEdgesNeedTheirFields) {
  edges(0)[1].as_object().erase("event_name");
  auto& expression = edges(1)[0].as_object()["expression"].as_object();
  expression["conditions"].as_array()[0].as_object().erase("operator");
  expression["logic"] = "xor";
  EXPECT_EQ(
      errors(),
      (Errors{{kGraph + ".nodes[0].edges[1].event_name", "is required"},
              {kGraph + ".nodes[1].edges[0].expression.logic", "must be one of: and, or"},
              {kGraph + ".nodes[1].edges[0].expression.conditions[0].operator", "is required"}}));
  expression["logic"] = "and";
  expression["conditions"] = boost::json::array();
  edges(0)[1].as_object()["event_name"] = "";
  EXPECT_EQ(errors(),
            (Errors{{kGraph + ".nodes[0].edges[1].event_name", "must not be empty"},
                    {kGraph + ".nodes[1].edges[0].expression.conditions", "must not be empty"}}));
}

TEST_F(GraphRules, NodeScopedToolsNameExistingNodes) {
  auto& tool =
      at(document_, "/agent_config/tasks/0/tools_config/api_tools/tools_params/lookup_order")
          .as_object();
  tool["nodes"] = boost::json::parse(R"(["order_status", "orders"])");
  const std::string tool_path =
      "$.agent_config.tasks[0].tools_config.api_tools.tools_params.lookup_order";
  EXPECT_EQ(errors(), (Errors{{tool_path + ".nodes[1]", "unknown node 'orders'; " + kAllNodes}}));
  tool["nodes"] = nullptr;
  EXPECT_EQ(errors(), (Errors{{tool_path + ".nodes", "is required when scope is node"}}));
}

TEST_F(GraphRules, RoutingProviderAndEffort) {
  field("/routing_provider") = "grok";
  field("/routing_model") = "gpt-5-pro";
  field("").as_object()["routing_reasoning_effort"] = "low";
  const Errors found = errors();
  ASSERT_EQ(found.size(), 2u) << testing::describe(found);
  EXPECT_EQ(found[0].path, kGraph + ".routing_provider");
  EXPECT_EQ(found[0].message.rfind("unknown LLM provider 'grok'; must be one of: ", 0), 0u);
  EXPECT_EQ(found[1], (core::FieldError{kGraph + ".routing_reasoning_effort",
                                        "'low' is not supported by model 'gpt-5-pro'; must be one "
                                        "of: high"}));
}

TEST(OtherGraphs, MultiAgentNamesKnownAgents) {
  auto document = load_agent("simple_llm_agent");
  at(document, "/agent_config/tasks/0/tools_config/llm_agent") = boost::json::parse(R"({
    "agent_type": "multiagent", "agent_flow_type": "streaming",
    "llm_config": {
      "agent_map": {"sales": {"model": "gpt-4o-mini"}, "support": {"provider": "groq", "model": "llama-3.1-8b-instant"}},
      "agent_routing_config": {"sales": {"utterances": ["I want to buy"]}, "billing": {"utterances": ["invoice"], "threshold": 0.9}},
      "default_agent": "helpdesk"
    }})");
  const std::string config = "$.agent_config.tasks[0].tools_config.llm_agent.llm_config";
  EXPECT_EQ(errors_of(document),
            (Errors{{config + ".default_agent",
                     "unknown agent 'helpdesk'; must be one of: sales, support"},
                    {config + ".agent_routing_config.billing",
                     "unknown agent 'billing'; must be one of: sales, support"}}));
}

TEST(OtherGraphs, LegacyGraphEdgesNameKnownNodes) {
  auto document = load_agent("simple_llm_agent");
  at(document, "/agent_config/tasks/0/tools_config/llm_agent") = boost::json::parse(R"({
    "agent_type": "llm_agent_graph", "agent_flow_type": "streaming",
    "llm_config": {
      "nodes": [
        {"id": "root", "type": "conversation", "llm": {"model": "gpt-4o-mini"}, "exit_criteria": "name known", "is_root": true},
        {"id": "end", "type": "conversation", "llm": {"provider": "anthropic"}, "exit_criteria": "done"}
      ],
      "edges": [{"start_node": "root", "end_node": "finish", "condition": ["name", "known"]}]
    }})");
  EXPECT_EQ(errors_of(document),
            (Errors{{"$.agent_config.tasks[0].tools_config.llm_agent.llm_config.edges[0].end_node",
                     "unknown node 'finish'; must be one of: root, end"}}));
}

}  // namespace
}  // namespace ovos::agents
