"use client";
// The user's agents: search, create from a template, duplicate, delete, open in the editor.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { ConfirmDialog, Dialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { Pager } from "@/components/Pager";
import { PlaceCallDialog } from "@/components/PlaceCallDialog";
import { Empty, ErrorBox, Loaded } from "@/components/States";
import {
  ApiError,
  createAgent,
  deleteAgent,
  duplicateAgent,
  listAgents,
  type AgentSummary,
} from "@/lib/api";
import { formatDate } from "@/lib/format";
import { useConfirmedDelete, useLoad } from "@/lib/hooks";
import { TEMPLATES } from "@/lib/templates";

const PAGE = 20;

export default function AgentsPage() {
  return <AppShell>{() => <Agents />}</AppShell>;
}

function Agents() {
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const { value, reload } = useLoad(() => listAgents({ q, limit: PAGE, offset }), [q, offset]);
  const [creating, setCreating] = useState(false);
  const [calling, setCalling] = useState<AgentSummary | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const deletion = useConfirmedDelete((a: AgentSummary) => deleteAgent(a.id), reload, setActionError);

  // Search as the user types, once they pause.
  useEffect(() => {
    const t = window.setTimeout(() => {
      setQ(search.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(t);
  }, [search]);

  async function duplicate(agent: AgentSummary) {
    setActionError(null);
    try {
      await duplicateAgent(agent.id);
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  return (
    <>
      <PageHeader title="Agents">
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New agent
        </button>
      </PageHeader>
      <div className="mb-4">
        <label htmlFor="agent-search" className="sr-only">
          Search agents
        </label>
        <input
          id="agent-search"
          type="search"
          className="input max-w-md"
          placeholder="Search agents by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {actionError != null && (
        <div className="mb-4">
          <ErrorBox error={actionError} />
        </div>
      )}
      <Loaded
        value={value}
        reload={reload}
        label="Loading agents…"
        isEmpty={(d) => d.items.length === 0}
        empty={
          <Empty title={q ? `No agent matches “${q}”.` : "No agents yet."}>
            {!q && "Create one with “New agent”."}
          </Empty>
        }
      >
        {(data) => (
          <>
            <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="agent-list">
              {data.items.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-3 p-3" data-testid="agent-row">
                  <div className="min-w-0 flex-1">
                    <Link href={`/agents/edit/?id=${a.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                      {a.name}
                    </Link>
                    <p className="muted">
                      {a.agent_type} · updated {formatDate(a.updated_at)}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <Link href={`/calls/?agent_id=${a.id}`} className="btn">
                      Calls
                    </Link>
                    <button type="button" className="btn" onClick={() => setCalling(a)} aria-label={`Phone call with ${a.name}`}>
                      Phone call
                    </button>
                    <button type="button" className="btn" onClick={() => duplicate(a)} aria-label={`Duplicate ${a.name}`}>
                      Duplicate
                    </button>
                    <button type="button" className="btn btn-danger" onClick={() => deletion.ask(a)} aria-label={`Delete ${a.name}`}>
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
            <Pager total={data.total} offset={offset} onOffset={setOffset} />
          </>
        )}
      </Loaded>
      <CreateAgentDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => router.push(`/agents/edit/?id=${id}`)}
      />
      <PlaceCallDialog agent={calling} onClose={() => setCalling(null)} />
      <ConfirmDialog
        open={deletion.target !== null}
        title="Delete agent"
        message={
          <>
            Delete <strong>{deletion.target?.name}</strong>? Its calls stay in the call logs.
          </>
        }
        confirmLabel="Delete"
        busy={deletion.busy}
        onConfirm={deletion.confirm}
        onClose={deletion.cancel}
      />
    </>
  );
}

function CreateAgentDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState("");
  const [template, setTemplate] = useState(TEMPLATES[0]!.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const t = TEMPLATES.find((x) => x.id === template) ?? TEMPLATES[0]!;
    setBusy(true);
    setError(null);
    try {
      const agent = await createAgent(t.build(name.trim()));
      onCreated(agent.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const nameError =
    error instanceof ApiError ? error.fieldErrors.find((f) => f.path === "$.agent_config.agent_name")?.message : undefined;

  return (
    <Dialog open={open} title="New agent" onClose={onClose}>
      <form onSubmit={submit} className="space-y-4">
        <Field label="Name" error={nameError}>
          {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus required />}
        </Field>
        <fieldset>
          <legend className="label">Start from</legend>
          <div className="space-y-2">
            {TEMPLATES.map((t) => (
              <label key={t.id} className="flex cursor-pointer gap-2 rounded-md border border-slate-200 p-2 dark:border-slate-700">
                <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} />
                <span>
                  <span className="block text-sm font-medium">{t.label}</span>
                  <span className="block text-xs text-slate-500 dark:text-slate-400">{t.description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {error != null && !nameError && <ErrorBox error={error} />}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
