import type { JsonObject } from '../../platform/json-values';

/** One stored metric point (`METRIC#` item), numbers or a map value. */
export interface MetricPoint {
  jobId: string;
  name: string;
  value: number | null;
  data: JsonObject | null;
  unit: string | null;
  epoch: number | null;
  step: number | null;
  timestamp: string;
  /** Sort key of the stored item, the point's position within its job. */
  sortKey: string;
  /** Set on points of an epoch written in several transactions; visible only once that epoch commits. */
  epochToken: string | null;
}

/** Merged entity-level scores of one label in one epoch of one job. */
export interface LabelScores {
  jobId: string;
  label: string;
  epoch: number | null;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  support: number | null;
  timestamp: string;
}

/** The standard metrics of one epoch, with its labels and extras. */
export interface EpochRow {
  jobId: string;
  epoch: number;
  step: number | null;
  valF1: number | null;
  valPrecision: number | null;
  valRecall: number | null;
  evalLoss: number | null;
  trainLoss: number | null;
  learningRate: number | null;
  isBest: boolean;
  labels: LabelScores[];
  extra: MetricPoint[];
  recordedAt: string;
}

/** The server's record that an epoch (or the dataset metrics) was written, with its content fingerprint. */
export interface WriteMarker {
  jobId: string;
  /** Epoch number, or null for the run-level dataset metrics. */
  epoch: number | null;
  timestamp: string;
  content: string;
  committed: boolean;
  token: string;
}

/** One metric of one job, for comparisons. */
export interface SeriesModel {
  jobId: string;
  points: MetricPoint[];
  best: MetricPoint | null;
  last: MetricPoint | null;
}

/** A job's best value of a ranked metric. */
export interface LeaderboardRow {
  rank: number;
  jobId: string;
  value: number;
  epoch: number | null;
}

/** The descriptor of a job's step-level series: how its steps are blocked for summaries, and its step range. */
export interface StepSeriesDescriptor {
  jobId: string;
  name: string;
  /** Steps per summary block, fixed when the series starts (about 100 logged points a block). */
  blockSteps: number;
  minStep: number;
  /** No stored point of the series has a higher step: it is raised before points are written. */
  maxStep: number;
  /** Points stored; null for a series begun before packing that `npm run migrate` has not converted yet. */
  count: number | null;
  /**
   * Whether every point is in packed parts. False for a series begun before packing: per-point items and block
   * summaries may exist beside its parts until `npm run migrate` folds them in.
   */
  packed: boolean;
  version: number;
}

/** One extreme point kept by a block summary. */
export interface BlockPoint {
  step: number;
  value: number;
  timestamp: string;
  epoch: number | null;
}

/** Summary of one block of steps: its first, last, minimum and maximum points. */
export interface StepBlock {
  jobId: string;
  name: string;
  block: number;
  unit: string | null;
  first: BlockPoint;
  last: BlockPoint;
  min: BlockPoint;
  max: BlockPoint;
  version: number;
}
