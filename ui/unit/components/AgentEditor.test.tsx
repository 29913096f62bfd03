// The agent editor's save: what is marked saved is what the server was sent. An edit typed
// while the save is in flight is not in that request, so when the save returns the editor still
// shows unsaved changes and keeps their draft in this browser; a save with no such edit marks
// the editor saved and drops the draft. Saves go one at a time: those asked for while one is out
// (Ctrl+S, Save, the playground's save before a call) make one more PUT when it returns.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { AgentEditor } from "@/components/agent/AgentEditor";
import type { Agent, AgentDocument } from "@/lib/api";
import { readDraft } from "@/lib/drafts";
import { TEMPLATES } from "@/lib/templates";
import { deferred, fakeServer, signedInTests, USER, type Answer } from "./server";

// The playground's calls, started without a microphone or a socket.
const voice = vi.hoisted(() => ({ started: [] as string[] }));
vi.mock("@/lib/voiceClient", () => ({
  VoiceCall: class {
    constructor(private readonly options: { agentId: string }) {}
    async start() {
      voice.started.push(this.options.agentId);
    }
    stop() {}
    dispose() {}
  },
}));

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
 * The editor open on AGENT with the name changed to "Front desk" and saved; each PUT is held
 * until the test answers it: `answer()` answers the first with the document it sent,
 * `answerPut(i, …)` the i-th (from 0) with the agent stored at `updated_at`, or with a failure.
 */
async function saveHeldOpen() {
  voice.started.length = 0;
  const server = fakeServer();
  const held: { resolve: (a: Answer) => void }[] = [];
  server.on("PUT", PATH, () => {
    const d = deferred<Answer>();
    held.push(d);
    return d.promise;
  });
  render(<AgentEditor agent={AGENT} providers={[]} userId={USER.id} />);
  const answerPut = (i: number, answer: string | Answer) =>
    held[i]!.resolve(typeof answer === "string" ? { body: agentOf(server.bodies("PUT", PATH)[i] as AgentDocument, answer) } : answer);
  const e = {
    server,
    name: screen.getByLabelText("Name", { selector: "input" }),
    json: screen.getByTestId("agent-json") as HTMLTextAreaElement,
    save: screen.getByTestId("save-agent"),
    status: () => screen.getByTestId("save-status").textContent,
    puts: () => server.bodies("PUT", PATH),
    answer: () => answerPut(0, FIRST_SAVE),
    answerPut,
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

const pressCtrlS = () => fireEvent.keyDown(window, { key: "s", ctrlKey: true });
const startCall = () => fireEvent.click(screen.getByTestId("start-call"));
const FAILED: Answer = { status: 500, body: { title: "Internal Server Error", status: 500, detail: "The store is not available." } };
type Held = Awaited<ReturnType<typeof saveHeldOpen>>;

/**
 * The held save, then the name typed on and `ask` (saves, a call, more typing) while it is out:
 * nothing more is sent until the first PUT is answered, then one more PUT, held, with the name
 * as `ask` left it.
 */
async function followUpOut(ask: (e: Held) => void, name = "Front desk, evenings") {
  const e = await saveHeldOpen();
  fireEvent.change(e.name, { target: { value: "Front desk, evenings" } });
  ask(e);
  await Promise.resolve();
  expect(e.puts()).toHaveLength(1);
  e.answer();
  await waitFor(() => expect(e.puts()).toHaveLength(2));
  expect(nameSent(e.puts()[1])).toBe(name);
  return e;
}

test("saves asked for while one is out make one more PUT when it returns, of the latest text, and the editor ends saved", async () => {
  const e = await followUpOut((e) => {
    pressCtrlS();
    fireEvent.change(e.name, { target: { value: "Front desk, evenings and weekends" } });
    pressCtrlS();
    fireEvent.click(e.save);
  }, "Front desk, evenings and weekends");
  // The follow-up is still the save in progress; the edits are unsaved, kept against the
  // version the first PUT stored.
  expect(e.save.textContent).toBe("Saving…");
  expect(e.save).toHaveProperty("disabled", true);
  expect(e.status()).toMatch(/Unsaved changes/);
  expect(readDraft(USER.id, AGENT.id)?.base).toBe(FIRST_SAVE);

  e.answerPut(1, SECOND_SAVE);
  await waitFor(() => expect(e.status()).toBe("Saved."));
  expect(e.save.textContent).toBe("Save");
  expect(e.puts()).toHaveLength(2);
  expect(readDraft(USER.id, AGENT.id)).toBeNull();
  // The editor holds the version the follow-up stored: a new edit's draft starts from it.
  fireEvent.change(e.name, { target: { value: "Front desk, closed" } });
  expect(readDraft(USER.id, AGENT.id)?.base).toBe(SECOND_SAVE);
});

test("a save asked for while one is out, with nothing changed since it was sent, sends nothing more", async () => {
  const e = await saveHeldOpen();
  pressCtrlS();
  pressCtrlS();
  e.answer();

  await waitFor(() => expect(e.status()).toBe("Saved."));
  expect(e.save.textContent).toBe("Save");
  expect(e.puts()).toHaveLength(1);
});

test("a follow-up save that fails shows the error, and the editor stays unsaved with its draft", async () => {
  const e = await followUpOut(pressCtrlS);
  expect(e.save.textContent).toBe("Saving…");

  e.answerPut(1, FAILED);
  await waitFor(() => expect(e.save.textContent).toBe("Save"));
  expect(screen.getByTestId("save-errors").textContent).toMatch(/The store is not available/);
  expect(e.status()).toMatch(/Unsaved changes/);
  const draft = readDraft(USER.id, AGENT.id);
  expect(draft && nameSent(JSON.parse(draft.text))).toBe("Front desk, evenings");
  expect(draft?.base).toBe(FIRST_SAVE);
  expect(e.puts()).toHaveLength(2);
});

test("the playground's save before a call waits for the save that is out, then saves the latest text, then starts the call", async () => {
  const e = await followUpOut(startCall);
  expect(screen.getByTestId("start-call")).toHaveProperty("disabled", true);
  expect(voice.started).toEqual([]);

  e.answerPut(1, SECOND_SAVE);
  await waitFor(() => expect(voice.started).toEqual([AGENT.id]));
  expect(e.status()).toBe("Saved.");
});

test("the playground starts no call when the save before it fails, and the error is shown", async () => {
  const e = await followUpOut(startCall);

  e.answerPut(1, FAILED);
  await waitFor(() => expect(screen.getByTestId("start-call").textContent).toBe("Start call"));
  expect(screen.getByTestId("save-errors").textContent).toMatch(/The store is not available/);
  expect(voice.started).toEqual([]);
  expect(e.status()).toMatch(/Unsaved changes/);
});
