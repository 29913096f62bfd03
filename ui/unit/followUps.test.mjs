// Unit tests of adding and removing follow-up tasks (src/lib/followUps.ts): prompts stay with
// their tasks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addTask, followUpFieldPaths, removeTask } from "../.unit-build/lib/followUps.js";

const llm = { agent_type: "simple_llm_agent", agent_flow_type: "streaming", llm_config: { provider: "scripted" } };
const base = {
  agent_config: { agent_name: "a", tasks: [{ task_type: "conversation", tools_config: { llm_agent: llm } }] },
  agent_prompts: { task_1: { system_prompt: "conversation" } },
};

test("a new LLM task thinks with the conversation's LLM and gets the next prompt", () => {
  const doc = addTask(base, "summarization");
  assert.equal(doc.agent_config.tasks.length, 2);
  assert.equal(doc.agent_config.tasks[1].task_type, "summarization");
  assert.deepEqual(doc.agent_config.tasks[1].tools_config.llm_agent, llm);
  assert.ok(doc.agent_prompts.task_2.system_prompt.length > 0);
  assert.equal(base.agent_config.tasks.length, 1, "the original is unchanged");
  const hook = addTask(doc, "webhook");
  assert.deepEqual(hook.agent_config.tasks[2].tools_config, { api_tools: { webhookURL: "" } });
  assert.equal(hook.agent_prompts.task_3, undefined);
});

test("removing a task moves the later tasks' prompts down with them", () => {
  let doc = addTask(addTask(addTask(base, "extraction"), "webhook"), "summarization");
  doc = { ...doc, agent_prompts: { ...doc.agent_prompts, task_2: { system_prompt: "extract" }, task_4: { system_prompt: "summarize" } } };
  const after = removeTask(doc, 1);
  assert.deepEqual(after.agent_config.tasks.map((t) => t.task_type), ["conversation", "webhook", "summarization"]);
  assert.deepEqual(after.agent_prompts, { task_1: { system_prompt: "conversation" }, task_3: { system_prompt: "summarize" } });
  const last = removeTask(after, 2);
  assert.deepEqual(last.agent_prompts, { task_1: { system_prompt: "conversation" } });
});

test("the follow-up tasks' fields are where their errors show", () => {
  const paths = followUpFieldPaths(addTask(base, "webhook")).map((p) => p.join("/"));
  assert.ok(paths.includes("agent_config/tasks/1/tools_config/api_tools/webhookURL"));
  assert.ok(!paths.some((p) => p.startsWith("agent_config/tasks/0")));
});
