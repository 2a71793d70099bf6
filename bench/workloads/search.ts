import type { BenchDatabase } from '../database';
import type { GraphqlClient } from '../graphql';
import { rawSearch, type ConfigCondition, type SearchSpec } from '../raw/search';
import type { Answered, Workload } from './workload';

/** SR: a 3-condition job search ranked by best val_f1, through the API's job catalog and through the raw SDK. */

/** The search SR times: succeeded runs of one model with a small learning rate, best val_f1 first, 50 of them. */
export const SR_SEARCH: SearchSpec = {
  status: 'succeeded',
  config: [
    { path: 'optimizer.lr', op: 'LT', value: 1e-4 },
    { path: 'model_name', op: 'EQ', value: 'layoutlmv3-base' },
  ],
  metric: 'val_f1',
  first: 50,
  shownPath: 'optimizer.lr',
};

export const SEARCH_QUERY = `query Search($filter: JobFilter, $query: String, $orderBy: [JobOrder!], $first: Int, $metric: String!, $path: String!) {
  jobs(filter: $filter, query: $query, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { id name summary(metric: $metric) { best } configValue(path: $path) } }
  }
}`;

/** The spec as a JobFilter input. */
export function searchFilter(spec: SearchSpec): Record<string, unknown> {
  return { status: [spec.status.toUpperCase()], config: spec.config.map((c) => ({ path: c.path, op: c.op, value: c.value })) };
}

const TEXT_OPS: Record<ConfigCondition['op'], string> = { EQ: '=', NE: '!=', LT: '<', LTE: '<=', GT: '>', GTE: '>=' };

/** The spec in the search box's text syntax, e.g. `status = SUCCEEDED and config.optimizer.lr < 1e-4 and ...`. */
export function searchText(spec: SearchSpec): string {
  // Small numbers as a person types them (1e-4, not 0.0001).
  const value = (v: ConfigCondition['value']) =>
    typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  return [`status = ${spec.status.toUpperCase()}`, ...spec.config.map((c) => `config.${c.path} ${TEXT_OPS[c.op]} ${value(c.value)}`)].join(
    ' and ',
  );
}

/** One search through the API: with the filter object, or (`text`) with the same conditions as the `query:` text. */
export async function graphqlSearch(gql: GraphqlClient, spec: SearchSpec, form: 'filter' | 'text'): Promise<Answered> {
  const { data, stats } = await gql.request(SEARCH_QUERY, {
    ...(form === 'filter' ? { filter: searchFilter(spec) } : { query: searchText(spec) }),
    orderBy: [{ field: 'METRIC', metric: spec.metric }],
    first: spec.first,
    metric: spec.metric,
    path: spec.shownPath,
  });
  return { answer: data, stats };
}

/** SR as a workload: the filter-object search next to its raw baseline. */
export function searchWorkload(gql: GraphqlClient, db: BenchDatabase, jobs: number, spec = SR_SEARCH): Workload {
  return {
    id: 'SR',
    title: `search ${jobs.toLocaleString('en-US')} jobs: jobs(filter: ${searchText(spec)}, orderBy: best ${spec.metric}, first: ${spec.first})`,
    graphql: () => graphqlSearch(gql, spec, 'filter'),
    raw: () => rawSearch(db, spec),
    checkIterations: [0],
  };
}
