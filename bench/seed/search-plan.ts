import type { JobStatusValue } from '../../src/modules/jobs/job-model';
import type { JsonObject } from '../../src/platform/json-values';
import { prng, round, uuidFrom } from '../../src/app/scripts/synthetic';

/*
 * SR's table: many jobs with varied configs (30 leaf keys, some nested), tags, statuses and a few epochs of the two
 * ranked metrics (val_f1, eval_loss), drawn from a seeded PRNG so every run searches the same table. Pure: the items are built in search-items.ts.
 */

/** The values one epoch records (what recordEpoch would get). */
export interface SearchEpoch {
  epoch: number;
  step: number;
  valF1: number;
  evalLoss: number;
}

/** One job of SR's table. */
export interface SearchJob {
  id: string;
  name: string;
  createdMicros: bigint;
  status: JobStatusValue;
  createdBy: string;
  config: JsonObject;
  tags: Record<string, string>;
  epochs: SearchEpoch[];
  /** Written as the legacy Python writer writes (rows with their own timestamps, no write markers). */
  legacy: boolean;
  /** Token of each epoch's write marker (server-written jobs). */
  tokens: string[];
}

export const MODEL_NAMES = ['layoutlmv3-base', 'layoutlmv3-large', 'layoutlm-base-uncased', 'lilt-roberta-en-base'] as const;
export const OPTIMIZERS = ['adamw', 'adafactor', 'sgd'] as const;
export const DATASETS = ['receipts-2026-09', 'receipts-2026-10', 'receipts-2026-11'] as const;
export const TEAMS = ['receipts', 'invoices', 'ocr', 'research'] as const;
const WRITERS = ['alice', 'bob', 'carol', 'sweep-bot'] as const;
/** optimizer.lr is log-uniform between these. */
export const LR_RANGE = [1e-6, 1e-3] as const;
/** Best val_f1 values are spread evenly over this range, one slot per job, so no two jobs tie on it. */
export const BEST_F1_RANGE = [0.6, 0.97] as const;

const BASE_MICROS = BigInt(Date.parse('2026-01-05T08:00:00Z')) * 1000n;
/** Minutes between two jobs' creation. */
const JOB_SPACING_MIN = 20;
/** Seconds between two epochs of a job (and from its creation to its first epoch). */
export const SEARCH_EPOCH_SPACING_S = 600;
const STEPS_PER_EPOCH = 250;
/** Share of the jobs written by the legacy writer. */
const LEGACY_SHARE = 0.2;

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** A status: mostly succeeded, the rest failed, stopped, still running or waiting. */
function statusOf(rand: () => number): JobStatusValue {
  const r = rand();
  if (r < 0.72) return 'SUCCEEDED';
  if (r < 0.82) return 'FAILED';
  if (r < 0.86) return 'CANCELLED';
  if (r < 0.89) return 'INTERRUPTED';
  if (r < 0.97) return 'RUNNING';
  return 'PENDING';
}

/**
 * How many epochs a job of that status has recorded: a finished run 3 or 4, a stopped or running one 1 or 2, a pending
 * one none. Few on purpose: DynamoDB Local stores about 1,300 items/s on one thread (job items about 700/s), and the job
 * items and their two leaderboard summaries alone are 30,000 items at 10,000 jobs.
 */
function epochCount(status: JobStatusValue, rand: () => number): number {
  if (status === 'PENDING') return 0;
  if (status === 'SUCCEEDED') return 3 + Math.floor(rand() * 2);
  return 1 + Math.floor(rand() * 2);
}

/** A config of 30 leaf keys (scalars, one list, three nested maps). */
function configOf(rand: () => number, name: string, epochs: number): JsonObject {
  const model = pick(rand, MODEL_NAMES);
  const lr = Number((LR_RANGE[0] * (LR_RANGE[1] / LR_RANGE[0]) ** rand()).toPrecision(3));
  return {
    model_name: model,
    tokenizer: model,
    optimizer: { name: pick(rand, OPTIMIZERS), lr, weight_decay: pick(rand, [0, 0.01, 0.05]), eps: 1e-8 },
    scheduler: { name: pick(rand, ['linear', 'cosine', 'constant_with_warmup']), warmup_ratio: pick(rand, [0, 0.06, 0.1]) },
    seed: Math.floor(rand() * 5),
    batch_size: pick(rand, [4, 8, 16, 32]),
    eval_batch_size: pick(rand, [16, 32]),
    gradient_accumulation_steps: pick(rand, [1, 2, 4]),
    epochs: Math.max(epochs, 5),
    max_seq_length: pick(rand, [256, 512]),
    fp16: rand() < 0.7,
    gradient_checkpointing: rand() < 0.3,
    early_stopping: rand() < 0.5,
    early_stopping_patience: pick(rand, [2, 3, 5]),
    label_smoothing: pick(rand, [0, 0.1]),
    dropout: pick(rand, [0.1, 0.2]),
    lora_r: pick(rand, [0, 8, 16]),
    target_modules: ['query', 'value'],
    data: {
      version: pick(rand, ['v3', 'v4', 'v5']),
      train_receipts: 1500 + Math.floor(rand() * 1000),
      val_receipts: 400 + Math.floor(rand() * 200),
      bucket: 's3://receipt-training-data/layoutlm/',
      augment: rand() < 0.4,
    },
    output_dir: `s3://layoutlm-training/runs/${name}/`,
    git_commit: Math.floor(rand() * 0xfffffff)
      .toString(16)
      .padStart(7, '0'),
    checkpoint_metric: 'eval_f1',
  };
}

/** The config's leaf values by dotted path (lists are leaves). */
export function configLeaves(config: JsonObject, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [p, v] of configLeaves(value as JsonObject, path)) out.set(p, v);
    } else out.set(path, value);
  }
  return out;
}

function tagsOf(rand: () => number): Record<string, string> {
  const tags: Record<string, string> = {};
  if (rand() < 0.9) tags.dataset = pick(rand, DATASETS);
  if (rand() < 0.8) tags.team = pick(rand, TEAMS);
  if (rand() < 0.3) tags.sweep = `sweep-${1 + Math.floor(rand() * 40)}`;
  return tags;
}

/**
 * A job's epochs: its best val_f1 is `best` (at a random epoch, later ones likelier), every other epoch strictly below
 * it, so the best epoch is never decided by a tie; eval_loss falls with noise.
 */
function epochsOf(rand: () => number, count: number, best: number): SearchEpoch[] {
  if (count === 0) return [];
  const bestEpoch = Math.min(count, 1 + Math.floor(Math.sqrt(rand()) * count));
  const floor = 0.5 + rand() * 0.3;
  return Array.from({ length: count }, (_, i) => {
    const epoch = i + 1;
    return {
      epoch,
      step: epoch * STEPS_PER_EPOCH,
      valF1: epoch === bestEpoch ? best : round(best - 0.001 - rand() * 0.05, 6),
      evalLoss: round(floor / (1 + 0.4 * epoch) + rand() * 0.03, 4),
    };
  });
}

/**
 * `count` jobs, oldest first. Best val_f1 values are slots of BEST_F1_RANGE in a seeded permutation: unique, so a
 * ranking by them has no ties for the two sides to break differently.
 */
export function planSearchJobs(count: number, seed = 17_2026): SearchJob[] {
  const rand = prng(seed);
  const slots = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const [lo, hi] = BEST_F1_RANGE;
  return slots.map((slot, i) => {
    const name = `search-run-${String(i + 1).padStart(5, '0')}`;
    const status = statusOf(rand);
    const epochs = epochsOf(rand, epochCount(status, rand), round(lo + ((hi - lo) * (slot + 0.5)) / count, 6));
    const legacy = rand() < LEGACY_SHARE;
    return {
      id: uuidFrom(rand),
      name,
      createdMicros: BASE_MICROS + BigInt(i * JOB_SPACING_MIN * 60) * 1_000_000n,
      status,
      createdBy: legacy ? 'system' : pick(rand, WRITERS),
      config: configOf(rand, name, epochs.length),
      tags: tagsOf(rand),
      epochs,
      legacy,
      tokens: legacy ? [] : epochs.map(() => uuidFrom(rand)),
    };
  });
}
