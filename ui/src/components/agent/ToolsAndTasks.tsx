"use client";
// What the agent may do and what runs after its calls: the LLM's tools (Bolna's api_tools) and
// the follow-up tasks (tasks[1..]), both edited here, with the server's errors at their fields.
import type { AgentDocument } from "@/lib/api";
import { FollowUpTasks } from "./FollowUpTasks";
import type { EditorErrors } from "./ProviderPicker";
import { ToolsEditor } from "./ToolsEditor";

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
  return (
    <section className="card space-y-4" aria-labelledby="tools-h" data-testid="tools-and-tasks">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tools-h" className="font-semibold">
          Tools and follow-up tasks
        </h2>
        <button type="button" className="btn" onClick={onOpenJson}>
          Edit in the JSON view
        </button>
      </div>
      <ToolsEditor doc={doc} onChange={onChange} errors={errors} onOpenJson={onOpenJson} />
      <FollowUpTasks doc={doc} onChange={onChange} errors={errors} />
    </section>
  );
}
