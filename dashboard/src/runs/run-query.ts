import type { JobFilter, JobOrder, RunsPageQueryVariables } from '../generated/graphql.js';
import type { ViewState } from '../lib/url-codec.js';

/** A table column beyond the fixed ones: a metric's summary statistic, or a config value. */
export type ExtraColumn =
  { kind: 'metric'; metric: string; stat: 'best' | 'last' | 'min' | 'max'; key: string } | { kind: 'config'; path: string; key: string };

/** The summary statistics a metric column can show. */
export const STATS = ['best', 'last', 'min', 'max'] as const;

/** The `cols` entries of the URL as columns (`metric:eval_loss:last`, `config:optimizer.lr`); unreadable ones dropped. */
export function extraColumns(cols: readonly string[]): ExtraColumn[] {
  const out: ExtraColumn[] = [];
  for (const key of cols) {
    const [kind, ...rest] = key.split(':');
    if (kind === 'config' && rest.length) out.push({ kind, path: rest.join(':'), key });
    if (kind === 'metric' && rest.length >= 2) {
      const stat = rest[rest.length - 1] as (typeof STATS)[number];
      if ((STATS as readonly string[]).includes(stat)) out.push({ kind, metric: rest.slice(0, -1).join(':'), stat, key });
    }
  }
  return out;
}

/** A sort key of the URL (`created:desc`, `metric:val_f1:best:desc`, `config:optimizer.lr:asc`) as the API's JobOrder. */
export function orderOf(key: string): JobOrder | null {
  const parts = key.split(':');
  const dir = parts[parts.length - 1];
  const direction = dir === 'asc' ? 'ASC' : dir === 'desc' ? 'DESC' : null;
  if (!direction) return null;
  const [field, ...middle] = parts.slice(0, -1);
  if (field === 'created' && !middle.length) return { field: 'CREATED', direction };
  if (field === 'name' && !middle.length) return { field: 'NAME', direction };
  if (field === 'finished' && !middle.length) return { field: 'FINISHED', direction };
  if (field === 'config' && middle.length) return { field: 'CONFIG', path: middle.join(':'), direction };
  if (field === 'metric' && middle.length >= 2) {
    const stat = middle[middle.length - 1].toUpperCase();
    if (!['BEST', 'LAST', 'MIN', 'MAX'].includes(stat)) return null;
    return { field: 'METRIC', metric: middle.slice(0, -1).join(':'), stat: stat as JobOrder['stat'], direction };
  }
  return null;
}

/** The search the table's state asks for: the chips as a JobFilter, the search box as the text query, the sort. */
export function searchOf(state: Pick<ViewState, 'q' | 'status' | 'tags' | 'stale' | 'sort'>): {
  filter: JobFilter | null;
  query: string | null;
  orderBy: JobOrder[] | null;
} {
  const filter: JobFilter = {};
  if (state.status.length) filter.status = state.status as JobFilter['status'];
  if (state.tags.length)
    filter.tags = state.tags.map((t) => {
      const at = t.indexOf('=');
      return at < 0 ? { key: t, exists: true } : { key: t.slice(0, at), equals: t.slice(at + 1) };
    });
  if (state.stale) filter.stale = true;
  const orderBy = state.sort.map(orderOf).filter((o): o is JobOrder => o !== null);
  return {
    filter: Object.keys(filter).length ? filter : null,
    query: state.q.trim() || null,
    orderBy: orderBy.length ? orderBy : null,
  };
}

/** The variables of one page of the table. */
export function pageVariables(state: ViewState, first: number, after: string | null): RunsPageQueryVariables {
  const cols = extraColumns(state.cols);
  return {
    ...searchOf(state),
    first,
    after,
    metrics: [...new Set(cols.flatMap((c) => (c.kind === 'metric' ? [c.metric] : [])))],
    paths: [...new Set(cols.flatMap((c) => (c.kind === 'config' ? [c.path] : [])))],
  };
}
