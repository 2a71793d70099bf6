/** A run's tags (the API's JSON object of key → value) as key and value pairs in key order; a non-string value as JSON. */
export function tagEntries(tags: unknown): [string, string][] {
  const object = tags && typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, unknown>) : {};
  return Object.entries(object)
    .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
