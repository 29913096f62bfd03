// A knowledge-base agent's rag_config (llm_config.rag_config of a knowledgebase_agent): which
// knowledge bases it answers from (vector_store.provider_config.vector_id, or vector_ids for
// several) and how many passages of what score it takes; and turning an agent into one.
import type { AgentDocument, JsonObject, JsonValue } from "./api";
import { getAt, PATHS, setAt, type Path } from "./agentDoc";

export const RAG: Path = [...PATHS.llmConfig, "rag_config"];
export const VECTOR_STORE: Path = [...RAG, "vector_store"];
export const STORE_PROVIDER: Path = [...VECTOR_STORE, "provider"];
export const STORE_CONFIG: Path = [...VECTOR_STORE, "provider_config"];
export const RERANKER: Path = [...STORE_CONFIG, "reranker"];

/** The store the server's own knowledge bases are named under (Bolna's LanceDB provider config). */
export const OWN_STORE = "lancedb";

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function isKnowledgeAgent(doc: AgentDocument): boolean {
  return getAt(doc, [...PATHS.llmAgent, "agent_type"]) === "knowledgebase_agent";
}

/** The knowledge base ids the agent names: vector_id, then vector_ids, without repeats. */
export function knowledgeIds(doc: AgentDocument): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v !== "" && !out.includes(v)) out.push(v);
  };
  add(getAt(doc, [...STORE_CONFIG, "vector_id"]));
  const many = getAt(doc, [...STORE_CONFIG, "vector_ids"]);
  if (Array.isArray(many)) many.forEach(add);
  return out;
}

/**
 * The document naming exactly `ids`: one as vector_id, several as vector_ids (the other key
 * removed); the store provider is set to the server's own when none is given.
 */
export function withKnowledgeIds(doc: AgentDocument, ids: readonly string[]): AgentDocument {
  let next = doc;
  if (typeof getAt(next, STORE_PROVIDER) !== "string") next = setAt(next, STORE_PROVIDER, OWN_STORE);
  if (!isObject(getAt(next, STORE_CONFIG))) next = setAt(next, STORE_CONFIG, {});
  if (ids.length <= 1) {
    next = setAt(next, [...STORE_CONFIG, "vector_ids"], undefined);
    return setAt(next, [...STORE_CONFIG, "vector_id"], ids[0]);
  }
  next = setAt(next, [...STORE_CONFIG, "vector_id"], undefined);
  return setAt(next, [...STORE_CONFIG, "vector_ids"], [...ids]);
}

/** A setting of the store's provider_config (or the reranker), removed when undefined. */
export function withStoreSetting(doc: AgentDocument, path: Path, value: JsonValue | undefined): AgentDocument {
  let next = doc;
  if (typeof getAt(next, STORE_PROVIDER) !== "string") next = setAt(next, STORE_PROVIDER, OWN_STORE);
  next = setAt(next, path, value);
  // An emptied reranker goes entirely, so the default (no reranking) applies.
  const reranker = getAt(next, RERANKER);
  if (isObject(reranker) && Object.keys(reranker).length === 0) next = setAt(next, RERANKER, undefined);
  return next;
}

/** The agent turned into a knowledge-base agent; the LLM provider, model and base_url kept. */
export function toKnowledgeAgent(doc: AgentDocument): AgentDocument {
  const cfg = getAt(doc, PATHS.llmConfig);
  const llm: JsonObject = {};
  if (isObject(cfg)) for (const k of ["provider", "model", "base_url"]) if (cfg[k] !== undefined) llm[k] = cfg[k];
  let next = setAt(doc, [...PATHS.llmAgent, "agent_type"], "knowledgebase_agent");
  next = setAt(next, [...PATHS.llmAgent, "agent_flow_type"], "streaming");
  return setAt(next, PATHS.llmConfig, { ...llm, rag_config: { vector_store: { provider: OWN_STORE, provider_config: {} } } });
}

/** The JSON paths of every field and section the rag_config form draws, for placing errors. */
export function ragFieldPaths(doc: AgentDocument): Path[] {
  if (!isKnowledgeAgent(doc)) return [];
  return [
    RAG,
    STORE_PROVIDER,
    STORE_CONFIG,
    [...STORE_CONFIG, "similarity_top_k"],
    [...STORE_CONFIG, "score_threshold"],
    RERANKER,
    [...RERANKER, "enabled"],
    [...RERANKER, "model_type"],
    [...RERANKER, "candidate_count"],
    [...RERANKER, "final_count"],
  ];
}
