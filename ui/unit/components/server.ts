// A stand-in for the OpenVoiceOS server in component tests: `fetch` answers from a table of
// routes, every request is recorded, and a route may hold its answer until the test releases it
// (to act while a save is in flight). Also a signed-in session and the browser methods jsdom
// lacks.
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import type { User } from "@/lib/api";

export interface Answer {
  status?: number;
  body?: unknown;
}

export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The JSON body, parsed; undefined for none or a raw body (a file upload). */
  body: unknown;
}

type Handler = (req: Sent) => Answer | Promise<Answer>;

/** A promise the test settles by hand. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export function fakeServer() {
  const routes: { method: string; path: string; handler: Handler }[] = [];
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const req: Sent = { method, path: url.pathname, query: url.searchParams, body };
    sent.push(req);
    const route = routes.find((r) => r.method === method && r.path === url.pathname);
    const answer: Answer = route ? await route.handler(req) : { status: 404, body: { title: "Not Found", status: 404, detail: `no route ${method} ${url.pathname}` } };
    const status = answer.status ?? 200;
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(answer.body ?? null), { status, headers: { "Content-Type": "application/json" } });
  });
  return {
    sent,
    /** Answers method + path (no query) with `answer`, or with what `answer` makes of the request. */
    on(method: string, path: string, answer: Answer | Handler) {
      routes.unshift({ method, path, handler: typeof answer === "function" ? answer : () => answer });
    },
    /** The bodies sent to method + path so far. */
    bodies(method: string, path: string): unknown[] {
      return sent.filter((r) => r.method === method && r.path === path).map((r) => r.body);
    },
  };
}

export const USER: User = { id: "user-1", email: "ada@example.com", name: "Ada", created_at: "2026-11-24T10:00:00.000Z" };

/** Stores a session, as the login page does. */
export function signIn(user: User = USER): void {
  window.localStorage.setItem("ovos.session", JSON.stringify({ token: "test-token", expiresAt: Date.now() + 3_600_000, user }));
}

/** What jsdom lacks: <dialog>'s showModal/close, and scrollIntoView. */
export function polyfillJsdom(): void {
  window.Element.prototype.scrollIntoView ??= () => {};
  const proto = window.HTMLDialogElement.prototype;
  if (typeof proto.showModal === "function") return;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  proto.close = function (this: HTMLDialogElement) {
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

/** Each test of the file starts signed in with jsdom completed, and ends unmounted with the real fetch back. */
export function signedInTests(): void {
  beforeEach(() => {
    window.localStorage.clear();
    signIn();
    polyfillJsdom();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}
