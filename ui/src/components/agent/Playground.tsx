"use client";
// Talk to the agent from the browser: microphone in, the agent's voice out, the live transcript
// of both sides and a latency bar per turn. The call uses the agent as saved on the server.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { LatencyBar, LatencyLegend } from "@/components/LatencyBar";
import { ErrorBox } from "@/components/States";
import { VoiceCall, type PlayerStats, type Speaker, type TurnLatency, type VoiceEvent } from "@/lib/voiceClient";

interface Line {
  role: Speaker;
  turn: number;
  text: string;
  final: boolean;
  /** The caller spoke over this reply: its audio was cut, and its text is what was heard. */
  interrupted?: boolean;
}

type Status = "idle" | "connecting" | "live" | "ended";

declare global {
  interface Window {
    /** The playground's counters, for tests and curious users. */
    __ovosPlayground?: { status: Status; callId: string; player: PlayerStats | null; micFrames: number };
  }
}

/** `beforeStart`: saves what the call needs; the call starts once it answers true. */
export function Playground({ agentId, beforeStart }: { agentId: string; beforeStart: () => Promise<boolean> }) {
  const [status, setStatus] = useState<Status>("idle");
  const [saving, setSaving] = useState(false);
  const [callId, setCallId] = useState("");
  const [lines, setLines] = useState<Line[]>([]);
  const [latencies, setLatencies] = useState<TurnLatency[]>([]);
  const [player, setPlayer] = useState<PlayerStats | null>(null);
  const [micFrames, setMicFrames] = useState(0);
  const [micLevel, setMicLevel] = useState(0);
  const [endReason, setEndReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [echoCancellation, setEchoCancellation] = useState(true);
  const call = useRef<VoiceCall | null>(null);
  const transcriptEnd = useRef<HTMLLIElement>(null);
  const cutPending = useRef(false);

  useEffect(() => () => call.current?.dispose(), []);
  useEffect(() => {
    window.__ovosPlayground = { status, callId, player, micFrames };
  }, [status, callId, player, micFrames]);
  useEffect(() => {
    transcriptEnd.current?.scrollIntoView({ block: "nearest" });
  }, [lines]);

  function onEvent(e: VoiceEvent) {
    switch (e.type) {
      case "status":
        setStatus(e.status);
        break;
      case "ready":
        setCallId(e.callId);
        break;
      case "transcript": {
        const cut = e.role === "agent" && cutPending.current;
        if (cut) cutPending.current = false;
        setLines((prev) => {
          // Interim results of a turn are replaced by later ones and by its final.
          const i = prev.findIndex((l) => l.role === e.role && l.turn === e.turn);
          const line: Line = { role: e.role, turn: e.turn, text: e.text, final: e.final, interrupted: cut || prev[i]?.interrupted };
          if (i < 0) return [...prev, line];
          const next = [...prev];
          next[i] = line;
          return next;
        });
        break;
      }
      case "latency":
        setLatencies((prev) => [...prev.filter((l) => l.turn !== e.latency.turn), e.latency].sort((a, b) => a.turn - b.turn));
        break;
      case "end":
        setEndReason(e.reason + (e.transferTo ? ` (to ${e.transferTo})` : ""));
        break;
      case "error":
        setError(new Error(e.message || e.code));
        break;
      case "stats":
        setPlayer(e.player);
        setMicFrames(e.micFrames);
        setMicLevel(e.micLevel);
        break;
      case "clear":
        // The caller barged in: the agent's audio was dropped. The server then sends the cut
        // reply's transcript, holding only what was heard; that line is marked as interrupted.
        cutPending.current = true;
        break;
    }
  }

  async function start() {
    setError(null);
    setSaving(true);
    let ready = false;
    try {
      ready = await beforeStart();
    } finally {
      setSaving(false);
    }
    if (!ready) return;
    call.current?.dispose();
    setLines([]);
    setLatencies([]);
    setPlayer(null);
    setMicFrames(0);
    setCallId("");
    setEndReason("");
    cutPending.current = false;
    const c = new VoiceCall({ agentId, echoCancellation, onEvent });
    call.current = c;
    try {
      await c.start();
    } catch (e) {
      c.dispose();
      setError(e instanceof DOMException && e.name === "NotAllowedError" ? new Error("Microphone access was refused.") : e);
      setStatus("idle");
    }
  }

  const live = status === "connecting" || status === "live";
  const scale = Math.max(1, ...latencies.map((l) => l.total_ms ?? 0));

  return (
    <section className="card space-y-4" aria-labelledby="playground-h" data-testid="playground">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="playground-h" className="font-semibold">
          Playground
        </h2>
        <span className="muted" data-testid="call-status" role="status">
          {status === "idle" && "Not connected"}
          {status === "connecting" && "Connecting…"}
          {status === "live" && "Live: speak into your microphone"}
          {status === "ended" && `Call ended${endReason ? `: ${endReason}` : ""}`}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {!live ? (
          <button type="button" className="btn btn-primary" onClick={start} disabled={saving} data-testid="start-call">
            {saving ? "Saving…" : "Start call"}
          </button>
        ) : (
          <button type="button" className="btn btn-danger" onClick={() => call.current?.stop()} data-testid="stop-call">
            Hang up
          </button>
        )}
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={echoCancellation} disabled={live} onChange={(e) => setEchoCancellation(e.target.checked)} />
          Echo cancellation
        </label>
        {live && (
          <div className="flex items-center gap-1.5 text-xs text-slate-500" aria-label="Microphone level">
            mic
            <span className="inline-block h-2 w-20 overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
              <span className="block h-full bg-emerald-500" style={{ width: `${Math.min(100, micLevel * 400)}%` }} />
            </span>
          </div>
        )}
      </div>
      {error != null && <ErrorBox error={error} showFields />}

      <div>
        <h3 className="mb-1 text-sm font-medium">Transcript</h3>
        <ol className="max-h-72 space-y-2 overflow-y-auto rounded-md border border-slate-200 p-2 dark:border-slate-800" aria-live="polite" data-testid="transcript">
          {lines.length === 0 && <li className="muted">{live ? "Waiting for speech…" : "Start a call to talk to the agent."}</li>}
          {lines.map((l) => (
            <li
              key={`${l.role}-${l.turn}`}
              className={`flex ${l.role === "user" ? "justify-end" : "justify-start"}`}
              data-testid={`line-${l.role}`}
              data-final={l.final}
              data-interrupted={l.interrupted === true}
            >
              <span
                className={`max-w-[85%] rounded-lg px-3 py-1.5 text-sm ${
                  l.role === "user" ? "bg-indigo-600 text-white" : "bg-slate-100 dark:bg-slate-800"
                } ${l.final ? "" : "opacity-60 italic"}`}
              >
                <span className="sr-only">{l.role === "user" ? "You: " : "Agent: "}</span>
                {l.text || (l.interrupted ? "…" : "")}
                {l.interrupted && (
                  <span className="ml-1.5 rounded bg-amber-200 px-1 text-xs font-medium not-italic text-amber-900 dark:bg-amber-800 dark:text-amber-100" data-testid="line-interrupted">
                    — interrupted
                  </span>
                )}
              </span>
            </li>
          ))}
          <li ref={transcriptEnd} aria-hidden />
        </ol>
      </div>

      <div>
        <div className="mb-1 flex items-center justify-between">
          <h3 className="text-sm font-medium">Latency per turn</h3>
          <LatencyLegend />
        </div>
        {latencies.length === 0 ? (
          <p className="muted">Each reply&apos;s latency appears here.</p>
        ) : (
          <div className="space-y-2" data-testid="latencies">
            {latencies.map((l) => (
              <LatencyBar key={l.turn} latency={l} scale={scale} label={`Turn ${l.turn}`} />
            ))}
          </div>
        )}
      </div>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-500 dark:text-slate-400 sm:grid-cols-3">
        <div>
          <dt>Agent audio received</dt>
          <dd className="tabular-nums" data-testid="frames-received">
            {player?.framesIn ?? 0} frames
          </dd>
        </div>
        <div>
          <dt>Agent audio played</dt>
          <dd className="tabular-nums" data-testid="frames-played">
            {player?.framesPlayed ?? 0} frames
          </dd>
        </div>
        <div>
          <dt>Agent audio cut</dt>
          <dd className="tabular-nums" data-testid="frames-cleared">
            {player?.cleared ?? 0} times
          </dd>
        </div>
        <div>
          <dt>Microphone sent</dt>
          <dd className="tabular-nums" data-testid="mic-frames">
            {micFrames} frames
          </dd>
        </div>
        <div>
          <dt>Call</dt>
          <dd className="truncate" data-testid="call-id">
            {callId ? (
              <Link className="text-indigo-600 underline dark:text-indigo-400" href={`/calls/view/?id=${callId}`}>
                {callId.slice(-8)}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
