import { createStore, useStore } from './store.js';

/** Light or dark: the user's choice (kept in this browser), else the system's. */
export type Theme = 'light' | 'dark';

const KEY = 'training-metrics-theme';
const system = (): Theme => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

export const theme = createStore<Theme>((localStorage.getItem(KEY) as Theme | null) ?? system());
export const useTheme = () => useStore(theme);

export function applyTheme(): void {
  document.documentElement.dataset.theme = theme.get();
  theme.subscribe((t) => (document.documentElement.dataset.theme = t));
}

export function toggleTheme(): void {
  const next = theme.get() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(KEY, next);
  theme.set(next);
}

/** A CSS custom property of the page now (charts draw on canvas, so they read the theme's colours from here). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
