// A turn's latency as a stacked bar: speech-to-text, LLM, text-to-speech (and playout when
// known), with the voice-to-voice total. `scale` is the total that fills the whole width.
export interface LatencyParts {
  stt_ms: number | null;
  llm_ms: number | null;
  tts_ms: number | null;
  playout_ms?: number | null;
  total_ms: number | null;
}

const PARTS = [
  { key: "stt_ms", label: "STT", color: "bg-sky-500" },
  { key: "llm_ms", label: "LLM", color: "bg-violet-500" },
  { key: "tts_ms", label: "TTS", color: "bg-amber-500" },
  { key: "playout_ms", label: "Playout", color: "bg-emerald-500" },
] as const;

export function LatencyBar({ latency, scale, label }: { latency: LatencyParts; scale: number; label: string }) {
  const total = latency.total_ms;
  const summary = PARTS.filter((p) => latency[p.key] != null)
    .map((p) => `${p.label} ${latency[p.key]} ms`)
    .join(", ");
  return (
    <div className="text-xs" data-testid="latency-bar">
      <div className="mb-0.5 flex justify-between gap-2">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums" data-testid="latency-total">
          {total != null ? `${total} ms` : "—"}
        </span>
      </div>
      <div
        className="flex h-2.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
        role="img"
        aria-label={`${label}: ${summary || "no stages"}${total != null ? `; total ${total} ms` : ""}`}
      >
        {PARTS.map((p) => {
          const v = latency[p.key];
          if (v == null || v <= 0 || scale <= 0) return null;
          return <div key={p.key} className={p.color} style={{ width: `${Math.min(100, (v / scale) * 100)}%` }} title={`${p.label} ${v} ms`} />;
        })}
      </div>
      {summary && <p className="mt-0.5 text-slate-500 dark:text-slate-400">{summary}</p>}
    </div>
  );
}

export function LatencyLegend() {
  return (
    <div className="flex flex-wrap gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden>
      {PARTS.map((p) => (
        <span key={p.key} className="inline-flex items-center gap-1">
          <span className={`inline-block h-2 w-2 rounded-sm ${p.color}`} />
          {p.label}
        </span>
      ))}
    </div>
  );
}
