import type { CatalogEntry } from './catalog-entry';
import type { ConfigStore, ConfigValue } from './config-store';
import { byCodeUnits, isCurveMetric } from './metric-names';

/** A config key of a set of jobs (GraphQL `ConfigKeyInfo`). */
export interface ConfigKeyInfo {
  path: string;
  jobs: number;
  distinct: number;
  numeric: boolean;
}

/** What a set of jobs carries (GraphQL `JobFields`), each list sorted. */
export interface JobFieldsModel {
  jobCount: number;
  configKeys: ConfigKeyInfo[];
  metrics: { name: string; jobs: number }[];
  tags: { key: string; value: string; jobs: number }[];
}

/** A value's identity among a path's values: a number and the string of its digits stay apart; a list is one value. */
function valueKey(v: ConfigValue): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
}

function countInto<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * The config keys, curve metrics (isCurveMetric, as Job.metricNames) and tag values of `entries`, with how many of
 * them have each; config keys by path, metrics by name, tags by key then value (plain string order).
 */
export function jobFieldsOf(entries: readonly CatalogEntry[], store: ConfigStore): JobFieldsModel {
  const paths = new Map<number, { jobs: number; values: Set<string>; numeric: boolean }>();
  const metrics = new Map<string, number>();
  const tags = new Map<string, Map<string, number>>();
  for (const e of entries) {
    const { ids, values } = e.config;
    for (let i = 0; i < ids.length; i++) {
      let stats = paths.get(ids[i]);
      if (!stats) paths.set(ids[i], (stats = { jobs: 0, values: new Set(), numeric: true }));
      stats.jobs++;
      stats.values.add(valueKey(values[i]));
      if (typeof values[i] !== 'number') stats.numeric = false;
    }
    for (const [name, summary] of e.summaries) if (isCurveMetric(name, summary)) countInto(metrics, name);
    for (const [key, value] of Object.entries(e.tags)) {
      let byValue = tags.get(key);
      if (!byValue) tags.set(key, (byValue = new Map()));
      countInto(byValue, value);
    }
  }
  return {
    jobCount: entries.length,
    configKeys: [...paths.entries()]
      .map(([id, s]) => ({ path: store.pathOf(id), jobs: s.jobs, distinct: s.values.size, numeric: s.numeric }))
      .sort((a, b) => byCodeUnits(a.path, b.path)),
    metrics: [...metrics.entries()].map(([name, jobs]) => ({ name, jobs })).sort((a, b) => byCodeUnits(a.name, b.name)),
    tags: [...tags.entries()]
      .flatMap(([key, byValue]) => [...byValue.entries()].map(([value, jobs]) => ({ key, value, jobs })))
      .sort((a, b) => byCodeUnits(a.key, b.key) || byCodeUnits(a.value, b.value)),
  };
}
