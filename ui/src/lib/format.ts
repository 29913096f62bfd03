// Dates, durations and milliseconds as people read them.
import type { KnowledgeBase } from "./api";
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms == null ? "—" : `${ms} ms`;
}

/** How a knowledge base searches: by keywords, or also by meaning with its embeddings model. */
export function searchMode(base: Pick<KnowledgeBase, "embedding">): string {
  return base.embedding ? `keywords and meaning (${base.embedding.provider} ${base.embedding.model})` : "keywords";
}
