// Renders an editor form on a document held in state, as the agent editor does, and exposes
// the latest document to the test.
import { useState } from "react";
import type { EditorErrors } from "@/components/agent/ProviderPicker";
import type { AgentDocument } from "@/lib/api";

export type FormProps = { doc: AgentDocument; onChange: (d: AgentDocument) => void; errors: EditorErrors };

export function withErrors(byPath: Record<string, string>): EditorErrors {
  return { at: (p) => byPath[p] };
}

export function Stateful({ initial, errors, render, onDoc }: { initial: AgentDocument; errors: EditorErrors; render: (p: FormProps) => React.ReactNode; onDoc: (d: AgentDocument) => void }) {
  const [doc, setDoc] = useState(initial);
  return (
    <>
      {render({
        doc,
        errors,
        onChange: (d) => {
          setDoc(d);
          onDoc(d);
        },
      })}
    </>
  );
}
