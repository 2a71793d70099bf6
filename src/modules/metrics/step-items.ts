import type { Item } from '../../db/batch';
import { ItemType, jobIdOfPartition, seriesNameOfSortKey, stepBlockKey, stepPointKey, stepSeriesDescriptorKey } from '../../db/schema';
import { readInt, readMap, readNumber, readString } from '../../db/item-values';
import type { BlockPoint, MetricPoint, StepBlock, StepSeriesDescriptor } from './metric-model';

/** A new step-level point. */
export interface NewStepPoint {
  jobId: string;
  name: string;
  value: number;
  step: number;
  epoch: number | null;
  unit: string | null;
  timestamp: string;
}

/** The item of a step point: the legacy JobMetric attributes, in the series' own partition, in no all-jobs index. */
export function stepPointToItem(p: NewStepPoint): Item {
  return {
    ...stepPointKey(p.jobId, p.name, p.step),
    TYPE: ItemType.stepPoint,
    job_id: p.jobId,
    metric_name: p.name,
    timestamp: p.timestamp,
    value: p.value,
    step: p.step,
    ...(p.epoch !== null ? { epoch: p.epoch } : {}),
    ...(p.unit ? { unit: p.unit } : {}),
  };
}

/** Parses a step point item into a metric point; null for anything else. */
export function parseStepPoint(item: Item): MetricPoint | null {
  if (item.TYPE !== ItemType.stepPoint) return null;
  const jobId = readString(item.job_id);
  const name = readString(item.metric_name);
  const value = readNumber(item.value);
  const step = readInt(item.step);
  const timestamp = readString(item.timestamp);
  if (!jobId || !name || value === null || step === null || !timestamp) return null;
  return {
    jobId,
    name,
    value,
    data: null,
    unit: readString(item.unit),
    epoch: readInt(item.epoch),
    step,
    timestamp,
    sortKey: String(item.SK),
    epochToken: null,
  };
}

/** A head's `layout` when every point of its series is in packed parts (absent: per-point items may exist). */
const PACKED_LAYOUT = 'packed';

/** The descriptor item (in the job partition, so reading a job tells which step series it has). */
export function descriptorToItem(d: StepSeriesDescriptor): Item {
  return {
    ...stepSeriesDescriptorKey(d.jobId, d.name),
    TYPE: ItemType.stepSeries,
    metric_name: d.name,
    block_steps: d.blockSteps,
    min_step: d.minStep,
    max_step: d.maxStep,
    ...(d.count !== null ? { count: d.count } : {}),
    ...(d.packed ? { layout: PACKED_LAYOUT } : {}),
    version: d.version,
  };
}

/** Parses a descriptor item; null for anything else. */
export function parseDescriptor(item: Item): StepSeriesDescriptor | null {
  if (item.TYPE !== ItemType.stepSeries || seriesNameOfSortKey(String(item.SK)) === null) return null;
  const jobId = jobIdOfPartition(String(item.PK));
  const name = readString(item.metric_name);
  const blockSteps = readInt(item.block_steps);
  const minStep = readInt(item.min_step);
  const maxStep = readInt(item.max_step);
  if (!jobId || !name || !blockSteps || minStep === null || maxStep === null) return null;
  return {
    jobId,
    name,
    blockSteps,
    minStep,
    maxStep,
    count: readInt(item.count),
    packed: item.layout === PACKED_LAYOUT,
    version: readInt(item.version) ?? 0,
  };
}

function blockPointToMap(p: BlockPoint): Record<string, unknown> {
  return { step: p.step, value: p.value, timestamp: p.timestamp, ...(p.epoch !== null ? { epoch: p.epoch } : {}) };
}

function parseBlockPoint(value: unknown): BlockPoint | null {
  const map = readMap(value);
  const step = readInt(map?.step);
  const v = readNumber(map?.value);
  const timestamp = readString(map?.timestamp);
  if (step === null || v === null || !timestamp) return null;
  return { step, value: v, timestamp, epoch: readInt(map?.epoch) };
}

/** The item of a block summary. */
export function blockToItem(b: StepBlock): Item {
  return {
    ...stepBlockKey(b.jobId, b.name, b.block),
    TYPE: ItemType.stepBlock,
    job_id: b.jobId,
    metric_name: b.name,
    block: b.block,
    ...(b.unit ? { unit: b.unit } : {}),
    first: blockPointToMap(b.first),
    last: blockPointToMap(b.last),
    min: blockPointToMap(b.min),
    max: blockPointToMap(b.max),
    version: b.version,
  };
}

/** Parses a block summary item; null for anything else. */
export function parseBlock(item: Item): StepBlock | null {
  if (item.TYPE !== ItemType.stepBlock) return null;
  const jobId = readString(item.job_id);
  const name = readString(item.metric_name);
  const block = readInt(item.block);
  const [first, last, min, max] = [item.first, item.last, item.min, item.max].map(parseBlockPoint);
  if (!jobId || !name || block === null || !first || !last || !min || !max) return null;
  return { jobId, name, block, unit: readString(item.unit), first, last, min, max, version: readInt(item.version) ?? 0 };
}

/** A block's extreme as a metric point of the series. */
export function blockPointToMetric(jobId: string, name: string, unit: string | null, p: BlockPoint): MetricPoint {
  return {
    jobId,
    name,
    value: p.value,
    data: null,
    unit,
    epoch: p.epoch,
    step: p.step,
    timestamp: p.timestamp,
    sortKey: stepPointKey(jobId, name, p.step).SK,
    epochToken: null,
  };
}
