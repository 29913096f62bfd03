"use client";
// Call logs: every call of the user, newest first, filtered by agent, status, direction and date.
// The filters live in the query string, so a filtered list can be bookmarked or shared.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { Pager } from "@/components/Pager";
import { Empty, Loaded, Loading } from "@/components/States";
import { listAgents, listCalls, type CallDirection, type CallFilter, type CallStatus } from "@/lib/api";
import { formatDate, formatDuration } from "@/lib/format";
import { useLoad } from "@/lib/hooks";

const PAGE = 20;
const STATUSES: CallStatus[] = ["queued", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"];
const DIRECTIONS: CallDirection[] = ["web", "inbound", "outbound"];

export default function CallsPage() {
  return (
    <AppShell>
      {() => (
        <Suspense fallback={<Loading />}>
          <Calls />
        </Suspense>
      )}
    </AppShell>
  );
}

/** A date input's yyyy-mm-dd as the start of that day in local time, as RFC 3339. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

function Calls() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const agentId = params.get("agent_id") ?? "";
  const status = (params.get("status") ?? "") as CallStatus | "";
  const direction = (params.get("direction") ?? "") as CallDirection | "";
  const fromDay = params.get("from") ?? "";
  const toDay = params.get("to") ?? "";
  const [offset, setOffset] = useState(0);

  const agents = useLoad(() => listAgents({ limit: 200 }), []);
  const filter: CallFilter = {
    agent_id: agentId || undefined,
    status,
    direction,
    from: dayStart(fromDay),
    to: dayStart(toDay, 1),
    limit: PAGE,
    offset,
  };
  const { value, reload } = useLoad(() => listCalls(filter), [agentId, status, direction, fromDay, toDay, offset]);

  function setParam(key: string, v: string) {
    const next = new URLSearchParams(params.toString());
    if (v) next.set(key, v);
    else next.delete(key);
    setOffset(0);
    const q = next.toString();
    router.replace(q ? `${pathname}?${q}` : pathname);
  }

  const agentName = (id: string) =>
    agents.value.state === "ready" ? (agents.value.data.items.find((a) => a.id === id)?.name ?? "deleted agent") : "";

  return (
    <>
      <PageHeader title="Calls">
        <button type="button" className="btn" onClick={reload}>
          Refresh
        </button>
      </PageHeader>
      <form className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <div>
          <label htmlFor="f-agent" className="label">
            Agent
          </label>
          <select id="f-agent" className="input" value={agentId} onChange={(e) => setParam("agent_id", e.target.value)}>
            <option value="">All agents</option>
            {agentId && !(agents.value.state === "ready" && agents.value.data.items.some((a) => a.id === agentId)) && (
              <option value={agentId}>{agents.value.state === "loading" ? "Loading agents…" : "an agent not in the list"}</option>
            )}
            {agents.value.state === "ready" &&
              agents.value.data.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
          {agents.value.state === "error" && (
            <p className="mt-1 text-xs text-red-700 dark:text-red-300" role="alert">
              The agents could not be loaded.{" "}
              <button type="button" className="underline" onClick={agents.reload}>
                Try again
              </button>
            </p>
          )}
        </div>
        <div>
          <label htmlFor="f-status" className="label">
            Status
          </label>
          <select id="f-status" className="input" value={status} onChange={(e) => setParam("status", e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-direction" className="label">
            Direction
          </label>
          <select id="f-direction" className="input" value={direction} onChange={(e) => setParam("direction", e.target.value)}>
            <option value="">Any direction</option>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from" className="label">
            From
          </label>
          <input id="f-from" type="date" className="input" value={fromDay} onChange={(e) => setParam("from", e.target.value)} />
        </div>
        <div>
          <label htmlFor="f-to" className="label">
            To
          </label>
          <input id="f-to" type="date" className="input" value={toDay} onChange={(e) => setParam("to", e.target.value)} />
        </div>
      </form>
      <Loaded
        value={value}
        reload={reload}
        label="Loading calls…"
        isEmpty={(d) => d.items.length === 0}
        empty={<Empty title="No calls match.">Talk to an agent in its playground, or change the filters.</Empty>}
      >
        {(data) => (
          <>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              <table className="w-full text-left text-sm" data-testid="call-table">
                <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
                  <tr>
                    <th className="px-3 py-2 font-medium">When</th>
                    <th className="px-3 py-2 font-medium">Agent</th>
                    <th className="px-3 py-2 font-medium">Direction</th>
                    <th className="px-3 py-2 font-medium">Status</th>
                    <th className="px-3 py-2 font-medium">Duration</th>
                    <th className="px-3 py-2 font-medium">Ended by</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((c) => (
                    <tr key={c.id} data-testid="call-row" data-call-id={c.id}>
                      <td className="px-3 py-2 whitespace-nowrap">
                        <Link href={`/calls/view/?id=${c.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                          {formatDate(c.created_at)}
                        </Link>
                      </td>
                      <td className="px-3 py-2">{agentName(c.agent_id)}</td>
                      <td className="px-3 py-2">
                        {c.direction}
                        {c.to ? ` · ${c.to}` : ""}
                      </td>
                      <td className="px-3 py-2">{c.status}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{formatDuration(c.duration_ms)}</td>
                      <td className="px-3 py-2">{c.hangup_reason || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} offset={offset} onOffset={setOffset} page={PAGE} />
          </>
        )}
      </Loaded>
    </>
  );
}
