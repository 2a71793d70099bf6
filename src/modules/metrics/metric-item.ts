import type { Item } from '../../db/batch';
import { isWriteMarkerSortKey, ItemType, jobIdOfPartition, metricPointKeys, metricTimestampOf, writeMarkerKey } from '../../db/schema';
import { readInt, readMap, readNumber, readString } from '../../db/item-values';
import { toJsonObject } from '../../platform/json-values';
import type { MetricPoint, WriteMarker } from './metric-model';

/** Parses a `JOB_METRIC` item; null for anything else. The name comes from `metric_name` (legacy items always have it). */
export function parseMetricItem(item: Item): MetricPoint | null {
  if (item.TYPE !== ItemType.metric) return null;
  const sk = String(item.SK ?? '');
  const jobId = readString(item.job_id) ?? jobIdOfPartition(String(item.PK ?? ''));
  const name = readString(item.metric_name);
  const timestamp = readString(item.timestamp) ?? metricTimestampOf(sk);
  if (!jobId || !name || !timestamp) return null;
  const map = readMap(item.value);
  return {
    jobId,
    name,
    value: map ? null : readNumber(item.value),
    data: map ? toJsonObject(map) : null,
    unit: readString(item.unit),
    epoch: readInt(item.epoch),
    step: readInt(item.step),
    timestamp,
    sortKey: sk,
    epochToken: readString(item.epoch_token),
  };
}

/** What a new metric point stores (value is a number or a map such as a per-label dict). */
export interface NewMetricPoint {
  jobId: string;
  name: string;
  value: number | Record<string, number>;
  unit?: string | null;
  epoch?: number | null;
  step?: number | null;
  timestamp: string;
  epochToken?: string;
}

/** The stored item of a metric point, with the legacy writer's attribute names. */
export function metricPointToItem(p: NewMetricPoint): Item {
  return {
    ...metricPointKeys(p.jobId, p.name, p.timestamp),
    TYPE: ItemType.metric,
    job_id: p.jobId,
    metric_name: p.name,
    timestamp: p.timestamp,
    value: p.value,
    ...(p.unit ? { unit: p.unit } : {}),
    ...(p.step !== undefined && p.step !== null ? { step: p.step } : {}),
    ...(p.epoch !== undefined && p.epoch !== null ? { epoch: p.epoch } : {}),
    ...(p.epochToken ? { epoch_token: p.epochToken } : {}),
  };
}

/** Parses a write marker item; null for anything else. */
export function parseWriteMarker(item: Item): WriteMarker | null {
  if (item.TYPE !== ItemType.writeMarker || !isWriteMarkerSortKey(String(item.SK))) return null;
  const jobId = jobIdOfPartition(String(item.PK));
  if (!jobId) return null;
  return {
    jobId,
    epoch: readInt(item.epoch),
    timestamp: String(item.timestamp),
    content: String(item.content),
    committed: item.committed === true,
    token: String(item.token),
  };
}

/** The stored item of a write marker. */
export function writeMarkerToItem(m: WriteMarker): Item {
  return {
    ...writeMarkerKey(m.jobId, m.epoch),
    TYPE: ItemType.writeMarker,
    ...(m.epoch !== null ? { epoch: m.epoch } : {}),
    timestamp: m.timestamp,
    content: m.content,
    committed: m.committed,
    token: m.token,
  };
}
