/** Deep comparison of two answers as plain JSON, reporting where they first differ. */

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${path}: length ${a.length} vs ${b.length}`;
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (a === b) return null;
  if (typeof a === 'string' && typeof b === 'string') {
    // Long strings (stored items as JSON): show where they part.
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const from = Math.max(0, i - 40);
    return `${path} at character ${i}: ...${describe(a.slice(from, i + 60))} vs ...${describe(b.slice(from, i + 60))}`;
  }
  return `${path}: ${describe(a)} vs ${describe(b)}`;
}

/** JSON with the keys of every object sorted, at every depth: equal content, equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Null when `graphql` and `raw` are the same JSON (object key order ignored), else the first difference. */
export function answerDifference(graphql: unknown, raw: unknown): string | null {
  return firstDifference(plain(graphql), plain(raw), '$');
}
