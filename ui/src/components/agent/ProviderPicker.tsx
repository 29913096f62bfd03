"use client";
// One provider choice of the agent (transcriber, LLM or synthesizer): the providers of that kind
// from GET /v1/providers, and the settings form drawn from the chosen one's config_schema.
import { Field } from "@/components/Field";
import type { AgentDocument, JsonValue, Provider, ProviderKind } from "@/lib/api";
import { defaultSettings, getAt, jsonPath, providerSection, schemaFields, setAt, type Path } from "@/lib/agentDoc";

export interface EditorErrors {
  /** The server's errors for the field or section at this JSON path, or undefined. */
  at: (path: string) => string | undefined;
}

const KIND_LABEL: Record<string, string> = { stt: "Transcriber", llm: "LLM", tts: "Synthesizer" };

/** True when this build runs `p` as `kind` (Sarvam speaks here but does not transcribe). */
export function runsAs(p: Provider, kind: ProviderKind): boolean {
  return (p.available_kinds as readonly string[]).includes(kind);
}

function optionLabel(p: Provider, kind: ProviderKind): string {
  const notes = [p.local && !/local/i.test(p.display_name) ? "local" : "", runsAs(p, kind) ? "" : "not in this build"].filter(Boolean);
  return notes.length ? `${p.display_name} (${notes.join(", ")})` : p.display_name;
}

export function ProviderPicker({
  kind,
  providers,
  doc,
  onChange,
  errors,
  extra,
}: {
  kind: ProviderKind;
  providers: Provider[];
  doc: AgentDocument;
  onChange: (doc: AgentDocument) => void;
  errors: EditorErrors;
  extra?: React.ReactNode;
}) {
  const section = providerSection(kind);
  const current = getAt(doc, section.provider);
  const currentName = typeof current === "string" ? current : "";
  const choices = providers.filter((p) => p.kinds.includes(kind));
  const chosen = choices.find((p) => p.name === currentName);
  const fields = schemaFields(chosen, kind);
  const providerPath = jsonPath(section.provider);
  const sectionPath = jsonPath(section.settings);

  function choose(name: string) {
    let next = setAt(doc, section.provider, name);
    if (kind === "tts") {
      // Voice settings belong to one vendor: start the new one from its defaults.
      next = setAt(next, section.settings, defaultSettings(choices.find((p) => p.name === name), kind));
    }
    onChange(next);
  }

  function setField(key: string, value: JsonValue | undefined) {
    onChange(setAt(doc, [...section.settings, key] as Path, value));
  }

  return (
    <fieldset className="space-y-3" data-testid={`provider-${kind}`}>
      <legend className="sr-only">{KIND_LABEL[kind]}</legend>
      <Field label={`${KIND_LABEL[kind]} provider`} error={errors.at(providerPath)}>
        {(p) => (
          <select {...p} className="input" value={currentName} onChange={(e) => choose(e.target.value)}>
            {!chosen && <option value={currentName}>{currentName || "— choose —"}</option>}
            {choices.map((c) => (
              <option key={c.name} value={c.name}>
                {optionLabel(c, kind)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen && !runsAs(chosen, kind) && (
        <p className="text-sm text-amber-700 dark:text-amber-300">
          This build cannot run {chosen.display_name} as the {(KIND_LABEL[kind] ?? kind).toLowerCase()} in calls yet; the agent can be saved, but a call with it is refused.
        </p>
      )}
      {chosen && chosen.credentials.length > 0 && !chosen.local && (
        <p className="muted">Needs a {chosen.display_name} key under Provider keys.</p>
      )}
      {extra}
      {fields.map((f) => {
        const path = jsonPath([...section.settings, f.key]);
        const value = getAt(doc, [...section.settings, f.key]);
        return (
          <Field key={f.key} label={f.title} hint={f.description} error={errors.at(path)}>
            {(p) =>
              f.options ? (
                <select {...p} className="input" value={typeof value === "string" ? value : ""} onChange={(e) => setField(f.key, e.target.value || undefined)}>
                  <option value="">{f.defaultValue !== undefined ? `default (${String(f.defaultValue)})` : "—"}</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : f.type === "boolean" ? (
                <input {...p} type="checkbox" checked={value === true} onChange={(e) => setField(f.key, e.target.checked)} />
              ) : (
                <input
                  {...p}
                  className="input"
                  type={f.type === "string" ? "text" : "number"}
                  value={value === undefined || value === null ? "" : String(value)}
                  onChange={(e) => {
                    const raw = e.target.value;
                    if (raw === "") setField(f.key, undefined);
                    else setField(f.key, f.type === "string" ? raw : Number(raw));
                  }}
                />
              )
            }
          </Field>
        );
      })}
      {errors.at(sectionPath) && (
        <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
          {errors.at(sectionPath)}
        </p>
      )}
    </fieldset>
  );
}
