import { canonicalJson } from '../../platform/json-values';
import { labelMetricName } from './label-rules';
import type { NewMetricPoint } from './metric-item';
import { STANDARD_EPOCH_METRICS, STANDARD_UNITS, type StandardMetricName } from './metric-rules';
import { DATASET_METRICS, type RecordDatasetMetricsInput, type RecordEpochInput } from './recording-inputs';

/** What one recording call stores, in a canonical shape: its fingerprint decides replay versus conflict. */
export interface RecordingContent {
  epoch: number | null;
  step: number | null;
  metrics: Record<string, { value: number; unit: string | null }>;
  labels: Record<string, { f1: number; precision: number; recall: number; support: number }>;
}

/** The canonical content of a recordEpoch input. */
export function epochContent(input: RecordEpochInput): RecordingContent {
  const metrics: RecordingContent['metrics'] = {};
  for (const [name, field] of Object.entries(STANDARD_EPOCH_METRICS) as [StandardMetricName, keyof RecordEpochInput][]) {
    const value = input[field];
    if (typeof value === 'number') metrics[name] = { value, unit: STANDARD_UNITS[name] };
  }
  for (const m of input.extra ?? []) metrics[m.name] = { value: m.value, unit: m.unit ?? null };
  const labels: RecordingContent['labels'] = {};
  for (const l of input.labels ?? []) labels[l.label] = { f1: l.f1, precision: l.precision, recall: l.recall, support: l.support };
  return { epoch: input.epoch, step: input.step ?? null, metrics, labels };
}

/** The canonical content of a recordDatasetMetrics input. */
export function datasetContent(input: RecordDatasetMetricsInput): RecordingContent {
  const metrics: RecordingContent['metrics'] = {};
  for (const [name, { field, unit }] of Object.entries(DATASET_METRICS)) {
    const value = input[field as keyof RecordDatasetMetricsInput];
    if (typeof value === 'number') metrics[name] = { value, unit };
  }
  for (const m of input.extra ?? []) metrics[m.name] = { value: m.value, unit: m.unit ?? null };
  return { epoch: null, step: null, metrics, labels: {} };
}

/** Canonical JSON of the content, stored in the write marker. */
export function fingerprint(content: RecordingContent): string {
  return canonicalJson(content);
}

/** The points a content becomes, all sharing one timestamp. */
export function contentPoints(jobId: string, content: RecordingContent, timestamp: string): NewMetricPoint[] {
  const base = { jobId, epoch: content.epoch, step: content.step, timestamp };
  return [
    ...Object.entries(content.metrics).map(([name, m]) => ({ ...base, name, value: m.value, unit: m.unit })),
    ...Object.entries(content.labels).map(([label, scores]) => ({
      ...base,
      name: labelMetricName(label),
      value: scores,
      unit: 'per_label',
    })),
  ];
}

/** The first difference between stored and requested content, for an ALREADY_EXISTS message; null when equal. */
export function firstDifference(stored: RecordingContent, requested: RecordingContent): string | null {
  if (stored.step !== requested.step) return `step (stored ${stored.step}, sent ${requested.step})`;
  for (const name of new Set([...Object.keys(stored.metrics), ...Object.keys(requested.metrics)])) {
    const a = stored.metrics[name];
    const b = requested.metrics[name];
    if (a?.value !== b?.value || a?.unit !== b?.unit) return `${name} (stored ${a ? a.value : 'nothing'}, sent ${b ? b.value : 'nothing'})`;
  }
  for (const label of new Set([...Object.keys(stored.labels), ...Object.keys(requested.labels)])) {
    const a = stored.labels[label];
    const b = requested.labels[label];
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null))
      return `label ${label} (stored ${canonicalJson(a ?? null)}, sent ${canonicalJson(b ?? null)})`;
  }
  return null;
}
