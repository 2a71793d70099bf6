import type { TypedDocumentString } from './generated/graphql.js';

/** A GraphQL error the dashboard shows (UNAUTHENTICATED asks for a key). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

const KEY = 'training-metrics-dashboard-key';

/** The reader key typed into the page, kept for this browser tab only. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

/** Runs one of the dashboard's typed operations against the public GraphQL API. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const key = apiKey();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await res.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new ApiError(body.errors[0].message, body.errors[0].extensions?.code ?? null);
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, null);
  return body.data;
}
