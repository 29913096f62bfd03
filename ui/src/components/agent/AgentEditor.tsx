"use client";
// The agent editor: a form and a JSON view of one document, kept in sync, saved with PUT;
// the server's validation errors are shown at the field that edits the failing part.
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/AppShell";
import { PlaceCallDialog } from "@/components/PlaceCallDialog";
import { ErrorBox } from "@/components/States";
import { ApiError, updateAgent, type Agent, type AgentDocument, type FieldError, type Provider } from "@/lib/api";
import { documentOf, errorsAt, formFieldPaths, parseDocument } from "@/lib/agentDoc";
import { dropDraft, readDraft, writeDraft, type Draft } from "@/lib/drafts";
import { formatDate } from "@/lib/format";
import { useSaveChain } from "@/lib/hooks";
import { AgentForm } from "./AgentForm";
import { Playground } from "./Playground";
import type { EditorErrors } from "./ProviderPicker";
import { followUpFieldPaths } from "@/lib/followUps";
import { graphFieldPaths } from "@/lib/graph";
import { ragFieldPaths } from "@/lib/knowledge";
import { toolFieldPaths } from "@/lib/tools";
import { CALL_LENGTH, TURN_TAKING } from "./TurnTaking";

const SETTING_PATHS = [...TURN_TAKING, ...CALL_LENGTH].map((s) => s.path);

type Tab = "form" | "json";

export function AgentEditor({ agent, providers, userId }: { agent: Agent; providers: Provider[]; userId: string }) {
  const [saved, setSaved] = useState<Agent>(agent);
  // Unsaved work kept in this browser from an earlier visit (a lapsed session, a closed tab).
  const [offer, setOffer] = useState<Draft | null>(() => {
    const d = readDraft(userId, agent.id);
    return d && d.text !== JSON.stringify(documentOf(agent), null, 2) ? d : null;
  });
  const [doc, setDoc] = useState<AgentDocument>(() => documentOf(agent));
  const [jsonText, setJsonText] = useState(() => JSON.stringify(documentOf(agent), null, 2));
  const [jsonError, setJsonError] = useState("");
  const [tab, setTab] = useState<Tab>("form");
  const [dirty, setDirty] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [savedNote, setSavedNote] = useState(false);
  const [calling, setCalling] = useState(false);

  // The JSON view's text as it is now, for a save that returns: the text holds the whole edit
  // (the document is parsed from it, or written into it by the form), even one that does not parse.
  const latestText = useRef(jsonText);
  const showText = useCallback((text: string) => {
    latestText.current = text;
    setJsonText(text);
  }, []);

  // The form changed the document: the JSON view follows.
  const changeDoc = useCallback((next: AgentDocument) => {
    setDoc(next);
    showText(JSON.stringify(next, null, 2));
    setJsonError("");
    setDirty(true);
    setSavedNote(false);
  }, [showText]);

  // The JSON view changed: the form follows whenever the text parses into a document.
  function changeJson(text: string) {
    showText(text);
    setDirty(true);
    setSavedNote(false);
    const parsed = parseDocument(text);
    if ("doc" in parsed) setDoc(parsed.doc);
    setJsonError("error" in parsed ? parsed.error : "");
  }

  // Every unsaved change is kept in this browser until it is saved or discarded.
  useEffect(() => {
    if (dirty) writeDraft(userId, saved.id, { text: jsonText, base: saved.updated_at });
  }, [dirty, jsonText, userId, saved.id, saved.updated_at]);

  // One PUT of the document the JSON view holds now. `lastSent`: the text of the last PUT, stored
  // or not, to tell whether a save asked for while it was out has anything more to send.
  const lastSent = useRef<string | null>(null);
  const send = useCallback(async (): Promise<boolean> => {
    const sentText = latestText.current;
    const parsed = parseDocument(sentText);
    if ("error" in parsed) {
      setTab("json");
      return false;
    }
    lastSent.current = sentText;
    setSaveError(null);
    try {
      const updated = await updateAgent(saved.id, parsed.doc);
      setSaved(updated);
      setFieldErrors([]);
      // Edits made while the request was out are not in it: they stay unsaved, and their draft
      // is kept (rewritten against the version just stored).
      if (latestText.current === sentText) {
        dropDraft(userId, updated.id);
        setDirty(false);
        setSavedNote(true);
      }
      return true;
    } catch (e) {
      setSaveError(e);
      setFieldErrors(e instanceof ApiError ? e.fieldErrors : []);
      return false;
    }
  }, [saved.id, userId]);
  // Saves go one at a time: Ctrl+S, Save or the playground while a PUT is out make one more PUT
  // of the text as it is when that one returns (none if it is what was sent), which answers them.
  const { busy: saving, save } = useSaveChain(send, () => latestText.current !== lastSent.current);

  // Ctrl/Cmd+S saves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  // Each error is shown at the deepest field or section of the form that holds its path.
  const fieldPaths = formFieldPaths(doc, providers, [...SETTING_PATHS, ...toolFieldPaths(doc), ...graphFieldPaths(doc), ...ragFieldPaths(doc), ...followUpFieldPaths(doc)]);
  const errors: EditorErrors = {
    at: (p) => {
      const messages = errorsAt(fieldErrors, p, fieldPaths);
      return messages.length ? messages.join("; ") : undefined;
    },
  };

  return (
    <>
      <PageHeader title={saved.name || "Agent"}>
        <Link href="/agents/" className="btn">
          Back to agents
        </Link>
        <button type="button" className="btn" onClick={() => setCalling(true)}>
          Phone call
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving} data-testid="save-agent">
          {saving ? "Saving…" : "Save"}
        </button>
      </PageHeader>
      <p className="-mt-3 mb-4 muted" role="status" data-testid="save-status">
        {dirty ? "Unsaved changes (Ctrl+S saves)" : savedNote ? "Saved." : `Last saved ${formatDate(saved.updated_at)}`}
      </p>
      {offer && (
        <div
          role="region"
          aria-label="Unsaved changes"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="draft-offer"
        >
          <p>
            Unsaved changes to this agent from {formatDate(new Date(offer.at).toISOString())} were kept in this browser
            {offer.base !== saved.updated_at ? "; the agent has been saved elsewhere since, and saving them replaces that version" : ""}.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                changeJson(offer.text);
                setOffer(null);
              }}
            >
              Restore them
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                if (!dirty) dropDraft(userId, saved.id);
                setOffer(null);
              }}
            >
              Discard them
            </button>
          </div>
        </div>
      )}
      {saveError != null && (
        <div className="mb-4" data-testid="save-errors">
          {fieldErrors.length > 0 ? (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">The agent was not saved: {fieldErrors.length} problem{fieldErrors.length > 1 ? "s" : ""}.</p>
              <ul className="mt-1 list-disc pl-5">
                {fieldErrors.map((f, i) => (
                  <li key={i}>
                    <code className="text-xs">{f.path}</code>: {f.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <ErrorBox error={saveError} />
          )}
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <div role="tablist" aria-label="Editor view" className="mb-3 inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
            {(["form", "json"] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
                onKeyDown={(e) => {
                  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                    const other = t === "form" ? "json" : "form";
                    setTab(other);
                    document.getElementById(`tab-${other}`)?.focus();
                  }
                }}
                className={`rounded px-3 py-1 text-sm ${tab === t ? "bg-indigo-600 text-white" : ""}`}
              >
                {t === "form" ? "Form" : "JSON"}
              </button>
            ))}
          </div>
          <div id="panel-form" role="tabpanel" aria-labelledby="tab-form" hidden={tab !== "form"}>
            {jsonError ? (
              <p className="card text-sm text-amber-700 dark:text-amber-300">The JSON view has an error; fix it there to edit with the form again.</p>
            ) : (
              <AgentForm
                doc={doc}
                providers={providers}
                onChange={changeDoc}
                errors={errors}
                onOpenJson={() => {
                  setTab("json");
                  window.setTimeout(() => document.getElementById("agent-json")?.focus(), 0);
                }}
              />
            )}
          </div>
          <div id="panel-json" role="tabpanel" aria-labelledby="tab-json" hidden={tab !== "json"}>
            <label htmlFor="agent-json" className="label">
              Agent JSON (Bolna format)
            </label>
            <textarea
              id="agent-json"
              className="input h-[36rem] font-mono text-xs"
              spellCheck={false}
              value={jsonText}
              onChange={(e) => changeJson(e.target.value)}
              aria-invalid={jsonError !== ""}
              aria-describedby={jsonError ? "agent-json-error" : undefined}
              data-testid="agent-json"
            />
            {jsonError && (
              <p id="agent-json-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
                {jsonError}
              </p>
            )}
          </div>
        </div>
        <div className="lg:col-span-2">
          <Playground agentId={saved.id} beforeStart={async () => (dirty ? save() : true)} />
        </div>
      </div>
      <PlaceCallDialog agent={calling ? { id: saved.id, name: saved.name } : null} onClose={() => setCalling(false)} />
    </>
  );
}
