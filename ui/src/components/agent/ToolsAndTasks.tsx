"use client";
// What the agent may do and what runs after its calls: the LLM's tools (Bolna's api_tools),
// listed here and edited in the JSON view, with the server's errors about them; and the
// follow-up tasks (tasks[1..]), edited here.
import { getAt, jsonPath, type Path } from "@/lib/agentDoc";
import type { AgentDocument, JsonValue } from "@/lib/api";
import { FollowUpTasks } from "./FollowUpTasks";
import type { EditorErrors } from "./ProviderPicker";

export const API_TOOLS: Path = ["agent_config", "tasks", 0, "tools_config", "api_tools"];

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

export function ToolsAndTasks({
  doc,
  onChange,
  errors,
  onOpenJson,
}: {
  doc: AgentDocument;
  onChange: (d: AgentDocument) => void;
  errors: EditorErrors;
  onOpenJson: () => void;
}) {
  const tools = toolNames(getAt(doc, [...API_TOOLS, "tools"]));
  const toolError = errors.at(jsonPath(API_TOOLS));
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
      <FollowUpTasks doc={doc} onChange={onChange} errors={errors} />
    </section>
  );
}
