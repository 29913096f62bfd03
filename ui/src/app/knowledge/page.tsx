"use client";
// Knowledge bases: the user's collections of documents that knowledge-base agents answer from;
// create (keyword search, or with an embeddings model also by meaning) and delete.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { ConfirmDialog, Dialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { Pager } from "@/components/Pager";
import { Empty, ErrorBox, Loaded } from "@/components/States";
import { ApiError, createKnowledgeBase, deleteKnowledgeBase, listKnowledgeBases, type KnowledgeBase } from "@/lib/api";
import { formatDate, searchMode } from "@/lib/format";
import { useConfirmedDelete, useLoad, useSubmit } from "@/lib/hooks";

const PAGE = 50;
const viewHref = (b: KnowledgeBase) => `/knowledge/view/?id=${encodeURIComponent(b.id)}`;

export default function KnowledgePage() {
  return <AppShell>{() => <KnowledgeBases />}</AppShell>;
}

function KnowledgeBases() {
  const router = useRouter();
  const [offset, setOffset] = useState(0);
  const { value, reload } = useLoad(() => listKnowledgeBases({ limit: PAGE, offset }), [offset]);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const deletion = useConfirmedDelete((b: KnowledgeBase) => deleteKnowledgeBase(b.id), reload, setActionError);

  return (
    <>
      <PageHeader title="Knowledge bases">
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New knowledge base
        </button>
      </PageHeader>
      <p className="mb-4 muted">
        Documents (text, Markdown, PDF) a knowledge-base agent searches on every turn. Choose the bases an agent answers from in its editor.
      </p>
      {actionError != null && (
        <div className="mb-4">
          <ErrorBox error={actionError} />
        </div>
      )}
      <Loaded
        value={value}
        reload={reload}
        label="Loading knowledge bases…"
        isEmpty={(d) => d.items.length === 0}
        empty={<Empty title="No knowledge bases yet.">Create one, then upload the documents your agent should answer from.</Empty>}
      >
        {(data) => (
          <>
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="kb-list">
              {data.items.map((b) => (
                <li key={b.id} className="flex flex-wrap items-center gap-3 p-3" data-testid="kb-row">
                  <div className="min-w-0 flex-1">
                    <Link href={viewHref(b)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                      {b.name}
                    </Link>
                    <p className="muted">
                      {b.document_count} document{b.document_count === 1 ? "" : "s"} · searched by {searchMode(b)} · created {formatDate(b.created_at)}
                    </p>
                  </div>
                  <button type="button" className="btn btn-danger" onClick={() => deletion.ask(b)} aria-label={`Delete knowledge base ${b.name}`}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
            <Pager total={data.total} page={PAGE} offset={offset} onOffset={setOffset} />
          </>
        )}
      </Loaded>
      <CreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(b) => {
          setCreating(false);
          router.push(viewHref(b));
        }}
        onCreatedBefore={reload}
      />
      <ConfirmDialog
        open={deletion.target !== null}
        title="Delete knowledge base"
        message={<>Delete “{deletion.target?.name}” and its {deletion.target?.document_count ?? 0} documents? Agents that answer from it can no longer take calls until they name another.</>}
        confirmLabel="Delete"
        busy={deletion.busy}
        onConfirm={deletion.confirm}
        onClose={deletion.cancel}
      />
    </>
  );
}

/**
 * `onCreated` when the form still held what was sent (it is then emptied); `onCreatedBefore`
 * when it was changed meanwhile: the base is created without the changes, which stay in the form.
 */
function CreateDialog({
  open,
  onClose,
  onCreated,
  onCreatedBefore,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (b: KnowledgeBase) => void;
  onCreatedBefore: (b: KnowledgeBase) => void;
}) {
  const [name, setName] = useState("");
  const [semantic, setSemantic] = useState(false);
  const [provider, setProvider] = useState("openai");
  const [model, setModel] = useState("text-embedding-3-small");
  const [baseUrl, setBaseUrl] = useState("");
  const [createdBefore, setCreatedBefore] = useState<KnowledgeBase | null>(null);
  const { busy, error, submit } = useSubmit({ name, semantic, provider, model, baseUrl });
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  const fieldError = (path: string) =>
    fields
      .filter((f) => f.path === path)
      .map((f) => f.message)
      .join("; ") || undefined;
  const shown = ["$.name", "$.embedding.provider", "$.embedding.model", "$.embedding.base_url"];
  const embeddingError = fields
    .filter((f) => f.path.startsWith("$.embedding") && !shown.includes(f.path))
    .map((f) => f.message)
    .join("; ");

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setCreatedBefore(null);
    const sent = await submit((v) => {
      const embedding = v.semantic ? { provider: v.provider.trim(), model: v.model.trim(), ...(v.baseUrl.trim() ? { base_url: v.baseUrl.trim() } : {}) } : null;
      return createKnowledgeBase({ name: v.name.trim(), embedding });
    });
    if (!sent) return;
    if (sent.unchanged) {
      setName("");
      onCreated(sent.result);
    } else {
      setCreatedBefore(sent.result);
      onCreatedBefore(sent.result);
    }
  }

  function close() {
    setCreatedBefore(null);
    onClose();
  }

  return (
    <Dialog open={open} title="New knowledge base" onClose={close}>
      <form onSubmit={create} className="space-y-4">
        <Field label="Name" error={fieldError("$.name")}>
          {(p) => <input {...p} name="kb_name" className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}
        </Field>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={semantic} onChange={(e) => setSemantic(e.target.checked)} />
          <span>
            Also search by meaning, with an embeddings model
            <span className="block muted">Uses your stored key for the provider at every upload and call. Without it, passages are found by their keywords (no key needed). Fixed once created.</span>
          </span>
        </label>
        {semantic && (
          <div className="space-y-4 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
            <Field label="Embeddings provider" hint="openai, azure-openai, or an OpenAI-compatible server (ollama, vllm, custom, …)." error={fieldError("$.embedding.provider")}>
              {(p) => <input {...p} className="input" value={provider} onChange={(e) => setProvider(e.target.value)} />}
            </Field>
            <Field label="Embeddings model" error={fieldError("$.embedding.model")}>
              {(p) => <input {...p} className="input" value={model} onChange={(e) => setModel(e.target.value)} />}
            </Field>
            <Field label="API base URL (optional)" hint="Used when the stored key carries none." error={fieldError("$.embedding.base_url")}>
              {(p) => <input {...p} className="input" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="http://localhost:11434/v1" />}
            </Field>
            {embeddingError && (
              <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
                {embeddingError}
              </p>
            )}
          </div>
        )}
        {error != null && fields.length === 0 && <ErrorBox error={error} />}
        {createdBefore && (
          <p role="status" className="text-sm text-amber-800 dark:text-amber-200" data-testid="unsaved-since">
            “{createdBefore.name}” was created as it was when you pressed Create; your changes since are not in it.{" "}
            <Link href={viewHref(createdBefore)} className="underline">
              Open it
            </Link>
            , or create another with them.
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {busy ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
