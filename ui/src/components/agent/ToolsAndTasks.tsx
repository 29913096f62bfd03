"use client";
// What the agent may do and what runs after its calls: the LLM's tools (Bolna's api_tools) and
// the follow-up tasks (tasks[1..]: extraction, summarization, webhook), listed here and edited in
// the JSON view; the server's errors about them are shown here too.
import { getAt, jsonPath, type Path } from "@/lib/agentDoc";
import type { AgentDocument, JsonValue } from "@/lib/api";
import type { EditorErrors } from "./ProviderPicker";

export const API_TOOLS: Path = ["agent_config", "tasks", 0, "tools_config", "api_tools"];

/** The follow-up tasks' paths (tasks[1], tasks[2], ...), where their errors are shown. */
export function followUpPaths(doc: AgentDocument): Path[] {
  const tasks = getAt(doc, ["agent_config", "tasks"]);
  return Array.isArray(tasks) ? tasks.slice(1).map((_, i) => ["agent_config", "tasks", i + 1]) : [];
}

function toolNames(tools: JsonValue | undefined): string[] {
  let list = tools;
  if (typeof list === "string") {
    try {
      list = JSON.parse(list) as JsonValue;
    } catch {
      return ["(tools as text that is not JSON)"];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.map((t) => {
    const fn = t && typeof t === "object" && !Array.isArray(t) ? (t.function ?? t) : null;
    const name = fn && typeof fn === "object" && !Array.isArray(fn) ? fn.name : undefined;
    return typeof name === "string" ? name : "(unnamed)";
  });
}

export function ToolsAndTasks({ doc, errors, onOpenJson }: { doc: AgentDocument; errors: EditorErrors; onOpenJson: () => void }) {
  const tools = toolNames(getAt(doc, [...API_TOOLS, "tools"]));
  const tasks = getAt(doc, ["agent_config", "tasks"]);
  const followUps = Array.isArray(tasks) ? tasks.slice(1) : [];
  const toolError = errors.at(jsonPath(API_TOOLS));
  const webhook = getAt(doc, ["agent_config", "webhook_url"]);
  return (
    <section className="card space-y-3" aria-labelledby="tools-h" data-testid="tools-and-tasks">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tools-h" className="font-semibold">
          Tools and follow-up tasks
        </h2>
        <button type="button" className="btn" onClick={onOpenJson}>
          Edit in the JSON view
        </button>
      </div>
      <div>
        <h3 className="text-sm font-medium">Tools the LLM may call</h3>
        {tools.length === 0 ? (
          <p className="muted">None besides ending the call.</p>
        ) : (
          <ul className="list-disc pl-5 text-sm">
            {tools.map((t, i) => (
              <li key={i}>
                <code>{t}</code>
              </li>
            ))}
          </ul>
        )}
        {toolError && (
          <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
            {toolError}
          </p>
        )}
      </div>
      <div>
        <h3 className="text-sm font-medium">After each call</h3>
        {followUps.length === 0 && !webhook ? (
          <p className="muted">Nothing runs after a call.</p>
        ) : (
          <ul className="list-disc pl-5 text-sm">
            {followUps.map((t, i) => {
              const type = getAt(t, ["task_type"]);
              const error = errors.at(jsonPath(["agent_config", "tasks", i + 1]));
              return (
                <li key={i}>
                  {typeof type === "string" ? type : "task"} <span className="muted">(tasks[{i + 1}], prompt task_{i + 2})</span>
                  {error && (
                    <span className="block text-red-700 dark:text-red-300" data-testid="field-error">
                      {error}
                    </span>
                  )}
                </li>
              );
            })}
            {typeof webhook === "string" && webhook && <li>results posted to {webhook}</li>}
          </ul>
        )}
      </div>
    </section>
  );
}
