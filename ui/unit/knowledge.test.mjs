// Unit tests of the knowledge-base agent's rag_config helpers (src/lib/knowledge.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { errorsAt, formFieldPaths, jsonPath } from "../.unit-build/lib/agentDoc.js";
import { knowledgeIds, ragFieldPaths, toKnowledgeAgent, withKnowledgeIds, withStoreSetting, RERANKER, STORE_CONFIG } from "../.unit-build/lib/knowledge.js";

const simple = {
  agent_config: {
    agent_name: "a",
    tasks: [{ tools_config: { llm_agent: { agent_type: "simple_llm_agent", llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.2 } } } }],
  },
};
const llmConfig = (doc) => doc.agent_config.tasks[0].tools_config.llm_agent.llm_config;

test("toKnowledgeAgent keeps the LLM and starts an empty rag_config on the server's own store", () => {
  const doc = toKnowledgeAgent(simple);
  assert.equal(doc.agent_config.tasks[0].tools_config.llm_agent.agent_type, "knowledgebase_agent");
  assert.deepEqual(llmConfig(doc), { provider: "openai", model: "gpt-4o-mini", rag_config: { vector_store: { provider: "lancedb", provider_config: {} } } });
  assert.deepEqual(knowledgeIds(doc), []);
});

test("one knowledge base is vector_id, several are vector_ids, none removes both", () => {
  let doc = withKnowledgeIds(toKnowledgeAgent(simple), ["kb1"]);
  assert.deepEqual(llmConfig(doc).rag_config.vector_store.provider_config, { vector_id: "kb1" });
  doc = withKnowledgeIds(doc, ["kb1", "kb2"]);
  assert.deepEqual(llmConfig(doc).rag_config.vector_store.provider_config, { vector_ids: ["kb1", "kb2"] });
  assert.deepEqual(knowledgeIds(doc), ["kb1", "kb2"]);
  doc = withKnowledgeIds(doc, []);
  assert.deepEqual(llmConfig(doc).rag_config.vector_store.provider_config, {});
});

test("knowledgeIds reads vector_id and vector_ids together, without repeats", () => {
  const doc = withStoreSetting(toKnowledgeAgent(simple), [...STORE_CONFIG, "vector_ids"], ["b", "a", ""]);
  const both = withStoreSetting(doc, [...STORE_CONFIG, "vector_id"], "a");
  assert.deepEqual(knowledgeIds(both), ["a", "b"]);
});

test("a store setting added to a document without a store names the server's own; an emptied reranker goes", () => {
  let doc = withStoreSetting(simple, [...RERANKER, "enabled"], true);
  assert.equal(llmConfig(doc).rag_config.vector_store.provider, "lancedb");
  assert.deepEqual(llmConfig(doc).rag_config.vector_store.provider_config, { reranker: { enabled: true } });
  doc = withStoreSetting(doc, [...RERANKER, "enabled"], undefined);
  assert.deepEqual(llmConfig(doc).rag_config.vector_store.provider_config, {});
});

test("a server error about the knowledge bases is shown at the bases, one about top_k at its field", () => {
  const doc = withKnowledgeIds(toKnowledgeAgent(simple), []);
  const fields = formFieldPaths(doc, [], ragFieldPaths(doc));
  const cfg = "$.agent_config.tasks[0].tools_config.llm_agent.llm_config.rag_config.vector_store.provider_config";
  const errors = [
    { path: `${cfg}.vector_id`, message: "is required" },
    { path: `${cfg}.similarity_top_k`, message: "must be at least 1" },
  ];
  assert.equal(jsonPath([...STORE_CONFIG]), cfg);
  assert.deepEqual(errorsAt(errors, cfg, fields), ["vector_id: is required"]);
  assert.deepEqual(errorsAt(errors, `${cfg}.similarity_top_k`, fields), ["must be at least 1"]);
  assert.deepEqual(ragFieldPaths(simple), []);
});
