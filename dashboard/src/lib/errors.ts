import { ApiError } from './api.js';
import { createStore, useStore } from './store.js';

/** The page-wide error line (a failed read or edit that no view shows where it happened). */
export const pageError = createStore<string | null>(null);
export const usePageError = () => useStore(pageError);

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function showError(error: unknown): void {
  pageError.set(errorText(error));
}
