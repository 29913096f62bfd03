"use client";
// The follow-up tasks that run after each call (Bolna's tasks[1..]): extraction and
// summarization (their prompt is agent_prompts.task_N, N = index + 1) and webhook (its URL in
// tools_config.api_tools.webhookURL). Add, edit and remove; prompts move with their tasks.
import { Field } from "@/components/Field";
import { getAt, jsonPath, setAt, type Path } from "@/lib/agentDoc";
import type { AgentDocument } from "@/lib/api";
import { addTask, removeTask, tasksOf, type FollowUpKind } from "@/lib/followUps";
import type { EditorErrors } from "./ProviderPicker";


const HINTS: Record<FollowUpKind, string> = {
  extraction: "Lines 'field: what it is'; the LLM answers with one JSON object of those fields.",
  summarization: "How to summarize the call; the LLM answers with a JSON object holding the summary.",
  webhook: "Where the call's results are POSTed, signed with your webhook key.",
};

export function FollowUpTasks({ doc, onChange, errors }: { doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const tasks = tasksOf(doc);
  const webhook = getAt(doc, ["agent_config", "webhook_url"]);
  return (
    <div className="space-y-3" data-testid="follow-up-tasks">
      <h3 className="text-sm font-medium">After each call</h3>
      {tasks.length <= 1 && <p className="muted">Nothing runs after a call.</p>}
      {tasks.slice(1).map((task, k) => {
        const index = k + 1;
        const type = getAt(task, ["task_type"]);
        const kind = typeof type === "string" ? type : "task";
        const taskPath: Path = ["agent_config", "tasks", index];
        const promptPath: Path = ["agent_prompts", `task_${index + 1}`, "system_prompt"];
        const urlPath: Path = [...taskPath, "tools_config", "api_tools", "webhookURL"];
        const prompt = getAt(doc, promptPath);
        const url = getAt(doc, urlPath);
        return (
          <div key={index} className="rounded-md border border-slate-200 p-3 dark:border-slate-700" data-testid="follow-up-task">
            <div className="mb-2 flex items-center justify-between gap-2">
              <span className="text-sm font-medium capitalize">{kind}</span>
              <button type="button" className="btn btn-danger" onClick={() => onChange(removeTask(doc, index))} aria-label={`Remove the ${kind} task`}>
                Remove
              </button>
            </div>
            {kind === "webhook" ? (
              <Field label="Webhook URL" hint={HINTS.webhook} error={errors.at(jsonPath(urlPath))}>
                {(p) => (
                  <input {...p} className="input" type="url" value={typeof url === "string" ? url : ""} onChange={(e) => onChange(setAt(doc, urlPath, e.target.value))} />
                )}
              </Field>
            ) : kind === "extraction" || kind === "summarization" ? (
              <Field label={`${kind === "extraction" ? "Extraction" : "Summary"} prompt`} hint={HINTS[kind]} error={errors.at(jsonPath(promptPath))}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={3}
                    className="input font-mono"
                    value={typeof prompt === "string" ? prompt : ""}
                    onChange={(e) => onChange(setAt(doc, promptPath, e.target.value))}
                  />
                )}
              </Field>
            ) : (
              <p className="muted">Edit this task in the JSON view.</p>
            )}
            {errors.at(jsonPath(taskPath)) && (
              <p className="mt-1 text-sm text-red-700 dark:text-red-300" data-testid="field-error">
                {errors.at(jsonPath(taskPath))}
              </p>
            )}
          </div>
        );
      })}
      {typeof webhook === "string" && webhook && <p className="muted">Results are also posted to {webhook} (agent_config.webhook_url).</p>}
      <div className="flex flex-wrap gap-2">
        {(["extraction", "summarization", "webhook"] as const).map((k) => (
          <button key={k} type="button" className="btn" onClick={() => onChange(addTask(doc, k))}>
            Add {k}
          </button>
        ))}
      </div>
    </div>
  );
}
