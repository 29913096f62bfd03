"use client";
// Provider keys: the user's stored vendor credentials, shown masked; add and delete.
import { useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { ConfirmDialog, Dialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { Empty, ErrorBox, Loaded } from "@/components/States";
import { ApiError, createProviderKey, deleteProviderKey, listProviderKeys, listProviders, type Provider, type ProviderKey } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { useConfirmedDelete, useLoad, useSubmit } from "@/lib/hooks";

export default function KeysPage() {
  return <AppShell>{() => <Keys />}</AppShell>;
}

function Keys() {
  const { value, reload } = useLoad(async () => {
    const [keys, providers] = await Promise.all([listProviderKeys(), listProviders()]);
    return { keys, providers };
  }, []);
  const [adding, setAdding] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const deletion = useConfirmedDelete((k: ProviderKey) => deleteProviderKey(k.id), reload, setActionError);

  const providerName = (name: string) =>
    value.state === "ready" ? (value.data.providers.find((p) => p.name === name)?.display_name ?? name) : name;

  return (
    <>
      <PageHeader title="Provider keys">
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} disabled={value.state !== "ready"}>
          Add key
        </button>
      </PageHeader>
      <p className="mb-4 muted">Keys for speech and LLM vendors and phone carriers. They are encrypted on the server and only ever shown masked.</p>
      {actionError != null && (
        <div className="mb-4">
          <ErrorBox error={actionError} />
        </div>
      )}
      <Loaded
        value={value}
        reload={reload}
        label="Loading keys…"
        isEmpty={(d) => d.keys.length === 0}
        empty={<Empty title="No provider keys yet.">Local providers (pocketsphinx, flite, scripted) need none.</Empty>}
      >
        {(data) => (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="key-list">
            {data.keys.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3 p-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {k.name} <span className="muted">· {providerName(k.provider)}</span>
                  </p>
                  <p className="truncate font-mono text-xs text-slate-500">
                    {Object.entries(k.credentials)
                      .map(([f, v]) => `${f}: ${v}`)
                      .join("  ")}
                  </p>
                  <p className="muted">added {formatDate(k.created_at)}</p>
                </div>
                <button type="button" className="btn btn-danger" onClick={() => deletion.ask(k)} aria-label={`Delete key ${k.name}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {value.state === "ready" && (
        <AddKeyDialog
          open={adding}
          providers={value.data.providers.filter((p) => p.credentials.length > 0)}
          onClose={() => setAdding(false)}
          onAdded={(done) => {
            if (done) setAdding(false);
            reload();
          }}
        />
      )}
      <ConfirmDialog
        open={deletion.target !== null}
        title="Delete key"
        message={<>Delete the key “{deletion.target?.name}”? Agents that use this provider stop working until a new key is added.</>}
        confirmLabel="Delete"
        busy={deletion.busy}
        onConfirm={deletion.confirm}
        onClose={deletion.cancel}
      />
    </>
  );
}

/**
 * `onAdded(done)` after each key added: done when the form still held what was sent (it is then
 * emptied); otherwise it keeps the changes typed meanwhile, which are not in the key.
 */
function AddKeyDialog({ open, providers, onClose, onAdded }: { open: boolean; providers: Provider[]; onClose: () => void; onAdded: (done: boolean) => void }) {
  const [provider, setProvider] = useState(providers[0]?.name ?? "");
  const [name, setName] = useState("");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  // A key added while the form was being changed: the changes are not in it.
  const [addedBefore, setAddedBefore] = useState<ProviderKey | null>(null);
  const { busy, error, submit } = useSubmit({ provider, name, credentials });
  const chosen = providers.find((p) => p.name === provider);
  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldErrors.find((f) => f.path === path)?.message : undefined);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setAddedBefore(null);
    const sent = await submit((v) => {
      const creds = Object.fromEntries(Object.entries(v.credentials).filter(([, c]) => c !== ""));
      return createProviderKey({ provider: v.provider, name: v.name || null, credentials: creds });
    });
    if (!sent) return;
    if (sent.unchanged) {
      setCredentials({});
      setName("");
    } else {
      setAddedBefore(sent.result);
    }
    onAdded(sent.unchanged);
  }

  function close() {
    setAddedBefore(null);
    onClose();
  }

  return (
    <Dialog open={open} title="Add a provider key" onClose={close}>
      <form onSubmit={save} className="space-y-4">
        <Field label="Provider" error={fieldError("$.provider")}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={provider}
              onChange={(e) => {
                setProvider(e.target.value);
                setCredentials({});
              }}
            >
              {providers.map((pr) => (
                <option key={pr.name} value={pr.name}>
                  {pr.display_name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Label (optional)" error={fieldError("$.name")}>
          {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {chosen?.credentials.map((c) => (
          <Field key={c.name} label={`${c.label}${c.required ? "" : " (optional)"}`} error={fieldError(`$.credentials.${c.name}`)}>
            {(p) => (
              <input
                {...p}
                className="input font-mono"
                type={c.secret ? "password" : "text"}
                autoComplete="off"
                value={credentials[c.name] ?? ""}
                onChange={(e) => setCredentials({ ...credentials, [c.name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        {error != null && !(error instanceof ApiError && error.fieldErrors.length > 0) && <ErrorBox error={error} />}
        {addedBefore && (
          <p role="status" className="text-sm text-amber-800 dark:text-amber-200" data-testid="unsaved-since">
            The key “{addedBefore.name}” was added as it was when you saved it. Your changes since are not saved: Save key adds another key with them.
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !provider}>
            {busy ? "Saving…" : "Save key"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
