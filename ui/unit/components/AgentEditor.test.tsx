// The agent editor's save: what is marked saved is what the server was sent. An edit typed
// while the save is in flight is not in that request, so when the save returns the editor still
// shows unsaved changes and keeps their draft in this browser; a save with no such edit marks
// the editor saved and drops the draft.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { expect, test } from "vitest";
import { AgentEditor } from "@/components/agent/AgentEditor";
import type { Agent, AgentDocument } from "@/lib/api";
import { readDraft } from "@/lib/drafts";
import { TEMPLATES } from "@/lib/templates";
import { deferred, fakeServer, signedInTests, USER, type Answer } from "./server";

const PATH = "/v1/agents/agent-1";
const CREATED = "2026-11-24T10:00:00.000Z";
const FIRST_SAVE = "2026-11-24T11:00:00.000Z";
const SECOND_SAVE = "2026-11-24T12:00:00.000Z";

function agentOf(doc: AgentDocument, updated_at: string): Agent {
  return {
    id: "agent-1",
    name: doc.agent_config.agent_name,
    agent_type: "other",
    created_at: CREATED,
    updated_at,
    agent_config: doc.agent_config,
    agent_prompts: doc.agent_prompts,
  } as unknown as Agent;
}

const AGENT = agentOf(TEMPLATES[0]!.build("Receptionist"), CREATED);

signedInTests();

/**
 * The editor open on AGENT with the name changed to "Front desk" and saved; the PUT is held
 * until `answer()`, which answers it with the document it sent.
 */
async function saveHeldOpen() {
  const server = fakeServer();
  const held = deferred<Answer>();
  server.on("PUT", PATH, () => held.promise);
  render(<AgentEditor agent={AGENT} providers={[]} userId={USER.id} />);
  const e = {
    server,
    name: screen.getByLabelText("Name", { selector: "input" }),
    json: screen.getByTestId("agent-json") as HTMLTextAreaElement,
    save: screen.getByTestId("save-agent"),
    status: () => screen.getByTestId("save-status").textContent,
    answer: () => held.resolve({ body: agentOf(server.bodies("PUT", PATH)[0] as AgentDocument, FIRST_SAVE) }),
  };
  fireEvent.change(e.name, { target: { value: "Front desk" } });
  expect(readDraft(USER.id, AGENT.id)).not.toBeNull();
  fireEvent.click(e.save);
  await waitFor(() => expect(server.bodies("PUT", PATH)).toHaveLength(1));
  expect(e.save.textContent).toBe("Saving…");
  return e;
}

const nameSent = (body: unknown) => (body as AgentDocument).agent_config.agent_name;

test("a name typed while the save is in flight stays unsaved, and its draft is kept", async () => {
  const e = await saveHeldOpen();
  fireEvent.change(e.name, { target: { value: "Front desk, evenings" } });
  e.answer();

  await waitFor(() => expect(e.save.textContent).toBe("Save"));
  expect(nameSent(e.server.bodies("PUT", PATH)[0])).toBe("Front desk");
  expect(e.status()).toMatch(/Unsaved changes/);
  const draft = readDraft(USER.id, AGENT.id);
  expect(draft && nameSent(JSON.parse(draft.text))).toBe("Front desk, evenings");
  // The draft now starts from the version the save stored.
  expect(draft?.base).toBe(FIRST_SAVE);

  // Saving again sends the later edit; only its answer marks the editor saved.
  e.server.on("PUT", PATH, (req) => ({ body: agentOf(req.body as AgentDocument, SECOND_SAVE) }));
  fireEvent.click(e.save);
  await waitFor(() => expect(e.status()).toBe("Saved."));
  expect(nameSent(e.server.bodies("PUT", PATH)[1])).toBe("Front desk, evenings");
  expect(readDraft(USER.id, AGENT.id)).toBeNull();
});

test("JSON that does not parse yet, typed while the save is in flight, stays unsaved in the draft", async () => {
  const e = await saveHeldOpen();
  const unfinished = e.json.value.replace('"agent_name": "Front desk"', '"agent_name": "Front desk, ev');
  fireEvent.change(e.json, { target: { value: unfinished } });
  e.answer();

  await waitFor(() => expect(e.save.textContent).toBe("Save"));
  expect(e.status()).toMatch(/Unsaved changes/);
  expect(readDraft(USER.id, AGENT.id)?.text).toBe(unfinished);
});

test("a save with no edit in flight marks the editor saved and drops the draft", async () => {
  const e = await saveHeldOpen();
  // An edit undone before the answer leaves the document as it was sent.
  fireEvent.change(e.name, { target: { value: "Front desk!" } });
  fireEvent.change(e.name, { target: { value: "Front desk" } });
  e.answer();

  await waitFor(() => expect(e.status()).toBe("Saved."));
  expect(readDraft(USER.id, AGENT.id)).toBeNull();
});
