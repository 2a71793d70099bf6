import { HParamsFieldsDocument, HParamsRunsDocument, type HParamsRunsQuery, type JobFilter } from '../generated/graphql.js';
import { read } from '../lib/api.js';

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
}

/** What the filtered runs carry (jobFields): their config keys and metrics. */
export async function loadFields(search: Search): Promise<Fields> {
  const { jobFields } = await read(HParamsFieldsDocument, search);
  return { configKeys: jobFields.configKeys, metrics: jobFields.metrics.map((m) => m.name) };
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
