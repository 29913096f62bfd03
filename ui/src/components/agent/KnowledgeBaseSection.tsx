"use client";
// A knowledge-base agent's rag_config: the knowledge bases it answers from (the user's, from
// GET /v1/knowledge-bases), how many passages of what score it takes each turn, and the
// reranking settings Bolna's schema allows. Each setting is drawn from the agent schema
// (description, default, bounds); an empty field removes it, so the default applies.
import Link from "next/link";
import { useId } from "react";
import { Field } from "@/components/Field";
import { ErrorBox, Loading } from "@/components/States";
import { agentSchemaForms } from "@/lib/agent-schema.gen";
import { getAt, jsonPath, type Path } from "@/lib/agentDoc";
import { listKnowledgeBases, type AgentDocument, type JsonValue, type KnowledgeBase } from "@/lib/api";
import { useLoad } from "@/lib/hooks";
import { knowledgeIds, OWN_STORE, RAG, RERANKER, STORE_CONFIG, STORE_PROVIDER, withKnowledgeIds, withStoreSetting } from "@/lib/knowledge";
import type { EditorErrors } from "./ProviderPicker";

const lancedb = agentSchemaForms.lancedb;
const reranker = agentSchemaForms.reranker;

async function allBases(): Promise<KnowledgeBase[]> {
  return (await listKnowledgeBases({ limit: 200 })).items;
}

interface NumberSchema {
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

function NumberSetting({
  doc,
  onChange,
  errors,
  path,
  label,
  schema,
  step,
  placeholder,
}: {
  doc: AgentDocument;
  onChange: (d: AgentDocument) => void;
  errors: EditorErrors;
  path: Path;
  label: string;
  schema: NumberSchema;
  step?: number;
  placeholder?: string;
}) {
  const value = getAt(doc, path);
  const def = schema.default;
  return (
    <Field label={label} hint={schema.description} error={errors.at(jsonPath(path))}>
      {(p) => (
        <input
          {...p}
          className="input"
          type="number"
          inputMode={step ? "decimal" : "numeric"}
          step={step}
          min={schema.minimum}
          max={schema.maximum}
          placeholder={placeholder ?? (def !== undefined && def !== null ? `default ${String(def)}` : "")}
          value={typeof value === "number" ? String(value) : ""}
          onChange={(e) => onChange(withStoreSetting(doc, path, e.target.value === "" ? undefined : Number(e.target.value)))}
        />
      )}
    </Field>
  );
}

export function KnowledgeBaseSection({
  doc,
  onChange,
  errors,
  loadBases = allBases,
}: {
  doc: AgentDocument;
  onChange: (d: AgentDocument) => void;
  errors: EditorErrors;
  /** Where the user's knowledge bases come from (tests pass their own). */
  loadBases?: () => Promise<KnowledgeBase[]>;
}) {
  const id = useId();
  const { value, reload } = useLoad(loadBases, []);
  const chosen = knowledgeIds(doc);
  const provider = getAt(doc, STORE_PROVIDER);
  const providerName = typeof provider === "string" ? provider : "";
  const ownStore = providerName === "" || providerName === OWN_STORE;
  const basesError = errors.at(jsonPath(STORE_CONFIG));
  const sectionError = errors.at(jsonPath(RAG));
  const storeError = errors.at(jsonPath(STORE_PROVIDER));
  const ragTopK = getAt(doc, [...RAG, "similarity_top_k"]);
  const enabled = getAt(doc, [...RERANKER, "enabled"]);
  const modelType = getAt(doc, [...RERANKER, "model_type"]);

  function toggle(baseId: string, on: boolean) {
    onChange(withKnowledgeIds(doc, on ? [...chosen, baseId] : chosen.filter((c) => c !== baseId)));
  }

  const known = value.state === "ready" ? value.data : [];
  const unknown = chosen.filter((c) => !known.some((b) => b.id === c));

  return (
    <section className="card space-y-4" aria-labelledby="rag-h" data-testid="rag-config">
      <h2 id="rag-h" className="font-semibold">
        Knowledge: what it answers from
      </h2>
      <Field label="Vector store" hint="Where the knowledge bases live: this server's own knowledge bases are LanceDB-style (Bolna's lancedb)." error={storeError}>
        {(p) => (
          <select {...p} className="input" value={providerName || OWN_STORE} onChange={(e) => onChange(withStoreSetting(doc, STORE_PROVIDER, e.target.value as JsonValue))}>
            <option value={OWN_STORE}>This server&apos;s knowledge bases (lancedb)</option>
            <option value="mongodb">MongoDB Atlas (not searched by this server)</option>
            {!ownStore && providerName !== "mongodb" && <option value={providerName}>{providerName}</option>}
          </select>
        )}
      </Field>
      {!ownStore ? (
        <p className="muted">This server only searches its own knowledge bases; edit this store&apos;s settings in the JSON view.</p>
      ) : (
        <>
          <fieldset aria-describedby={basesError ? `${id}-error` : `${id}-hint`} data-testid="rag-bases">
            <legend className="label">Knowledge bases</legend>
            {value.state === "loading" && <Loading label="Loading your knowledge bases…" />}
            {value.state === "error" && <ErrorBox error={value.error} onRetry={reload} />}
            {value.state === "ready" && known.length === 0 && unknown.length === 0 && (
              <p className="muted" data-testid="rag-no-bases">
                You have no knowledge bases yet. <Link href="/knowledge/" className="text-indigo-700 underline dark:text-indigo-300">Create one and upload documents</Link>, then choose it here.
              </p>
            )}
            <ul className="space-y-1">
              {known.map((b) => (
                <li key={b.id}>
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" className="mt-1" checked={chosen.includes(b.id)} aria-invalid={Boolean(basesError)} onChange={(e) => toggle(b.id, e.target.checked)} />
                    <span className="min-w-0 break-words">
                      {b.name} <span className="muted">· {b.document_count} document{b.document_count === 1 ? "" : "s"}</span>
                    </span>
                  </label>
                </li>
              ))}
              {value.state !== "loading" &&
                unknown.map((u) => (
                  <li key={u}>
                    <label className="flex items-start gap-2 text-sm">
                      <input type="checkbox" className="mt-1" checked aria-invalid onChange={() => toggle(u, false)} />
                      <span className="min-w-0 break-all text-amber-700 dark:text-amber-300">
                        {u} (not one of your knowledge bases)
                      </span>
                    </label>
                  </li>
                ))}
            </ul>
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              Searched on every turn; the passages found are given to the LLM with the caller&apos;s words. One is saved as vector_id, several as vector_ids.
            </p>
            {chosen.length === 0 && value.state === "ready" && !basesError && (
              <p className="mt-1 text-sm text-amber-700 dark:text-amber-300" data-testid="rag-none-chosen">
                Choose at least one: calls with this agent are refused until it names a knowledge base.
              </p>
            )}
            {basesError && (
              <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300" data-testid="field-error">
                {basesError}
              </p>
            )}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <NumberSetting
              doc={doc}
              onChange={onChange}
              errors={errors}
              path={[...STORE_CONFIG, "similarity_top_k"]}
              label="Passages per turn"
              schema={{ ...lancedb.similarity_top_k, maximum: 50 }}
              placeholder={typeof ragTopK === "number" ? `from rag_config: ${ragTopK}` : undefined}
            />
            <NumberSetting
              doc={doc}
              onChange={onChange}
              errors={errors}
              path={[...STORE_CONFIG, "score_threshold"]}
              label="Lowest score kept (0–1)"
              schema={{ ...lancedb.score_threshold, minimum: 0, maximum: 1 }}
              step={0.05}
            />
          </div>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold">Reranking</legend>
            <p className="muted">Kept with the agent for Bolna; this server ranks passages itself and does not rerank.</p>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Rerank passages" hint={reranker.enabled.description} error={errors.at(jsonPath([...RERANKER, "enabled"]))}>
                {(p) => (
                  <select
                    {...p}
                    className="input"
                    value={typeof enabled === "boolean" ? String(enabled) : ""}
                    onChange={(e) => onChange(withStoreSetting(doc, [...RERANKER, "enabled"], e.target.value === "" ? undefined : e.target.value === "true"))}
                  >
                    <option value="">default (off)</option>
                    <option value="true">on</option>
                    <option value="false">off</option>
                  </select>
                )}
              </Field>
              <Field label="Reranker model" hint={reranker.model_type.description} error={errors.at(jsonPath([...RERANKER, "model_type"]))}>
                {(p) => (
                  <select
                    {...p}
                    className="input"
                    value={typeof modelType === "string" ? modelType : ""}
                    onChange={(e) => onChange(withStoreSetting(doc, [...RERANKER, "model_type"], e.target.value || undefined))}
                  >
                    <option value="">default ({reranker.model_type.default})</option>
                    {reranker.model_type.enum.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <NumberSetting doc={doc} onChange={onChange} errors={errors} path={[...RERANKER, "candidate_count"]} label="Candidates before reranking" schema={reranker.candidate_count} />
              <NumberSetting doc={doc} onChange={onChange} errors={errors} path={[...RERANKER, "final_count"]} label="Kept after reranking" schema={reranker.final_count} />
            </div>
            {errors.at(jsonPath(RERANKER)) && (
              <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
                {errors.at(jsonPath(RERANKER))}
              </p>
            )}
          </fieldset>
        </>
      )}
      {sectionError && (
        <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
          {sectionError}
        </p>
      )}
    </section>
  );
}
