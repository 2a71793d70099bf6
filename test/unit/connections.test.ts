/** Connection helpers: `first` clamped to 1..500, exact hasNextPage from one extra item, in-memory keyset paging. */
import { clampFirst, MAX_PAGE_SIZE, pageInMemory, toPage, type Page } from '../../src/platform/pagination/connections';

describe('clampFirst', () => {
  it('takes the list default when first is null or undefined', () => {
    expect(clampFirst(null, 20)).toBe(20);
    expect(clampFirst(undefined, 100)).toBe(100);
  });

  it('keeps values inside 1..500', () => {
    expect(clampFirst(1, 20)).toBe(1);
    expect(clampFirst(37, 20)).toBe(37);
    expect(clampFirst(500, 20)).toBe(500);
    expect(MAX_PAGE_SIZE).toBe(500);
  });

  it('raises zero and negatives to 1', () => {
    expect(clampFirst(0, 20)).toBe(1);
    expect(clampFirst(-5, 20)).toBe(1);
  });

  it('lowers anything above 500 to 500', () => {
    expect(clampFirst(501, 20)).toBe(500);
    expect(clampFirst(1_000_000, 20)).toBe(500);
    expect(clampFirst(Number.POSITIVE_INFINITY, 20)).toBe(500);
  });

  it('truncates fractions', () => {
    expect(clampFirst(2.9, 20)).toBe(2);
  });
});

describe('toPage', () => {
  const cursorOf = (n: number): string => `c${n}`;

  it('has no next page when at most `first` items came back', () => {
    const page = toPage([1, 2, 3], 3, cursorOf);
    expect(page.edges).toEqual([
      { cursor: 'c1', node: 1 },
      { cursor: 'c2', node: 2 },
      { cursor: 'c3', node: 3 },
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: 'c3' });
    expect(toPage([1, 2], 3, cursorOf).pageInfo).toEqual({ hasNextPage: false, endCursor: 'c2' });
  });

  it('drops the extra item and reports a next page when first + 1 came back', () => {
    const page = toPage([1, 2, 3, 4], 3, cursorOf);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2, 3]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'c3' });
  });

  it('an empty list has no end cursor', () => {
    expect(toPage([], 10, cursorOf)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('computes a cursor only when it is read, and only for the returned nodes', () => {
    const seen: number[] = [];
    const page = toPage([1, 2, 3], 2, (n) => {
      seen.push(n);
      return String(n);
    });
    expect(seen).toEqual([]);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(seen).toEqual([]);
    expect(page.edges.map((e) => e.cursor)).toEqual(['1', '2']);
    expect(page.pageInfo.endCursor).toBe('2');
    expect(seen).toEqual([1, 2, 2]);
  });
});

describe('pageInMemory', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const cursorOf = (s: string): string => `@${s}`;
  const after = (position: string) => (s: string) => s > position;

  it('starts at the beginning without a cursor', () => {
    const page = pageInMemory(items, 2, null, cursorOf);
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: '@b' });
  });

  it('continues strictly after the cursor position', () => {
    const page = pageInMemory(items, 2, after('b'), cursorOf);
    expect(page.edges.map((e) => e.node)).toEqual(['c', 'd']);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('reports no next page on the last, exactly full page', () => {
    const page = pageInMemory(items, 2, after('c'), cursorOf);
    expect(page.edges.map((e) => e.node)).toEqual(['d', 'e']);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: '@e' });
  });

  it('is empty after the last item', () => {
    expect(pageInMemory(items, 2, after('e'), cursorOf)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('walking endCursor page by page visits every item once, in order', () => {
    for (const size of [1, 2, 3, 5, 7]) {
      const seen: string[] = [];
      let position: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: Page<string> = pageInMemory(items, size, position === null ? null : after(position), cursorOf);
        seen.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        position = (page.pageInfo.endCursor as string).slice(1);
      }
      expect(seen).toEqual(items);
    }
  });
});
