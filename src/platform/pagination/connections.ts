/** Page sizes of connections: `first` is clamped to 1..MAX_PAGE_SIZE (documented in the schema). */
export const MAX_PAGE_SIZE = 500;

/** Clamps a requested page size; null/undefined takes the list's default. */
export function clampFirst(first: number | null | undefined, fallback: number): number {
  if (first === null || first === undefined) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(first)));
}

/** A connection page. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Builds a page from up to `first + 1` items (the extra one only proves there is a next page). Cursors are computed
 * when read: a query that selects no `cursor` (a dashboard table of 500 rows) pays for no signed cursor at all.
 */
export function toPage<T>(items: readonly T[], first: number, cursorOf: (item: T) => string): Page<T> {
  const nodes = items.slice(0, first);
  const edges = nodes.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  const last = nodes.length ? nodes[nodes.length - 1] : undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: items.length > first,
      get endCursor() {
        return last === undefined ? null : cursorOf(last);
      },
    },
  };
}

/** Pages an in-memory list already in order: items strictly after the cursor's position, then `first` of them. */
export function pageInMemory<T>(
  items: readonly T[],
  first: number,
  startAfter: ((item: T) => boolean) | null,
  cursorOf: (item: T) => string,
): Page<T> {
  const from = startAfter ? items.findIndex(startAfter) : 0;
  const rest = from < 0 ? [] : items.slice(from, from + first + 1);
  return toPage(rest, first, cursorOf);
}
