// The follow-up tasks of an agent document (Bolna's tasks[1..]): extraction and summarization,
// whose prompt is agent_prompts.task_N (N = index + 1), and webhook, whose URL is
// tools_config.api_tools.webhookURL. Adding and removing keep the prompts with their tasks.
import { getAt, PATHS, setAt, type Path } from "./agentDoc";
import type { AgentDocument, JsonObject, JsonValue } from "./api";

export type FollowUpKind = "extraction" | "summarization" | "webhook";

export function tasksOf(doc: AgentDocument): JsonValue[] {
  const t = getAt(doc, ["agent_config", "tasks"]);
  return Array.isArray(t) ? t : [];
}

const TOOLCHAIN: JsonObject = { execution: "sequential", pipelines: [["llm"]] };

/** The document with a new follow-up task at the end (LLM tasks think with the conversation's LLM). */
export function addTask(doc: AgentDocument, kind: FollowUpKind): AgentDocument {
  const tasks = tasksOf(doc);
  const index = tasks.length;
  const tools: JsonObject =
    kind === "webhook" ? { api_tools: { webhookURL: "" } } : { llm_agent: getAt(doc, PATHS.llmAgent) ?? null };
  let next = setAt(doc, ["agent_config", "tasks", index], { task_type: kind, toolchain: TOOLCHAIN, tools_config: tools });
  if (kind !== "webhook") {
    const prompt = kind === "extraction" ? "name: the caller's name\nreason: why they called" : "Summarize the call in two sentences.";
    next = setAt(next, ["agent_prompts", `task_${index + 1}`, "system_prompt"], prompt);
  }
  return next;
}

/** The document without tasks[index]; the prompts of the tasks after it move down one. */
export function removeTask(doc: AgentDocument, index: number): AgentDocument {
  const tasks = tasksOf(doc);
  let next = setAt(doc, ["agent_config", "tasks"], tasks.filter((_, i) => i !== index));
  const prompts = { ...(doc.agent_prompts ?? {}) };
  for (let i = index; i < tasks.length; i++) {
    const later = prompts[`task_${i + 2}`];
    if (later) prompts[`task_${i + 1}`] = later;
    else delete prompts[`task_${i + 1}`];
  }
  delete prompts[`task_${tasks.length}`];
  next = { ...next, agent_prompts: prompts };
  return next;
}

/** The JSON paths the follow-up tasks' fields show errors at. */
export function followUpFieldPaths(doc: AgentDocument): Path[] {
  const out: Path[] = [];
  tasksOf(doc).forEach((_, i) => {
    if (i === 0) return;
    out.push(["agent_config", "tasks", i], ["agent_prompts", `task_${i + 1}`, "system_prompt"], ["agent_config", "tasks", i, "tools_config", "api_tools", "webhookURL"]);
  });
  return out;
}
