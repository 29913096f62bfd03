// Unit tests of the editor's document helpers (src/lib/agentDoc.ts), compiled by `npm run
// test:unit` (tsc -p tsconfig.unit.json) and run with node's test runner.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultSettings,
  errorsAt,
  formFieldPaths,
  getAt,
  jsonPath,
  parseDocument,
  PATHS,
  schemaFields,
  setAt,
} from "../.unit-build/lib/agentDoc.js";

const flite = {
  name: "flite",
  kinds: ["tts"],
  config_schema: {
    type: "object",
    properties: {
      voice: { type: "string", enum: ["rms", "slt"], default: "rms", description: "the voice" },
      language: { type: "string", enum: ["en"] },
      nested: { type: "object" },
    },
  },
};

test("jsonPath writes the server's $ paths", () => {
  assert.equal(jsonPath(["agent_config", "tasks", 0, "tools_config"]), "$.agent_config.tasks[0].tools_config");
  assert.equal(jsonPath([]), "$");
  // A key that is not an identifier is quoted, as the server writes it (agents/json_path.cpp).
  assert.equal(jsonPath(["tools_params", "get-order", "url"]), "$.tools_params[\"get-order\"].url");
  assert.equal(jsonPath(["examples", "2nd"]), "$.examples[\"2nd\"]");
});

test("setAt copies on the way down and leaves the original alone", () => {
  const doc = { agent_config: { agent_name: "a", tasks: [{ task_config: { x: 1 } }] } };
  const next = setAt(doc, ["agent_config", "tasks", 0, "task_config", "y"], 2);
  assert.deepEqual(next.agent_config.tasks[0].task_config, { x: 1, y: 2 });
  assert.deepEqual(doc.agent_config.tasks[0].task_config, { x: 1 });
  assert.notEqual(next.agent_config.tasks, doc.agent_config.tasks);
  assert.ok(Array.isArray(next.agent_config.tasks));
  assert.equal(getAt(next, ["agent_config", "tasks", 0, "task_config", "y"]), 2);
});

test("setAt creates missing objects and removes a key given undefined", () => {
  const made = setAt({}, ["agent_prompts", "task_1", "system_prompt"], "hi");
  assert.deepEqual(made, { agent_prompts: { task_1: { system_prompt: "hi" } } });
  const removed = setAt(made, ["agent_prompts", "task_1", "system_prompt"], undefined);
  assert.deepEqual(removed, { agent_prompts: { task_1: {} } });
  assert.equal(getAt(removed, ["agent_prompts", "missing", "deeper"]), undefined);
});

test("errorsAt shows an error at the deepest field that holds it", () => {
  const errors = [
    { path: "$.agent_config.tasks[0].tools_config.synthesizer.provider_config.voice", message: "unknown voice" },
    { path: "$.agent_config.tasks[0].tools_config.synthesizer.provider_config.speed", message: "too fast" },
    { path: "$.agent_config.tasks[0].tools_config.synthesizer", message: "bad synthesizer" },
    { path: "$.agent_config.agent_name_extra", message: "not under agent_name" },
  ];
  const synth = "$.agent_config.tasks[0].tools_config.synthesizer";
  const settings = `${synth}.provider_config`;
  const voice = `${settings}.voice`;
  const fields = [synth, settings, voice, "$.agent_config.agent_name"];
  assert.deepEqual(errorsAt(errors, voice, fields), ["unknown voice"]);
  // The section shows what no deeper field does, named relative to it.
  assert.deepEqual(errorsAt(errors, settings, fields), ["speed: too fast"]);
  assert.deepEqual(errorsAt(errors, synth, fields), ["bad synthesizer"]);
  // A path that merely starts with the same letters is not inside the field.
  assert.deepEqual(errorsAt(errors, "$.agent_config.agent_name", fields), []);
});

test("errorsAt treats array indexes as inside their parent", () => {
  const errors = [{ path: "$.agent_config.tasks[0].toolchain.pipelines[0][1]", message: "no llm" }];
  assert.deepEqual(errorsAt(errors, "$.agent_config.tasks", ["$.agent_config.tasks"]), ["[0].toolchain.pipelines[0][1]: no llm"]);
});

test("schemaFields draws simple properties and skips objects; defaultSettings takes the defaults", () => {
  const fields = schemaFields(flite);
  assert.deepEqual(
    fields.map((f) => [f.key, f.type, f.options]),
    [
      ["voice", "string", ["rms", "slt"]],
      ["language", "string", ["en"]],
    ],
  );
  assert.equal(fields[0].title, "Voice");
  assert.deepEqual(defaultSettings(flite), { voice: "rms" });
  assert.deepEqual(schemaFields(undefined), []);
});

test("a provider of several kinds shows the settings of the kind being edited", () => {
  // OpenAI transcribes and answers: its LLM form must not show the transcriber's fields.
  const openai = {
    name: "openai",
    kinds: ["stt", "llm"],
    config_schema: { type: "object", properties: { language: { type: "string" }, keywords: { type: "string" } } },
    config_schemas: {
      stt: { type: "object", properties: { language: { type: "string" }, keywords: { type: "string" } } },
      llm: { type: "object", properties: { temperature: { type: "number", default: 0.7 } } },
    },
  };
  assert.deepEqual(schemaFields(openai, "llm").map((f) => f.key), ["temperature"]);
  assert.deepEqual(schemaFields(openai, "stt").map((f) => f.key), ["language", "keywords"]);
  assert.deepEqual(schemaFields(openai, "tts"), [], "no schema of that kind: no fields");
  assert.deepEqual(defaultSettings(openai, "llm"), { temperature: 0.7 });
  assert.deepEqual(schemaFields(flite, "tts").map((f) => f.key), ["voice", "language"], "one schema only");
});

test("formFieldPaths lists the chosen providers' setting fields", () => {
  const doc = setAt(
    setAt({ agent_config: { agent_name: "a", tasks: [] } }, [...PATHS.synthesizer, "provider"], "flite"),
    [...PATHS.llmAgent, "agent_type"],
    "graph_agent",
  );
  const paths = formFieldPaths(doc, [flite], [[...PATHS.taskConfig, "call_terminate"]]);
  assert.ok(paths.includes("$.agent_config.tasks[0].tools_config.synthesizer.provider_config.voice"));
  assert.ok(paths.includes("$.agent_config.tasks[0].task_config.call_terminate"));
  // A graph agent's LLM is edited as JSON: no LLM provider field.
  assert.ok(!paths.includes("$.agent_config.tasks[0].tools_config.llm_agent.llm_config.provider"));
});

test("parseDocument reads the JSON view's text, or says why it holds no agent document", () => {
  const doc = { agent_config: { agent_name: "a", tasks: [] }, agent_prompts: { task_1: { system_prompt: "hi" } } };
  assert.deepEqual(parseDocument(JSON.stringify(doc, null, 2)), { doc });
  assert.ok("error" in parseDocument('{"agent_config": {'), "text that does not parse");
  for (const text of ["null", "[]", '"agent_config"', '{"agent_prompts": {}}']) {
    assert.match(parseDocument(text).error ?? "", /must be an object with agent_config/, text);
  }
});
