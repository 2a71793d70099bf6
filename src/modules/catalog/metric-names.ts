import type { SummaryState } from './metric-summary';

/**
 * Whether a metric name is a per-label row (`label_*` in either stored shape, `heldout_label_*`): one per entity type,
 * shown in label tables and heat maps, never offered as a curve of its own.
 */
export function isPerLabelMetric(name: string): boolean {
  return name.startsWith('label_') || name.startsWith('heldout_label_');
}

/**
 * Whether a job's summary of a metric makes it a curve: it has epoch values (a metric recorded only without an epoch,
 * as dataset statistics are, has none) and is not a per-label row. Map-valued metrics (confusion_matrix,
 * label_merge_config) have no summary at all: summaries count numeric rows only.
 */
export function isCurveMetric(name: string, summary: SummaryState): boolean {
  return summary.lastEpoch !== null && !isPerLabelMetric(name);
}

/** The names a job can draw as curves: its epoch metrics (from its summaries) and its step series, sorted, each once. */
export function curveMetricNames(summaries: ReadonlyMap<string, SummaryState>, stepSeries: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const name of stepSeries) if (!isPerLabelMetric(name)) names.add(name);
  for (const [name, summary] of summaries) if (isCurveMetric(name, summary)) names.add(name);
  return [...names].sort(byCodeUnits);
}

/** Plain string order (code units), the same on every machine. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
