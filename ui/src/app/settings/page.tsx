"use client";
// Settings: the account's password, API keys for scripts, and the theme.
import { useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { ConfirmDialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { Empty, ErrorBox, Loaded } from "@/components/States";
import { ThemeToggle } from "@/components/ThemeToggle";
import { ApiError, changePassword, createApiKey, deleteApiKey, listApiKeys, type ApiKey, type ApiKeyCreated } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { useConfirmedDelete, useLoad, useSubmit } from "@/lib/hooks";

export default function SettingsPage() {
  return (
    <AppShell>
      {(session) => (
        <>
          <PageHeader title="Settings" />
          <div className="grid gap-6 lg:grid-cols-2">
            <section className="card space-y-3" aria-labelledby="acct-h">
              <h2 id="acct-h" className="font-semibold">
                Account
              </h2>
              <p className="text-sm">
                {session.user.name ? `${session.user.name} · ` : ""}
                {session.user.email}
              </p>
              <div className="flex items-center gap-2 text-sm">
                Theme: <ThemeToggle />
              </div>
              <PasswordForm />
            </section>
            <ApiKeys />
          </div>
        </>
      )}
    </AppShell>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  // "edited": changed to what was sent, while the fields were being edited (they keep the edits).
  const [done, setDone] = useState<"" | "changed" | "edited">("");
  const { busy, error, submit } = useSubmit({ current, next });
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldErrors.find((e) => e.path === `$.${f}`)?.message : undefined);

  async function change(e: React.FormEvent) {
    e.preventDefault();
    setDone("");
    const sent = await submit((v) => changePassword(v.current, v.next));
    if (!sent) return;
    if (sent.unchanged) {
      setCurrent("");
      setNext("");
    }
    setDone(sent.unchanged ? "changed" : "edited");
  }

  return (
    <form onSubmit={change} className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800" aria-labelledby="pw-h">
      <h3 id="pw-h" className="text-sm font-medium">
        Change password
      </h3>
      <Field label="Current password" error={fieldError("current_password")}>
        {(p) => <input {...p} type="password" autoComplete="current-password" className="input" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label="New password" hint="At least 8 characters. Other sessions are signed out." error={fieldError("new_password")}>
        {(p) => <input {...p} type="password" autoComplete="new-password" className="input" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      {error != null && !(error instanceof ApiError && error.fieldErrors.length > 0) && <ErrorBox error={error} />}
      {done === "changed" && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300" data-testid="password-changed">
          Password changed.
        </p>
      )}
      {done === "edited" && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200" data-testid="password-changed">
          Password changed to the new password as it was sent. The fields were edited while it was being changed; those edits were not used.
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

function ApiKeys() {
  const { value, reload } = useLoad(listApiKeys, []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const { busy, error, submit } = useSubmit({ name });
  const [actionError, setActionError] = useState<unknown>(null);
  const deletion = useConfirmedDelete((k: ApiKey) => deleteApiKey(k.id), reload, setActionError);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setActionError(null);
    const sent = await submit((v) => createApiKey(v.name.trim()));
    if (!sent) return;
    setCreated(sent.result);
    // A label typed while the key was being created is not this key's: it stays.
    if (sent.unchanged) setName("");
    reload();
  }

  const nameError = error instanceof ApiError ? error.fieldErrors.find((f) => f.path === "$.name")?.message : undefined;

  return (
    <section className="card space-y-3" aria-labelledby="apikeys-h">
      <h2 id="apikeys-h" className="font-semibold">
        API keys
      </h2>
      <p className="muted">For scripts: send one as Authorization: Bearer ovos_sk_… wherever an access token works.</p>
      <form onSubmit={create} className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="New key's label" error={nameError}>
            {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create"}
        </button>
      </form>
      {created && (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950">
          <p className="font-medium">Copy the key now; it is not shown again.</p>
          <code className="mt-1 block break-all font-mono text-xs" data-testid="new-api-key">
            {created.key}
          </code>
        </div>
      )}
      {error != null && !nameError && <ErrorBox error={error} />}
      {actionError != null && <ErrorBox error={actionError} />}
      <Loaded value={value} reload={reload} isEmpty={(d) => d.length === 0} empty={<Empty title="No API keys." />}>
        {(data) => (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {data.map((k) => (
              <li key={k.id} className="flex items-center gap-3 py-2">
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium">{k.name}</p>
                  <p className="font-mono text-xs text-slate-500">
                    {k.key_preview} · last used {k.last_used_at ? formatDate(k.last_used_at) : "never"}
                  </p>
                </div>
                <button type="button" className="btn btn-danger" onClick={() => deletion.ask(k)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <ConfirmDialog
        open={deletion.target !== null}
        title="Revoke API key"
        message={<>Revoke “{deletion.target?.name}”? Scripts using it stop working at once.</>}
        confirmLabel="Revoke"
        busy={deletion.busy}
        onConfirm={deletion.confirm}
        onClose={deletion.cancel}
      />
    </section>
  );
}
