// The rag_config form of a knowledge-base agent: the user's knowledge bases are offered as
// checkboxes that write vector_id / vector_ids, settings go into provider_config, and the
// server's errors are shown at the knowledge bases and at their own field.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { KnowledgeBaseSection } from "@/components/agent/KnowledgeBaseSection";
import type { AgentDocument, JsonObject, KnowledgeBase } from "@/lib/api";
import { toKnowledgeAgent } from "@/lib/knowledge";
import { Stateful, withErrors } from "./harness";

afterEach(cleanup);

const base: AgentDocument = toKnowledgeAgent({
  agent_config: { agent_name: "a", tasks: [{ task_type: "conversation", tools_config: { llm_agent: { agent_type: "simple_llm_agent", llm_config: { provider: "openai" } } } }] },
});

function kb(id: string, name: string, document_count = 1): KnowledgeBase {
  return { id, name, embedding: null, document_count, version: 1, created_at: "2026-11-24T10:00:00.000Z", updated_at: "2026-11-24T10:00:00.000Z" };
}

function providerConfig(doc: AgentDocument): JsonObject {
  const llm = (doc.agent_config.tasks[0]?.tools_config as JsonObject).llm_agent as JsonObject;
  return (((llm.llm_config as JsonObject).rag_config as JsonObject).vector_store as JsonObject).provider_config as JsonObject;
}

const CFG = "$.agent_config.tasks[0].tools_config.llm_agent.llm_config.rag_config.vector_store.provider_config";

test("choosing knowledge bases and settings writes rag_config", async () => {
  let latest = base;
  const bases = [kb("kb-1", "Opening hours"), kb("kb-2", "Menu", 3)];
  render(<Stateful initial={base} errors={withErrors({})} onDoc={(d) => (latest = d)} render={(p) => <KnowledgeBaseSection {...p} loadBases={async () => bases} />} />);
  const group = await screen.findByRole("group", { name: "Knowledge bases" });
  expect(screen.getByTestId("rag-none-chosen")).toBeTruthy();
  fireEvent.click(within(group).getByRole("checkbox", { name: /Opening hours/ }));
  expect(providerConfig(latest)).toEqual({ vector_id: "kb-1" });
  fireEvent.click(within(group).getByRole("checkbox", { name: /Menu/ }));
  expect(providerConfig(latest)).toEqual({ vector_ids: ["kb-1", "kb-2"] });
  fireEvent.change(screen.getByLabelText("Passages per turn"), { target: { value: "3" } });
  fireEvent.change(screen.getByLabelText("Lowest score kept (0–1)"), { target: { value: "0.25" } });
  fireEvent.change(screen.getByLabelText("Rerank passages"), { target: { value: "true" } });
  expect(providerConfig(latest)).toEqual({ vector_ids: ["kb-1", "kb-2"], similarity_top_k: 3, score_threshold: 0.25, reranker: { enabled: true } });
  fireEvent.click(within(group).getByRole("checkbox", { name: /Opening hours/ }));
  fireEvent.change(screen.getByLabelText("Rerank passages"), { target: { value: "" } });
  expect(providerConfig(latest)).toEqual({ vector_id: "kb-2", similarity_top_k: 3, score_threshold: 0.25 });
});

test("an id that is not one of the user's is shown, and the server's errors are at their fields", async () => {
  const doc: AgentDocument = JSON.parse(JSON.stringify(base));
  providerConfig(doc).vector_id = "gone";
  const errors = withErrors({ [CFG]: "vector_id: names no knowledge base of yours", [`${CFG}.similarity_top_k`]: "must be at least 1" });
  render(<Stateful initial={doc} errors={errors} onDoc={() => {}} render={(p) => <KnowledgeBaseSection {...p} loadBases={async () => []} />} />);
  const group = await screen.findByRole("group", { name: "Knowledge bases" });
  const unknown = await within(group).findByRole("checkbox", { name: /gone \(not one of your knowledge bases\)/ });
  expect(unknown.getAttribute("aria-invalid")).toBe("true");
  expect(group.getAttribute("aria-describedby")).toBeTruthy();
  expect(document.getElementById(group.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(/names no knowledge base/);
  expect(screen.getByLabelText("Passages per turn").getAttribute("aria-invalid")).toBe("true");
});

test("no knowledge bases yet: a link to create one; a failed load can be retried", async () => {
  let calls = 0;
  render(
    <Stateful
      initial={base}
      errors={withErrors({})}
      onDoc={() => {}}
      render={(p) => (
        <KnowledgeBaseSection
          {...p}
          loadBases={async () => {
            calls += 1;
            if (calls === 1) throw new Error("Cannot reach the server.");
            return [];
          }}
        />
      )}
    />,
  );
  fireEvent.click(await screen.findByRole("button", { name: "Try again" }));
  expect((await screen.findByRole("link", { name: /Create one/ })).getAttribute("href")).toMatch(/^\/knowledge\/?$/);
});
