/** A config as dotted paths and leaf values (`optimizer.lr` → 5e-5), nested objects walked, lists kept whole; sorted by path. */
export function flattenConfig(config: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else if (path) out.push([path, value]);
  };
  walk(config, '');
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
