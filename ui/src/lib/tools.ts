// The LLM's tools of an agent document (Bolna's api_tools on the conversation task): each
// function definition in `tools` (OpenAI's {type, function} form or the older flat form, as a
// list or as JSON text of one) and how it runs, `tools_params[name]` (URL, method, body
// template, headers, what to say meanwhile; for graph agents the nodes it is offered at).
// Every change returns a new document; text tools become a list on the first change.
import { getAt, setAt, type Path } from "./agentDoc";
import type { AgentDocument, JsonObject, JsonValue } from "./api";

export const API_TOOLS: Path = ["agent_config", "tasks", 0, "tools_config", "api_tools"];
const LIST: Path = [...API_TOOLS, "tools"];
const PARAMS: Path = [...API_TOOLS, "tools_params"];
const GRAPH_NODES: Path = ["agent_config", "tasks", 0, "tools_config", "llm_agent", "llm_config", "nodes"];

export const PARAM_TYPES = ["string", "number", "integer", "boolean"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** One argument of a tool, from its parameters' JSON Schema. */
export interface ToolParam {
  name: string;
  /** "other": an array, object or anything the form does not draw (kept as it is). */
  type: ParamType | "other";
  description: string;
  required: boolean;
  options: string[];
}

export type ToolKind = "http" | "transfer" | "end_call";

/** One tool as the form shows it. */
export interface ToolView {
  index: number;
  name: string;
  description: string;
  /** Where name, description and parameters live: tools[i].function or tools[i]. */
  fnPath: Path;
  params: ToolParam[];
  kind: ToolKind;
  /** tools_params[name], or null when there is none. */
  run: JsonObject | null;
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The tools list, parsed from JSON text when stored so; null when the text is not a list. */
export function toolList(doc: AgentDocument): JsonValue[] | null {
  const raw = getAt(doc, LIST);
  if (raw === undefined || raw === null || raw === "") return [];
  if (Array.isArray(raw)) return raw;
  if (typeof raw === "string") {
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as JsonValue[]) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Whether the tools are JSON text (Bolna's dashboard stores them so). */
export function toolsAreText(doc: AgentDocument): boolean {
  return typeof getAt(doc, LIST) === "string";
}

export function toolKind(name: string): ToolKind {
  if (name === "end_call") return "end_call";
  if (name.startsWith("transfer_call")) return "transfer";
  return "http";
}

function typeOf(schema: JsonValue | undefined): ParamType | "other" {
  if (!isObject(schema)) return "other";
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  return typeof t === "string" && (PARAM_TYPES as readonly string[]).includes(t) ? (t as ParamType) : "other";
}

function paramsOf(parameters: JsonValue | undefined): ToolParam[] {
  if (!isObject(parameters) || !isObject(parameters.properties)) return [];
  const required = Array.isArray(parameters.required) ? parameters.required : [];
  return Object.entries(parameters.properties).map(([name, schema]) => ({
    name,
    type: typeOf(schema),
    description: isObject(schema) && typeof schema.description === "string" ? schema.description : "",
    required: required.includes(name),
    options: isObject(schema) && Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === "string") : [],
  }));
}

/** The tools as the form shows them; null when they are text that is not a JSON list. */
export function readTools(doc: AgentDocument): ToolView[] | null {
  const list = toolList(doc);
  if (list === null) return null;
  const runs = getAt(doc, PARAMS);
  return list.map((tool, index) => {
    const wrapped = isObject(tool) && isObject(tool.function);
    const fn = wrapped ? (tool as JsonObject).function : tool;
    const name = isObject(fn) && typeof fn.name === "string" ? fn.name : "";
    const run = isObject(runs) ? runs[name] : undefined;
    return {
      index,
      name,
      description: isObject(fn) && typeof fn.description === "string" ? fn.description : "",
      fnPath: wrapped ? [...LIST, index, "function"] : [...LIST, index],
      params: paramsOf(isObject(fn) ? fn.parameters : undefined),
      kind: toolKind(name),
      run: isObject(run) ? run : null,
    };
  });
}

/** The document with its tools as a list (parsed from text if need be). */
function withList(doc: AgentDocument): AgentDocument {
  const list = toolList(doc);
  return list !== null && !Array.isArray(getAt(doc, LIST)) ? setAt(doc, LIST, list) : doc;
}

function uniqueName(taken: string[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

/** The document with a new tool at the end: an HTTP tool, or a transfer to a person. */
export function addTool(doc: AgentDocument, kind: "http" | "transfer" = "http"): AgentDocument {
  const tools = readTools(doc) ?? [];
  const name = uniqueName(
    tools.map((t) => t.name),
    kind === "transfer" ? "transfer_call" : "new_tool",
  );
  const fn: JsonObject = {
    name,
    description: kind === "transfer" ? "Transfer the call to a person when the caller asks for one." : "",
    parameters: { type: "object", properties: {}, required: [] },
  };
  let next = withList(doc);
  next = setAt(next, [...LIST, tools.length], { type: "function", function: fn });
  const run: JsonObject = kind === "transfer" ? {} : { url: "", method: "POST" };
  return setAt(next, [...PARAMS, name], run);
}

/** The document without tool `index` and its tools_params entry; no tools left: no api_tools. */
export function removeTool(doc: AgentDocument, index: number): AgentDocument {
  const tools = readTools(doc);
  if (!tools || !tools[index]) return doc;
  const name = tools[index].name;
  const list = (toolList(doc) ?? []).filter((_, i) => i !== index);
  let next = setAt(doc, LIST, list);
  if (!tools.some((t, i) => i !== index && t.name === name)) next = setAt(next, [...PARAMS, name], undefined);
  const runs = getAt(next, PARAMS);
  if (list.length === 0 && (!isObject(runs) || Object.keys(runs).length === 0)) {
    next = setAt(next, API_TOOLS, undefined);
  }
  return next;
}

/** An object with key `from` renamed to `to`, in the same place among its keys. */
function renameKey(obj: JsonObject, from: string, to: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === from) out[to] = v;
    else if (k !== to) out[k] = v;
  }
  return out;
}

/** Renames tool `index`: its tools_params entry and graph nodes' function_call follow it. */
export function renameTool(doc: AgentDocument, index: number, name: string): AgentDocument {
  const tools = readTools(doc);
  const tool = tools?.[index];
  if (!tool) return doc;
  const old = tool.name;
  let next = setAt(withList(doc), [...tool.fnPath, "name"], name);
  const runs = getAt(next, PARAMS);
  if (isObject(runs) && old in runs && !tools.some((t, i) => i !== index && t.name === old)) {
    next = setAt(next, PARAMS, renameKey(runs, old, name));
  }
  const nodes = getAt(next, GRAPH_NODES);
  if (Array.isArray(nodes)) {
    nodes.forEach((n, i) => {
      if (isObject(n) && n.function_call === old && old !== "") next = setAt(next, [...GRAPH_NODES, i, "function_call"], name);
    });
  }
  return next;
}

/** Sets (or with undefined removes) a field of the function definition: description. */
export function setToolField(doc: AgentDocument, index: number, key: "description", value: string): AgentDocument {
  const tool = readTools(doc)?.[index];
  if (!tool) return doc;
  return setAt(withList(doc), [...tool.fnPath, key], value);
}

/** Sets (or with undefined removes) a field of how tool `index` runs, tools_params[name][key]. */
export function setRunField(doc: AgentDocument, index: number, key: string, value: JsonValue | undefined): AgentDocument {
  const tool = readTools(doc)?.[index];
  if (!tool) return doc;
  const runs = getAt(doc, PARAMS);
  if (value === undefined && !(isObject(runs) && isObject(runs[tool.name]))) return doc;
  return setAt(withList(doc), [...PARAMS, tool.name, key], value);
}

function parametersPath(tool: ToolView): Path {
  return [...tool.fnPath, "parameters"];
}

function parameters(doc: AgentDocument, tool: ToolView): JsonObject {
  const p = getAt(doc, parametersPath(tool));
  return isObject(p) ? p : { type: "object", properties: {}, required: [] };
}

/** The document with a new string parameter on tool `index`. */
export function addParam(doc: AgentDocument, index: number): AgentDocument {
  const tool = readTools(doc)?.[index];
  if (!tool) return doc;
  const p = parameters(doc, tool);
  const props = isObject(p.properties) ? p.properties : {};
  const name = uniqueName(Object.keys(props), "param");
  return setAt(withList(doc), parametersPath(tool), {
    ...p,
    type: "object",
    properties: { ...props, [name]: { type: "string", description: "" } },
    required: Array.isArray(p.required) ? p.required : [],
  });
}

/** The document without parameter `name` of tool `index` (and not required any more). */
export function removeParam(doc: AgentDocument, index: number, name: string): AgentDocument {
  const tool = readTools(doc)?.[index];
  if (!tool) return doc;
  const p = parameters(doc, tool);
  const props = { ...(isObject(p.properties) ? p.properties : {}) };
  delete props[name];
  const required = Array.isArray(p.required) ? p.required.filter((r) => r !== name) : [];
  return setAt(withList(doc), parametersPath(tool), { ...p, properties: props, required });
}

export interface ParamChange {
  name?: string;
  type?: ParamType;
  description?: string;
  required?: boolean;
  /** Allowed values of a string parameter; empty: any. */
  options?: string[];
}

/** Changes parameter `name` of tool `index`: rename (in place), type, description, required, enum. */
export function setParam(doc: AgentDocument, index: number, name: string, change: ParamChange): AgentDocument {
  const tool = readTools(doc)?.[index];
  if (!tool) return doc;
  const p = parameters(doc, tool);
  let props: JsonObject = isObject(p.properties) ? p.properties : {};
  let required = Array.isArray(p.required) ? [...p.required] : [];
  const current = props[name];
  const schema: JsonObject = isObject(current) ? { ...current } : {};
  if (change.type !== undefined) {
    schema.type = change.type;
    if (change.type !== "string") delete schema.enum;
  }
  if (change.description !== undefined) {
    if (change.description) schema.description = change.description;
    else delete schema.description;
  }
  if (change.options !== undefined) {
    if (change.options.length) schema.enum = change.options;
    else delete schema.enum;
  }
  props = { ...props, [name]: schema };
  let key = name;
  if (change.name !== undefined && change.name !== name) {
    key = change.name;
    props = renameKey(props, name, key);
    required = required.map((r) => (r === name ? key : r));
  }
  if (change.required !== undefined) {
    required = required.filter((r) => r !== key);
    if (change.required) required.push(key);
  }
  return setAt(withList(doc), parametersPath(tool), { ...p, type: "object", properties: props, required });
}

/** The JSON paths of every field and section the tools form draws, for placing errors. */
export function toolFieldPaths(doc: AgentDocument): Path[] {
  const out: Path[] = [API_TOOLS, LIST, PARAMS];
  for (const t of readTools(doc) ?? []) {
    out.push([...LIST, t.index], [...t.fnPath, "name"], [...t.fnPath, "description"], [...t.fnPath, "parameters"]);
    for (const p of t.params) out.push([...t.fnPath, "parameters", "properties", p.name]);
    const run: Path = [...PARAMS, t.name];
    out.push(run);
    for (const k of ["url", "method", "api_token", "param", "headers", "pre_call_message", "scope", "nodes"]) out.push([...run, k]);
  }
  return out;
}
