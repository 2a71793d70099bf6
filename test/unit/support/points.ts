/** Builders of metric points for unit tests of the pure metric rules. */
import type { JsonObject } from '../../../src/platform/json-values';
import type { MetricPoint } from '../../../src/modules/metrics/metric-model';

export const JOB_A = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
export const JOB_B = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
export const JOB_C = 'c0ffee00-1234-4abc-9def-0123456789ab';

/** A metric point; numeric `value` by default, `data` for map-shaped points. */
export function point(overrides: Partial<MetricPoint> & { name: string; timestamp: string }): MetricPoint {
  const base: MetricPoint = {
    jobId: JOB_A,
    name: overrides.name,
    value: null,
    data: null,
    unit: null,
    epoch: null,
    step: null,
    timestamp: overrides.timestamp,
    sortKey: '',
    epochToken: null,
  };
  const p = { ...base, ...overrides };
  return { ...p, sortKey: overrides.sortKey ?? `METRIC#${p.name}#${p.timestamp}` };
}

/** The four legacy flat rows of one label, `gapMs` milliseconds apart from `start` (an ISO time with Z). */
export function flatLabelRows(
  jobId: string,
  label: string,
  epoch: number,
  startIso: string,
  scores: { f1: number; precision: number; recall: number; support: number },
  gapMs = 7,
): MetricPoint[] {
  const start = Date.parse(startIso);
  return (['f1', 'precision', 'recall', 'support'] as const).map((score, i) =>
    point({
      jobId,
      name: `label_${label}_${score}`,
      value: scores[score],
      unit: score === 'support' ? 'count' : 'ratio',
      epoch,
      timestamp: legacyTs(start + i * gapMs),
    }),
  );
}

/** A map-shaped label row. */
export function mapLabelRow(jobId: string, label: string, epoch: number, timestamp: string, data: JsonObject): MetricPoint {
  return point({ jobId, name: `label_${label}`, data, unit: 'per_label', epoch, timestamp });
}

/** Python's UTC isoformat of epoch milliseconds, with a fixed `123` microsecond tail like the fixtures. */
export function legacyTs(ms: number, naive = false): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}123${naive ? '' : '+00:00'}`;
}
