import { newCallStats } from '../../src/db/call-stats';
import { queryAll } from '../../src/db/batch';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';
import { jobIdOf, leaderboardPk, map, num, statusPk, str, TYPE, type Item, type STATUSES } from './table';

/*
 * SR's raw-SDK baseline: what a user must do today to search jobs by config and rank them by a metric. DynamoDB has no
 * index on config values, so the client reads every job of the searched status (GSI1 `STATUS#{status}`, the cheapest
 * honest read: the status condition becomes the key) and every job's best value of the metric (the GSI3 leaderboard
 * partition), both paged, at once; then joins them, applies the config conditions, sorts and takes the first page.
 * Decoding and comparing are the bench's own (bench/raw/table.ts), not the server's parsers.
 */

/** A condition on the config value at a dotted path (the subset of the API's ValueCondition SR uses). */
export interface ConfigCondition {
  path: string;
  op: 'EQ' | 'NE' | 'LT' | 'LTE' | 'GT' | 'GTE';
  value: string | number | boolean;
}

/** A search as SR sends it: one status, config conditions, ranked by a metric's best value (higher first), a page. */
export interface SearchSpec {
  status: (typeof STATUSES)[number];
  config: ConfigCondition[];
  /** A metric ranked highest first (not a `loss`). */
  metric: string;
  first: number;
  /** The config path each node shows (`configValue(path:)`). */
  shownPath: string;
}

/** A job as the search sees it. */
export interface SearchedJob {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  config: Record<string, unknown>;
}

/** A JOB item; null for anything else. */
export function readSearchedJob(item: Item): SearchedJob | null {
  const id = jobIdOf(item.PK);
  const status = str(item.status);
  const createdAt = str(item.created_at);
  if (item.TYPE !== TYPE.job || item.SK !== 'JOB' || !id || !status || !createdAt) return null;
  return { id, name: str(item.name) ?? '', status, createdAt, config: map(item.job_config) ?? {} };
}

/** The value at a dotted path of a config; undefined when a segment is missing or not a map. */
export function valueAt(config: Record<string, unknown>, path: string): unknown {
  let at: unknown = config;
  for (const segment of path.split('.')) {
    const m = map(at);
    if (!m || !Object.hasOwn(m, segment)) return undefined;
    at = m[segment];
  }
  return at;
}

/** Whether a config value meets a condition: numbers compare as numbers, strings as strings, nothing else orders. */
export function meets(value: unknown, c: ConfigCondition): boolean {
  if (value === undefined) return false;
  if (c.op === 'EQ') return value === c.value;
  if (c.op === 'NE') return value !== c.value;
  const comparable =
    (typeof value === 'number' && typeof c.value === 'number') || (typeof value === 'string' && typeof c.value === 'string');
  if (!comparable) return false;
  const [a, b] = [value as number | string, c.value as number | string];
  return c.op === 'LT' ? a < b : c.op === 'LTE' ? a <= b : c.op === 'GT' ? a > b : a >= b;
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The answer from the jobs of the status and the metric's best values by job id: matching jobs by best value (highest
 * first; jobs without one last), ties by creation time (newest first) then id, as the API's JobOrder says.
 */
export function searchInClient(jobs: readonly SearchedJob[], best: ReadonlyMap<string, number>, spec: SearchSpec) {
  const matching = jobs.filter((j) => j.status === spec.status && spec.config.every((c) => meets(valueAt(j.config, c.path), c)));
  const value = (j: SearchedJob) => best.get(j.id) ?? null;
  matching.sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va !== vb) return va === null ? 1 : vb === null ? -1 : vb - va;
    return order(b.createdAt, a.createdAt) || order(a.id, b.id);
  });
  const edges = matching.slice(0, spec.first).map((j) => {
    const v = value(j);
    const shown = valueAt(j.config, spec.shownPath);
    return { node: { id: j.id, name: j.name, summary: v === null ? null : { best: v }, configValue: shown === undefined ? null : shown } };
  });
  return { jobs: { totalCount: matching.length, edges } };
}

/** SR's baseline: every job of the status (GSI1) and every best value of the metric (GSI3), paged, in parallel. */
export async function rawSearch(db: BenchDatabase, spec: SearchSpec): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const [jobItems, summaryItems] = await Promise.all([
    queryAll(gw, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :created)',
      FilterExpression: '#type = :job',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':pk': statusPk(spec.status), ':created': 'CREATED#', ':job': TYPE.job },
    }),
    queryAll(gw, {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      FilterExpression: '#type = :summary',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':pk': leaderboardPk(spec.metric), ':summary': TYPE.leaderboard },
    }),
  ]);
  const best = new Map<string, number>();
  for (const item of summaryItems) {
    const [jobId, value] = [jobIdOf(item.PK), num(item.value)];
    if (jobId && value !== null) best.set(jobId, value);
  }
  const jobs = jobItems.map(readSearchedJob).filter((j): j is SearchedJob => j !== null);
  return { answer: searchInClient(jobs, best, spec), stats };
}
