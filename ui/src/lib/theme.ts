// Light/dark theme: the choice is kept in localStorage ("ovos.theme"); with none, the system's
// preference applies. The `dark` class on <html> switches Tailwind's dark: variants.
export type Theme = "light" | "dark";

const KEY = "ovos.theme";

/** Runs before the first paint (inlined in <head>) so a dark page never flashes light. */
export const themeBootScript = `(function(){try{var t=localStorage.getItem("${KEY}");if(t!=="light"&&t!=="dark"){t=window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.classList.toggle("dark",t==="dark")}catch(e){}})();`;

export function currentTheme(): Theme {
  if (typeof document === "undefined") return "light";
  return document.documentElement.classList.contains("dark") ? "dark" : "light";
}

export function setTheme(theme: Theme): void {
  document.documentElement.classList.toggle("dark", theme === "dark");
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the class still applies for this page.
  }
}
