// Reading a graph_agent's llm_config: nodes, edges, examples, and clear errors.
#include "agents/types/graph_agent.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agent_test_util.h"
#include "graph_test_util.h"

namespace ovos::agents {
namespace {

using testing::load_agent;

core::Result<GraphAgent> parse(std::string_view text, std::string_view language = "en") {
  return parse_graph_agent(boost::json::parse(text).as_object(), language, "$.cfg");
}

std::vector<std::string> paths_of(const core::Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields)
    out.push_back(f.path);
  return out;
}

TEST(GraphAgentTest, ReadsBolnasExampleGraph) {
  boost::json::value document = load_agent("graph_agent");
  const auto& config =
      testing::at(document, "/agent_config/tasks/0/tools_config/llm_agent/llm_config");
  auto graph = parse_graph_agent(config.as_object(), "hi", "$");
  ASSERT_TRUE(graph.ok()) << graph.error().message;
  EXPECT_EQ(graph->start, "greeting");
  ASSERT_EQ(graph->nodes.size(), 6u);
  const GraphNode* router = graph->find("route_language");
  ASSERT_NE(router, nullptr);
  EXPECT_EQ(router->type, GraphNodeType::kRouter);
  ASSERT_EQ(router->edges.size(), 2u);
  EXPECT_EQ(router->edges[0].type, GraphEdgeType::kExpression);
  EXPECT_EQ(router->edges[0].expression.conditions.size(), 2u);
  EXPECT_EQ(router->edges[0].expression.conditions[1].op, GraphOperator::kGte);
  EXPECT_EQ(router->edges[0].priority, 0);
  EXPECT_EQ(router->edges[1].type, GraphEdgeType::kUnconditional);
  const GraphNode* greeting = graph->find("greeting");
  EXPECT_EQ(greeting->edges[1].type, GraphEdgeType::kEvent);
  EXPECT_EQ(greeting->edges[1].event_name, "callback_requested");
  EXPECT_EQ(function_name_of(greeting->edges[0]), "go_to_routing");
  EXPECT_EQ(function_name_of(greeting->edges[1]), "transition_to_callback");
  // {lang: text} static messages follow the call's language.
  EXPECT_EQ(graph->find("callback")->static_message, "Ji, hum aapko jaldi call karenge.");
  EXPECT_TRUE(graph->find("closing")->terminal());
  EXPECT_EQ(graph->find("order_status")->edges[0].parameters.size(), 1u);
  // Bolna-style examples keyed by utterance name no edge: they are not routing examples.
  EXPECT_TRUE(graph->find("order_status")->edges[0].examples.empty());
  EXPECT_EQ(graph->context.at("recipient_data").at("order_count"), 3);
  EXPECT_EQ(graph->variable_types.at("recipient_data.order_count"), "number");
  EXPECT_TRUE(graph->speaks_with_llm());
}

TEST(GraphAgentTest, ExamplesNameAnEdgeByTargetOrFunctionName) {
  auto graph = parse(R"({
    "nodes": [
      {"id": "a", "node_type": "static", "static_message": "Hi",
       "examples": {"b": "yes | sure\nokay then", "say_no": "no|nope", "en": "Hello there"},
       "edges": [{"to_node_id": "b", "condition": "agrees"},
                 {"to_node_id": "c", "function_name": "say_no"},
                 {"to_node_id": "c", "condition_type": "unconditional"}]},
      {"id": "b", "node_type": "static", "static_message": "Good"},
      {"id": "c", "node_type": "static", "static_message": "Bad"}]})");
  ASSERT_TRUE(graph.ok()) << graph.error().message;
  EXPECT_EQ(graph->start, "a");  // no current_node_id: the first node
  const auto& edges = graph->nodes[0].edges;
  EXPECT_EQ(edges[0].examples, (std::vector<std::string>{"yes", "sure", "okay then"}));
  EXPECT_EQ(edges[1].examples, (std::vector<std::string>{"no", "nope"}));
  EXPECT_TRUE(edges[2].examples.empty());
  EXPECT_FALSE(graph->speaks_with_llm());
}

TEST(GraphAgentTest, EveryStructuralProblemIsReportedWithItsPath) {
  auto graph = parse(R"({
    "current_node_id": "nowhere",
    "nodes": [
      {"id": "a", "node_type": "static",
       "edges": [{"to_node_id": "ghost"},
                 {"to_node_id": "a", "condition_type": "expression",
                  "expression": {"logic": "xor", "conditions": []}},
                 {"to_node_id": "a", "condition_type": "event"},
                 {"to_node_id": "a", "condition_type": "sometimes"}]},
      {"id": "a", "node_type": "speaker"},
      {"id": "b", "edges": [{"to_node_id": "a", "condition_type": "expression",
                             "expression": {"conditions": [{"variable": "x", "operator": "approx"}]}}]}]})");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(
      paths_of(graph.error()),
      (std::vector<std::string>{
          "$.cfg.nodes[0].static_message", "$.cfg.nodes[0].edges[1].expression.logic",
          "$.cfg.nodes[0].edges[1].expression.conditions", "$.cfg.nodes[0].edges[2].event_name",
          "$.cfg.nodes[0].edges[3].condition_type", "$.cfg.nodes[1].node_type", "$.cfg.nodes[1].id",
          "$.cfg.nodes[2].edges[0].expression.conditions[0].operator",
          "$.cfg.nodes[0].edges[0].to_node_id", "$.cfg.current_node_id"}));
  EXPECT_NE(graph.error().fields.back().message.find("nowhere"), std::string::npos);
}

TEST(GraphAgentTest, AGraphNeedsNodes) {
  auto graph = parse(R"({"nodes": []})");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(paths_of(graph.error()), std::vector<std::string>{"$.cfg.nodes"});
  EXPECT_FALSE(parse(R"({"model": "x"})").ok());
}

TEST(GraphAgentTest, TheDemoReceptionistValidatesAndParses) {
  const auto document = boost::json::parse(demo_agent_json());
  auto valid = validate_agent(document);
  ASSERT_TRUE(valid.ok()) << valid.error().message;
  EXPECT_EQ(valid->name, "Demo receptionist");
  auto graph = testing::demo_graph();
  EXPECT_FALSE(graph->speaks_with_llm());
  EXPECT_EQ(graph->find(graph->start)->type, GraphNodeType::kRouter);
  EXPECT_TRUE(graph->find("goodbye")->terminal());
  for (const GraphNode& node : graph->nodes) {
    for (const GraphEdge& edge : node.edges) {
      if (edge.type == GraphEdgeType::kLlm) {
        EXPECT_FALSE(edge.examples.empty()) << node.id << " -> " << edge.to;
      }
    }
  }
}

}  // namespace
}  // namespace ovos::agents
