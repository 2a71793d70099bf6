import { performance } from 'node:perf_hooks';

/** What `GET /readyz` says of the server and of its job catalog (fields read defensively: absent ones are null). */
export interface Readiness {
  ready: boolean;
  httpStatus: number;
  /** The catalog's state (`loading`, `ready`, `off`...), null when /readyz says nothing of a catalog. */
  catalog: string | null;
  jobs: number | null;
  rows: number | null;
  loadMs: number | null;
  reason: string | null;
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Reads a /readyz answer: ready on HTTP 200 with `status: "ready"`, unless it names a catalog still loading (any
 * state other than `ready` or `off`, so a catalog that is not there at all does not hold the bench up).
 */
export function readReadyz(httpStatus: number, body: unknown): Readiness {
  const b = record(body);
  const c = b.catalog === undefined ? null : record(b.catalog);
  const state = c ? text(c.state) : null;
  const catalogReady = c === null || state === 'ready' || state === 'off';
  return {
    ready: httpStatus === 200 && b.status === 'ready' && catalogReady,
    httpStatus,
    catalog: state,
    jobs: c ? count(c.jobs) : null,
    rows: c ? count(c.rows) : null,
    loadMs: c ? count(c.loadMs) : null,
    reason: text(b.reason),
  };
}

/**
 * Polls `/readyz` of the server at `graphqlUrl` until its job catalog is no longer loading (a server with the default
 * DYNAMODB_TIMEOUT_MS may answer 503 `unavailable` meanwhile: DynamoDB Local takes seconds to describe a large table,
 * and the probe keeps the short budget); throws with its last answer after `timeoutMs`.
 */
export async function waitForCatalog(graphqlUrl: string, timeoutMs: number, pollMs = 250): Promise<{ body: unknown; waitedMs: number }> {
  const url = new URL('/readyz', graphqlUrl);
  const started = performance.now();
  let last: unknown = null;
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(url);
      last = await res.json().catch(() => null);
      if (last !== null && record(last).status !== 'loading') return { body: last, waitedMs: performance.now() - started };
    } catch {
      // not listening yet, or busy: poll again
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`the job catalog of the server at ${url.href} was still loading after ${timeoutMs / 1000} s: ${JSON.stringify(last)}`);
}

/** Polls `/readyz` of the server at `graphqlUrl` until it is ready; throws with its last answer after `timeoutMs`. */
export async function waitUntilReady(
  graphqlUrl: string,
  timeoutMs: number,
  pollMs = 100,
): Promise<{ readiness: Readiness; waitedMs: number }> {
  const url = new URL('/readyz', graphqlUrl);
  const started = performance.now();
  let last: Readiness | null = null;
  let error: unknown = null;
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(url);
      const body: unknown = await res.json().catch(() => null);
      last = readReadyz(res.status, body);
      if (last.ready) return { readiness: last, waitedMs: performance.now() - started };
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(
    `the server at ${url.href} was not ready after ${timeoutMs / 1000} s: ${last ? JSON.stringify(last) : `no answer (${String(error)})`}`,
  );
}
