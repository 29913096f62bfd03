// The provider pickers say, per kind, what this build runs: Sarvam is named as a transcriber
// too, but only speaks here, so the transcriber picker marks it and warns once it is chosen.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { ProviderPicker } from "@/components/agent/ProviderPicker";
import type { AgentDocument, Provider } from "@/lib/api";
import { Stateful, withErrors } from "./harness";

afterEach(cleanup);

const sarvam: Provider = {
  name: "sarvam",
  display_name: "Sarvam AI",
  kinds: ["stt", "tts"],
  local: false,
  credentials: [{ name: "api_key", label: "API key", secret: true, required: true }],
  available: true,
  available_kinds: ["tts"],
  capabilities: ["streaming"],
  config_schema: {},
  config_schemas: { tts: { type: "object", properties: { speaker: { type: "string", title: "Speaker" } } } } as unknown as Provider["config_schemas"],
};

function agent(transcriber: string, synthesizer: string): AgentDocument {
  return {
    agent_config: {
      agent_name: "a",
      tasks: [
        {
          task_type: "conversation",
          tools_config: {
            transcriber: { provider: transcriber },
            synthesizer: { provider: synthesizer, provider_config: {} },
            llm_agent: { agent_type: "simple_llm_agent", llm_config: { provider: "scripted" } },
          },
        },
      ],
    },
  };
}

function picker(kind: "stt" | "tts") {
  render(<Stateful initial={agent("sarvam", "sarvam")} errors={withErrors({})} onDoc={() => {}} render={(p) => <ProviderPicker kind={kind} providers={[sarvam]} {...p} />} />);
}

test("a provider this build does not run as the transcriber is marked and warned about", () => {
  picker("stt");
  expect(screen.getByRole("option", { name: "Sarvam AI (not in this build)" })).toBeTruthy();
  expect(screen.getByText(/cannot run Sarvam AI as the transcriber/)).toBeTruthy();
});

test("the same provider as the synthesizer is offered plainly, with its settings", () => {
  picker("tts");
  expect(screen.getByRole("option", { name: "Sarvam AI" })).toBeTruthy();
  expect(screen.queryByText(/cannot run/)).toBeNull();
  expect(screen.getByLabelText("Speaker")).toBeTruthy();
});
