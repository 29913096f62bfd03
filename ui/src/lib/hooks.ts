"use client";
// Small hooks shared by the pages: the signed-in session, data loading with its states, deleting
// a listed item after a confirmation, sending a form whose fields may change while its request
// is out, and saving one request at a time what changes while it is saved.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { currentSession, sessionSnapshot, subscribeSession, type StoredSession } from "./session";

export type SessionState =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "signed-in"; session: StoredSession };

/** The session; "loading" while the page hydrates (the static HTML knows no user). */
export function useSession(): SessionState {
  const raw = useSyncExternalStore(subscribeSession, sessionSnapshot, () => null);
  return useMemo<SessionState>(() => {
    if (raw === null) return { status: "loading" };
    const s = raw ? currentSession() : null;
    return s ? { status: "signed-in", session: s } : { status: "signed-out" };
  }, [raw]);
}

export type Loadable<T> =
  | { state: "loading" }
  | { state: "error"; error: unknown }
  | { state: "ready"; data: T };

/**
 * Runs `load` when `deps` change (compared by their JSON) and keeps the latest result; `reload`
 * runs it again. Old data stays on screen until new data arrives; a stale answer is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<Loadable<T>>({ state: "loading" });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  const key = JSON.stringify(deps);

  useEffect(() => {
    let stale = false;
    latest.current().then(
      (data) => {
        if (!stale) setValue({ state: "ready", data });
      },
      (error: unknown) => {
        if (!stale) setValue({ state: "error", error });
      },
    );
    return () => {
      stale = true;
    };
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { value, reload };
}

/**
 * Deleting one item of a list once the user confirms: `ask(item)` opens the question (`target`),
 * `confirm` deletes it, then `onDeleted`; a failure goes to `onError` (null as an attempt starts).
 * The question closes either way.
 */
export function useConfirmedDelete<T>(remove: (item: T) => Promise<unknown>, onDeleted: () => void, onError: (e: unknown) => void) {
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    if (target === null) return;
    setBusy(true);
    onError(null);
    try {
      await remove(target);
      onDeleted();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      setTarget(null);
    }
  }
  return { target, busy, confirm, ask: setTarget, cancel: () => setTarget(null) };
}

/**
 * Sending a form's `values` (busy and error included). `submit(send)` sends the values as they
 * are, and answers the result with `unchanged`: whether the form still holds exactly what was
 * sent. When not, the user typed on while the request was out, and those edits are not saved.
 * A failure is kept in `error` and answers null. While a request is out, `submit` sends nothing
 * more and answers null (a form submitted again with Enter or a script, its button disabled).
 */
export function useSubmit<V>(values: V) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useLatest(values);
  const out = useRef(false);
  async function submit<R>(send: (sent: V) => Promise<R>): Promise<{ result: R; unchanged: boolean } | null> {
    if (out.current) return null;
    out.current = true;
    const sent = values;
    setBusy(true);
    setError(null);
    try {
      const result = await send(sent);
      return { result, unchanged: sameData(latest.current, sent) };
    } catch (e) {
      setError(e);
      return null;
    } finally {
      out.current = false;
      setBusy(false);
    }
  }
  return { busy, error, submit };
}

/**
 * Saving something that can change while it is being saved, one request at a time. `save()` runs
 * `send` when no save is out. While one is, it sends nothing at once but asks for one more `send`
 * when that one returns (any number of asks make one), skipped if `changed()` says that what it
 * would send now is what the last `send` sent. Every `save()` answers when the whole chain has
 * ended, with the last `send`'s outcome; `busy` is true for the whole chain. `send` and `changed`
 * read what is to be saved from refs: the follow-up runs before the page renders again.
 */
export function useSaveChain(send: () => Promise<boolean>, changed: () => boolean) {
  const [busy, setBusy] = useState(false);
  const chain = useRef<{ again: boolean; done: Promise<boolean> } | null>(null);
  const latest = useLatest({ send, changed });
  const save = useCallback((): Promise<boolean> => {
    if (chain.current) {
      chain.current.again = true;
      return chain.current.done;
    }
    const link = { again: false, done: Promise.resolve(false) };
    chain.current = link;
    setBusy(true);
    link.done = (async () => {
      try {
        let ok = await latest.current.send();
        while (link.again) {
          link.again = false;
          if (latest.current.changed()) ok = await latest.current.send();
        }
        return ok;
      } finally {
        chain.current = null;
        setBusy(false);
      }
    })();
    return link.done;
  }, [latest]);
  return { busy, save };
}

/**
 * A ref to `value` as of the last render: a handler awaiting a request reads what the form holds
 * when the answer comes, to tell whether the user changed it after the request was sent.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Whether two plain values (JSON data: form fields) are equal. */
function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
