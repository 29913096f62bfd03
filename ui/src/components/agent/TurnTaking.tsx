"use client";
// The conversation's turn-taking and call-length settings (task_config, and the transcriber's
// endpointing), each drawn from the agent schema: its description, default and bounds. An empty
// field removes the setting, so the server's default applies.
import { Field } from "@/components/Field";
import { agentSchemaForms } from "@/lib/agent-schema.gen";
import { getAt, jsonPath, PATHS, setAt, type Path } from "@/lib/agentDoc";
import type { AgentDocument, JsonValue } from "@/lib/api";
import type { EditorErrors } from "./ProviderPicker";

interface Setting {
  path: Path;
  label: string;
  unit?: string;
  schema: { type?: unknown; description?: string; default?: unknown; minimum?: number; maximum?: number };
}

const conversation = agentSchemaForms.conversation;

function task(key: keyof typeof conversation, label: string, unit?: string): Setting {
  return { path: [...PATHS.taskConfig, key], label, unit, schema: conversation[key] };
}

export const TURN_TAKING: Setting[] = [
  { path: [...PATHS.transcriber, "endpointing"], label: "End of turn after silence", unit: "ms", schema: agentSchemaForms.transcriber.endpointing },
  task("incremental_delay", "Grace window after the caller stops", "ms"),
  task("number_of_words_for_interruption", "Words to interrupt the agent"),
  task("interruption_min_ms", "Speech that pauses the agent", "ms"),
  task("optimize_latency", "Act on interim transcripts"),
  task("discard_pre_welcome_utterance", "Ignore speech before the welcome ends"),
  task("dtmf_enabled", "Keypad digits"),
];

export const CALL_LENGTH: Setting[] = [
  task("check_if_user_online", "Ask if the caller is still there"),
  task("trigger_user_online_message_after", "Ask after caller silence of", "s"),
  task("hangup_after_silence", "Hang up after silence of", "s"),
  task("call_terminate", "Longest call", "s"),
];

function isBoolean(s: Setting["schema"]): boolean {
  return Array.isArray(s.type) ? s.type.includes("boolean") : s.type === "boolean";
}

function SettingInput({ setting, doc, onChange, errors }: { setting: Setting; doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const value = getAt(doc, setting.path);
  const error = errors.at(jsonPath(setting.path));
  const set = (v: JsonValue | undefined) => onChange(setAt(doc, setting.path, v));
  const def = setting.schema.default;
  if (isBoolean(setting.schema)) {
    const current = typeof value === "boolean" ? String(value) : "";
    return (
      <Field label={setting.label} hint={setting.schema.description} error={error}>
        {(p) => (
          <select {...p} className="input" value={current} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value === "true")}>
            <option value="">default ({def === true ? "on" : "off"})</option>
            <option value="true">on</option>
            <option value="false">off</option>
          </select>
        )}
      </Field>
    );
  }
  return (
    <Field label={setting.unit ? `${setting.label} (${setting.unit})` : setting.label} hint={setting.schema.description} error={error}>
      {(p) => (
        <input
          {...p}
          className="input"
          type="number"
          inputMode="numeric"
          min={setting.schema.minimum}
          max={setting.schema.maximum}
          placeholder={def !== undefined && def !== null ? `default ${String(def)}` : ""}
          value={typeof value === "number" ? String(value) : ""}
          onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function TurnTakingSection({ doc, onChange, errors }: { doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors }) {
  const sectionError = errors.at(jsonPath(PATHS.taskConfig));
  return (
    <section className="card space-y-4" aria-labelledby="turns-h">
      <h2 id="turns-h" className="font-semibold">
        Turn-taking
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {TURN_TAKING.map((s) => (
          <SettingInput key={jsonPath(s.path)} setting={s} doc={doc} onChange={onChange} errors={errors} />
        ))}
      </div>
      <h3 className="pt-2 text-sm font-semibold">Silence and call length</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        {CALL_LENGTH.map((s) => (
          <SettingInput key={jsonPath(s.path)} setting={s} doc={doc} onChange={onChange} errors={errors} />
        ))}
      </div>
      {sectionError && (
        <p className="text-sm text-red-700 dark:text-red-300" data-testid="field-error">
          {sectionError}
        </p>
      )}
    </section>
  );
}
