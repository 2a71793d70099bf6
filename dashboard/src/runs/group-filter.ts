import type { JobFilter } from '../generated/graphql.js';

/*
 * A group of the group table is the matching runs equal on the grouping keys (`status`, `name`, `tags.KEY`, config
 * paths). These turn a group's key values back into conditions: as a JobFilter (to read its members' names) and as text
 * for the search box (to show the group in the runs table).
 */

/** A group's key values, by grouping key, as jobGroups answers them. */
export type GroupKey = Record<string, unknown>;

const configPath = (by: string) => by.replace(/^(config|params?)\./, '');
const scalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The search's filter narrowed to one group: what the key values can say as conditions (a config value that is a list
 * or an object, or missing, cannot: the answer is then a superset, and the group's ids pick its members out of it).
 */
export function groupFilter(filter: JobFilter | null, by: readonly string[], key: GroupKey): JobFilter {
  const out: JobFilter = { ...(filter ?? {}) };
  for (const k of by) {
    const v = key[k];
    if (k === 'status') {
      if (typeof v === 'string') out.status = [v as NonNullable<JobFilter['status']>[number]];
    } else if (k === 'name') {
      if (typeof v === 'string' && !out.name) out.name = { equals: v };
    } else if (k.startsWith('tags.')) {
      const tag = k.slice('tags.'.length);
      out.tags = [...(out.tags ?? []), v === null || v === undefined ? { key: tag, exists: false } : { key: tag, equals: String(v) }];
    } else if (scalar(v)) {
      out.config = [...(out.config ?? []), { path: configPath(k), op: 'EQ', value: v }];
    }
  }
  return out;
}

/** A path or key of the text syntax: plain segments as they are, others in backquotes. */
const path = (p: string) =>
  p
    .split('.')
    .map((s) => (/^[A-Za-z0-9_\-/:]+$/.test(s) ? s : `\`${s}\``))
    .join('.');
const quoted = (s: string) =>
  `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
const literal = (v: string | number | boolean) => (typeof v === 'string' ? quoted(v) : String(v));

/** The search box's text for one group: the search's own text, and the group's key values as conditions. */
export function groupQuery(q: string, by: readonly string[], key: GroupKey): string {
  const conditions: string[] = [];
  for (const k of by) {
    const v = key[k];
    const missing = v === null || v === undefined;
    if (k === 'status' && typeof v === 'string') conditions.push(`status = ${v}`);
    else if (k === 'name' && typeof v === 'string') conditions.push(`name = ${quoted(v)}`);
    else if (k.startsWith('tags.')) {
      const tag = path(k.slice('tags.'.length));
      conditions.push(missing ? `tags.${tag} not exists` : `tags.${tag} = ${quoted(String(v))}`);
    } else if (k !== 'status' && k !== 'name') {
      if (missing) conditions.push(`config.${path(configPath(k))} not exists`);
      else if (scalar(v)) conditions.push(`config.${path(configPath(k))} = ${literal(v)}`);
    }
  }
  const own = q.trim();
  return [own ? `(${own})` : '', ...conditions].filter(Boolean).join(' and ');
}
