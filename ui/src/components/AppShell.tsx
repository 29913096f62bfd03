"use client";
// The frame of every signed-in page: navigation, theme toggle, sign-out, and the guard that
// sends a signed-out visitor to the login page (and back afterwards).
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { dropUserDrafts } from "@/lib/drafts";
import { useSession } from "@/lib/hooks";
import { clearSession, type StoredSession } from "@/lib/session";
import { Loading } from "./States";
import { ThemeToggle } from "./ThemeToggle";

const NAV = [
  { href: "/agents/", label: "Agents" },
  { href: "/calls/", label: "Calls" },
  { href: "/knowledge/", label: "Knowledge bases" },
  { href: "/keys/", label: "Provider keys" },
  { href: "/settings/", label: "Settings" },
];

export function AppShell({ children }: { children: (session: StoredSession) => React.ReactNode }) {
  const state = useSession();
  const router = useRouter();
  const pathname = usePathname();

  // A session that ends under the page (expired, or refused by the server) rather than by
  // signing out: the login page says so.
  const wasSignedIn = useRef(false);
  const signingOut = useRef(false);
  useEffect(() => {
    if (state.status === "signed-in") wasSignedIn.current = true;
    if (state.status === "signed-out" && !signingOut.current) {
      const here = window.location.pathname + window.location.search;
      const ended = wasSignedIn.current ? "&ended=1" : "";
      router.replace(`/login/?next=${encodeURIComponent(here)}${ended}`);
    }
  }, [state.status, router]);

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 btn">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <Link href="/agents/" className="font-semibold tracking-tight">
            OpenVoiceOS
          </Link>
          <nav aria-label="Main" className="order-3 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
            {NAV.map((item) => {
              const active = pathname?.startsWith(item.href.replace(/\/$/, ""));
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm ${
                    active
                      ? "bg-slate-100 font-medium dark:bg-slate-800"
                      : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                  }`}
                >
                  {item.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {state.status === "signed-in" && (
              <span className="hidden text-sm text-slate-500 md:inline" data-testid="user-email">
                {state.session.user.email}
              </span>
            )}
            <ThemeToggle />
            {state.status === "signed-in" && (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  signingOut.current = true;
                  // Signing out on purpose leaves no unsaved agent edits in this browser.
                  dropUserDrafts(state.session.user.id);
                  clearSession();
                  router.replace("/login/");
                }}
              >
                Sign out
              </button>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {state.status === "signed-in" ? children(state.session) : <Loading />}
      </main>
    </div>
  );
}

/** A page title row with optional actions on the right. */
export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-xl font-semibold">{title}</h1>
      {children && <div className="flex flex-wrap gap-2">{children}</div>}
    </div>
  );
}
