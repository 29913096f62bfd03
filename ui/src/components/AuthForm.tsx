"use client";
// The login and register forms: one component, errors from the server shown at their fields.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ApiError, login, register } from "@/lib/api";
import { ErrorBox } from "./States";
import { Field } from "./Field";
import { ThemeToggle } from "./ThemeToggle";

/** Where to go after signing in: a path on this site only. */
function safeNext(next: string | null): string {
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  return "/agents/";
}

export function AuthForm({ mode }: { mode: "login" | "register" }) {
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const fieldError = (field: string) =>
    error instanceof ApiError ? error.fieldErrors.find((f) => f.path === `$.${field}`)?.message : undefined;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "login") await login(email, password);
      else await register(email, password, name);
      router.replace(safeNext(params.get("next")));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const other = mode === "login" ? "/register/" : "/login/";
  const next = params.get("next");
  const otherHref = next ? `${other}?next=${encodeURIComponent(next)}` : other;

  return (
    <div className="flex min-h-screen flex-col">
      <div className="flex justify-end p-3">
        <ThemeToggle />
      </div>
      <main className="mx-auto w-full max-w-sm flex-1 px-4 pt-8">
        <h1 className="mb-1 text-2xl font-semibold">OpenVoiceOS</h1>
        <p className="mb-6 muted">{mode === "login" ? "Sign in to your account." : "Create an account."}</p>
        {mode === "login" && params.get("ended") === "1" && (
          <p
            role="status"
            className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
            data-testid="session-ended"
          >
            Your session has ended. Sign in again to go on where you were; unsaved agent changes are kept in this browser.
          </p>
        )}
        <form onSubmit={submit} className="card space-y-4" noValidate aria-busy={busy}>
          {mode === "register" && (
            <Field label="Name" error={fieldError("name")}>
              {(p) => (
                <input {...p} className="input" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
              )}
            </Field>
          )}
          <Field label="Email" error={fieldError("email")}>
            {(p) => (
              <input
                {...p}
                className="input"
                name="email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Password" error={fieldError("password")} hint={mode === "register" ? "At least 8 characters." : undefined}>
            {(p) => (
              <input
                {...p}
                className="input"
                name="password"
                type="password"
                autoComplete={mode === "login" ? "current-password" : "new-password"}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {error != null && !(error instanceof ApiError && error.fieldErrors.length > 0) && <ErrorBox error={error} />}
          <button type="submit" className="btn btn-primary w-full" disabled={busy}>
            {busy ? "Please wait…" : mode === "login" ? "Sign in" : "Create account"}
          </button>
        </form>
        <p className="mt-4 text-center text-sm">
          {mode === "login" ? "No account yet? " : "Already have an account? "}
          <Link href={otherHref} className="text-indigo-600 underline dark:text-indigo-400">
            {mode === "login" ? "Create one" : "Sign in"}
          </Link>
        </p>
      </main>
    </div>
  );
}
