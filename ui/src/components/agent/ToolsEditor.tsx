"use client";
// The LLM's tools (Bolna's api_tools): add, edit and remove each function the agent may call,
// its arguments, and how it runs (the HTTP request, or a transfer to a person); for a graph
// agent, the nodes it is offered at. The server's errors show at the field they name.
import { useState } from "react";
import { Field } from "@/components/Field";
import { getAt, jsonPath, type Path } from "@/lib/agentDoc";
import type { AgentDocument, JsonObject, JsonValue } from "@/lib/api";
import { isGraphAgent, readNodes } from "@/lib/graph";
import {
  addParam,
  addTool,
  API_TOOLS,
  PARAM_TYPES,
  readTools,
  removeParam,
  removeTool,
  renameTool,
  setParam,
  setRunField,
  setToolField,
  toolsAreText,
  type ParamType,
  type ToolView,
} from "@/lib/tools";
import { focusLastRow } from "./focusAdded";
import type { EditorErrors } from "./ProviderPicker";

const RUNS: Path = [...API_TOOLS, "tools_params"];
const METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"];

function ErrorLine({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
      {message}
    </p>
  );
}

export function ToolsEditor({
  doc,
  onChange,
  errors,
  onOpenJson,
}: {
  doc: AgentDocument;
  onChange: (d: AgentDocument) => void;
  errors: EditorErrors;
  onOpenJson: () => void;
}) {
  const tools = readTools(doc);
  return (
    <div className="space-y-3" data-testid="tools-editor">
      <h3 className="text-sm font-medium">Tools the LLM may call</h3>
      {tools === null ? (
        <p className="text-sm text-amber-700 dark:text-amber-300">
          The tools are JSON text that is not a list of functions.{" "}
          <button type="button" className="underline" onClick={onOpenJson}>
            Fix it in the JSON view
          </button>
          .
        </p>
      ) : tools.length === 0 ? (
        <p className="muted">None besides ending the call.</p>
      ) : (
        <>
          {toolsAreText(doc) && <p className="muted">The tools are stored as JSON text; a change here stores them as a list.</p>}
          {tools.map((t) => (
            <ToolCard key={t.index} tool={t} doc={doc} onChange={onChange} errors={errors} />
          ))}
        </>
      )}
      <ErrorLine message={errors.at(jsonPath(API_TOOLS)) ?? errors.at(jsonPath([...API_TOOLS, "tools"])) ?? errors.at(jsonPath(RUNS))} />
      {tools !== null && (
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn" onClick={(e) => {
              onChange(addTool(doc));
              focusLastRow(e.currentTarget.closest("[data-testid=tools-editor]"), "[data-testid=tool]", "input[name=tool_name]");
            }}
          >
            Add tool
          </button>
          <button type="button" className="btn" onClick={(e) => {
              onChange(addTool(doc, "transfer"));
              focusLastRow(e.currentTarget.closest("[data-testid=tools-editor]"), "[data-testid=tool]", "input[name=tool_name]");
            }}
          >
            Add transfer to a person
          </button>
        </div>
      )}
    </div>
  );
}

function ToolCard({ tool, doc, onChange, errors }: { tool: ToolView; doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const i = tool.index;
  const run: Path = [...RUNS, tool.name];
  const label = tool.name || `tool ${i + 1}`;
  const runValue = (key: string) => getAt(doc, [...run, key]);
  const setRun = (key: string, v: JsonValue | undefined) => onChange(setRunField(doc, i, key, v));
  const text = (v: JsonValue | undefined) => (typeof v === "string" ? v : "");
  return (
    <section className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-label={`Tool ${label}`} data-testid="tool">
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-sm font-medium">{label}</span>
        <button type="button" className="btn btn-danger" onClick={() => onChange(removeTool(doc, i))} aria-label={`Remove the tool ${label}`}>
          Remove
        </button>
      </div>
      <ErrorLine message={errors.at(jsonPath([...API_TOOLS, "tools", i]))} />
      <Field label="Function name" hint="Letters, digits and _; transfer_call… hands the caller to a person." error={errors.at(jsonPath([...tool.fnPath, "name"]))}>
        {(p) => <input {...p} name="tool_name" className="input font-mono" value={tool.name} onChange={(e) => onChange(renameTool(doc, i, e.target.value))} />}
      </Field>
      <Field label="What it does" hint="The LLM reads this to decide when to call it." error={errors.at(jsonPath([...tool.fnPath, "description"]))}>
        {(p) => (
          <textarea {...p} rows={2} className="input" value={tool.description} onChange={(e) => onChange(setToolField(doc, i, "description", e.target.value))} />
        )}
      </Field>
      <Parameters tool={tool} doc={doc} onChange={onChange} errors={errors} />

      {tool.kind === "end_call" ? (
        <p className="muted">Built in: the agent hangs up after saying goodbye.</p>
      ) : (
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-medium">{tool.kind === "transfer" ? "Transfer" : "HTTP request"}</legend>
          <Field
            label={tool.kind === "transfer" ? "Transfer webhook URL (optional)" : "URL"}
            hint={tool.kind === "transfer" ? "Told about the transfer; a browser call is told where the caller would go." : "Arguments fill %(name)s placeholders."}
            error={errors.at(jsonPath([...run, "url"])) ?? errors.at(jsonPath(run))}
          >
            {(p) => (
              <input
                {...p}
                name="tool_url"
                type="url"
                className="input"
                placeholder="https://example.com/api/…"
                value={text(runValue("url"))}
                onChange={(e) => setRun("url", e.target.value)}
              />
            )}
          </Field>
          {tool.kind === "http" && (
            <>
              <Field label="Method" error={errors.at(jsonPath([...run, "method"]))}>
                {(p) => {
                  const method = text(runValue("method")).toUpperCase() || "POST";
                  return (
                    <select {...p} className="input" value={method} onChange={(e) => setRun("method", e.target.value)}>
                      {METHODS.map((m) => (
                        <option key={m}>{m}</option>
                      ))}
                    </select>
                  );
                }}
              </Field>
              <BodyTemplate value={runValue("param")} error={errors.at(jsonPath([...run, "param"]))} onChange={(v) => setRun("param", v)} />
              <Field label="Authorization" hint='The Authorization header; "Bearer " is added when it names no scheme.' error={errors.at(jsonPath([...run, "api_token"]))}>
                {(p) => (
                  <input {...p} className="input" autoComplete="off" value={text(runValue("api_token"))} onChange={(e) => setRun("api_token", e.target.value || undefined)} />
                )}
              </Field>
              <Headers value={runValue("headers")} error={errors.at(jsonPath([...run, "headers"]))} onChange={(v) => setRun("headers", v)} />
            </>
          )}
          <Field label="Say while it runs" hint="Optional, e.g. “One moment, let me check.”" error={errors.at(jsonPath([...run, "pre_call_message"]))}>
            {(p) => {
              const v = runValue("pre_call_message");
              return v !== undefined && v !== null && typeof v !== "string" ? (
                <input {...p} className="input" readOnly value="(one message per language: edit in the JSON view)" />
              ) : (
                <input {...p} className="input" value={text(v)} onChange={(e) => setRun("pre_call_message", e.target.value || undefined)} />
              );
            }}
          </Field>
          {isGraphAgent(doc) && <Scope tool={tool} doc={doc} onChange={onChange} errors={errors} />}
        </fieldset>
      )}
    </section>
  );
}

function Parameters({ tool, doc, onChange, errors }: { tool: ToolView; doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const i = tool.index;
  const base: Path = [...tool.fnPath, "parameters"];
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium">Arguments the LLM gives</legend>
      {tool.params.length === 0 && <p className="muted">None.</p>}
      {tool.params.map((param, k) => {
        const n = k + 1;
        const error = errors.at(jsonPath([...base, "properties", param.name]));
        return (
          <div key={k} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-12 dark:border-slate-700" data-testid="tool-param">
            <input
              className="input font-mono sm:col-span-3"
              aria-label={`Argument ${n} name`}
              value={param.name}
              aria-invalid={Boolean(error)}
              onChange={(e) => onChange(setParam(doc, i, param.name, { name: e.target.value }))}
            />
            {param.type === "other" ? (
              <span className="muted self-center sm:col-span-3">complex (JSON view)</span>
            ) : (
              <select
                className="input sm:col-span-3"
                aria-label={`Argument ${n} type`}
                value={param.type}
                onChange={(e) => onChange(setParam(doc, i, param.name, { type: e.target.value as ParamType }))}
              >
                {PARAM_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
            <input
              className="input sm:col-span-3"
              aria-label={`Argument ${n} description`}
              placeholder="What it is"
              value={param.description}
              onChange={(e) => onChange(setParam(doc, i, param.name, { description: e.target.value }))}
            />
            <label className="flex items-center gap-1.5 text-sm sm:col-span-2">
              <input type="checkbox" checked={param.required} onChange={(e) => onChange(setParam(doc, i, param.name, { required: e.target.checked }))} />
              required
            </label>
            <button type="button" className="btn btn-danger sm:col-span-1" aria-label={`Remove argument ${param.name || n}`} onClick={() => onChange(removeParam(doc, i, param.name))}>
              ✕
            </button>
            {param.type === "string" && (
              <CommaList
                className="input sm:col-span-12"
                label={`Argument ${n} allowed values`}
                placeholder="Allowed values, separated by commas (empty: any text)"
                value={param.options}
                onChange={(options) => onChange(setParam(doc, i, param.name, { options }))}
              />
            )}
            <div className="sm:col-span-12">
              <ErrorLine message={error} />
            </div>
          </div>
        );
      })}
      <ErrorLine message={errors.at(jsonPath(base))} />
      <button type="button" className="btn" onClick={(e) => {
          onChange(addParam(doc, i));
          focusLastRow(e.currentTarget.closest("fieldset"), "[data-testid=tool-param]");
        }}
      >
        Add argument
      </button>
    </fieldset>
  );
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A list typed as comma-separated text; the text is kept while it means the same list. */
function CommaList({ value, onChange, label, className, placeholder }: { value: string[]; onChange: (v: string[]) => void; label: string; className: string; placeholder: string }) {
  const [text, setText] = useState(value.join(", "));
  const same = JSON.stringify(splitList(text)) === JSON.stringify(value);
  return (
    <input
      className={className}
      aria-label={label}
      placeholder={placeholder}
      value={same ? text : value.join(", ")}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitList(e.target.value));
      }}
    />
  );
}

/** The request body: a %(name)s template, or an object of templates shown as JSON. */
function BodyTemplate({ value, error, onChange }: { value: JsonValue | undefined; error?: string; onChange: (v: JsonValue | undefined) => void }) {
  const isObj = value !== null && typeof value === "object" && !Array.isArray(value);
  const shown = typeof value === "string" ? value : isObj ? JSON.stringify(value, null, 2) : "";
  return (
    <Field label="Body or query template" hint='e.g. {"order": "%(order_id)s"}; GET sends it as the query.' error={error}>
      {(p) => (
        <textarea
          {...p}
          rows={3}
          className="input font-mono"
          value={shown}
          onChange={(e) => {
            const t = e.target.value;
            if (t === "") return onChange(undefined);
            if (isObj) {
              try {
                const parsed: unknown = JSON.parse(t);
                if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return onChange(parsed as JsonObject);
              } catch {
                // not JSON any more: kept as a text template
              }
            }
            onChange(t);
          }}
        />
      )}
    </Field>
  );
}

function Headers({ value, error, onChange }: { value: JsonValue | undefined; error?: string; onChange: (v: JsonValue | undefined) => void }) {
  if (typeof value === "string") return <p className="muted">Headers are JSON text: edit them in the JSON view.</p>;
  const obj: JsonObject = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  const rows = Object.entries(obj);
  const write = (next: [string, JsonValue][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium">Headers</legend>
      {rows.map(([k, v], r) => (
        <div key={r} className="flex gap-2">
          <input
            className="input min-w-0 font-mono"
            aria-label={`Header ${r + 1} name`}
            value={k}
            onChange={(e) => write(rows.map((row, x) => (x === r ? [e.target.value, row[1]] : row)))}
          />
          <input
            className="input min-w-0"
            aria-label={`Header ${r + 1} value`}
            value={typeof v === "string" ? v : JSON.stringify(v)}
            onChange={(e) => write(rows.map((row, x) => (x === r ? [row[0], e.target.value] : row)))}
          />
          <button type="button" className="btn btn-danger" aria-label={`Remove header ${k || r + 1}`} onClick={() => write(rows.filter((_, x) => x !== r))}>
            ✕
          </button>
        </div>
      ))}
      <ErrorLine message={error} />
      <button
        type="button"
        className="btn"
        onClick={() => {
          let name = "X-Header";
          for (let n = 2; name in obj; n++) name = `X-Header-${n}`;
          write([...rows, [name, ""]]);
        }}
      >
        Add header
      </button>
    </fieldset>
  );
}

/** Graph agents: whether the tool is offered at every node or only at some. */
function Scope({ tool, doc, onChange, errors }: { tool: ToolView; doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const run: Path = [...RUNS, tool.name];
  const scope = getAt(doc, [...run, "scope"]) === "node" ? "node" : "global";
  const chosen = getAt(doc, [...run, "nodes"]);
  const list = Array.isArray(chosen) ? chosen.filter((n): n is string => typeof n === "string") : [];
  const nodes = readNodes(doc).map((n) => n.id);
  return (
    <div className="space-y-2">
      <Field label="Offered" error={errors.at(jsonPath([...run, "scope"]))}>
        {(p) => (
          <select
            {...p}
            className="input"
            value={scope}
            onChange={(e) => {
              let next = setRunField(doc, tool.index, "scope", e.target.value === "node" ? "node" : undefined);
              if (e.target.value !== "node") next = setRunField(next, tool.index, "nodes", undefined);
              onChange(next);
            }}
          >
            <option value="global">at every node</option>
            <option value="node">only at some nodes</option>
          </select>
        )}
      </Field>
      {scope === "node" && (
        <fieldset>
          <legend className="label">At the nodes</legend>
          <div className="flex flex-wrap gap-3">
            {nodes.map((id) => (
              <label key={id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={list.includes(id)}
                  onChange={(e) => onChange(setRunField(doc, tool.index, "nodes", e.target.checked ? [...list, id] : list.filter((x) => x !== id)))}
                />
                <code>{id}</code>
              </label>
            ))}
          </div>
          <ErrorLine message={errors.at(jsonPath([...run, "nodes"]))} />
        </fieldset>
      )}
    </div>
  );
}
