// Unit tests of the graph form's document helpers (src/lib/graph.ts): nodes and edges added,
// renamed and removed with every reference to them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addEdge, addNode, toGraphAgent, toSimpleAgent, graphFieldPaths, parseValue, readNodes, removeNode, renameNode, setCondition, setEdgeTarget, setEdgeType, setExamples, setNodeField } from "../.unit-build/lib/graph.js";

const graph = {
  agent_information: "A shop",
  current_node_id: "menu",
  nodes: [
    { id: "menu", node_type: "router", examples: { hours: "hours | when open" }, edges: [{ to_node_id: "hours", condition: "asks hours" }, { to_node_id: "bye", condition_type: "unconditional" }] },
    { id: "hours", node_type: "static", static_message: "Nine to five.", edges: [{ to_node_id: "menu", condition_type: "unconditional" }] },
    { id: "bye", node_type: "static", static_message: { en: "Bye", hi: "..." } },
  ],
};
const doc = {
  agent_config: {
    agent_name: "g",
    tasks: [{ tools_config: { llm_agent: { agent_type: "graph_agent", agent_flow_type: "streaming", llm_config: graph }, api_tools: { tools: [], tools_params: { f: { scope: "node", nodes: ["hours", "bye"] } } } } }],
  },
};
const config = (d) => d.agent_config.tasks[0].tools_config.llm_agent.llm_config;

test("nodes are read with their edges, examples per target and a per-language message as null", () => {
  const nodes = readNodes(doc);
  assert.deepEqual(nodes.map((n) => [n.id, n.type]), [["menu", "router"], ["hours", "static"], ["bye", "static"]]);
  assert.equal(nodes[0].edges[0].type, "llm");
  assert.equal(nodes[0].edges[0].examples, "hours | when open");
  assert.equal(nodes[0].edges[1].type, "unconditional");
  assert.equal(nodes[1].staticMessage, "Nine to five.");
  assert.equal(nodes[2].staticMessage, null);
});

test("renaming a node renames it in edges, examples, the start and tool scopes", () => {
  const d = renameNode(renameNode(doc, 1, "opening_hours"), 0, "start");
  const c = config(d);
  assert.equal(c.current_node_id, "start");
  assert.equal(c.nodes[0].edges[0].to_node_id, "opening_hours");
  assert.deepEqual(c.nodes[0].examples, { opening_hours: "hours | when open" });
  assert.equal(c.nodes[1].edges[0].to_node_id, "start");
  assert.deepEqual(d.agent_config.tasks[0].tools_config.api_tools.tools_params.f.nodes, ["opening_hours", "bye"]);
  assert.equal(config(doc).nodes[1].id, "hours", "the original is unchanged");
});

test("removing a node removes the edges to it, its examples and scopes; the start moves on", () => {
  const d = removeNode(removeNode(doc, 1), 0);
  const c = config(d);
  assert.deepEqual(c.nodes.map((n) => n.id), ["bye"]);
  assert.equal(c.current_node_id, "bye");
  assert.deepEqual(d.agent_config.tasks[0].tools_config.api_tools.tools_params.f.nodes, ["bye"]);
  const kept = config(removeNode(doc, 1)).nodes[0];
  assert.deepEqual(kept.edges, [{ to_node_id: "bye", condition_type: "unconditional" }]);
  assert.deepEqual(kept.examples, {});
});

test("new nodes and edges; a router keeps no prompt; edge types and expressions", () => {
  let d = addNode(doc);
  assert.equal(config(d).nodes[3].id, "node");
  d = setNodeField(d, 3, "prompt", "Ask");
  d = setNodeField(d, 3, "node_type", "router");
  assert.deepEqual(config(d).nodes[3], { id: "node", node_type: "router", edges: [] });
  d = addEdge(d, 3);
  assert.equal(config(d).nodes[3].edges[0].to_node_id, "menu");
  d = setEdgeType(d, 3, 0, "expression");
  d = setCondition(d, 3, 0, 0, "variable", "plan");
  d = setCondition(d, 3, 0, 0, "value", "42");
  assert.deepEqual(config(d).nodes[3].edges[0].expression, { logic: "and", conditions: [{ variable: "plan", operator: "eq", value: 42 }] });
  d = setCondition(d, 3, 0, 0, "operator", "exists");
  assert.equal("value" in config(d).nodes[3].edges[0].expression.conditions[0], false);
  d = setEdgeType(d, 3, 0, "llm");
  assert.equal(config(d).nodes[3].edges[0].condition_type, undefined);
  assert.equal(parseValue("gold"), "gold");
  assert.deepEqual(parseValue('["a","b"]'), ["a", "b"]);
});

test("an edge's examples follow it to a new target; empty examples are removed", () => {
  let d = setEdgeTarget(doc, 0, 0, "bye");
  assert.deepEqual(config(d).nodes[0].examples, { bye: "hours | when open" });
  d = setExamples(d, 0, "bye", "");
  assert.equal(config(d).nodes[0].examples, undefined);
});

test("errors are placed at each node's and edge's fields", () => {
  const paths = graphFieldPaths(doc).map((p) => p.join("/"));
  const at = "agent_config/tasks/0/tools_config/llm_agent/llm_config";
  assert.ok(paths.includes(`${at}/current_node_id`));
  assert.ok(paths.includes(`${at}/nodes/0/edges`));
  assert.ok(paths.includes(`${at}/nodes/0/edges/1/condition_type`));
  assert.deepEqual(graphFieldPaths({ agent_config: { agent_name: "x", tasks: [] } }), []);
});

test("an agent switched to a graph keeps its LLM and starts at one LLM node; and back", () => {
  const simple = {
    agent_config: { agent_name: "s", tasks: [{ tools_config: { llm_agent: { agent_type: "simple_llm_agent", agent_flow_type: "streaming", llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.2 } } } }] },
    agent_prompts: { task_1: { system_prompt: "You help." } },
  };
  const g = toGraphAgent(simple);
  const agent = g.agent_config.tasks[0].tools_config.llm_agent;
  assert.equal(agent.agent_type, "graph_agent");
  assert.deepEqual(agent.llm_config, {
    provider: "openai",
    model: "gpt-4o-mini",
    agent_information: "You help.",
    current_node_id: "start",
    nodes: [{ id: "start", node_type: "llm", prompt: "", edges: [] }],
  });
  const back = toSimpleAgent(g).agent_config.tasks[0].tools_config.llm_agent;
  assert.deepEqual(back, { agent_type: "simple_llm_agent", agent_flow_type: "streaming", llm_config: { provider: "openai", model: "gpt-4o-mini" } });
});
