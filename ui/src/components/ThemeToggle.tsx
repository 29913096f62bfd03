"use client";
import { useSyncExternalStore } from "react";
import { currentTheme, setTheme } from "@/lib/theme";

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** A button that switches between the light and the dark theme. */
export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, currentTheme, () => null);
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="btn"
      onClick={() => setTheme(next)}
      aria-label={theme ? `Switch to the ${next} theme` : "Switch theme"}
      data-testid="theme-toggle"
      data-theme={theme ?? ""}
    >
      <span aria-hidden>{theme === "dark" ? "☀" : "☾"}</span>
      <span className="hidden sm:inline">{theme === "dark" ? "Light" : "Dark"}</span>
    </button>
  );
}
