import type { TypedDocumentString } from '../generated/graphql.js';
import { createStore } from './store.js';

/** A GraphQL error the dashboard shows: its code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT...) and extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type KeyRole = 'reader' | 'writer';

/** The keys typed into the page, kept for this browser tab only: the reader key for reads and live updates, the writer key for edits. */
const STORAGE = { reader: 'training-metrics-reader-key', writer: 'training-metrics-writer-key' } as const;

export function apiKey(role: KeyRole = 'reader'): string | null {
  // A writer key reads too: a page given only a writer key uses it for everything.
  return sessionStorage.getItem(STORAGE[role]) ?? (role === 'reader' ? sessionStorage.getItem(STORAGE.writer) : null);
}

export function setApiKey(role: KeyRole, key: string): void {
  sessionStorage.setItem(STORAGE[role], key);
}

const isAuthError = (e: unknown) => e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN');

/** Runs one of the dashboard's typed operations against the public GraphQL API (a mutation with the writer key). */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, role: KeyRole = 'reader'): Promise<R> {
  const key = apiKey(role);
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
  };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? null, error.extensions);
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, null);
  return body.data;
}

/** The key the page is asking for now (the key dialog shows while this is set), and why. */
export interface KeyPrompt {
  role: KeyRole;
  reason: string;
  done(given: boolean): void;
}

export const keyPrompt = createStore<KeyPrompt | null>(null);

/** Asks the user for a key (the dialog); true once one was given, false when the dialog was dismissed. */
export function askForKey(role: KeyRole, reason: string): Promise<boolean> {
  keyPrompt.get()?.done(false);
  return new Promise((resolve) =>
    keyPrompt.set({
      role,
      reason,
      done: (given) => {
        keyPrompt.set(null);
        resolve(given);
      },
    }),
  );
}

/**
 * Runs `task` (reads with the reader key, or an edit with the writer key); when the server refuses the key, asks for one
 * of that role and runs it again, until it passes or the user dismisses the dialog (the refusal is then thrown).
 */
export async function withKey<T>(role: KeyRole, task: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await task();
    } catch (error) {
      if (!isAuthError(error)) throw error;
      const why =
        role === 'writer' ? 'Editing needs an API key with the writer role.' : 'This server needs an API key with the reader role.';
      if (!(await askForKey(role, `${why} (${(error as ApiError).message})`))) throw error;
    }
  }
}

/** A read through withKey: the reader key, asked for when the server wants one. */
export const read = <R, V>(document: TypedDocumentString<R, V>, variables: V) => withKey('reader', () => request(document, variables));

/** An edit through withKey: the writer key, asked for when the server wants one. */
export const write = <R, V>(document: TypedDocumentString<R, V>, variables: V) =>
  withKey('writer', () => request(document, variables, 'writer'));
