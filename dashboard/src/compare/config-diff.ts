import type { FlatConfig } from '../lib/config-paths.js';

/** One row of the side-by-side config: a path, each run's value there (undefined: the run has none), whether they differ. */
export interface ConfigRow {
  path: string;
  values: unknown[];
  differs: boolean;
}

/** A value as compared across runs: JSON, with a missing value distinct from every present one (null included). */
const sameness = (v: unknown) => (v === undefined ? '\u0000missing' : JSON.stringify(v));

/**
 * The config rows of some runs: the union of their paths, sorted; a row differs when two runs hold different values
 * there (a run without the path differs from one with it). With one run nothing differs.
 */
export function configRows(configs: readonly FlatConfig[]): ConfigRow[] {
  const paths = [...new Set(configs.flatMap((c) => [...c.keys()]))].sort();
  return paths.map((path) => {
    const values = configs.map((c) => c.get(path));
    return { path, values, differs: new Set(values.map(sameness)).size > 1 };
  });
}
