"use client";
// The agent editor's form: basics, prompt, and the three providers. Every input writes into the
// one agent document the JSON view also shows.
import { Field } from "@/components/Field";
import type { AgentDocument, Provider } from "@/lib/api";
import { getAt, hasLlmProvider, jsonPath, PATHS, setAt } from "@/lib/agentDoc";
import { isGraphAgent, toGraphAgent, toSimpleAgent } from "@/lib/graph";
import { useState } from "react";
import { ConfirmDialog } from "@/components/Dialog";
import { isKnowledgeAgent, toKnowledgeAgent } from "@/lib/knowledge";
import { GraphEditor } from "./GraphEditor";
import { KnowledgeBaseSection } from "./KnowledgeBaseSection";
import { ProviderPicker, type EditorErrors } from "./ProviderPicker";
import { ToolsAndTasks } from "./ToolsAndTasks";
import { TurnTakingSection } from "./TurnTaking";

function text(doc: AgentDocument, path: readonly (string | number)[]): string {
  const v = getAt(doc, path);
  return typeof v === "string" ? v : "";
}

export function AgentForm({
  doc,
  providers,
  onChange,
  errors,
  onOpenJson,
}: {
  doc: AgentDocument;
  providers: Provider[];
  onChange: (doc: AgentDocument) => void;
  errors: EditorErrors;
  onOpenJson: () => void;
}) {
  const namePath = jsonPath(PATHS.name);
  const welcomePath = jsonPath(PATHS.welcome);
  const promptPath = jsonPath(PATHS.prompt);
  const llmAgentPath = jsonPath(PATHS.llmAgent);
  const modelPath = jsonPath([...PATHS.llmConfig, "model"]);
  const agentType = text(doc, [...PATHS.llmAgent, "agent_type"]);

  return (
    <div className="space-y-6">
      <section className="card space-y-4" aria-labelledby="basics-h">
        <h2 id="basics-h" className="font-semibold">
          Basics
        </h2>
        <Field label="Name" error={errors.at(namePath)}>
          {(p) => (
            <input {...p} name="agent_name" className="input" value={text(doc, PATHS.name)} onChange={(e) => onChange(setAt(doc, PATHS.name, e.target.value))} />
          )}
        </Field>
        <Field label="Welcome message" hint="Said as soon as the call starts. Empty: the agent waits for the caller." error={errors.at(welcomePath)}>
          {(p) => (
            <textarea
              {...p}
              name="welcome"
              rows={2}
              className="input"
              value={text(doc, PATHS.welcome)}
              onChange={(e) => onChange(setAt(doc, PATHS.welcome, e.target.value))}
            />
          )}
        </Field>
        <Field
          label="Prompt"
          hint={
            text(doc, [...PATHS.llmConfig, "provider"]) === "scripted"
              ? "Scripted LLM: lines 'caller phrase => reply'; '* => reply' answers anything else; a reply ending in [end_call] hangs up."
              : "The system prompt of the conversation."
          }
          error={errors.at(promptPath)}
        >
          {(p) => (
            <textarea
              {...p}
              name="prompt"
              rows={8}
              className="input font-mono"
              value={text(doc, PATHS.prompt)}
              onChange={(e) => onChange(setAt(doc, PATHS.prompt, e.target.value))}
            />
          )}
        </Field>
      </section>

      <section className="card space-y-4" aria-labelledby="stt-h">
        <h2 id="stt-h" className="font-semibold">
          Hearing: transcriber
        </h2>
        <ProviderPicker kind="stt" providers={providers} doc={doc} onChange={onChange} errors={errors} />
      </section>

      <section className="card space-y-4" aria-labelledby="llm-h">
        <h2 id="llm-h" className="font-semibold">
          Thinking: LLM
        </h2>
        <AgentKind doc={doc} onChange={onChange} />
        {hasLlmProvider(doc) ? (
          <ProviderPicker
            kind="llm"
            providers={providers}
            doc={doc}
            onChange={onChange}
            errors={errors}
            extra={
              <Field label="Model" error={errors.at(modelPath)}>
                {(p) => (
                  <input
                    {...p}
                    className="input"
                    value={text(doc, [...PATHS.llmConfig, "model"])}
                    onChange={(e) => onChange(setAt(doc, [...PATHS.llmConfig, "model"], e.target.value))}
                  />
                )}
              </Field>
            }
          />
        ) : isGraphAgent(doc) ? (
          <GraphEditor doc={doc} providers={providers} onChange={onChange} errors={errors} />
        ) : (
          <p className="muted">
            This agent is a <code>{agentType || "custom"}</code>; edit its settings in the JSON view.
          </p>
        )}
        {errors.at(llmAgentPath) && (
          <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
            {errors.at(llmAgentPath)}
          </p>
        )}
      </section>

      {isKnowledgeAgent(doc) && <KnowledgeBaseSection doc={doc} onChange={onChange} errors={errors} />}

      <section className="card space-y-4" aria-labelledby="tts-h">
        <h2 id="tts-h" className="font-semibold">
          Speaking: synthesizer
        </h2>
        <ProviderPicker kind="tts" providers={providers} doc={doc} onChange={onChange} errors={errors} />
      </section>

      <TurnTakingSection doc={doc} onChange={onChange} errors={errors} />

      <ToolsAndTasks doc={doc} onChange={onChange} errors={errors} onOpenJson={onOpenJson} />
    </div>
  );
}

const KINDS: Record<string, string> = {
  simple_llm_agent: "Answers with the LLM and the prompt",
  graph_agent: "Follows a conversation graph",
  knowledgebase_agent: "Answers from knowledge bases with the LLM and the prompt",
  multiagent: "Routes between several LLMs (settings in the JSON view)",
  llm_agent_graph: "Legacy graph (settings in the JSON view)",
};

const CONVERT: Record<string, (doc: AgentDocument) => AgentDocument> = {
  simple_llm_agent: toSimpleAgent,
  graph_agent: toGraphAgent,
  knowledgebase_agent: toKnowledgeAgent,
};

/**
 * What kind of agent thinks: a simple LLM agent, one that answers from knowledge bases, or a
 * conversation graph (switching keeps the LLM).
 */
function AgentKind({ doc, onChange }: { doc: AgentDocument; onChange: (d: AgentDocument) => void }) {
  const kind = text(doc, [...PATHS.llmAgent, "agent_type"]);
  // The kind a graph with several nodes is being turned into, once the user confirms.
  const [leaving, setLeaving] = useState<string | null>(null);
  const nodes = getAt(doc, [...PATHS.llmConfig, "nodes"]);
  return (
    <>
      <Field label="Kind of agent" hint="Switching keeps the LLM provider and model.">
        {(p) => (
          <select
            {...p}
            className="input"
            value={kind}
            onChange={(e) => {
              const to = e.target.value;
              const convert = CONVERT[to] ?? toSimpleAgent;
              if (kind === "graph_agent" && to !== "graph_agent" && Array.isArray(nodes) && nodes.length > 1) setLeaving(to);
              else onChange(convert(doc));
            }}
          >
            {!(kind in KINDS) && <option value={kind}>{kind || "— none —"}</option>}
            {Object.entries(KINDS)
              .filter(([k]) => k === kind || k in CONVERT)
              .map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
          </select>
        )}
      </Field>
      <ConfirmDialog
        open={leaving !== null}
        title="Drop the conversation graph?"
        message={<>The agent will answer with the LLM and the prompt{leaving === "knowledgebase_agent" ? " and knowledge bases" : ""}, and its {Array.isArray(nodes) ? nodes.length : 0} nodes are removed from the document (the saved agent changes when you save).</>}
        confirmLabel="Drop the graph"
        onConfirm={() => {
          const convert = CONVERT[leaving ?? ""] ?? toSimpleAgent;
          setLeaving(null);
          onChange(convert(doc));
        }}
        onClose={() => setLeaving(null)}
      />
    </>
  );
}
