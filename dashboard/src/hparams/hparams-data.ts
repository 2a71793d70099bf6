import { flattenConfig } from '../compare/config-diff.js';
import {
  HParamsConfigProbeDocument,
  HParamsFieldsDocument,
  HParamsRunsDocument,
  type HParamsRunsQuery,
  type JobFilter,
} from '../generated/graphql.js';
import { ApiError, read } from '../lib/api.js';

/** The runs table's search (its filter chips and text query), which the hyper-parameter views draw. */
export interface Search {
  filter: JobFilter | null;
  query: string | null;
}

/** A config key of the filtered runs: how many have it, how many distinct values, whether all are numbers. */
export interface ConfigKey {
  path: string;
  jobs: number;
  distinct: number;
  numeric: boolean;
}

export interface Fields {
  configKeys: ConfigKey[];
  metrics: string[];
  /** The keys were derived in the page from a first page of configs (the server has no jobFields). */
  derived: boolean;
}

/** The metrics every run of the trainer records, offered when the server cannot list the runs' metrics. */
export const STANDARD_METRICS = ['val_f1', 'eval_loss', 'train_loss', 'val_precision', 'val_recall', 'learning_rate'];

/** How many runs' configs the page reads to derive the config keys when the server has no jobFields. */
const PROBE_SIZE = 200;

/** Config keys from configs themselves (the fallback of jobFields). */
export function keysOfConfigs(configs: readonly unknown[]): ConfigKey[] {
  const byPath = new Map<string, { jobs: number; values: Set<string>; numeric: boolean }>();
  for (const config of configs)
    for (const [path, value] of flattenConfig(config)) {
      if (value === null || value === undefined) continue;
      const key = byPath.get(path) ?? { jobs: 0, values: new Set<string>(), numeric: true };
      key.jobs++;
      key.values.add(JSON.stringify(value));
      key.numeric &&= typeof value === 'number';
      byPath.set(path, key);
    }
  return [...byPath]
    .map(([path, k]) => ({ path, jobs: k.jobs, distinct: k.values.size, numeric: k.numeric }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** What the filtered runs carry (jobFields); derived from a first page of their configs where jobFields fails. */
export async function loadFields(search: Search): Promise<Fields> {
  try {
    const { jobFields } = await read(HParamsFieldsDocument, search);
    return {
      configKeys: jobFields.configKeys,
      metrics: jobFields.metrics.map((m) => m.name),
      derived: false,
    };
  } catch (error) {
    // A refused key stays an error; a server that cannot answer jobFields (older, or failing on it) is worked around.
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) throw error;
    if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') throw error;
    const { jobs } = await read(HParamsConfigProbeDocument, { ...search, first: PROBE_SIZE });
    return { configKeys: keysOfConfigs(jobs.edges.map((e) => e.node.config)), metrics: STANDARD_METRICS, derived: true };
  }
}

/** The default axes: the numeric keys that vary (most common first), up to `max`. */
export function defaultAxes(keys: readonly ConfigKey[], max = 6): string[] {
  return keys
    .filter((k) => k.numeric && k.distinct > 1)
    .sort((a, b) => b.jobs - a.jobs || a.path.localeCompare(b.path))
    .slice(0, max)
    .map((k) => k.path);
}

/** A run drawn by the hyper-parameter charts. */
export interface HRun {
  id: string;
  name: string;
  /** Config values in the order of `HRuns.paths` (null where absent). */
  values: unknown[];
  /** Best val_f1 (the last axis and the colour). */
  best: number | null;
  /** The scatter's metric: its best value. */
  y: number | null;
}

export interface HRuns {
  runs: HRun[];
  /** How many runs match the search (all of them, drawn or not). */
  total: number;
  paths: string[];
  metric: string;
}

/** The most runs drawn: past this, the best by val_f1 (the order the pages come in), and the page says so. */
export const MAX_DRAWN = 5000;
const PAGE = 500;

/**
 * The filtered runs, best val_f1 first, page after page up to MAX_DRAWN: the config values at `paths` and the best of
 * val_f1 and of `metric`. `live()` false stops reading (a newer search replaced this one).
 */
export async function loadRuns(search: Search, paths: string[], metric: string, live: () => boolean): Promise<HRuns | null> {
  const runs: HRun[] = [];
  let total = 0;
  let after: string | null = null;
  do {
    const { jobs }: HParamsRunsQuery = await read(HParamsRunsDocument, { ...search, first: PAGE, after, paths, metrics: [metric] });
    if (!live()) return null;
    total = jobs.totalCount;
    for (const { node } of jobs.edges)
      runs.push({
        id: node.id,
        name: node.name,
        values: node.configValues,
        best: node.best?.best ?? null,
        y: node.summaries[0]?.best ?? null,
      });
    after = jobs.pageInfo.hasNextPage ? jobs.pageInfo.endCursor : null;
  } while (after && runs.length < MAX_DRAWN);
  return { runs: runs.slice(0, MAX_DRAWN), total, paths, metric };
}
