"use client";
// A graph agent's conversation graph (Bolna's graph_agent): what the agent is, its LLM, the
// start node, and each node (what it says or asks the LLM, the tool it calls on entry) with its
// edges (where the call goes next and when). Nodes and edges are added, edited and removed
// here; a renamed node is renamed everywhere it is named.
import { Field } from "@/components/Field";
import { getAt, jsonPath, setAt, type Path } from "@/lib/agentDoc";
import type { AgentDocument, Provider } from "@/lib/api";
import {
  addCondition,
  addEdge,
  addNode,
  EDGE_TYPES,
  GRAPH,
  NODE_TYPES,
  OPERATORS,
  readNodes,
  removeCondition,
  removeEdge,
  removeNode,
  renameNode,
  setCondition,
  setEdgeField,
  setEdgeTarget,
  setEdgeType,
  setExamples,
  setLogic,
  setNodeField,
  showValue,
  startNode,
  type EdgeType,
  type EdgeView,
  type NodeType,
  type NodeView,
} from "@/lib/graph";
import { readTools } from "@/lib/tools";
import { focusLastRow } from "./focusAdded";
import type { EditorErrors } from "./ProviderPicker";

const NODES: Path = [...GRAPH, "nodes"];

const NODE_LABEL: Record<NodeType, string> = {
  llm: "LLM: answers with the LLM and the node's prompt",
  static: "Static: says a fixed message",
  router: "Router: says nothing, only routes",
};

const EDGE_LABEL: Record<EdgeType, string> = {
  llm: "the LLM judges the condition",
  unconditional: "always (catch-all)",
  expression: "call variables match",
  event: "an outside event",
};

type Props = { doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors };

function ErrorLine({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
      {message}
    </p>
  );
}

export function GraphEditor({ doc, onChange, errors, providers }: Props & { providers: Provider[] }) {
  const nodes = readNodes(doc);
  const start = startNode(doc);
  const text = (key: string) => {
    const v = getAt(doc, [...GRAPH, key]);
    return typeof v === "string" ? v : "";
  };
  const set = (key: string, v: string) => onChange(setAt(doc, [...GRAPH, key], v === "" && key !== "agent_information" ? undefined : v));
  const llms = providers.filter((p) => p.kinds.includes("llm"));
  const provider = text("provider");
  return (
    <div className="space-y-4" data-testid="graph-editor">
      <p className="muted">A conversation graph: the call starts at the start node and moves along the edges.</p>
      <Field label="About the agent" hint="Who the agent is; every node's prompt builds on it." error={errors.at(jsonPath([...GRAPH, "agent_information"]))}>
        {(p) => <textarea {...p} rows={3} className="input" value={text("agent_information")} onChange={(e) => set("agent_information", e.target.value)} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="LLM provider" error={errors.at(jsonPath([...GRAPH, "provider"]))}>
          {(p) => (
            <select {...p} className="input" value={provider} onChange={(e) => set("provider", e.target.value)}>
              {!llms.some((l) => l.name === provider) && <option value={provider}>{provider || "default (openai)"}</option>}
              {llms.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.display_name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Model" error={errors.at(jsonPath([...GRAPH, "model"]))}>
          {(p) => <input {...p} className="input" value={text("model")} onChange={(e) => set("model", e.target.value)} />}
        </Field>
      </div>
      <Field label="Start node" error={errors.at(jsonPath([...GRAPH, "current_node_id"]))}>
        {(p) => (
          <select {...p} className="input" value={start} onChange={(e) => onChange(setAt(doc, [...GRAPH, "current_node_id"], e.target.value))}>
            {!nodes.some((n) => n.id === start) && <option value={start}>{start || "— choose —"}</option>}
            {nodes.map((n) => (
              <option key={n.index} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="space-y-3">
        <h3 className="text-sm font-medium">Nodes</h3>
        {nodes.length === 0 && <p className="muted">No nodes yet.</p>}
        {nodes.map((n) => (
          <NodeCard key={n.index} node={n} nodes={nodes} start={start} doc={doc} onChange={onChange} errors={errors} />
        ))}
        <ErrorLine message={errors.at(jsonPath(NODES))} />
        <button type="button" className="btn" onClick={(e) => {
            onChange(addNode(doc));
            focusLastRow(e.currentTarget.closest("[data-testid=graph-editor]"), "[data-testid=graph-node]", "input[name=node_id]");
          }}
        >
          Add node
        </button>
      </div>
    </div>
  );
}

function NodeCard({ node, nodes, start, doc, onChange, errors }: Props & { node: NodeView; nodes: NodeView[]; start: string }) {
  const i = node.index;
  const path: Path = [...NODES, i];
  const at = (...rest: (string | number)[]) => errors.at(jsonPath([...path, ...rest]));
  const tools = (readTools(doc) ?? []).map((t) => t.name).filter(Boolean);
  const label = node.id || `node ${i + 1}`;
  return (
    <section className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-label={`Node ${label}`} data-testid="graph-node">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm">
          <code className="font-medium">{label}</code> <span className="muted">· {node.type}</span>
          {node.id === start && node.id !== "" && <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">start</span>}
        </span>
        <button type="button" className="btn btn-danger" onClick={() => onChange(removeNode(doc, i))} aria-label={`Remove the node ${label}`}>
          Remove
        </button>
      </div>
      <ErrorLine message={errors.at(jsonPath(path))} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Node id" hint="Edges and the start name it; renaming updates them." error={at("id")}>
          {(p) => <input {...p} name="node_id" className="input font-mono" value={node.id} onChange={(e) => onChange(renameNode(doc, i, e.target.value))} />}
        </Field>
        <Field label="Kind" error={at("node_type")}>
          {(p) => (
            <select {...p} className="input" value={node.type} onChange={(e) => onChange(setNodeField(doc, i, "node_type", e.target.value))}>
              {NODE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {NODE_LABEL[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Description" error={at("description")}>
        {(p) => <input {...p} className="input" value={node.description} onChange={(e) => onChange(setNodeField(doc, i, "description", e.target.value))} />}
      </Field>
      {node.type === "llm" && (
        <Field label="Node prompt" error={at("prompt")}>
          {(p) => <textarea {...p} rows={3} className="input font-mono" value={node.prompt} onChange={(e) => onChange(setNodeField(doc, i, "prompt", e.target.value))} />}
        </Field>
      )}
      {node.type === "static" && (
        <Field label="Message" error={at("static_message")}>
          {(p) =>
            node.staticMessage === null ? (
              <input {...p} className="input" readOnly value="(one message per language: edit in the JSON view)" />
            ) : (
              <textarea {...p} rows={2} className="input" value={node.staticMessage} onChange={(e) => onChange(setNodeField(doc, i, "static_message", e.target.value))} />
            )
          }
        </Field>
      )}
      {(tools.length > 0 || node.functionCall) && (
        <Field label="Call a tool on entering" error={at("function_call")}>
          {(p) => (
            <select {...p} className="input" value={node.functionCall} onChange={(e) => onChange(setNodeField(doc, i, "function_call", e.target.value))}>
              <option value="">none</option>
              {!tools.includes(node.functionCall) && node.functionCall && <option value={node.functionCall}>{node.functionCall}</option>}
              {tools.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">Where the call goes next</legend>
        {node.edges.length === 0 && <p className="muted">No edges: the call stays at this node.</p>}
        {node.edges.map((e) => (
          <EdgeRow key={e.index} node={node} edge={e} nodes={nodes} doc={doc} onChange={onChange} errors={errors} />
        ))}
        <ErrorLine message={at("edges") ?? at("examples")} />
        <button type="button" className="btn" onClick={(e) => {
            onChange(addEdge(doc, i));
            focusLastRow(e.currentTarget.closest("fieldset"), "[data-testid=graph-edge]", "select");
          }}
        >
          Add edge
        </button>
      </fieldset>
    </section>
  );
}

function EdgeRow({ node, edge, nodes, doc, onChange, errors }: Props & { node: NodeView; edge: EdgeView; nodes: NodeView[] }) {
  const i = node.index;
  const j = edge.index;
  const n = j + 1;
  const path: Path = [...NODES, i, "edges", j];
  const at = (...rest: (string | number)[]) => errors.at(jsonPath([...path, ...rest]));
  const targetError = at("to_node_id");
  const typeError = at("condition_type");
  return (
    <div className="space-y-2 rounded border border-slate-200 p-2 dark:border-slate-700" data-testid="graph-edge">
      <div className="grid gap-2 sm:grid-cols-12">
        <label className="text-sm sm:col-span-5">
          <span className="label">Edge {n}: to</span>
          <select className="input" aria-invalid={Boolean(targetError)} value={edge.to} onChange={(e) => onChange(setEdgeTarget(doc, i, j, e.target.value))}>
            {!nodes.some((x) => x.id === edge.to) && <option value={edge.to}>{edge.to || "— choose —"}</option>}
            {nodes.map((x) => (
              <option key={x.index} value={x.id}>
                {x.id}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm sm:col-span-6">
          <span className="label">Edge {n}: taken when</span>
          <select className="input" aria-invalid={Boolean(typeError)} value={edge.type} onChange={(e) => onChange(setEdgeType(doc, i, j, e.target.value as EdgeType))}>
            {EDGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {EDGE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-danger self-end sm:col-span-1" aria-label={`Remove edge ${n} of ${node.id || "this node"}`} onClick={() => onChange(removeEdge(doc, i, j))}>
          ✕
        </button>
      </div>
      <ErrorLine message={targetError ?? typeError ?? errors.at(jsonPath(path))} />
      {edge.type === "llm" && (
        <>
          <label className="block text-sm">
            <span className="label">Edge {n}: condition</span>
            <input
              className="input"
              aria-invalid={Boolean(at("condition"))}
              placeholder="e.g. The caller wants to book an appointment"
              value={edge.condition}
              onChange={(e) => onChange(setEdgeField(doc, i, j, "condition", e.target.value))}
            />
          </label>
          <ErrorLine message={at("condition")} />
          <label className="block text-sm">
            <span className="label">Edge {n}: example phrases</span>
            <input
              className="input"
              placeholder="book an appointment | i would like to book"
              value={edge.examples}
              onChange={(e) => onChange(setExamples(doc, i, edge.to, e.target.value))}
            />
          </label>
        </>
      )}
      {edge.type === "event" && (
        <>
          <label className="block text-sm">
            <span className="label">Edge {n}: event name</span>
            <input
              className="input font-mono"
              aria-invalid={Boolean(at("event_name"))}
              value={edge.eventName}
              onChange={(e) => onChange(setEdgeField(doc, i, j, "event_name", e.target.value))}
            />
          </label>
          <ErrorLine message={at("event_name")} />
        </>
      )}
      {edge.type === "expression" && <Expression node={node} edge={edge} doc={doc} onChange={onChange} errors={errors} />}
    </div>
  );
}

function Expression({ node, edge, doc, onChange, errors }: Props & { node: NodeView; edge: EdgeView }) {
  const i = node.index;
  const j = edge.index;
  const n = j + 1;
  const path: Path = [...NODES, i, "edges", j, "expression"];
  return (
    <fieldset className="space-y-2">
      <legend className="sr-only">Edge {n}: conditions</legend>
      <label className="flex items-center gap-2 text-sm">
        Edge {n}: match
        <select className="input w-auto" value={edge.logic} onChange={(e) => onChange(setLogic(doc, i, j, e.target.value === "or" ? "or" : "and"))}>
          <option value="and">all of</option>
          <option value="or">any of</option>
        </select>
      </label>
      {edge.conditions.map((c, k) => {
        const error = errors.at(jsonPath([...path, "conditions", k]));
        const noValue = c.operator === "exists" || c.operator === "not_exists";
        return (
          <div key={k} className="space-y-1">
            <div className="grid gap-2 sm:grid-cols-12">
              <input
                className="input font-mono sm:col-span-4"
                aria-label={`Edge ${n} condition ${k + 1} variable`}
                aria-invalid={Boolean(error)}
                placeholder="variable, e.g. recipient_data.plan"
                value={c.variable}
                onChange={(e) => onChange(setCondition(doc, i, j, k, "variable", e.target.value))}
              />
              <select className="input sm:col-span-3" aria-label={`Edge ${n} condition ${k + 1} operator`} value={c.operator} onChange={(e) => onChange(setCondition(doc, i, j, k, "operator", e.target.value))}>
                {OPERATORS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
              <input
                className="input sm:col-span-4"
                aria-label={`Edge ${n} condition ${k + 1} value`}
                placeholder={noValue ? "no value" : 'text, or JSON: 42, true, ["a","b"]'}
                disabled={noValue}
                value={showValue(c.value)}
                onChange={(e) => onChange(setCondition(doc, i, j, k, "value", e.target.value))}
              />
              <button type="button" className="btn btn-danger sm:col-span-1" aria-label={`Remove edge ${n} condition ${k + 1}`} onClick={() => onChange(removeCondition(doc, i, j, k))}>
                ✕
              </button>
            </div>
            <ErrorLine message={error} />
          </div>
        );
      })}
      <ErrorLine message={errors.at(jsonPath(path))} />
      <button type="button" className="btn" onClick={() => onChange(addCondition(doc, i, j))}>
        Add condition
      </button>
    </fieldset>
  );
}
