// The signed-in session: the access token from POST /v1/auth/login or /register, kept in
// localStorage so a reload stays signed in. The server has no refresh route: when the token
// expires (or the server answers 401) the session is dropped and the user signs in again.
import type { Session, User } from "./api";

const KEY = "ovos.session";

export interface StoredSession {
  token: string;
  expiresAt: number; // Unix ms
  user: User;
}

type Listener = (session: StoredSession | null) => void;
const listeners = new Set<Listener>();

function read(): StoredSession | null {
  if (typeof window === "undefined") return null;
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (typeof s.token !== "string" || typeof s.expiresAt !== "number") return null;
    return s;
  } catch {
    return null;
  }
}

/** The current session, or null when signed out or the token has expired. */
export function currentSession(): StoredSession | null {
  const s = read();
  if (!s) return null;
  if (Date.now() >= s.expiresAt) {
    clearSession();
    return null;
  }
  return s;
}

export function saveSession(session: Session): StoredSession {
  // Expire a little early so a request never leaves with a token about to lapse.
  const margin = Math.min(30, Math.floor(session.expires_in / 10));
  const stored: StoredSession = {
    token: session.access_token,
    expiresAt: Date.now() + (session.expires_in - margin) * 1000,
    user: session.user,
  };
  window.localStorage.setItem(KEY, JSON.stringify(stored));
  listeners.forEach((l) => l(stored));
  return stored;
}

export function updateSessionUser(user: User): void {
  const s = read();
  if (!s) return;
  const next = { ...s, user };
  window.localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((l) => l(next));
}

export function clearSession(): void {
  if (typeof window === "undefined") return;
  window.localStorage.removeItem(KEY);
  listeners.forEach((l) => l(null));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For useSyncExternalStore: changes here and in other tabs. */
export function subscribeSession(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) onChange();
  };
  window.addEventListener("storage", onStorage);
  const off = onSessionChange(onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    off();
  };
}

/** The raw stored session text (a stable snapshot value for useSyncExternalStore). */
export function sessionSnapshot(): string {
  return window.localStorage.getItem(KEY) ?? "";
}
