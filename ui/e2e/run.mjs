// Browser end-to-end tests of the dashboard against the real server, in headless Chromium.
//
//   node e2e/run.mjs --binary build/ci/src/app/openvoiceos [--ui ui/out] [--artifacts DIR]
//
// A user registers, creates an agent, edits it (form and JSON view in sync, a validation error
// shown at its field, a tool and follow-up tasks through the form), calls it from the playground
// with a fake microphone that says "what are your opening hours", hears the greeting (audio
// frames played in the page), sees their words and the answer in the live transcript and a
// latency bar, hangs up, and finds the call in the logs with its transcript, a playable
// recording and its latency. A second call speaks over a long welcome: the agent's audio is
// cleared and the cut reply marked. Then the call list's filters (by agent, status and date, in
// the address), the agents list's search, duplicate and delete, a phone call and a browser call
// the server refuses (with its reasons), a knowledge base made, filled with a document and
// chosen in an agent's rag_config form, the demo receptionist's graph edited node by node,
// unsaved work surviving a session that ends under the editor, a provider key added and
// deleted, the password changed, the dark theme, phone-sized screens, the 404 page and the
// keyboard. A screenshot of every page is saved in the artifacts directory.
//
// Exit status: 0 passed, 1 failed, 77 skipped (no Chromium, flite or UI build; with
// OVOS_UI_E2E_REQUIRED=1 a missing prerequisite fails instead).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const { values: opts } = parseArgs({
  options: {
    binary: { type: "string", default: path.join(repo, "build/ci/src/app/openvoiceos") },
    ui: { type: "string", default: path.join(repo, "ui/out") },
    artifacts: { type: "string", default: path.join(repo, "build/ui-e2e") },
    chromium: { type: "string", default: process.env.CHROMIUM || "/usr/bin/chromium" },
  },
});

const WAIT = 90_000; // how long to wait for something that should happen (not a timing claim)

function skip(reason) {
  if (process.env.OVOS_UI_E2E_REQUIRED === "1") {
    console.error(`ui e2e: ${reason}`);
    process.exit(1);
  }
  console.log(`ui e2e: skipped: ${reason}`);
  process.exit(77);
}

for (const [file, what] of [
  [opts.binary, "the openvoiceos binary"],
  [path.join(opts.ui, "index.html"), "the UI build (cd ui && npm run build)"],
  [opts.chromium, "Chromium (apt-get install chromium)"],
  ["/usr/bin/flite", "flite (apt-get install flite)"],
  [path.join(here, "..", "node_modules", "playwright-core"), "the UI's npm packages (scripts/ui.sh)"],
]) {
  if (!existsSync(file)) skip(`${what} not found: ${file}`);
}
const { ensureDir, speechWav, startBrowser, startServer, Steps } = await import("./harness.mjs");

const artifacts = await ensureDir(path.resolve(opts.artifacts));
// Screenshots of an earlier run would mix with this run's.
for (const f of await readdir(artifacts)) if (f.endsWith(".png")) await rm(path.join(artifacts, f));
const scratch = await mkdtemp(path.join(os.tmpdir(), "ovos-ui-e2e-browser-"));
console.log(`ui e2e: screenshots and logs in ${artifacts}`);

const server = await startServer({ binary: path.resolve(opts.binary), uiDir: path.resolve(opts.ui), artifacts });
// Silence first, so the greeting is heard alone; Chromium loops the file.
const micWav = await speechWav(scratch, "what are your opening hours", 5, 12);
const browser = await startBrowser({ executable: opts.chromium, micWav, profileDir: path.join(scratch, "profile") });
const steps = new Steps(artifacts);
const page = await browser.context.newPage();
steps.page = page;
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));

const base = server.base;
const email = `e2e-${Date.now()}@example.com`;
let password = "a-long-password";
const agentName = "E2E shop";
let agentUrl = "";
let callId = "";
let bargeCallId = "";
let demoId = "";
let kbUrl = "";
let kbId = "";
const LONG_WELCOME =
  "Hello and welcome to the little shop on the corner. We have fresh bread, cakes and coffee every morning, " +
  "and on Saturdays we also sell flowers from the market garden down the road. This message goes on for a while, " +
  "so please take your time, and when you are ready, ask me anything. This is the very end of the welcome.";

try {
  await steps.run("a signed-out visitor is sent to the login page", async () => {
    await page.goto(`${base}/agents/`);
    await page.waitForURL(/\/login\/\?next=/, { timeout: WAIT });
    await page.getByRole("heading", { name: "OpenVoiceOS" }).waitFor();
    await steps.shot("login");
  });

  await steps.run("register: the server's field errors show at the field, then the account is created", async () => {
    await page.getByRole("link", { name: "Create one" }).click();
    await page.waitForURL(/\/register\//);
    await page.getByLabel("Name").fill("E2E Tester");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const pwError = page.locator("input[name=password] ~ [data-testid=field-error]");
    await pwError.waitFor({ timeout: WAIT });
    assert.match(await pwError.innerText(), /at least 8 characters/);
    assert.equal(await page.locator("input[name=password]").getAttribute("aria-invalid"), "true");
    await steps.shot("register-field-error");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/agents\/$/, { timeout: WAIT });
    // Every new account has the demo agent.
    await page.getByRole("link", { name: "Demo receptionist" }).waitFor({ timeout: WAIT });
    await steps.shot("agents");
  });

  await steps.run("create an agent from the local template; the editor opens", async () => {
    await page.getByRole("button", { name: "New agent" }).click();
    const dialog = page.getByRole("dialog", { name: "New agent" });
    await dialog.waitFor();
    await dialog.getByLabel("Name").fill(agentName);
    await dialog.getByLabel(/Local scripted agent/).check();
    await steps.shot("new-agent-dialog");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    agentUrl = page.url();
    await page.getByRole("heading", { name: agentName }).waitFor({ timeout: WAIT });
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), agentName);
  });

  await steps.run("editor: providers come from GET /v1/providers, with the voice form drawn from flite's schema", async () => {
    const stt = page.getByLabel("Transcriber provider");
    assert.equal(await stt.inputValue(), "pocketsphinx");
    const sttOptions = await stt.locator("option").allInnerTexts();
    assert.ok(sttOptions.some((o) => o.startsWith("Deepgram")), `transcriber options: ${sttOptions}`);
    assert.equal(await page.getByLabel("LLM provider").inputValue(), "scripted");
    assert.equal(await page.getByLabel("Synthesizer provider").inputValue(), "flite");
    const voices = await page.getByLabel("Voice").locator("option").allInnerTexts();
    for (const v of ["rms", "slt", "awb", "kal16"]) assert.ok(voices.includes(v), `voices: ${voices}`);
    assert.equal(await page.getByLabel("Voice").inputValue(), "kal16");
  });

  await steps.run("editor: the form and the JSON view stay in sync", async () => {
    await page.getByLabel("Welcome message").fill("Hello, how can I help?");
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = page.getByTestId("agent-json");
    let doc = JSON.parse(await json.inputValue());
    assert.equal(doc.agent_config.agent_welcome_message, "Hello, how can I help?");
    doc.agent_config.tasks[0].task_config.hangup_after_silence = 30;
    doc.agent_config.agent_name = `${agentName} v2`;
    await json.fill(JSON.stringify(doc, null, 2));
    await steps.shot("editor-json");
    await page.getByRole("tab", { name: "Form" }).click();
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), `${agentName} v2`);
    assert.equal(await page.getByLabel("Hang up after silence of (s)").inputValue(), "30");
    await page.getByLabel("Name", { exact: true }).fill(agentName);
    doc = JSON.parse(await json.inputValue());
    assert.equal(doc.agent_config.agent_name, agentName);
    assert.equal(doc.agent_config.tasks[0].task_config.hangup_after_silence, 30);
  });

  await steps.run("editor: a validation error from the server is shown at its field", async () => {
    await page.getByLabel("Name", { exact: true }).fill("");
    await page.getByLabel("Words to interrupt the agent").fill("-1");
    await page.getByTestId("save-agent").click();
    const summary = page.getByTestId("save-errors");
    await summary.waitFor({ timeout: WAIT });
    assert.match(await summary.innerText(), /\$\.agent_config\.agent_name/);
    const nameField = page.locator("input[name=agent_name]");
    assert.equal(await nameField.getAttribute("aria-invalid"), "true");
    const describedBy = await nameField.getAttribute("aria-describedby");
    const message = await page.locator(`[id="${describedBy}"]`).innerText();
    assert.match(message, /must not be empty/);
    // A turn-taking setting's error is shown at its own field, not at the section or the name.
    const words = page.getByLabel("Words to interrupt the agent");
    assert.equal(await words.getAttribute("aria-invalid"), "true");
    const wordsMessage = await page.locator(`[id="${(await words.getAttribute("aria-describedby")).split(" ").pop()}"]`).innerText();
    assert.match(wordsMessage, /0/);
    assert.doesNotMatch(message, /number_of_words/);
    await steps.shot("editor-validation-error");
    await words.fill("");
    await nameField.fill(agentName);
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    assert.equal(await summary.count(), 0);
    await steps.shot("editor");
  });

  await steps.run("editor: a tool is added, edited and removed with the form, in sync with the JSON view, its errors at its fields", async () => {
    const section = page.getByTestId("tools-and-tasks");
    assert.match(await section.innerText(), /None besides ending the call/);
    await section.getByRole("button", { name: "Add tool" }).click();
    const tool = section.getByTestId("tool");
    assert.equal(await tool.count(), 1);
    await tool.getByLabel("Function name").fill("lookup_order");
    await tool.getByLabel("What it does").fill("Finds an order by its number.");
    await tool.getByRole("button", { name: "Add argument" }).click();
    await tool.getByLabel("Argument 1 name").fill("order_id");
    await tool.getByLabel("Argument 1 description").fill("The order number");
    await tool.getByLabel("Argument 1 type").selectOption("integer");
    await tool.getByRole("checkbox", { name: "required" }).check();
    await tool.getByLabel("Method").selectOption("GET");
    const json = page.getByTestId("agent-json");
    let doc = JSON.parse(await json.inputValue());
    const apiTools = doc.agent_config.tasks[0].tools_config.api_tools;
    assert.deepEqual(apiTools.tools[0].function, {
      name: "lookup_order",
      description: "Finds an order by its number.",
      parameters: { type: "object", properties: { order_id: { type: "integer", description: "The order number" } }, required: ["order_id"] },
    });
    assert.deepEqual(apiTools.tools_params, { lookup_order: { url: "", method: "GET" } });
    // No URL yet: the server's error is shown at the URL field of that tool.
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-errors").waitFor({ timeout: WAIT });
    const url = tool.locator("input[name=tool_url]");
    await page.waitForFunction(() => document.querySelector("input[name=tool_url]")?.getAttribute("aria-invalid") === "true", null, { timeout: WAIT });
    const urlMessage = await page.locator(`[id="${(await url.getAttribute("aria-describedby")).split(" ").pop()}"]`).innerText();
    assert.match(urlMessage, /required/);
    assert.equal(await tool.locator("input[name=tool_name]").getAttribute("aria-invalid"), "false");
    await steps.shot("editor-tool-error");
    await url.fill("https://example.com/orders/%(order_id)s");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    await steps.shot("editor-tool");
    // The JSON view edits it too, and the form follows.
    await page.getByRole("tab", { name: "JSON" }).click();
    doc = JSON.parse(await json.inputValue());
    doc.agent_config.tasks[0].tools_config.api_tools.tools[0].function.description = "Looks an order up.";
    await json.fill(JSON.stringify(doc, null, 2));
    await page.getByRole("tab", { name: "Form" }).click();
    assert.equal(await tool.getByLabel("What it does").inputValue(), "Looks an order up.");
    await section.getByRole("button", { name: "Remove the tool lookup_order" }).click();
    assert.equal(await section.getByTestId("tool").count(), 0);
    doc = JSON.parse(await json.inputValue());
    assert.equal(doc.agent_config.tasks[0].tools_config.api_tools, undefined);
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
  });

  await steps.run("editor: follow-up tasks are added, removed and saved from the form", async () => {
    const section = page.getByTestId("follow-up-tasks");
    await section.getByRole("button", { name: "Add extraction" }).click();
    await section.getByRole("button", { name: "Add webhook" }).click();
    await section.getByRole("button", { name: "Add summarization" }).click();
    assert.equal(await section.getByTestId("follow-up-task").count(), 3);
    await section.getByRole("button", { name: "Remove the webhook task" }).click();
    assert.equal(await section.getByTestId("follow-up-task").count(), 2);
    // The scripted LLM answers the follow-up tasks too: '* => reply' answers anything.
    await section.getByLabel("Extraction prompt").fill('topic: what the caller asked about\n* => {"topic": "opening hours"}');
    await section.getByLabel("Summary prompt").fill('* => {"summary": "The caller asked when the shop is open."}');
    const doc = JSON.parse(await page.getByTestId("agent-json").inputValue());
    assert.deepEqual(doc.agent_config.tasks.map((t) => t.task_type), ["conversation", "extraction", "summarization"]);
    assert.match(doc.agent_prompts.task_3.system_prompt, /summary/);
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    await steps.shot("editor-follow-up-tasks");
  });

  await steps.run("playground: the greeting is heard, the caller's words and the answer appear live", async () => {
    await page.getByTestId("start-call").click();
    await page.getByTestId("call-status").filter({ hasText: "Live" }).waitFor({ timeout: WAIT });
    // The greeting: audio frames arrive and the page's player plays them.
    await page.waitForFunction(() => (window.__ovosPlayground?.player?.framesPlayed ?? 0) >= 25, null, { timeout: WAIT });
    await page.getByTestId("line-agent").filter({ hasText: "Hello, how can I help?" }).waitFor({ timeout: WAIT });
    // The fake microphone says "what are your opening hours"; pocketsphinx hears it.
    const user = page.locator('[data-testid=line-user][data-final=true]').filter({ hasText: /opening hours/i });
    await user.first().waitFor({ timeout: WAIT });
    await page.locator("[data-testid=line-agent][data-final=true]").filter({ hasText: "We are open from nine to five." }).first().waitFor({ timeout: WAIT });
    await page.getByTestId("latency-bar").first().waitFor({ timeout: WAIT });
    const played = await page.evaluate(() => window.__ovosPlayground?.player?.framesPlayed ?? 0);
    assert.ok(played >= 50, `frames played: ${played}`);
    assert.ok(Number((await page.getByTestId("frames-played").innerText()).split(" ")[0]) > 0);
    assert.ok(Number((await page.getByTestId("mic-frames").innerText()).split(" ")[0]) > 0);
    callId = await page.evaluate(() => window.__ovosPlayground?.callId ?? "");
    assert.ok(callId, "the call has an id");
    await steps.shot("playground-live");
    await page.getByTestId("stop-call").click();
    await page.getByTestId("call-status").filter({ hasText: "Call ended" }).waitFor({ timeout: WAIT });
    await steps.shot("playground-ended");
  });

  await steps.run("call logs: the call is listed and its page has transcript, recording and latency", async () => {
    await page.getByRole("link", { name: "Calls" }).first().click();
    await page.waitForURL(/\/calls\/$/);
    const row = page.locator(`[data-testid=call-row][data-call-id="${callId}"]`);
    await row.waitFor({ timeout: WAIT });
    assert.match(await row.innerText(), /web/);
    await steps.shot("calls");
    await row.getByRole("link").click();
    await page.waitForURL(new RegExp(`/calls/view/\\?id=${callId}`));
    // The record is completed once the server has seen the hang-up; reload until it has.
    for (let i = 0; ; i++) {
      const status = await page.getByTestId("call-status-value").innerText({ timeout: WAIT });
      if (status === "completed") break;
      assert.ok(i < 60, `call status stays ${status}`);
      await page.waitForTimeout(500);
      await page.getByRole("button", { name: "Refresh" }).click();
    }
    // The follow-up tasks run after the call; reload until their results are there.
    for (let i = 0; ; i++) {
      const summary = await page.getByTestId("call-summary").innerText({ timeout: WAIT });
      if (summary.includes("The caller asked when the shop is open.")) break;
      assert.ok(i < 120, `no summary yet: ${summary}`);
      await page.waitForTimeout(500);
      await page.getByRole("button", { name: "Refresh" }).click();
    }
    assert.match(await page.getByTestId("call-extracted").innerText(), /"topic": "opening hours"/);
    await page.getByTestId("turn-user").filter({ hasText: /opening hours/i }).first().waitFor({ timeout: WAIT });
    await page.getByTestId("turn-agent").filter({ hasText: "nine to five" }).first().waitFor({ timeout: WAIT });
    const audio = page.getByTestId("recording");
    await audio.waitFor({ timeout: WAIT });
    await page.waitForFunction(() => {
      const a = document.querySelector("[data-testid=recording]");
      return a instanceof HTMLAudioElement && a.readyState >= 1 && a.duration > 1;
    }, null, { timeout: WAIT });
    await page.getByTestId("call-latencies").getByTestId("latency-bar").first().waitFor();
    const total = await page.getByTestId("call-latencies").getByTestId("latency-total").first().innerText();
    assert.match(total, /^\d+ ms$/);
    await steps.shot("call");
  });

  await steps.run("playground: speaking over the agent interrupts it: its audio is cut and the transcript shows where", async () => {
    await page.goto(agentUrl);
    await page.getByTestId("playground").waitFor({ timeout: WAIT });
    // A welcome long enough that the caller (after 5 s of silence) speaks over it.
    await page.getByLabel("Welcome message").fill(LONG_WELCOME);
    await page.getByLabel("Words to interrupt the agent").fill("1");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    await page.getByTestId("start-call").click();
    await page.getByTestId("call-status").filter({ hasText: "Live" }).waitFor({ timeout: WAIT });
    await page.waitForFunction(() => (window.__ovosPlayground?.player?.framesPlayed ?? 0) >= 25, null, { timeout: WAIT });
    // The server's clear empties the player; the reply is marked as cut, its text what was heard.
    await page.waitForFunction(() => (window.__ovosPlayground?.player?.cleared ?? 0) >= 1, null, { timeout: WAIT });
    const cut = page.locator("[data-testid=line-agent][data-interrupted=true]").first();
    await cut.waitFor({ timeout: WAIT });
    await cut.getByTestId("line-interrupted").waitFor();
    await page.locator("[data-testid=line-agent][data-final=true]").filter({ hasText: "We are open from nine to five." }).first().waitFor({ timeout: WAIT });
    const heard = (await cut.innerText()).replace(/— interrupted$/, "").trim();
    assert.ok(heard.length < LONG_WELCOME.length, `the cut reply keeps only what was heard: ${heard}`);
    assert.ok(!heard.includes("the very end of the welcome"), `the whole welcome was kept: ${heard}`);
    assert.ok(Number((await page.getByTestId("frames-cleared").innerText()).split(" ")[0]) >= 1);
    // Far fewer frames than the whole welcome were played (50 frames a second).
    const played = await page.evaluate(() => window.__ovosPlayground?.player?.framesPlayed ?? 0);
    bargeCallId = await page.evaluate(() => window.__ovosPlayground?.callId ?? "");
    await steps.shot("playground-barge-in");
    await page.getByTestId("stop-call").click();
    await page.getByTestId("call-status").filter({ hasText: "Call ended" }).waitFor({ timeout: WAIT });
    assert.ok(played > 0);
    // Back to the short welcome for the pages that follow.
    await page.getByLabel("Welcome message").fill("Hello, how can I help?");
    await page.getByLabel("Words to interrupt the agent").fill("");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    // The call's page shows the welcome turn as interrupted.
    await page.goto(`${base}/calls/view/?id=${bargeCallId}`);
    await page.getByTestId("turn-agent").filter({ hasText: "(interrupted)" }).first().waitFor({ timeout: WAIT });
  });

  await steps.run("call logs: filters by agent, status and date live in the address", async () => {
    const shopId = new URL(agentUrl).searchParams.get("id");
    const rows = page.getByTestId("call-row");
    // The list shows its earlier answer until the new one arrives: wait for the rows expected.
    const listed = (n) =>
      page.waitForFunction((want) => document.querySelectorAll("[data-testid=call-row]").length === want, n, { timeout: WAIT });
    await page.goto(`${base}/calls/?agent_id=${shopId}`);
    assert.equal(await page.getByLabel("Agent").inputValue(), shopId);
    await page.locator(`[data-testid=call-row][data-call-id="${bargeCallId}"]`).waitFor({ timeout: WAIT });
    await listed(2);
    // The demo receptionist had no calls.
    demoId = await page.getByLabel("Agent").locator("option", { hasText: "Demo receptionist" }).getAttribute("value");
    await page.getByLabel("Agent").selectOption(demoId);
    await page.waitForURL(new RegExp(`agent_id=${demoId}`));
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    await steps.shot("calls-filter-empty");
    // Status from the form goes into the address, and an address sets the form.
    await page.goto(`${base}/calls/?agent_id=${shopId}`);
    await rows.first().waitFor({ timeout: WAIT });
    await page.getByLabel("Status").selectOption("completed");
    await page.waitForURL(/status=completed/);
    await listed(2);
    await page.goto(`${base}/calls/?status=failed`);
    assert.equal(await page.getByLabel("Status").inputValue(), "failed");
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    // Dates: today has both calls, tomorrow and yesterday none.
    const day = (offset) => {
      const d = new Date();
      d.setDate(d.getDate() + offset);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    };
    await page.goto(`${base}/calls/?from=${day(0)}&to=${day(0)}`);
    assert.equal(await page.getByLabel("From").inputValue(), day(0));
    await listed(2);
    await page.goto(`${base}/calls/?from=${day(1)}`);
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    await page.goto(`${base}/calls/?to=${day(-1)}`);
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    await page.getByLabel("To", { exact: true }).fill("");
    await page.waitForURL(/\/calls\/$/);
    await listed(2);
    await steps.shot("calls-filtered");
  });

  await steps.run("agents list: search, duplicate and delete", async () => {
    await page.getByRole("link", { name: "Agents" }).first().click();
    await page.waitForURL(/\/agents\/$/);
    await page.getByTestId("agent-row").first().waitFor({ timeout: WAIT });
    await page.getByLabel("Search agents").fill("e2e");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=agent-row]").length === 1, null, { timeout: WAIT });
    await page.getByRole("button", { name: `Duplicate ${agentName}` }).click();
    await page.getByRole("link", { name: `${agentName} (copy)` }).waitFor({ timeout: WAIT });
    await steps.shot("agents-search-duplicate");
    await page.getByRole("button", { name: `Delete ${agentName} (copy)` }).click();
    const dialog = page.getByRole("dialog", { name: "Delete agent" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("link", { name: `${agentName} (copy)` }).waitFor({ state: "detached", timeout: WAIT });
    await page.getByLabel("Search agents").fill("no such agent at all");
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
  });

  await steps.run("place a phone call: the server's refusals show at their fields", async () => {
    await page.getByLabel("Search agents").fill("");
    await page.getByRole("button", { name: `Phone call with ${agentName}` }).waitFor({ timeout: WAIT });
    await page.getByRole("button", { name: `Phone call with ${agentName}` }).click();
    const dialog = page.getByRole("dialog", { name: `Phone call with ${agentName}` });
    await dialog.getByLabel("To", { exact: true }).fill("0123");
    await dialog.getByLabel("From", { exact: true }).fill("+14155550100");
    await dialog.getByRole("button", { name: "Call" }).click();
    const to = dialog.locator("input[name=to]");
    await page.waitForFunction(() => document.querySelector("dialog input[name=to]")?.getAttribute("aria-invalid") === "true", null, { timeout: WAIT });
    assert.equal(await dialog.locator("input[name=from]").getAttribute("aria-invalid"), "false");
    await to.fill("+14155550111");
    await dialog.getByRole("button", { name: "Call" }).click();
    // No Twilio key is stored: refused at the carrier field, and no call is placed.
    await page.waitForFunction(() => document.querySelector("dialog select[name=carrier]")?.getAttribute("aria-invalid") === "true", null, { timeout: WAIT });
    assert.equal(await to.getAttribute("aria-invalid"), "false");
    await steps.shot("place-call-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  await steps.run("playground: a call the server refuses (an OpenAI agent without a key) shows why", async () => {
    await page.getByRole("link", { name: "Agents" }).first().click();
    await page.getByRole("button", { name: "New agent" }).click();
    const dialog = page.getByRole("dialog", { name: "New agent" });
    await dialog.getByLabel("Name").fill("E2E cloud");
    await dialog.getByLabel(/OpenAI agent/).check();
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    await page.getByTestId("start-call").click();
    const error = page.getByTestId("playground").getByTestId("error");
    await error.waitFor({ timeout: WAIT });
    assert.match(await error.innerText(), /refused the call/);
    // The ticket was checked at issue, so the server's reasons reach the page: the LLM's key.
    const reasons = await error.getByTestId("error-fields").innerText();
    assert.match(reasons, /llm_agent/);
    assert.match(reasons, /key/i);
    assert.equal(await page.getByTestId("mic-frames").innerText(), "0 frames", "the microphone was not opened");
    assert.equal(await page.getByTestId("start-call").isVisible(), true, "the call can be tried again");
    assert.match(await page.getByTestId("call-status").innerText(), /Not connected/);
    await steps.shot("playground-refused");
  });

  await steps.run("editor: an agent becomes a conversation graph and back with the form, and each saves", async () => {
    await page.getByRole("link", { name: "Agents" }).first().click();
    await page.getByRole("link", { name: "E2E cloud" }).click();
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    const kind = page.getByLabel("Kind of agent");
    await kind.waitFor({ timeout: WAIT });
    await kind.selectOption("graph_agent");
    const graph = page.getByTestId("graph-editor");
    await graph.getByRole("region", { name: "Node start" }).getByLabel("Node prompt").fill("Greet the caller and ask what they need.");
    await graph.getByRole("button", { name: "Add node" }).click();
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    // Back to a simple agent: the graph's nodes go only after a confirmation.
    await kind.selectOption("simple_llm_agent");
    const confirm = page.getByRole("dialog", { name: "Drop the conversation graph?" });
    await confirm.getByRole("button", { name: "Drop the graph" }).click();
    await graph.waitFor({ state: "detached", timeout: WAIT });
    assert.equal(await page.getByLabel("LLM provider").inputValue(), "openai");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
  });

  await steps.run("knowledge bases: created, a text document uploaded (an empty one refused with the reason), listed; another base deleted", async () => {
    await page.getByRole("link", { name: "Knowledge bases" }).click();
    await page.waitForURL(/\/knowledge\/$/);
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    for (const name of ["E2E old", "E2E hours"]) {
      await page.getByRole("button", { name: "New knowledge base" }).click();
      const dialog = page.getByRole("dialog", { name: "New knowledge base" });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByRole("button", { name: "Create" }).click();
      await page.waitForURL(/\/knowledge\/view\/\?id=/, { timeout: WAIT });
      await page.getByRole("heading", { name }).waitFor({ timeout: WAIT });
      if (name === "E2E old") {
        // Deleted from its own page, after a confirmation; the list is empty again.
        await page.getByRole("button", { name: "Delete knowledge base" }).click();
        await page.getByRole("dialog", { name: "Delete knowledge base" }).getByRole("button", { name: "Delete" }).click();
        await page.waitForURL(/\/knowledge\/$/, { timeout: WAIT });
        await page.getByTestId("empty").waitFor({ timeout: WAIT });
      }
    }
    kbUrl = page.url();
    kbId = new URL(kbUrl).searchParams.get("id");
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    await page.getByLabel(/^Files/).setInputFiles([
      { name: "hours.txt", mimeType: "text/plain", buffer: Buffer.from("The shop opens at nine in the morning and closes at six in the evening, Monday to Saturday.\n") },
      { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) },
    ]);
    await page.getByRole("button", { name: "Upload 2 files" }).click();
    const refused = page.getByTestId("upload-errors");
    await refused.waitFor({ timeout: WAIT });
    assert.match(await refused.innerText(), /empty\.txt: /);
    await page.getByTestId("upload-status").filter({ hasText: "Added 1 document." }).waitFor({ timeout: WAIT });
    const rows = page.getByTestId("doc-row");
    await rows.first().waitFor({ timeout: WAIT });
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /hours\.txt[\s\S]*1 passage/);
    await steps.shot("knowledge-base");
    await page.getByRole("link", { name: "Back to knowledge bases" }).click();
    const row = page.getByTestId("kb-row");
    await row.first().waitFor({ timeout: WAIT });
    assert.equal(await row.count(), 1);
    assert.match(await row.first().innerText(), /E2E hours[\s\S]*1 document · searched by keywords/);
    await steps.shot("knowledge-bases");
  });

  await steps.run("editor: a knowledge-base agent's rag_config is set with the form, its error at its field, and saved", async () => {
    await page.getByRole("link", { name: "Agents" }).first().click();
    await page.getByRole("link", { name: "E2E cloud" }).click();
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    await page.getByLabel("Kind of agent").selectOption("knowledgebase_agent");
    const rag = page.getByTestId("rag-config");
    const bases = rag.getByRole("group", { name: "Knowledge bases" });
    await bases.getByRole("checkbox", { name: /E2E hours/ }).check({ timeout: WAIT });
    const topK = rag.getByLabel("Passages per turn");
    await topK.fill("0");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-errors").waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.querySelector("[data-testid=rag-config] input[type=number]")?.getAttribute("aria-invalid") === "true", null, { timeout: WAIT });
    assert.equal(await bases.getByRole("checkbox", { name: /E2E hours/ }).getAttribute("aria-invalid"), "false");
    await steps.shot("editor-rag-error");
    await topK.fill("3");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    const doc = JSON.parse(await page.getByTestId("agent-json").inputValue());
    const llm = doc.agent_config.tasks[0].tools_config.llm_agent;
    assert.equal(llm.agent_type, "knowledgebase_agent");
    assert.deepEqual(llm.llm_config.rag_config.vector_store, { provider: "lancedb", provider_config: { vector_id: kbId, similarity_top_k: 3 } });
    await steps.shot("editor-rag");
  });

  await steps.run("editor: a graph agent's nodes and edges are edited with the form, errors at their node", async () => {
    await page.getByRole("link", { name: "Agents" }).first().click();
    await page.getByRole("link", { name: "Demo receptionist" }).click();
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    const graph = page.getByTestId("graph-editor");
    await graph.waitFor({ timeout: WAIT });
    assert.equal(await graph.getByLabel("Start node").inputValue(), "main_menu");
    const hours = graph.getByRole("region", { name: "Node hours" });
    assert.match(await hours.getByLabel("Message").inputValue(), /nine in the morning/);
    // Renaming a node renames it in every edge, the routing examples and the start.
    await hours.getByLabel("Node id").fill("opening_hours");
    const json = page.getByTestId("agent-json");
    let config = JSON.parse(await json.inputValue()).agent_config.tasks[0].tools_config.llm_agent.llm_config;
    const menu = config.nodes.find((n) => n.id === "main_menu");
    assert.ok(menu.edges.some((e) => e.to_node_id === "opening_hours"));
    assert.ok(!menu.edges.some((e) => e.to_node_id === "hours"));
    assert.match(menu.examples.opening_hours, /opening hours/);
    // A new router node with no catch-all edge: the server's error shows in that node.
    await graph.getByRole("button", { name: "Add node" }).click();
    const added = graph.getByRole("region", { name: "Node node" });
    await added.getByLabel("Node id").fill("triage");
    const triage = graph.getByRole("region", { name: "Node triage" });
    await triage.getByLabel("Kind").selectOption("router");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-errors").waitFor({ timeout: WAIT });
    await triage.getByTestId("field-error").filter({ hasText: /catch-all/ }).waitFor({ timeout: WAIT });
    assert.equal(await hours.count(), 0);
    await steps.shot("editor-graph-error");
    await triage.getByRole("button", { name: "Add edge" }).click();
    await triage.getByLabel("Edge 1: to").selectOption("opening_hours");
    await triage.getByLabel("Edge 1: taken when").selectOption("unconditional");
    // An expression edge with a condition on a call variable, then removed again.
    await triage.getByRole("button", { name: "Add edge" }).click();
    await triage.getByLabel("Edge 2: taken when").selectOption("expression");
    await triage.getByLabel("Edge 2 condition 1 variable").fill("recipient_data.plan");
    await triage.getByLabel("Edge 2 condition 1 value").fill("gold");
    config = JSON.parse(await json.inputValue()).agent_config.tasks[0].tools_config.llm_agent.llm_config;
    const node = config.nodes.find((n) => n.id === "triage");
    assert.deepEqual(node.edges, [
      { to_node_id: "opening_hours", condition: "", condition_type: "unconditional" },
      {
        to_node_id: node.edges[1].to_node_id,
        condition: "",
        condition_type: "expression",
        expression: { logic: "and", conditions: [{ variable: "recipient_data.plan", operator: "eq", value: "gold" }] },
      },
    ]);
    await triage.getByRole("button", { name: "Remove edge 2 of triage" }).click();
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    await steps.shot("editor-graph");
    await triage.getByRole("button", { name: "Remove the node triage" }).click();
    assert.equal(await graph.getByTestId("graph-node").count(), config.nodes.length - 1);
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
  });

  await steps.run("editor: unsaved work survives a session that ends under it, and comes back after signing in", async () => {
    const editorUrl = page.url();
    const about = page.getByTestId("graph-editor").getByLabel("About the agent");
    await about.fill("A receptionist whose edit outlived its session.");
    await page.getByTestId("save-status").filter({ hasText: "Unsaved changes" }).waitFor();
    // The token stops being accepted (expired or revoked): saving answers 401 and the
    // dashboard sends the user to sign in again.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("ovos.session"));
      localStorage.setItem("ovos.session", JSON.stringify({ ...s, token: `${s.token}x` }));
    });
    await page.getByTestId("save-agent").click();
    await page.waitForURL(/\/login\/\?next=/, { timeout: WAIT });
    await page.getByTestId("session-ended").waitFor({ timeout: WAIT });
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(editorUrl, { timeout: WAIT });
    const offer = page.getByTestId("draft-offer");
    await offer.waitFor({ timeout: WAIT });
    assert.notEqual(await about.inputValue(), "A receptionist whose edit outlived its session.");
    await steps.shot("editor-draft-offer");
    await offer.getByRole("button", { name: "Restore them" }).click();
    assert.equal(await about.inputValue(), "A receptionist whose edit outlived its session.");
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
    // Saved: nothing is offered any more.
    await page.reload();
    await page.getByTestId("graph-editor").waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("draft-offer").count(), 0);
  });

  await steps.run("provider keys and settings pages", async () => {
    await page.getByRole("link", { name: "Provider keys" }).click();
    await page.waitForURL(/\/keys\/$/);
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    await page.getByRole("button", { name: "Add key" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a provider key" });
    await dialog.getByLabel("Provider").selectOption("openai");
    await dialog.getByLabel("API key").fill("sk-proj-0123456789abcdefghij");
    await dialog.getByRole("button", { name: "Save key" }).click();
    const list = page.getByTestId("key-list");
    await list.waitFor({ timeout: WAIT });
    const text = await list.innerText();
    assert.ok(!text.includes("0123456789abcdefghij"), "the key is shown masked");
    await steps.shot("keys");
    // Deleted after a confirmation, and the list is empty again.
    await list.getByRole("button", { name: /^Delete key / }).click();
    const confirm = page.getByRole("dialog", { name: "Delete key" });
    await confirm.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("empty").waitFor({ timeout: WAIT });
    assert.equal(await list.count(), 0);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings\/$/);
    await page.getByLabel("New key's label").fill("ci");
    await page.getByRole("button", { name: "Create" }).click();
    assert.match(await page.getByTestId("new-api-key").innerText({ timeout: WAIT }), /^ovos_sk_/);
    await steps.shot("settings");
  });

  await steps.run("settings: the password is changed, and only the new one signs in", async () => {
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Change password" }) });
    const newPassword = "another-long-password";
    await form.getByLabel("Current password").fill("not-the-password");
    await form.getByLabel("New password").fill(newPassword);
    await form.getByRole("button", { name: "Change password" }).click();
    const current = form.getByLabel("Current password");
    await page.waitForFunction(() => document.querySelector("input[autocomplete=current-password]")?.getAttribute("aria-invalid") === "true", null, { timeout: WAIT });
    await steps.shot("settings-password-error");
    await current.fill(password);
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByRole("status").filter({ hasText: "Password changed." }).waitFor({ timeout: WAIT });
    // This session goes on; signing out and in again takes the new password only.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\//, { timeout: WAIT });
    assert.equal(await page.getByTestId("session-ended").count(), 0, "signing out is not a session that ended");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("error").waitFor({ timeout: WAIT });
    await page.getByLabel("Password").fill(newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/(agents|settings)\/$/, { timeout: WAIT });
    await page.getByTestId("user-email").filter({ hasText: email }).waitFor({ timeout: WAIT });
    password = newPassword;
  });

  await steps.run("the theme toggle switches to dark and back, and the choice survives a reload", async () => {
    const html = page.locator("html");
    const wasDark = ((await html.getAttribute("class")) ?? "").includes("dark");
    await page.getByTestId("theme-toggle").first().click();
    assert.equal(((await html.getAttribute("class")) ?? "").includes("dark"), !wasDark);
    await page.goto(agentUrl);
    await page.getByTestId("playground").waitFor({ timeout: WAIT });
    assert.equal(((await html.getAttribute("class")) ?? "").includes("dark"), !wasDark);
    await steps.shot(wasDark ? "editor-light" : "editor-dark");
    await page.getByTestId("theme-toggle").first().click();
  });

  await steps.run("on a phone-sized screen the pages fit the width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [url, name] of [
      [`${base}/agents/`, "phone-agents"],
      [agentUrl, "phone-editor"],
      [`${base}/calls/view/?id=${callId}`, "phone-call"],
      [`${base}/agents/edit/?id=${demoId}`, "phone-editor-graph"],
      [`${base}/calls/?agent_id=${new URL(agentUrl).searchParams.get("id")}`, "phone-calls"],
      [`${base}/settings/`, "phone-settings"],
      [`${base}/keys/`, "phone-keys"],
      [`${base}/knowledge/`, "phone-knowledge"],
      [kbUrl, "phone-knowledge-base"],
    ]) {
      await page.goto(url);
      await page.locator("main h1").first().waitFor({ timeout: WAIT });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than the screen`);
      await steps.shot(name);
    }
    // The tools form with a tool, an argument and a header fits too; the tool is removed again.
    await page.goto(agentUrl);
    const section = page.getByTestId("tools-and-tasks");
    await section.getByRole("button", { name: "Add tool" }).click();
    await section.getByRole("button", { name: "Add argument" }).click();
    await section.getByRole("button", { name: "Add header" }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await section.getByTestId("tool").screenshot({ path: path.join(artifacts, "phone-tool.png") });
    assert.ok(overflow <= 1, `the tools form is ${overflow}px wider than the screen`);
    // Every control stays inside its tool's card.
    const sticking = await section.getByTestId("tool").evaluate((card) => {
      const right = card.getBoundingClientRect().right;
      return [...card.querySelectorAll("input, select, textarea, button")].filter((c) => c.getBoundingClientRect().right > right + 0.5).length;
    });
    assert.equal(sticking, 0, "controls stick out of the tool's card");
    await section.getByRole("button", { name: "Remove the tool new_tool" }).click();
    await page.getByTestId("save-agent").click();
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
  });

  await steps.run("an unknown page gets the dashboard's not-found page with status 404", async () => {
    const response = await page.goto(`${base}/no/such/page/`);
    assert.equal(response.status(), 404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: WAIT });
    await page.getByRole("link", { name: "Go to your agents" }).click();
    await page.waitForURL(/\/agents\/$/, { timeout: WAIT });
  });

  await steps.run("the keyboard alone reaches the main navigation and the editor", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/agents/`);
    await page.getByTestId("agent-row").first().waitFor({ timeout: WAIT });
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    // Tab to the first agent link and open it with Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => document.activeElement?.textContent ?? "");
      if (name === agentName) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), agentName);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/agents\/edit\/\?id=/, { timeout: WAIT });
    // In the editor, a tool is added, named and removed with the keyboard alone.
    const addTool = page.getByRole("button", { name: "Add tool" });
    await addTool.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "tool_name", null, { timeout: WAIT });
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("by_keyboard");
    const tool = page.getByRole("region", { name: "Tool by_keyboard" });
    await tool.waitFor({ timeout: WAIT });
    // Shift+Tab from the name reaches the tool's Remove button; Space presses it.
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Remove the tool by_keyboard");
    await page.keyboard.press("Space");
    await tool.waitFor({ state: "detached", timeout: WAIT });
    await page.keyboard.press("Control+s");
    await page.getByTestId("save-status").filter({ hasText: "Saved." }).waitFor({ timeout: WAIT });
  });

  assert.deepEqual(pageErrors, [], "uncaught errors in the page");
} catch {
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
  const failed = steps.results.filter((r) => !r.ok).length;
  console.log(`ui e2e: ${steps.results.length - failed} steps passed, ${failed} failed; screenshots in ${artifacts}`);
}
