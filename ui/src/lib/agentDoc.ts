// Reading and changing an agent document by path, and placing the server's validation errors
// ($.agent_config.tasks[0]... paths) at the form field that edits that part of the document.
import type { AgentDocument, FieldError, JsonObject, JsonValue, Provider, ProviderKind } from "./api";

export type Path = readonly (string | number)[];

/**
 * "$.agent_config.tasks[0].tools_config" for ["agent_config", "tasks", 0, "tools_config"]; a key
 * that is not an identifier is quoted, `$.a["b c"]`, as the server writes its error paths.
 */
export function jsonPath(path: Path): string {
  let s = "$";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

export function getAt(doc: unknown, path: Path): JsonValue | undefined {
  let cur: unknown = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur as JsonValue | undefined;
}

/** A copy of `doc` with `value` at `path` (objects created on the way); undefined removes it. */
export function setAt<T>(doc: T, path: Path, value: JsonValue | undefined): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  const base: Record<string | number, unknown> | unknown[] =
    doc !== null && typeof doc === "object"
      ? Array.isArray(doc)
        ? [...doc]
        : { ...(doc as Record<string, unknown>) }
      : typeof head === "number"
        ? []
        : {};
  const child = (base as Record<string | number, unknown>)[head];
  const next = rest.length === 0 ? value : setAt(child, rest, value);
  if (next === undefined && !Array.isArray(base)) delete (base as Record<string, unknown>)[head];
  else (base as Record<string | number, unknown>)[head] = next;
  return base as T;
}

// Where the editor's fields live in the document (the conversation is tasks[0]).
const TOOLS: Path = ["agent_config", "tasks", 0, "tools_config"];
export const PATHS = {
  name: ["agent_config", "agent_name"],
  welcome: ["agent_config", "agent_welcome_message"],
  prompt: ["agent_prompts", "task_1", "system_prompt"],
  transcriber: [...TOOLS, "transcriber"],
  llmAgent: [...TOOLS, "llm_agent"],
  llmConfig: [...TOOLS, "llm_agent", "llm_config"],
  synthesizer: [...TOOLS, "synthesizer"],
  synthesizerConfig: [...TOOLS, "synthesizer", "provider_config"],
  taskConfig: ["agent_config", "tasks", 0, "task_config"],
} as const satisfies Record<string, Path>;

/** Where a provider of a kind keeps its settings: the object its config_schema describes. */
export function providerSection(kind: ProviderKind): { provider: Path; settings: Path } {
  switch (kind) {
    case "stt":
      return { provider: [...PATHS.transcriber, "provider"], settings: PATHS.transcriber };
    case "tts":
      return { provider: [...PATHS.synthesizer, "provider"], settings: PATHS.synthesizerConfig };
    default:
      return { provider: [...PATHS.llmConfig, "provider"], settings: PATHS.llmConfig };
  }
}

/** A JSON Schema property the editor can draw as a field. */
export interface SchemaField {
  key: string;
  title: string;
  description?: string;
  type: "string" | "number" | "integer" | "boolean";
  options?: string[];
  defaultValue?: JsonValue;
}

/** The config schema of `provider` as a provider of `kind` (a vendor such as OpenAI takes other
 * settings as a transcriber than as an LLM), else its only one. */
function configSchema(provider: Provider | undefined, kind?: ProviderKind): unknown {
  const perKind = (provider as { config_schemas?: Record<string, unknown> } | undefined)?.config_schemas;
  if (kind && perKind && perKind[kind] !== undefined) return perKind[kind];
  if (kind && perKind && Object.keys(perKind).length > 0) return undefined;
  return provider?.config_schema;
}

/** The simple fields of a provider's config schema for `kind` (strings, numbers, booleans,
 * enums). */
export function schemaFields(provider: Provider | undefined, kind?: ProviderKind): SchemaField[] {
  const props = (configSchema(provider, kind) as { properties?: Record<string, JsonObject> } | undefined)?.properties;
  if (!props) return [];
  const fields: SchemaField[] = [];
  for (const [key, p] of Object.entries(props)) {
    const rawType = Array.isArray(p.type) ? p.type.find((t) => t !== "null") : p.type;
    if (rawType !== "string" && rawType !== "number" && rawType !== "integer" && rawType !== "boolean") continue;
    fields.push({
      key,
      title: typeof p.title === "string" ? p.title : key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
      description: typeof p.description === "string" ? p.description : undefined,
      type: rawType,
      options: Array.isArray(p.enum) ? p.enum.filter((v): v is string => typeof v === "string") : undefined,
      defaultValue: p.default,
    });
  }
  return fields;
}

/** The settings a newly chosen TTS provider starts with: its schema's defaults. */
export function defaultSettings(provider: Provider | undefined, kind?: ProviderKind): JsonObject {
  const out: JsonObject = {};
  for (const f of schemaFields(provider, kind)) {
    if (f.defaultValue !== undefined) out[f.key] = f.defaultValue;
  }
  return out;
}

function inside(path: string, container: string): boolean {
  return path === container || path.startsWith(`${container}.`) || path.startsWith(`${container}[`);
}

/**
 * The messages of the errors at or under `field`, except those under a deeper field of
 * `others` (they are shown there). A deeper error names its place relative to `field`.
 */
export function errorsAt(errors: FieldError[], field: string, others: Iterable<string>): string[] {
  const deeper = [...others].filter((o) => o.length > field.length && inside(o, field));
  return errors
    .filter((e) => inside(e.path, field) && !deeper.some((d) => inside(e.path, d)))
    .map((e) => (e.path === field ? e.message : `${e.path.slice(field.length).replace(/^\./, "")}: ${e.message}`));
}

const LLM_AGENTS_WITH_PROVIDER = new Set(["simple_llm_agent", "knowledgebase_agent"]);

/** Whether the form edits this agent's LLM provider (graph agents are edited as JSON). */
export function hasLlmProvider(doc: AgentDocument): boolean {
  const t = getAt(doc, [...PATHS.llmAgent, "agent_type"]);
  return typeof t === "string" && LLM_AGENTS_WITH_PROVIDER.has(t);
}

/** The JSON paths of every field and section the form draws for this document. */
export function formFieldPaths(doc: AgentDocument, providers: Provider[], extra: readonly Path[] = []): string[] {
  const paths: Path[] = [
    PATHS.name,
    PATHS.welcome,
    PATHS.prompt,
    PATHS.llmAgent,
    PATHS.transcriber,
    PATHS.synthesizer,
    PATHS.taskConfig,
    ...extra,
  ];
  const kinds: ProviderKind[] = hasLlmProvider(doc) ? ["stt", "llm", "tts"] : ["stt", "tts"];
  if (hasLlmProvider(doc)) paths.push([...PATHS.llmConfig, "model"]);
  for (const kind of kinds) {
    const section = providerSection(kind);
    paths.push(section.provider, section.settings);
    const name = getAt(doc, section.provider);
    const chosen = providers.find((p) => p.name === name && p.kinds.includes(kind));
    for (const f of schemaFields(chosen, kind)) paths.push([...section.settings, f.key]);
  }
  return paths.map(jsonPath);
}

/** The document to send: only the parts the API takes. */
export function documentOf(agent: { agent_config: unknown; agent_prompts?: unknown }): AgentDocument {
  const doc: AgentDocument = { agent_config: agent.agent_config as AgentDocument["agent_config"] };
  if (agent.agent_prompts !== undefined) doc.agent_prompts = agent.agent_prompts as AgentDocument["agent_prompts"];
  return doc;
}

/** The document the JSON view's text holds, or why it holds none. */
export function parseDocument(text: string): { doc: AgentDocument } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || !("agent_config" in parsed)) {
    return { error: "The document must be an object with agent_config (and optionally agent_prompts)." };
  }
  return { doc: parsed as AgentDocument };
}
