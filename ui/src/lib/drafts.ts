// Unsaved agent edits kept in this browser (localStorage), per user and agent, so that work is
// not lost when the session ends under the editor (the server has no token refresh: an expired
// or revoked token sends the user to the login page), when the tab closes or the page reloads.
// A draft is written on every change, dropped on save or discard, and offered back when the
// editor opens the agent again. Signing out on purpose drops the user's drafts.

const PREFIX = "ovos.draft.";

export interface Draft {
  /** The JSON view's text: the whole edit, even when it does not parse yet. */
  text: string;
  /** The agent's updated_at the edit started from. */
  base: string;
  /** When the draft was last written (Unix ms). */
  at: number;
}

function key(userId: string, agentId: string): string {
  return `${PREFIX}${userId}.${agentId}`;
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readDraft(userId: string, agentId: string): Draft | null {
  const raw = storage()?.getItem(key(userId, agentId));
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.text !== "string" || typeof d.base !== "string" || typeof d.at !== "number") return null;
    return { text: d.text, base: d.base, at: d.at };
  } catch {
    return null;
  }
}

/** Keeps the draft; false when the browser refused (storage full or disabled). */
export function writeDraft(userId: string, agentId: string, draft: Omit<Draft, "at">): boolean {
  try {
    storage()?.setItem(key(userId, agentId), JSON.stringify({ ...draft, at: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function dropDraft(userId: string, agentId: string): void {
  storage()?.removeItem(key(userId, agentId));
}

/** Drops every draft of the user (signing out on purpose). */
export function dropUserDrafts(userId: string): void {
  const s = storage();
  if (!s) return;
  const mine = `${PREFIX}${userId}.`;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(mine)) keys.push(k);
  }
  keys.forEach((k) => s.removeItem(k));
}
