"use client";
// /knowledge/view/?id=<knowledge base id>: one knowledge base: its documents (upload text,
// Markdown or PDF files; delete), and deleting the base.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useRef, useState } from "react";
import { AppShell, PageHeader } from "@/components/AppShell";
import { ConfirmDialog } from "@/components/Dialog";
import { Empty, ErrorBox, Loading } from "@/components/States";
import {
  deleteKnowledgeBase,
  deleteKnowledgeDocument,
  errorMessage,
  getKnowledgeBase,
  listKnowledgeDocuments,
  uploadKnowledgeDocument,
  type KnowledgeBase,
  type KnowledgeDocument,
} from "@/lib/api";
import { formatDate, searchMode } from "@/lib/format";
import { useConfirmedDelete, useLatest, useLoad } from "@/lib/hooks";

export default function Page() {
  return (
    <AppShell>
      {() => (
        <Suspense fallback={<Loading />}>
          <ViewBase />
        </Suspense>
      )}
    </AppShell>
  );
}

function ViewBase() {
  const id = useSearchParams().get("id") ?? "";
  const { value, reload } = useLoad(async () => {
    if (!id) throw new Error("No knowledge base was given: open one from the knowledge bases list.");
    const [base, documents] = await Promise.all([getKnowledgeBase(id), listKnowledgeDocuments(id)]);
    return { base, documents };
  }, [id]);
  if (value.state === "loading") return <Loading label="Loading the knowledge base…" />;
  if (value.state === "error")
    return (
      <>
        <PageHeader title="Knowledge base">
          <Link href="/knowledge/" className="btn">
            Back to knowledge bases
          </Link>
        </PageHeader>
        <ErrorBox error={value.error} onRetry={reload} />
      </>
    );
  return <BaseView base={value.data.base} documents={value.data.documents} onReload={reload} />;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface UploadOutcome {
  name: string;
  error?: string;
}

function BaseView({ base, documents, onReload }: { base: KnowledgeBase; documents: KnowledgeDocument[]; onReload: () => void }) {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const chosen = useLatest(files);
  // The files being uploaded; others may be chosen meanwhile, to upload next.
  const [uploading, setUploading] = useState<File[] | null>(null);
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);
  const [deletingBase, setDeletingBase] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const docDeletion = useConfirmedDelete(
    (d: KnowledgeDocument) => deleteKnowledgeDocument(base.id, d.id),
    () => {
      setOutcomes([]);
      onReload();
    },
    setActionError,
  );

  async function upload(e: React.FormEvent) {
    e.preventDefault();
    if (files.length === 0) return;
    const sent = files;
    setUploading(sent);
    setActionError(null);
    const results: UploadOutcome[] = [];
    // One at a time: each file is split (and embedded) by the server before the next.
    for (const f of sent) {
      try {
        await uploadKnowledgeDocument(base.id, f);
        results.push({ name: f.name });
      } catch (err) {
        results.push({ name: f.name, error: errorMessage(err) });
      }
    }
    setOutcomes(results);
    setUploading(null);
    // Files chosen while these uploaded stay chosen.
    if (chosen.current === sent) {
      setFiles([]);
      if (fileInput.current) fileInput.current.value = "";
    }
    onReload();
  }

  async function confirmDeleteBase() {
    setBusy(true);
    setActionError(null);
    try {
      await deleteKnowledgeBase(base.id);
      router.push("/knowledge/");
    } catch (e) {
      setActionError(e);
      setBusy(false);
      setDeletingBase(false);
    }
  }

  const failed = outcomes.filter((o) => o.error);
  const added = outcomes.length - failed.length;

  return (
    <>
      <PageHeader title={base.name}>
        <Link href="/knowledge/" className="btn">
          Back to knowledge bases
        </Link>
        <button type="button" className="btn btn-danger" onClick={() => setDeletingBase(true)}>
          Delete knowledge base
        </button>
      </PageHeader>
      <p className="-mt-2 mb-4 muted">
        Searched by {searchMode(base)} · created {formatDate(base.created_at)} · id <code className="break-all text-xs">{base.id}</code>
      </p>
      {actionError != null && (
        <div className="mb-4">
          <ErrorBox error={actionError} />
        </div>
      )}

      <section className="card mb-6 space-y-3" aria-labelledby="upload-h">
        <h2 id="upload-h" className="font-semibold">
          Upload documents
        </h2>
        <form onSubmit={upload} className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1">
            <label htmlFor="kb-files" className="label">
              Files (text, Markdown or PDF; UTF-8 text)
            </label>
            <input
              id="kb-files"
              ref={fileInput}
              type="file"
              multiple
              accept=".txt,.text,.md,.markdown,.pdf,text/plain,text/markdown,application/pdf"
              className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={uploading !== null || files.length === 0}>
            {uploading ? "Uploading…" : files.length > 1 ? `Upload ${files.length} files` : "Upload"}
          </button>
        </form>
        <div role="status" aria-live="polite" data-testid="upload-status">
          {uploading && <p className="muted">Uploading and indexing {uploading.length === 1 ? uploading[0]?.name : `${uploading.length} files`}…</p>}
          {!uploading && added > 0 && (
            <p className="text-sm text-green-700 dark:text-green-300">
              Added {added} document{added === 1 ? "" : "s"}.
            </p>
          )}
        </div>
        {failed.length > 0 && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" data-testid="upload-errors">
            <p className="font-medium">Not added:</p>
            <ul className="mt-1 list-disc pl-5">
              {failed.map((o, i) => (
                <li key={i} className="break-words">
                  {o.name}: {o.error}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="docs-h">
        <h2 id="docs-h" className="mb-2 font-semibold">
          Documents ({documents.length})
        </h2>
        {documents.length === 0 ? (
          <Empty title="No documents yet.">Upload the files your agent should answer from.</Empty>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="doc-list">
            {documents.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-3 p-3" data-testid="doc-row">
                <div className="min-w-0 flex-1">
                  <p className="break-all font-medium">{d.filename}</p>
                  <p className="muted">
                    {formatSize(d.size_bytes)} · {d.characters.toLocaleString()} characters · {d.chunk_count} passage{d.chunk_count === 1 ? "" : "s"} · added {formatDate(d.created_at)}
                  </p>
                </div>
                <button type="button" className="btn btn-danger" onClick={() => docDeletion.ask(d)} aria-label={`Delete document ${d.filename}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={docDeletion.target !== null}
        title="Delete document"
        message={<>Delete “{docDeletion.target?.filename}”? Agents stop finding its passages from the next search.</>}
        confirmLabel="Delete"
        busy={docDeletion.busy}
        onConfirm={docDeletion.confirm}
        onClose={docDeletion.cancel}
      />
      <ConfirmDialog
        open={deletingBase}
        title="Delete knowledge base"
        message={<>Delete “{base.name}” and its {documents.length} documents? Agents that answer from it can no longer take calls until they name another.</>}
        confirmLabel="Delete"
        busy={busy}
        onConfirm={confirmDeleteBase}
        onClose={() => setDeletingBase(false)}
      />
    </>
  );
}
