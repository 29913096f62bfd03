// Loading, empty and error states, the same on every page, and what a useLoad holds drawn with them.
import { ApiError, errorMessage } from "@/lib/api";
import type { Loadable } from "@/lib/hooks";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 py-8 muted" data-testid="loading">
      <span className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="card py-10 text-center" data-testid="empty">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2 muted">{children}</div>}
    </div>
  );
}

/** An error, with the fields a validation problem names when `showFields`. */
export function ErrorBox({ error, onRetry, showFields = false }: { error: unknown; onRetry?: () => void; showFields?: boolean }) {
  const requestId = error instanceof ApiError ? error.problem?.request_id : undefined;
  const fields = error instanceof ApiError && showFields ? error.fieldErrors : [];
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      data-testid="error"
    >
      <p>{errorMessage(error)}</p>
      {fields.length > 0 && (
        <ul className="mt-1 list-disc pl-5" data-testid="error-fields">
          {fields.map((f, i) => (
            <li key={i}>
              <code className="text-xs">{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {requestId && <p className="mt-1 text-xs opacity-75">Request id: {requestId}</p>}
      {onRetry && (
        <button type="button" className="btn mt-2" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * A useLoad's value: loading (`label`), the error with Try again (`reload`), `empty` when
 * `isEmpty` says the data holds nothing, or else `children` drawn from the data.
 */
export function Loaded<T>({
  value,
  reload,
  label,
  isEmpty,
  empty,
  children,
}: {
  value: Loadable<T>;
  reload: () => void;
  label?: string;
  isEmpty?: (data: T) => boolean;
  empty?: React.ReactNode;
  children: (data: T) => React.ReactNode;
}) {
  if (value.state === "loading") return <Loading label={label} />;
  if (value.state === "error") return <ErrorBox error={value.error} onRetry={reload} />;
  return <>{isEmpty?.(value.data) ? empty : children(value.data)}</>;
}
