"use client";
// Place a phone call with an agent (POST /v1/calls) through the user's carrier account; the
// server's refusals (a bad number, no account for the carrier) are shown at their fields.
import Link from "next/link";
import { useState } from "react";
import { ApiError, placeCall, type Call, type PhoneCallRequest } from "@/lib/api";
import { Dialog } from "./Dialog";
import { Field } from "./Field";
import { ErrorBox } from "./States";

const CARRIERS: PhoneCallRequest["carrier"][] = ["twilio", "plivo", "exotel"];
const CARRIER_NAMES: Record<PhoneCallRequest["carrier"], string> = { twilio: "Twilio", plivo: "Plivo", exotel: "Exotel" };

export function PlaceCallDialog({ agent, onClose }: { agent: { id: string; name: string } | null; onClose: () => void }) {
  const [to, setTo] = useState("");
  const [from, setFrom] = useState("");
  const [carrier, setCarrier] = useState<PhoneCallRequest["carrier"]>("twilio");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<Call | null>(null);

  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldErrors.find((e) => e.path === `$.${f}`)?.message : undefined);
  const known = ["to", "from", "carrier", "agent_id"];
  const otherErrors = error instanceof ApiError ? error.fieldErrors.filter((e) => !known.some((k) => e.path === `$.${k}`)) : [];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!agent) return;
    setBusy(true);
    setError(null);
    try {
      setPlaced(await placeCall({ agent_id: agent.id, to: to.trim(), from: from.trim(), carrier }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setPlaced(null);
    setError(null);
    onClose();
  }

  return (
    <Dialog open={agent !== null} title={`Phone call with ${agent?.name ?? ""}`} onClose={close}>
      {placed ? (
        <div className="space-y-4" role="status">
          <p className="text-sm">
            The call to {placed.to} is {placed.status}; the carrier reports how it goes on.
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={close}>
              Close
            </button>
            <Link href={`/calls/view/?id=${placed.id}`} className="btn btn-primary">
              Open the call
            </Link>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Carrier" error={fieldError("carrier")} hint="Uses your key for this carrier under Provider keys.">
            {(p) => (
              <select {...p} name="carrier" className="input" value={carrier} onChange={(e) => setCarrier(e.target.value as PhoneCallRequest["carrier"])}>
                {CARRIERS.map((c) => (
                  <option key={c} value={c}>
                    {CARRIER_NAMES[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="To" error={fieldError("to")} hint="The number to call, in E.164 form: +14155550100.">
            {(p) => <input {...p} name="to" className="input" type="tel" autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} autoFocus />}
          </Field>
          <Field label="From" error={fieldError("from")} hint="A number of your carrier account.">
            {(p) => <input {...p} name="from" className="input" type="tel" autoComplete="off" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          {error != null && (!(error instanceof ApiError) || error.fieldErrors.length === 0) && <ErrorBox error={error} />}
          {otherErrors.length > 0 && (
            <ul role="alert" className="list-disc pl-5 text-sm text-red-700 dark:text-red-300">
              {otherErrors.map((e, i) => (
                <li key={i}>
                  {e.path}: {e.message}
                </li>
              ))}
            </ul>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? "Calling…" : "Call"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
