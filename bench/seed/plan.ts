import type { JobStatusValue } from '../../src/modules/jobs/job-model';
import { formatMicros } from '../../src/platform/time';
import {
  clamp01,
  precisionRecall,
  prng,
  RECEIPT_LABELS,
  round,
  uuidFrom,
  type EpochValues as BaseEpochValues,
  type LabelRow,
} from '../../src/app/scripts/synthetic';

/** `count` labels: the receipt model's, then made-up ones (`ENTITY_13`...) for larger label sets. */
export function labelSet(count: number): { label: string; ceiling: number; support: number }[] {
  return Array.from(
    { length: count },
    (_, i) => RECEIPT_LABELS[i] ?? { label: `ENTITY_${i + 1}`, ceiling: 0.8 + (i % 7) / 50, support: 40 + ((i * 37) % 300) },
  );
}

/** One label's scores in one epoch. */
export type { LabelRow };

/** Everything a trainer reports for one evaluation epoch: a recordEpoch input without the job id. */
export interface EpochValues extends BaseEpochValues {
  extra: { name: string; value: number; unit: string }[];
}

/** How a run learns: the share of each label's ceiling it reaches, and how fast. */
export interface RunShape {
  seed: number;
  quality: number;
  speed: number;
  labels: number;
  stepsPerEpoch: number;
  plannedEpochs: number;
}

/** The values of epoch `epoch` (1-based) of a run: label F1s rise toward their ceilings, val_* are support-weighted means. */
export function epochValues(shape: RunShape, epoch: number): EpochValues {
  const rand = prng(shape.seed * 1000 + epoch);
  const noise = (size: number) => (rand() - 0.5) * 2 * size;
  const progress = 1 - Math.exp(-shape.speed * epoch);
  const labels = labelSet(shape.labels).map((l) => {
    const start = l.ceiling * 0.35;
    const f1 = clamp01(start + (l.ceiling * shape.quality - start) * progress + noise(0.018));
    return { label: l.label, f1: round(f1), ...precisionRecall(f1, noise(0.035)), support: l.support };
  });
  const weight = labels.reduce((n, l) => n + l.support, 0);
  const mean = (key: 'f1' | 'precision' | 'recall') => round(labels.reduce((s, l) => s + l[key] * l.support, 0) / weight);
  const step = epoch * shape.stepsPerEpoch;
  const totalSteps = shape.plannedEpochs * shape.stepsPerEpoch;
  return {
    epoch,
    step,
    valF1: mean('f1'),
    valPrecision: mean('precision'),
    valRecall: mean('recall'),
    evalLoss: round(0.2 / shape.quality + 1.05 * Math.exp(-shape.speed * 1.3 * (epoch - 1)) + noise(0.012)),
    trainLoss: round(0.04 + 1.45 * Math.exp(-shape.speed * 1.6 * (epoch - 1)) + noise(0.01)),
    learningRate: Number((5e-5 * (1 - (step - 1) / totalSteps)).toPrecision(4)),
    labels,
    extra: [
      { name: 'samples_per_second', value: round(5.4 + noise(0.3), 2), unit: 'samples/s' },
      { name: 'gpu_memory_used', value: round(8.6 + rand() * 0.4, 2), unit: 'GB' },
    ],
  };
}

/** A job of the seeded table. */
export interface PlannedJob {
  id: string;
  name: string;
  /** Epoch microseconds of creation; everything of the job is recorded after it. */
  createdMicros: bigint;
  status: JobStatusValue;
  /** Written in the legacy writer's flat per-label shape, each row with its own timestamp. */
  legacy: boolean;
  shape: RunShape;
  epochs: number;
  /** Length of the job's step-level train_loss series (0: none). */
  stepPoints: number;
  /**
   * The packed copy of a per-point step-series job (the layout before packing, kept as the baseline): its series holds
   * the same points, under this job's id, stored as logMetrics stores them now. Null for every other job.
   */
  seriesOf: PlannedJob | null;
}

/** Whether a job's step series is stored per point (the baseline's layout) rather than packed. */
export const perPointSeries = (job: PlannedJob) => job.stepPoints > 0 && job.seriesOf === null;

/** Steps between two logged train_loss points (the Trainer's logging_steps). */
export const LOGGING_STEPS = 10;

/** Seconds between job creations and between a job's evaluations. */
const JOB_SPACING_S = 6 * 3600;
export const EPOCH_SPACING_S = 420;
const BASE_MICROS = BigInt(Date.parse('2026-03-01T08:00:00Z')) * 1000n;

/** The timestamp `seconds` (and `micros`) after `from`, in the writer's form. */
export function timestampAfter(from: bigint, seconds: number, micros = 0): string {
  return formatMicros(from + BigInt(Math.round(seconds * 1_000_000)) + BigInt(micros));
}

/** Final status of the i-th regular job: the newest ones still run, a few failed or were stopped. */
function statusOf(i: number, count: number): JobStatusValue {
  if (i >= count - Math.max(1, Math.round(count / 20))) return 'RUNNING';
  if (i % 9 === 4) return 'FAILED';
  if (i % 23 === 7) return 'CANCELLED';
  if (i % 31 === 11) return 'INTERRUPTED';
  return 'SUCCEEDED';
}

/**
 * The jobs of the table, oldest first: the legacy share first (the Python writer came before the server), then
 * server-written runs; the step-series jobs are spread over the timeline between them.
 */
export function planJobs(opts: {
  jobs: number;
  epochs: number;
  labels: number;
  legacyShare: number;
  stepJobs: number;
  stepPoints: number;
}): PlannedJob[] {
  const rand = prng(20260301);
  const total = opts.jobs + opts.stepJobs;
  const legacyCount = Math.round(opts.jobs * opts.legacyShare);
  const stepSlots = new Set(
    Array.from({ length: opts.stepJobs }, (_, k) => legacyCount + Math.floor(((k + 0.5) * (total - legacyCount)) / opts.stepJobs)),
  );
  const jobs: PlannedJob[] = [];
  let regular = 0;
  for (let i = 0; i < total; i++) {
    const step = stepSlots.has(i);
    const legacy = !step && i < legacyCount;
    // A step-series job logs train_loss every LOGGING_STEPS steps, its series spread evenly over its epochs.
    const stepsPerEpoch = step ? Math.ceil((opts.stepPoints * LOGGING_STEPS) / opts.epochs) : 277;
    const shape: RunShape = {
      seed: i + 1,
      quality: 0.86 + rand() * 0.13,
      speed: 0.25 + rand() * 0.3,
      labels: opts.labels,
      stepsPerEpoch,
      plannedEpochs: opts.epochs,
    };
    jobs.push({
      id: uuidFrom(rand),
      name: `${legacy ? 'layoutlm-legacy' : 'layoutlm-receipts'}-${String(i + 1).padStart(4, '0')}`,
      createdMicros: BASE_MICROS + BigInt(i * JOB_SPACING_S) * 1_000_000n,
      status: step ? 'SUCCEEDED' : statusOf(regular, opts.jobs),
      legacy,
      shape,
      epochs: opts.epochs,
      stepPoints: step ? opts.stepPoints : 0,
      seriesOf: null,
    });
    if (!step) regular++;
  }
  return withPackedCopies(jobs);
}

/**
 * Each step-series job followed by its packed copy: a job of its own (epochs of another seed, so no leaderboard tie),
 * created 3 hours after it, whose series holds the same points packed. Its ids come from a PRNG of their own, so the
 * other jobs are what they were before the copies existed.
 */
function withPackedCopies(jobs: PlannedJob[]): PlannedJob[] {
  const rand = prng(20260302);
  return jobs.flatMap((job) =>
    job.stepPoints > 0
      ? [
          job,
          {
            ...job,
            id: uuidFrom(rand),
            name: `${job.name}-packed`,
            createdMicros: job.createdMicros + BigInt(JOB_SPACING_S / 2) * 1_000_000n,
            shape: { ...job.shape, seed: job.shape.seed + 50_000 },
            seriesOf: job,
          },
        ]
      : [job],
  );
}

/**
 * Jobs the write workloads (and the leaderboard check) add after the seeded ones: `count` jobs named `prefix-<n>`,
 * created after every seeded job. With `sameAs`, the i-th job copies the name, time and shape of `sameAs[i]` (so the
 * items a GraphQL trainer and a raw trainer store differ only in the job id).
 */
export function planMoreJobs(opts: {
  prefix: string;
  count: number;
  after: number;
  epochs: number;
  labels: number;
  status: JobStatusValue;
  stepPoints?: number;
  seed: number;
  sameAs?: PlannedJob[];
}): PlannedJob[] {
  const rand = prng(opts.seed);
  return Array.from({ length: opts.count }, (_, i) => {
    const twin = opts.sameAs?.[i];
    const stepPoints = opts.stepPoints ?? 0;
    return {
      id: uuidFrom(rand),
      name: twin?.name ?? `${opts.prefix}-${String(i + 1).padStart(4, '0')}`,
      createdMicros: twin?.createdMicros ?? BASE_MICROS + BigInt((opts.after + i) * JOB_SPACING_S) * 1_000_000n,
      status: opts.status,
      legacy: false,
      shape: twin?.shape ?? {
        seed: opts.seed + i,
        quality: 0.86 + rand() * 0.13,
        speed: 0.25 + rand() * 0.3,
        labels: opts.labels,
        stepsPerEpoch: stepPoints ? 50_000 : 277,
        // Trainers of the write workloads record as many epochs as the run lasts; the schedule must not end first.
        plannedEpochs: Math.max(opts.epochs, 100_000),
      },
      epochs: opts.epochs,
      stepPoints,
      seriesOf: null,
    };
  });
}
