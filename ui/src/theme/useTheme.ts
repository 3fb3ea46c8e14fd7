// Light or dark: the user's choice, else the system's preference; kept in this browser
// and shared by every component that asks (the code editor follows it too).

import { useSyncExternalStore } from "react";

export type Theme = "light" | "dark";

const THEME_KEY = "plynx.theme";
const listeners = new Set<() => void>();

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === "light" || saved === "dark") return saved;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

let current: Theme = initialTheme();
document.documentElement.dataset.theme = current;

function setTheme(theme: Theme): void {
  current = theme;
  localStorage.setItem(THEME_KEY, theme);
  document.documentElement.dataset.theme = theme;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current theme and a function switching to the other one. */
export function useTheme(): [Theme, () => void] {
  const theme = useSyncExternalStore(subscribe, () => current);
  return [theme, () => setTheme(theme === "dark" ? "light" : "dark")];
}
