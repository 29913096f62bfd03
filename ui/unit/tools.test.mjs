// Unit tests of the tools form's document helpers (src/lib/tools.ts): tools in either form and
// as JSON text, adding, renaming and removing a tool with its tools_params, its arguments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addParam, addTool, readTools, removeParam, removeTool, renameTool, setParam, setRunField, toolFieldPaths } from "../.unit-build/lib/tools.js";

const llm = { agent_type: "graph_agent", agent_flow_type: "streaming", llm_config: { nodes: [{ id: "a", function_call: "lookup" }] } };
const doc = (apiTools) => ({
  agent_config: { agent_name: "a", tasks: [{ task_type: "conversation", tools_config: { llm_agent: llm, ...(apiTools ? { api_tools: apiTools } : {}) } }] },
});
const apiTools = (d) => d.agent_config.tasks[0].tools_config.api_tools;

test("tools are read in the OpenAI form, the flat form and as JSON text", () => {
  const wrapped = { type: "function", function: { name: "lookup", description: "Finds", parameters: { type: "object", properties: { id: { type: ["integer", "null"], description: "Id" } }, required: ["id"] } } };
  const flat = { name: "transfer_call_desk", description: "", parameters: { type: "object", properties: { q: { type: "array" } } } };
  const tools = readTools(doc({ tools: [wrapped, flat], tools_params: { lookup: { url: "https://x" } } }));
  assert.equal(tools.length, 2);
  assert.deepEqual(tools[0].fnPath, ["agent_config", "tasks", 0, "tools_config", "api_tools", "tools", 0, "function"]);
  assert.deepEqual(tools[0].params, [{ name: "id", type: "integer", description: "Id", required: true, options: [] }]);
  assert.deepEqual(tools[0].run, { url: "https://x" });
  assert.equal(tools[1].kind, "transfer");
  assert.equal(tools[1].params[0].type, "other");
  assert.deepEqual(tools[1].fnPath, ["agent_config", "tasks", 0, "tools_config", "api_tools", "tools", 1]);
  assert.equal(readTools(doc({ tools: JSON.stringify([wrapped]) }))[0].name, "lookup");
  assert.equal(readTools(doc({ tools: "not json" })), null);
  assert.deepEqual(readTools(doc(null)), []);
});

test("a new tool gets a free name and its tools_params entry; removing the last removes api_tools", () => {
  let d = addTool(doc(null));
  d = addTool(d);
  assert.deepEqual(readTools(d).map((t) => t.name), ["new_tool", "new_tool_2"]);
  assert.deepEqual(apiTools(d).tools_params, { new_tool: { url: "", method: "POST" }, new_tool_2: { url: "", method: "POST" } });
  const transfer = addTool(d, "transfer");
  assert.equal(readTools(transfer)[2].name, "transfer_call");
  assert.deepEqual(apiTools(transfer).tools_params.transfer_call, {});
  d = removeTool(d, 0);
  assert.deepEqual(Object.keys(apiTools(d).tools_params), ["new_tool_2"]);
  d = removeTool(d, 0);
  assert.equal(apiTools(d), undefined);
});

test("text tools become a list on the first change", () => {
  const d = setRunField(doc({ tools: JSON.stringify([{ name: "f", description: "", parameters: {} }]), tools_params: { f: { url: "" } } }), 0, "url", "https://y");
  assert.ok(Array.isArray(apiTools(d).tools));
  assert.equal(apiTools(d).tools_params.f.url, "https://y");
});

test("renaming a tool moves its tools_params entry in place and the graph's function_call", () => {
  const base = doc({ tools: [{ type: "function", function: { name: "lookup", description: "", parameters: {} } }, { type: "function", function: { name: "other", description: "", parameters: {} } }], tools_params: { lookup: { url: "u" }, other: { url: "o" } } });
  const d = renameTool(base, 0, "find");
  assert.deepEqual(Object.keys(apiTools(d).tools_params), ["find", "other"]);
  assert.equal(apiTools(d).tools_params.find.url, "u");
  assert.equal(d.agent_config.tasks[0].tools_config.llm_agent.llm_config.nodes[0].function_call, "find");
  assert.equal(apiTools(base).tools[0].function.name, "lookup", "the original is unchanged");
});

test("arguments: add, rename in place, type, required, allowed values, remove", () => {
  let d = addParam(addTool(doc(null)), 0);
  d = addParam(d, 0);
  d = setParam(d, 0, "param", { name: "city", description: "The city", required: true, options: ["Paris", "Rome"] });
  d = setParam(d, 0, "param_2", { type: "boolean" });
  let params = apiTools(d).tools[0].function.parameters;
  assert.deepEqual(Object.keys(params.properties), ["city", "param_2"]);
  assert.deepEqual(params.properties.city, { type: "string", description: "The city", enum: ["Paris", "Rome"] });
  assert.deepEqual(params.required, ["city"]);
  d = setParam(d, 0, "city", { type: "integer" });
  assert.equal(apiTools(d).tools[0].function.parameters.properties.city.enum, undefined);
  d = removeParam(d, 0, "city");
  params = apiTools(d).tools[0].function.parameters;
  assert.deepEqual(Object.keys(params.properties), ["param_2"]);
  assert.deepEqual(params.required, []);
});

test("errors are placed at each tool's fields", () => {
  const paths = toolFieldPaths(addTool(doc(null))).map((p) => p.join("/"));
  assert.ok(paths.includes("agent_config/tasks/0/tools_config/api_tools/tools/0/function/name"));
  assert.ok(paths.includes("agent_config/tasks/0/tools_config/api_tools/tools_params/new_tool/url"));
});
