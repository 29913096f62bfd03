// What the browser tests stand on: the real openvoiceos binary on a free port with a temporary
// data directory, headless Chromium (Debian's) driven through playwright-core, a speech WAV for
// the fake microphone, and a small step runner that saves a screenshot per page.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server under test: `openvoiceos serve` on 127.0.0.1:<free port>, SQLite in a temp dir. */
export async function startServer({ binary, uiDir, artifacts }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ovos-ui-e2e-"));
  const port = await freePort();
  const log = createWriteStream(path.join(artifacts, "server.log"));
  const child = spawn(binary, ["serve"], {
    env: {
      ...process.env,
      OVOS_HOST: "127.0.0.1",
      OVOS_PORT: String(port),
      OVOS_DATA_DIR: dataDir,
      OVOS_UI_DIR: uiDir,
      OVOS_LOG_FORMAT: "json",
      OVOS_THREADS: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited) throw new Error(`openvoiceos exited at start (${JSON.stringify(exited)}); see server.log`);
      try {
        return (await fetch(`${base}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    "the server to answer /healthz",
    60_000,
  );
  return {
    base,
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 15_000))]);
        if (!exited) child.kill("SIGKILL");
      }
      log.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A 16-bit mono WAV file's header and samples (flite writes plain PCM WAVs). */
function parseWav(buf) {
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a WAV file");
  let off = 12;
  let rate = 0;
  let data = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "fmt ") {
      const format = buf.readUInt16LE(off + 8);
      const channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
      const bits = buf.readUInt16LE(off + 22);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error("expected 16-bit mono PCM");
    } else if (id === "data") {
      data = buf.subarray(off + 8, off + 8 + size);
    }
    off += 8 + size + (size % 2);
  }
  if (!rate || !data) throw new Error("WAV without fmt or data");
  return { rate, data };
}

function wavFile(rate, pcm) {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write("WAVEfmt ", 8, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/**
 * The caller's voice for the fake microphone: `text` spoken by flite's rms voice (16 kHz), after
 * `leadSeconds` of silence and followed by `tailSeconds` of it. Chromium loops the file.
 */
export async function speechWav(dir, text, leadSeconds, tailSeconds) {
  const raw = path.join(dir, "speech-raw.wav");
  const r = spawnSync("flite", ["-voice", "rms", "-t", text, "-o", raw], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`flite failed: ${r.stderr || r.error}`);
  const { rate, data } = parseWav(await readFile(raw));
  const silence = (s) => Buffer.alloc(Math.round(s * rate) * 2);
  const file = path.join(dir, "caller.wav");
  await writeFile(file, wavFile(rate, Buffer.concat([silence(leadSeconds), data, silence(tailSeconds)])));
  return file;
}

/** Headless Chromium with a fresh profile; `micWav` feeds the fake microphone. */
export async function startBrowser({ executable, micWav, profileDir }) {
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--window-size=1280,900",
    `--user-data-dir=${profileDir}`,
    "--remote-debugging-port=0",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${micWav}`,
    "about:blank",
  ];
  const child = spawn(executable, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const wsUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr.slice(-2000)}`)), 60_000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString();
      const m = stderr.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}):\n${stderr.slice(-2000)}`));
    });
  });
  child.stderr.resume();
  const browser = await chromium.connectOverCDP(wsUrl);
  const context = browser.contexts()[0];
  return {
    context,
    async close() {
      await browser.close().catch(() => {});
      child.kill("SIGTERM");
      await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Runs named steps in order; the first failure stops the run (later steps build on it). */
export class Steps {
  constructor(artifacts) {
    this.artifacts = artifacts;
    this.results = [];
    this.page = null;
    this.shots = 0;
  }

  async run(name, fn) {
    const started = Date.now();
    process.stdout.write(`[ RUN  ] ${name}\n`);
    try {
      await fn();
      this.results.push({ name, ok: true });
      process.stdout.write(`[  OK  ] ${name} (${Date.now() - started} ms)\n`);
    } catch (e) {
      this.results.push({ name, ok: false, error: e });
      process.stdout.write(`[ FAIL ] ${name}\n${e && e.stack ? e.stack : e}\n`);
      if (this.page) await this.page.screenshot({ path: path.join(this.artifacts, `FAILED-${slug(name)}.png`), fullPage: true }).catch(() => {});
      throw e;
    }
  }

  /** A full-page screenshot, numbered in the order taken. */
  async shot(name, page = this.page) {
    this.shots += 1;
    const file = path.join(this.artifacts, `${String(this.shots).padStart(2, "0")}-${slug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export async function ensureDir(dir) {
  await mkdir(dir, { recursive: true });
  return dir;
}

export function requireFile(file, what) {
  if (!existsSync(file)) throw new Error(`${what} not found: ${file}`);
}
