// The conversation graph of a graph_agent (Bolna's GraphAgentConfig in llm_config): its nodes
// (llm nodes speak with the LLM, static nodes say a fixed message, router nodes only route),
// each node's edges (how the call moves on: the LLM judges a condition, always, an expression
// over call variables, or an outside event), the routing examples a node keeps per target, and
// the start node. Renaming or removing a node carries the change to every reference.
import { getAt, PATHS, setAt, type Path } from "./agentDoc";
import type { AgentDocument, JsonObject, JsonValue } from "./api";

export const GRAPH: Path = PATHS.llmConfig;
const NODES: Path = [...GRAPH, "nodes"];
const TOOL_RUNS: Path = ["agent_config", "tasks", 0, "tools_config", "api_tools", "tools_params"];

export const NODE_TYPES = ["llm", "static", "router"] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const EDGE_TYPES = ["llm", "unconditional", "expression", "event"] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];
export const OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "exists", "not_exists"] as const;

export interface ConditionView {
  variable: string;
  operator: string;
  value: JsonValue | undefined;
}

export interface EdgeView {
  index: number;
  to: string;
  type: EdgeType;
  condition: string;
  eventName: string;
  logic: "and" | "or";
  conditions: ConditionView[];
  /** The node's routing examples for this edge's target ("a | b | c"). */
  examples: string;
}

export interface NodeView {
  index: number;
  id: string;
  type: NodeType;
  description: string;
  prompt: string;
  /** The static message, or null when it is a per-language map (edited as JSON). */
  staticMessage: string | null;
  functionCall: string;
  edges: EdgeView[];
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function str(v: JsonValue | undefined): string {
  return typeof v === "string" ? v : "";
}

export function isGraphAgent(doc: AgentDocument): boolean {
  return getAt(doc, [...PATHS.llmAgent, "agent_type"]) === "graph_agent";
}

function nodeList(doc: AgentDocument): JsonValue[] {
  const n = getAt(doc, NODES);
  return Array.isArray(n) ? n : [];
}

function edgeOf(e: JsonValue, index: number, examples: JsonObject): EdgeView {
  const o = isObject(e) ? e : {};
  const t = o.condition_type;
  const expression = isObject(o.expression) ? o.expression : {};
  const to = str(o.to_node_id);
  return {
    index,
    to,
    type: typeof t === "string" && (EDGE_TYPES as readonly string[]).includes(t) ? (t as EdgeType) : "llm",
    condition: str(o.condition),
    eventName: str(o.event_name),
    logic: expression.logic === "or" ? "or" : "and",
    conditions: (Array.isArray(expression.conditions) ? expression.conditions : []).map((c) => {
      const x = isObject(c) ? c : {};
      return { variable: str(x.variable), operator: str(x.operator) || "eq", value: x.value };
    }),
    examples: str(examples[to]),
  };
}

export function readNodes(doc: AgentDocument): NodeView[] {
  return nodeList(doc).map((n, index) => {
    const o = isObject(n) ? n : {};
    const t = o.node_type;
    const examples = isObject(o.examples) ? o.examples : {};
    const message = o.static_message;
    return {
      index,
      id: str(o.id),
      type: typeof t === "string" && (NODE_TYPES as readonly string[]).includes(t) ? (t as NodeType) : "llm",
      description: str(o.description),
      prompt: str(o.prompt),
      staticMessage: message === undefined || message === null || typeof message === "string" ? str(message) : null,
      functionCall: str(o.function_call),
      edges: (Array.isArray(o.edges) ? o.edges : []).map((e, i) => edgeOf(e, i, examples)),
    };
  });
}

export function startNode(doc: AgentDocument): string {
  return str(getAt(doc, [...GRAPH, "current_node_id"]));
}

function uniqueId(taken: string[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

/** The document with a new llm node at the end (the start node too when it is the first). */
export function addNode(doc: AgentDocument): AgentDocument {
  const nodes = readNodes(doc);
  const id = uniqueId(
    nodes.map((n) => n.id),
    "node",
  );
  let next = setAt(doc, [...NODES, nodes.length], { id, node_type: "llm", prompt: "", edges: [] });
  if (!startNode(doc)) next = setAt(next, [...GRAPH, "current_node_id"], id);
  return next;
}

/** Applies `f` to every node object, by index. */
function eachNode(doc: AgentDocument, f: (node: JsonObject, index: number) => JsonObject): AgentDocument {
  return setAt(
    doc,
    NODES,
    nodeList(doc).map((n, i) => (isObject(n) ? f(n, i) : n)),
  );
}

/** Node ids in tools_params[*].nodes, renamed or (to = null) removed. */
function retargetTools(doc: AgentDocument, from: string, to: string | null): AgentDocument {
  const runs = getAt(doc, TOOL_RUNS);
  if (!isObject(runs)) return doc;
  let next = doc;
  for (const [name, run] of Object.entries(runs)) {
    if (!isObject(run) || !Array.isArray(run.nodes) || !run.nodes.includes(from)) continue;
    const nodes = to === null ? run.nodes.filter((n) => n !== from) : run.nodes.map((n) => (n === from ? to : n));
    next = setAt(next, [...TOOL_RUNS, name, "nodes"], nodes);
  }
  return next;
}

/** The document without node `index`, the edges to it, its examples and tool scopes. */
export function removeNode(doc: AgentDocument, index: number): AgentDocument {
  const nodes = readNodes(doc);
  const gone = nodes[index];
  if (!gone) return doc;
  let next = setAt(
    doc,
    NODES,
    nodeList(doc).filter((_, i) => i !== index),
  );
  next = eachNode(next, (n) => {
    const out: JsonObject = { ...n };
    if (Array.isArray(n.edges)) out.edges = n.edges.filter((e) => !(isObject(e) && e.to_node_id === gone.id));
    if (isObject(n.examples) && gone.id in n.examples) {
      const examples = { ...n.examples };
      delete examples[gone.id];
      out.examples = examples;
    }
    return out;
  });
  if (startNode(doc) === gone.id) {
    const first = nodes.find((n) => n.index !== index);
    next = setAt(next, [...GRAPH, "current_node_id"], first ? first.id : "");
  }
  return retargetTools(next, gone.id, null);
}

/** Renames node `index`; edges, the start node, examples and tool scopes follow. */
export function renameNode(doc: AgentDocument, index: number, id: string): AgentDocument {
  const old = readNodes(doc)[index]?.id;
  if (old === undefined || old === id) return doc;
  const othersHaveOld = readNodes(doc).some((n) => n.index !== index && n.id === old);
  let next = setAt(doc, [...NODES, index, "id"], id);
  if (othersHaveOld) return next; // a duplicate id: references stay with the other node
  next = eachNode(next, (n) => {
    const out: JsonObject = { ...n };
    if (Array.isArray(n.edges)) {
      out.edges = n.edges.map((e) => (isObject(e) && e.to_node_id === old ? { ...e, to_node_id: id } : e));
    }
    if (isObject(n.examples) && old in n.examples) {
      const examples: JsonObject = {};
      for (const [k, v] of Object.entries(n.examples)) examples[k === old ? id : k] = v;
      out.examples = examples;
    }
    return out;
  });
  if (startNode(doc) === old) next = setAt(next, [...GRAPH, "current_node_id"], id);
  return retargetTools(next, old, id);
}

/** Sets a node's field; undefined or "" removes it. A router keeps no prompt or message. */
export function setNodeField(
  doc: AgentDocument,
  index: number,
  key: "node_type" | "description" | "prompt" | "static_message" | "function_call",
  value: string | undefined,
): AgentDocument {
  let next = setAt(doc, [...NODES, index, key], value === "" && key !== "prompt" ? undefined : value);
  if (key === "node_type" && value === "router") {
    next = setAt(next, [...NODES, index, "prompt"], undefined);
    next = setAt(next, [...NODES, index, "static_message"], undefined);
  }
  return next;
}

function edgesPath(node: number): Path {
  return [...NODES, node, "edges"];
}

/** The document with a new edge on node `index`, to the next node (an LLM-judged condition). */
export function addEdge(doc: AgentDocument, index: number): AgentDocument {
  const nodes = readNodes(doc);
  const node = nodes[index];
  if (!node) return doc;
  const target = nodes.find((n) => n.index > index) ?? nodes.find((n) => n.index !== index) ?? node;
  return setAt(doc, [...edgesPath(index), node.edges.length], { to_node_id: target.id, condition: "" });
}

export function removeEdge(doc: AgentDocument, node: number, edge: number): AgentDocument {
  const edges = getAt(doc, edgesPath(node));
  if (!Array.isArray(edges)) return doc;
  return setAt(
    doc,
    edgesPath(node),
    edges.filter((_, i) => i !== edge),
  );
}

/** Points edge `edge` of node `node` at another node; its routing examples go along. */
export function setEdgeTarget(doc: AgentDocument, node: number, edge: number, to: string): AgentDocument {
  const view = readNodes(doc)[node];
  const old = view?.edges[edge]?.to;
  if (!view || old === undefined) return doc;
  let next = setAt(doc, [...edgesPath(node), edge, "to_node_id"], to);
  const examples = getAt(doc, [...NODES, node, "examples"]);
  const shared = view.edges.some((e) => e.index !== edge && e.to === old);
  if (isObject(examples) && old in examples && !shared && !(to in examples)) {
    const moved: JsonObject = {};
    for (const [k, v] of Object.entries(examples)) moved[k === old ? to : k] = v;
    next = setAt(next, [...NODES, node, "examples"], moved);
  }
  return next;
}

/** Changes how an edge is taken; an expression edge starts with one condition, an event one with a name. */
export function setEdgeType(doc: AgentDocument, node: number, edge: number, type: EdgeType): AgentDocument {
  const path = [...edgesPath(node), edge];
  let next = setAt(doc, [...path, "condition_type"], type === "llm" ? undefined : type);
  if (type === "expression" && !isObject(getAt(doc, [...path, "expression"]))) {
    next = setAt(next, [...path, "expression"], { logic: "and", conditions: [{ variable: "", operator: "eq", value: "" }] });
  }
  if (type === "event" && typeof getAt(doc, [...path, "event_name"]) !== "string") {
    next = setAt(next, [...path, "event_name"], "");
  }
  return next;
}

export function setEdgeField(doc: AgentDocument, node: number, edge: number, key: "condition" | "event_name", value: string): AgentDocument {
  return setAt(doc, [...edgesPath(node), edge, key], value);
}

/** Sets node `node`'s routing examples for `target`; empty removes them. */
export function setExamples(doc: AgentDocument, node: number, target: string, text: string): AgentDocument {
  const path: Path = [...NODES, node, "examples"];
  let next = setAt(doc, [...path, target], text === "" ? undefined : text);
  const after = getAt(next, path);
  if (isObject(after) && Object.keys(after).length === 0) next = setAt(next, path, undefined);
  return next;
}

function expressionPath(node: number, edge: number): Path {
  return [...edgesPath(node), edge, "expression"];
}

export function setLogic(doc: AgentDocument, node: number, edge: number, logic: "and" | "or"): AgentDocument {
  return setAt(doc, [...expressionPath(node, edge), "logic"], logic);
}

export function addCondition(doc: AgentDocument, node: number, edge: number): AgentDocument {
  const list = getAt(doc, [...expressionPath(node, edge), "conditions"]);
  const n = Array.isArray(list) ? list.length : 0;
  return setAt(doc, [...expressionPath(node, edge), "conditions", n], { variable: "", operator: "eq", value: "" });
}

export function removeCondition(doc: AgentDocument, node: number, edge: number, index: number): AgentDocument {
  const path: Path = [...expressionPath(node, edge), "conditions"];
  const list = getAt(doc, path);
  if (!Array.isArray(list)) return doc;
  return setAt(
    doc,
    path,
    list.filter((_, i) => i !== index),
  );
}

/** A condition's value typed in a field: JSON when it parses (42, true, ["a","b"]), else text. */
export function parseValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** A condition's value as its field shows it. */
export function showValue(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function setCondition(
  doc: AgentDocument,
  node: number,
  edge: number,
  index: number,
  key: "variable" | "operator" | "value",
  value: string,
): AgentDocument {
  const path: Path = [...expressionPath(node, edge), "conditions", index];
  if (key === "value") return setAt(doc, [...path, "value"], parseValue(value));
  let next = setAt(doc, [...path, key], value);
  if (key === "operator" && (value === "exists" || value === "not_exists")) next = setAt(next, [...path, "value"], undefined);
  return next;
}

/** The JSON paths of every field and section the graph form draws, for placing errors. */
export function graphFieldPaths(doc: AgentDocument): Path[] {
  if (!isGraphAgent(doc)) return [];
  const out: Path[] = [
    [...GRAPH, "agent_information"],
    [...GRAPH, "current_node_id"],
    [...GRAPH, "provider"],
    [...GRAPH, "model"],
    NODES,
  ];
  for (const n of readNodes(doc)) {
    const p: Path = [...NODES, n.index];
    out.push(p, [...p, "id"], [...p, "node_type"], [...p, "description"], [...p, "prompt"], [...p, "static_message"], [...p, "function_call"]);
    out.push([...p, "edges"], [...p, "examples"]);
    for (const e of n.edges) {
      const ep: Path = [...p, "edges", e.index];
      out.push(ep, [...ep, "to_node_id"], [...ep, "condition_type"], [...ep, "condition"], [...ep, "event_name"], [...ep, "expression"]);
      e.conditions.forEach((_, i) => out.push([...ep, "expression", "conditions", i]));
    }
  }
  return out;
}

function llmBasics(doc: AgentDocument): JsonObject {
  const cfg = getAt(doc, PATHS.llmConfig);
  const out: JsonObject = {};
  if (isObject(cfg)) for (const k of ["provider", "model", "base_url"]) if (cfg[k] !== undefined) out[k] = cfg[k];
  return out;
}

/** The agent turned into a graph agent with one LLM node to start from; provider and model kept. */
export function toGraphAgent(doc: AgentDocument): AgentDocument {
  const prompt = getAt(doc, PATHS.prompt);
  let next = setAt(doc, [...PATHS.llmAgent, "agent_type"], "graph_agent");
  next = setAt(next, [...PATHS.llmAgent, "agent_flow_type"], "streaming");
  return setAt(next, PATHS.llmConfig, {
    ...llmBasics(doc),
    agent_information: typeof prompt === "string" ? prompt : "",
    current_node_id: "start",
    nodes: [{ id: "start", node_type: "llm", prompt: "", edges: [] }],
  });
}

/** The agent turned into a simple LLM agent (prompt and LLM); a graph's nodes are dropped. */
export function toSimpleAgent(doc: AgentDocument): AgentDocument {
  let next = setAt(doc, [...PATHS.llmAgent, "agent_type"], "simple_llm_agent");
  next = setAt(next, [...PATHS.llmAgent, "agent_flow_type"], "streaming");
  return setAt(next, PATHS.llmConfig, llmBasics(doc));
}
