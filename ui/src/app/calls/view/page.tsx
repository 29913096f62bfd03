"use client";
// /calls/view/?id=<call id>: one call read back: transcript, recording, latency per turn,
// extracted data, summary and the webhook's outcome.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { LatencyBar, LatencyLegend } from "@/components/LatencyBar";
import { Empty, ErrorBox, Loaded, Loading } from "@/components/States";
import { errorMessage, fetchRecording, getCall, type CallDetail } from "@/lib/api";
import { formatDate, formatDuration } from "@/lib/format";
import { useLoad } from "@/lib/hooks";

export default function Page() {
  return (
    <AppShell>
      {() => (
        <Suspense fallback={<Loading />}>
          <ViewCall />
        </Suspense>
      )}
    </AppShell>
  );
}

function ViewCall() {
  const id = useSearchParams().get("id") ?? "";
  const { value, reload } = useLoad(() => {
    if (!id) return Promise.reject(new Error("No call was given: open a call from the call list."));
    return getCall(id);
  }, [id]);
  return (
    <Loaded value={value} reload={reload} label="Loading the call…">
      {(call) => <CallView call={call} onReload={reload} />}
    </Loaded>
  );
}

function CallView({ call, onReload }: { call: CallDetail; onReload: () => void }) {
  const live = call.status === "in-progress" || call.status === "queued" || call.status === "ringing";
  const postCallRunning = call.post_call.status === "pending" || call.post_call.status === "running";
  // While the call or its follow-up tasks go on, read it again every few seconds.
  useEffect(() => {
    if (!live && !postCallRunning) return;
    const t = window.setTimeout(onReload, 3000);
    return () => window.clearTimeout(t);
  }, [call, live, postCallRunning, onReload]);
  const scale = Math.max(1, ...call.turns.map((t) => t.latency.total_ms ?? 0));
  return (
    <>
      <PageHeader title={live ? "Call (live)" : "Call"}>
        <Link href="/calls/" className="btn">
          All calls
        </Link>
        <button type="button" className="btn" onClick={onReload}>
          Refresh
        </button>
      </PageHeader>
      <dl className="card mb-6 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="call-facts">
        <Fact label="Started" value={formatDate(call.started_at ?? call.created_at)} />
        <Fact label="Duration" value={formatDuration(call.duration_ms)} />
        <Fact label="Status" value={call.status} testId="call-status-value" />
        <Fact label="Direction" value={call.direction + (call.carrier && call.carrier !== "web" ? ` (${call.carrier})` : "")} />
        <Fact label="Ended by" value={call.hangup_reason || "—"} />
        <Fact
          label="Agent"
          value={
            <Link className="text-indigo-700 underline dark:text-indigo-300" href={`/agents/edit/?id=${call.agent_id}`}>
              open
            </Link>
          }
        />
        {call.from && <Fact label="From" value={call.from} />}
        {call.to && <Fact label="To" value={call.to} />}
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-3" aria-labelledby="rec-h">
          <h2 id="rec-h" className="font-semibold">
            Recording
          </h2>
          {live ? <p className="muted">The recording is ready when the call has ended.</p> : <Recording call={call} />}
        </section>

        <section className="card space-y-3" aria-labelledby="lat-h">
          <div className="flex items-center justify-between">
            <h2 id="lat-h" className="font-semibold">
              Latency per turn
            </h2>
            <LatencyLegend />
          </div>
          {call.turns.some((t) => t.latency.total_ms != null) ? (
            <div className="space-y-2" data-testid="call-latencies">
              {call.turns
                .filter((t) => t.latency.total_ms != null || t.latency.stt_ms != null)
                .map((t) => (
                  <LatencyBar key={t.index} latency={t.latency} scale={scale} label={`Turn ${t.index}`} />
                ))}
            </div>
          ) : (
            <p className="muted">No turn with a measured reply.</p>
          )}
        </section>
      </div>

      <section className="card mt-6" aria-labelledby="tr-h">
        <h2 id="tr-h" className="mb-3 font-semibold">
          Transcript
        </h2>
        {call.turns.length === 0 ? (
          <Empty title="Nothing was said in this call." />
        ) : (
          <ol className="space-y-2" data-testid="call-transcript">
            {call.turns.map((t) => (
              <li key={t.index} className="space-y-1">
                {t.user_text && (
                  <p className="flex justify-end">
                    <span className="max-w-[85%] rounded-lg bg-indigo-600 px-3 py-1.5 text-sm text-white" data-testid="turn-user">
                      <span className="sr-only">Caller: </span>
                      {t.user_text}
                    </span>
                  </p>
                )}
                {t.agent_text && (
                  <p className="flex justify-start">
                    <span className="max-w-[85%] rounded-lg bg-slate-100 px-3 py-1.5 text-sm dark:bg-slate-800" data-testid="turn-agent">
                      <span className="sr-only">Agent: </span>
                      {t.agent_text}
                      {t.interrupted && <span className="ml-1 text-xs text-amber-700 dark:text-amber-300">(interrupted)</span>}
                    </span>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <section className="card" aria-labelledby="sum-h">
          <h2 id="sum-h" className="mb-2 font-semibold">
            Summary
          </h2>
          <div data-testid="call-summary">
            {call.summary ? <p className="text-sm whitespace-pre-wrap">{call.summary}</p> : <p className="muted">No summary.</p>}
          </div>
        </section>
        <section className="card" aria-labelledby="ext-h">
          <h2 id="ext-h" className="mb-2 font-semibold">
            Extracted data
          </h2>
          {Object.keys(call.extracted_data).length > 0 ? (
            <pre className="overflow-x-auto text-xs" data-testid="call-extracted">
              {JSON.stringify(call.extracted_data, null, 2)}
            </pre>
          ) : (
            <p className="muted">No extracted data.</p>
          )}
        </section>
        <section className="card" aria-labelledby="wh-h">
          <h2 id="wh-h" className="mb-2 font-semibold">
            Webhook
          </h2>
          {call.webhook.status ? (
            <dl className="space-y-1 text-sm">
              <Fact label="Outcome" value={call.webhook.status} />
              <Fact label="Attempts" value={String(call.webhook.attempts ?? 0)} />
              {call.webhook.http_status != null && <Fact label="HTTP status" value={String(call.webhook.http_status)} />}
              {call.webhook.error && <Fact label="Error" value={call.webhook.error} />}
            </dl>
          ) : (
            <p className="muted">No webhook was sent.</p>
          )}
          <p className="mt-2 muted">Follow-up tasks: {call.post_call.status}</p>
        </section>
      </div>
    </>
  );
}

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** The recording needs the Authorization header, so it is fetched and played from a blob URL. */
function Recording({ call }: { call: CallDetail }) {
  const [state, setState] = useState<{ url: string | null; error: string; loading: boolean }>({ url: null, error: "", loading: true });
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    fetchRecording(call).then(
      (u) => {
        url = u;
        if (cancelled) {
          if (u) URL.revokeObjectURL(u);
        } else setState({ url: u, error: "", loading: false });
      },
      (e: unknown) => {
        if (!cancelled) setState({ url: null, error: errorMessage(e), loading: false });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [call]);
  if (state.loading) return <Loading label="Loading the recording…" />;
  if (state.error) return <ErrorBox error={new Error(state.error)} />;
  if (!state.url) return <p className="muted">This call has no recording.</p>;
  return (
    <>
      <audio controls src={state.url} className="w-full" data-testid="recording" preload="metadata">
        Your browser cannot play the recording.
      </audio>
      <p className="muted">Stereo: the caller on the left, the agent on the right.</p>
    </>
  );
}
