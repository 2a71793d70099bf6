/**
 * A run's config as the dashboard shows it: dotted paths (`optimizer.lr`) to leaf values. Nested objects are opened;
 * lists, scalars and empty objects (`{}`, a value of its own) are leaves. The run page's config panel and the compare
 * view's side-by-side config both read configs through this one rule.
 *
 * (The server's search catalog flattens for searching, scalars only: src/modules/catalog/catalog-entry.ts.)
 */
export type FlatConfig = Map<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config's leaves by dotted path, in path order. A config that is not an object has no paths. */
export function flattenConfig(config: unknown): FlatConfig {
  const out: [string, unknown][] = [];
  const walk = (value: unknown, path: string) => {
    const entries = isObject(value) ? Object.entries(value) : [];
    if (entries.length === 0) {
      if (path) out.push([path, value]);
      return;
    }
    for (const [key, inner] of entries) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(config, '');
  return new Map(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
