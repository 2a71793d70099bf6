import type { FastifyInstance } from 'fastify';
import { isLocalEndpoint } from '../../db/client';
import { clamp01, precisionRecall, prng, RECEIPT_LABELS, round, type EpochValues } from './synthetic';
import { batchPut, partitionKeys, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { jobPartition } from '../../db/schema';
import { loadConfig, type AppConfig } from '../config';
import { runScript } from '../process-setup';
import { jobToItem, statusChangeToItem } from '../../modules/jobs/job-item';
import type { JsonObject } from '../../platform/json-values';
import { logToItem } from '../../modules/logs/log-item';
import { flatLabelMetricNames } from '../../modules/metrics/label-rules';
import { metricPointToItem } from '../../modules/metrics/metric-item';
import { STANDARD_UNITS, type StandardMetricName } from '../../modules/metrics/metric-rules';
import { buildServer } from '../server';
import { formatMicros, parseTimestampMicros } from '../../platform/time';
import { openStorage } from '../storage';

/*
 * `npm run seed:demo`: a realistic demo table for newcomers. Five LayoutLM receipt runs go through the real GraphQL
 * API in-process (createJob, recordDatasetMetrics, logMetrics with step-level train_loss and learning_rate, recordEpoch,
 * appendJobLog, finalizeJob), and one older run is
 * written straight to the table in the legacy Python writer's flat per-label shape. Job ids are fixed and the curves
 * come from a seeded generator, so running it again replays the same content: what is there is a no-op, what is
 * missing (a run cut off by Ctrl-C) is written. A demo job that can no longer be completed (finished with an epoch
 * missing, or holding other content) stops the run with the job named and `--reset` offered, which deletes the demo
 * jobs (only those) and writes them again.
 */

const say = (msg: string) => process.stdout.write(`${msg}\n`);

// ---------------------------------------------------------------------------------------------------------------
// The demo runs.

const LABELS = RECEIPT_LABELS;

type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
interface DemoLog {
  level: LogLevel;
  message: string;
  /** Appended after the epochs instead of before. */
  atEnd?: boolean;
}

/** One API-written run: its creation input, how its curves look, and how it ends (null: still running). */
interface DemoRun {
  id: string;
  name: string;
  description: string;
  priority: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  tags: Record<string, string>;
  seed: number;
  learningRate: number;
  batchSize: number;
  plannedEpochs: number;
  recordedEpochs: number;
  trainSamples: number;
  valSamples: number;
  /** Fraction of each label's ceiling this run reaches, and how fast it gets there. */
  quality: number;
  speed: number;
  /** From this epoch on the run overfits: eval_loss climbs and val_f1 sags. */
  overfitFrom?: number;
  secondsPerEpoch: number;
  outcome: { status: 'SUCCEEDED' | 'FAILED'; extra: JsonObject } | null;
  logs: DemoLog[];
}

const RUN_SOURCE = 'receipt_layoutlm.trainer';
const BIO_LABELS = ['O', ...LABELS.flatMap((l) => [`B-${l.label}`, `I-${l.label}`])];

function runConfig(run: DemoRun): JsonObject {
  return {
    model_name: 'microsoft/layoutlm-base-uncased',
    epochs: run.plannedEpochs,
    batch_size: run.batchSize,
    learning_rate: run.learningRate,
    warmup_ratio: 0.06,
    weight_decay: 0.01,
    max_seq_length: 512,
    early_stopping_patience: 3,
    label_list: LABELS.map((l) => l.label),
    dataset: { train_receipts: run.trainSamples, val_receipts: run.valSamples, bucket: 's3://receipt-training-data/layoutlm/' },
  };
}

const SUCCEEDED: DemoRun['outcome'] = {
  status: 'SUCCEEDED',
  extra: { checkpoint_metric: 'eval_f1', num_labels: BIO_LABELS.length, label_list: BIO_LABELS, metrics_comparable: true },
};
const FINISHED_LOG: DemoLog = { level: 'INFO', message: 'Training finished; best checkpoint uploaded', atEnd: true };

/** A run on the November export with the baseline settings, changed by `run`. */
function demoRun(run: Pick<DemoRun, 'id' | 'name' | 'description' | 'seed' | 'quality' | 'speed'> & Partial<DemoRun>): DemoRun {
  return {
    priority: 'MEDIUM',
    tags: { team: 'receipts', dataset: 'receipts-2026-11' },
    learningRate: 5e-5,
    batchSize: 8,
    plannedEpochs: 10,
    recordedEpochs: 10,
    trainSamples: 2210,
    valSamples: 540,
    secondsPerEpoch: 412,
    outcome: SUCCEEDED,
    logs: [FINISHED_LOG],
    ...run,
  };
}

const RUNS: DemoRun[] = [
  demoRun({
    id: '5eed0020-1a7e-4c3b-9d2e-6f8a0b1c2d20',
    name: 'layoutlm-receipts-v20',
    description: 'Baseline on the November receipt export: LayoutLM base, lr 5e-5, batch 8',
    tags: { team: 'receipts', dataset: 'receipts-2026-11', purpose: 'baseline' },
    seed: 20,
    quality: 0.93,
    speed: 0.42,
  }),
  demoRun({
    id: '5eed0021-1a7e-4c3b-9d2e-6f8a0b1c2d21',
    name: 'layoutlm-receipts-v21',
    description: 'Lower learning rate (3e-5) with 6% warmup',
    tags: { team: 'receipts', dataset: 'receipts-2026-11', purpose: 'lr-sweep' },
    seed: 21,
    learningRate: 3e-5,
    quality: 0.965,
    speed: 0.36,
    secondsPerEpoch: 415,
  }),
  demoRun({
    id: '5eed0022-1a7e-4c3b-9d2e-6f8a0b1c2d22',
    name: 'layoutlm-receipts-v22-lr1e-4',
    description: 'Aggressive learning rate (1e-4): fast start, overfits after epoch 5',
    priority: 'LOW',
    tags: { team: 'receipts', dataset: 'receipts-2026-11', purpose: 'lr-sweep' },
    seed: 22,
    learningRate: 1e-4,
    quality: 0.91,
    speed: 0.75,
    overfitFrom: 5,
    secondsPerEpoch: 409,
    outcome: {
      status: 'FAILED',
      extra: {
        error: 'ClientError: An error occurred (AccessDenied) when calling the PutObject operation',
        failed_step: 'upload_best_checkpoint',
      },
    },
    logs: [
      {
        level: 'WARNING',
        message: 'eval_loss rose for 3 consecutive evaluations (epochs 6-8); early stopping is disabled for this sweep',
        atEnd: true,
      },
      {
        level: 'ERROR',
        message: JSON.stringify({
          type: 'error',
          step: 'upload_best_checkpoint',
          error: 'ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied',
          bucket: 'layoutlm-training',
        }),
        atEnd: true,
      },
    ],
  }),
  demoRun({
    id: '5eed0023-1a7e-4c3b-9d2e-6f8a0b1c2d23',
    name: 'layoutlm-receipts-v23',
    description: 'v21 settings on the merged Oct+Nov export (3,480 training receipts)',
    priority: 'HIGH',
    tags: { team: 'receipts', dataset: 'receipts-2026-10-11', purpose: 'more-data' },
    seed: 23,
    learningRate: 3e-5,
    trainSamples: 3480,
    valSamples: 610,
    quality: 0.985,
    speed: 0.4,
    secondsPerEpoch: 648,
  }),
  demoRun({
    id: '5eed0024-1a7e-4c3b-9d2e-6f8a0b1c2d24',
    name: 'layoutlm-receipts-v24-long',
    description: 'v23 with 15 epochs and batch 16; still training',
    priority: 'HIGH',
    tags: { team: 'receipts', dataset: 'receipts-2026-10-11', purpose: 'long-schedule' },
    seed: 24,
    learningRate: 4e-5,
    batchSize: 16,
    plannedEpochs: 15,
    trainSamples: 3480,
    valSamples: 610,
    quality: 0.99,
    speed: 0.3,
    secondsPerEpoch: 590,
    outcome: null,
    logs: [],
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Curves.

/**
 * Per-epoch values of one run (epochs count from 1, as the HF Trainer does): label F1s rise toward their ceiling
 * with noise, val_* are their support-weighted means, losses fall (eval_loss turns up when overfitting), and the
 * learning rate decays linearly to 0 over the planned steps.
 */
function epochCurves(spec: {
  seed: number;
  epochs: number;
  plannedEpochs: number;
  stepsPerEpoch: number;
  learningRate: number;
  quality: number;
  speed: number;
  supportScale: number;
  overfitFrom?: number;
}): EpochValues[] {
  const rand = prng(spec.seed);
  const noise = (size: number) => (rand() - 0.5) * 2 * size;
  const totalSteps = spec.plannedEpochs * spec.stepsPerEpoch;
  const out: EpochValues[] = [];
  for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    const progress = 1 - Math.exp(-spec.speed * epoch);
    const overfit = spec.overfitFrom !== undefined ? Math.max(0, epoch - spec.overfitFrom) : 0;
    const labels = LABELS.map((l) => {
      const start = l.ceiling * 0.35;
      const f1 = clamp01(start + (l.ceiling * spec.quality - start) * progress - 0.006 * overfit + noise(0.018));
      return { label: l.label, f1: round(f1), ...precisionRecall(f1, noise(0.035)), support: Math.round(l.support * spec.supportScale) };
    });
    const weight = labels.reduce((n, l) => n + l.support, 0);
    const mean = (key: 'f1' | 'precision' | 'recall') => round(labels.reduce((s, l) => s + l[key] * l.support, 0) / weight);
    const step = epoch * spec.stepsPerEpoch;
    out.push({
      epoch,
      step,
      valF1: mean('f1'),
      valPrecision: mean('precision'),
      valRecall: mean('recall'),
      evalLoss: round(0.2 / spec.quality + 1.05 * Math.exp(-spec.speed * 1.3 * (epoch - 1)) + 0.035 * overfit + noise(0.012)),
      trainLoss: round(0.04 + 1.45 * Math.exp(-spec.speed * 1.6 * (epoch - 1)) + noise(0.01)),
      // Logged on the last optimizer step before the evaluation.
      learningRate: Number((spec.learningRate * (1 - (step - 1) / totalSteps)).toPrecision(4)),
      labels,
    });
  }
  return out;
}

/**
 * The step-level points a trainer's logging callback sends during epoch `epoch` (steps after the previous evaluation up
 * to this one): train_loss, noisy around the run's decay with an occasional spike, and the learning rate's linear decay.
 */
function stepPoints(
  run: Pick<DemoRun, 'seed' | 'speed' | 'learningRate' | 'plannedEpochs'>,
  epoch: number,
  spe: number,
): { name: string; value: number; step: number; epoch: number; unit: string }[] {
  const rand = prng(run.seed * 31 + epoch);
  const totalSteps = run.plannedEpochs * spe;
  const points = [];
  for (let step = (epoch - 1) * spe + 1; step <= epoch * spe; step++) {
    const t = step / spe;
    const base = 0.04 + 1.45 * Math.exp(-run.speed * 1.6 * (t - 1));
    const spike = rand() < 0.004 ? 0.6 + rand() * 0.8 : 0;
    points.push(
      { name: 'train_loss', value: round(base * (0.85 + rand() * 0.3) + spike), step, epoch, unit: 'loss' },
      {
        name: 'learning_rate',
        value: Number((run.learningRate * (1 - (step - 1) / totalSteps)).toPrecision(4)),
        step,
        epoch,
        unit: 'rate',
      },
    );
  }
  return points;
}

/** The most points one logMetrics call takes. */
const POINTS_PER_CALL = 1000;

function stepsPerEpoch(trainSamples: number, batchSize: number): number {
  return Math.ceil(trainSamples / batchSize);
}

// ---------------------------------------------------------------------------------------------------------------
// The GraphQL API, in-process.

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
type Payload = { userErrors: UserError[] } & Record<string, unknown>;

class DemoApi {
  constructor(private readonly app: FastifyInstance) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
    const body = res.json<{ data?: T; errors?: { message: string }[] }>();
    if (res.statusCode !== 200 || body.errors?.length || !body.data) {
      throw new Error(`GraphQL request failed (HTTP ${res.statusCode}): ${body.errors?.map((e) => e.message).join('; ') ?? res.body}`);
    }
    return body.data;
  }

  /** Runs a mutation and returns its payload, throwing on any user error. */
  async mutate<P extends Payload>(field: string, inputType: string, selection: string, input: Record<string, unknown>): Promise<P> {
    const data = await this.request<Record<string, P>>(
      `mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { code field message } } }`,
      {
        input,
      },
    );
    const payload = data[field];
    if (payload.userErrors.length) {
      const detail = `${field}: ${payload.userErrors.map((e) => `${e.code} ${e.field?.join('.') ?? ''}: ${e.message}`).join('; ')}`;
      const jobId = typeof input.jobId === 'string' ? input.jobId : typeof input.id === 'string' ? input.id : undefined;
      if (jobId && payload.userErrors.every((e) => e.code === 'ALREADY_EXISTS' || e.code === 'CONFLICT'))
        throw new DemoMismatch(jobId, detail);
      throw new Error(detail);
    }
    return payload;
  }
}

/** A demo job in the table that the demo cannot complete: it differs from what the demo writes. */
class DemoMismatch extends Error {
  constructor(
    readonly jobId: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface Tally {
  written: number;
  replayed: number;
}

async function seedRun(api: DemoApi, run: DemoRun, tally: Tally): Promise<void> {
  const count = (replayed: boolean) => (replayed ? tally.replayed++ : tally.written++);
  const created = await api.mutate<Payload & { replayed: boolean }>('createJob', 'CreateJobInput', 'replayed', {
    id: run.id,
    name: run.name,
    description: run.description,
    createdBy: 'demo-seed',
    priority: run.priority,
    config: runConfig(run),
    tags: run.tags,
  });
  count(created.replayed);

  // Logs have no identity of their own, so a re-run only appends the messages the job does not have yet.
  const existing = await api.request<{ job: { logs: { edges: { node: { message: string } }[] } } | null }>(
    'query($id: ID!) { job(id: $id) { logs(first: 500) { edges { node { message } } } } }',
    { id: run.id },
  );
  const logged = new Set(existing.job?.logs.edges.map((e) => e.node.message) ?? []);
  const appendLogs = async (logs: DemoLog[]) => {
    for (const log of logs) {
      if (logged.has(log.message)) {
        tally.replayed++;
        continue;
      }
      await api.mutate('appendJobLog', 'AppendJobLogInput', 'log { timestamp }', {
        jobId: run.id,
        level: log.level,
        message: log.message,
        source: RUN_SOURCE,
      });
      logged.add(log.message);
      tally.written++;
    }
  };

  const config = runConfig(run);
  const supportScale = run.valSamples / 540;
  const oRatioTrain = round(5.1 + prng(run.seed * 7)() * 0.6, 2);
  await appendLogs([
    { level: 'INFO', message: JSON.stringify({ type: 'run_config', data: config }) },
    {
      level: 'INFO',
      message: `Loaded ${run.trainSamples} training and ${run.valSamples} validation receipts (${LABELS.length} entity types)`,
    },
  ]);
  const dataset = await api.mutate<Payload & { replayed: boolean }>('recordDatasetMetrics', 'RecordDatasetMetricsInput', 'replayed', {
    jobId: run.id,
    numTrainSamples: run.trainSamples,
    numValSamples: run.valSamples,
    oEntityRatioTrain: oRatioTrain,
    oEntityRatioVal: round(oRatioTrain - 0.27, 2),
    extra: [{ name: 'run_metrics_comparable', value: 1, unit: 'flag' }],
  });
  count(dataset.replayed);

  const spe = stepsPerEpoch(run.trainSamples, run.batchSize);
  const curves = epochCurves({ ...run, epochs: run.recordedEpochs, stepsPerEpoch: spe, supportScale });
  const extraRand = prng(run.seed * 13);
  for (const e of curves) {
    const points = stepPoints(run, e.epoch, spe);
    for (let at = 0; at < points.length; at += POINTS_PER_CALL) {
      const logged = await api.mutate<Payload & { written: number; replayed: number }>(
        'logMetrics',
        'LogMetricsInput',
        'written replayed',
        {
          jobId: run.id,
          points: points.slice(at, at + POINTS_PER_CALL),
        },
      );
      tally.written += logged.written ? 1 : 0;
      tally.replayed += logged.written ? 0 : 1;
    }
    const recorded = await api.mutate<Payload & { replayed: boolean }>('recordEpoch', 'RecordEpochInput', 'replayed', {
      jobId: run.id,
      ...e,
      extra: [
        {
          name: 'samples_per_second',
          value: round((run.trainSamples / run.secondsPerEpoch) * (0.97 + extraRand() * 0.06), 2),
          unit: 'samples/s',
        },
        { name: 'gpu_memory_used', value: round((run.batchSize === 16 ? 14.2 : 8.6) + extraRand() * 0.4, 2), unit: 'GB' },
      ],
    });
    count(recorded.replayed);
  }

  if (run.outcome) {
    await appendLogs(run.logs.filter((l) => l.atEnd));
    const best = curves.reduce((b, e) => (e.valF1 > b.valF1 ? e : b), curves[0]);
    if (run.outcome.status === 'SUCCEEDED') {
      await appendLogs([
        {
          level: 'INFO',
          message: JSON.stringify({ type: 'run_summary', data: { best_f1: best.valF1, best_epoch: best.epoch, epochs: curves.length } }),
        },
      ]);
    }
    await api.mutate('finalizeJob', 'FinalizeJobInput', 'job { status }', {
      jobId: run.id,
      status: run.outcome.status,
      trainRuntime: round(run.secondsPerEpoch * curves.length * 1.04, 2),
      totalFlos: Math.round(run.trainSamples * curves.length * 1.55e11),
      earlyStoppingTriggered: false,
      ...(run.outcome.status === 'SUCCEEDED' ? { bestCheckpointS3Path: `s3://layoutlm-training/runs/${run.name}/best/` } : {}),
      extra: run.outcome.extra,
    });
  } else {
    await appendLogs([{ level: 'INFO', message: `Epoch ${run.recordedEpochs}/${run.plannedEpochs} done; checkpoint saved` }]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The legacy run, written straight to the table as the Python writer (receipt_dynamo) does.

const LEGACY = {
  id: '5eed0019-1a7e-4c3b-9d2e-6f8a0b1c2d19',
  name: 'layoutlm-receipts-v19',
  createdAt: '2026-11-02T09:00:00.000412+00:00',
  labels: LABELS.slice(0, 8),
  epochs: 10,
  trainSamples: 1890,
  valSamples: 480,
  batchSize: 8,
  learningRate: 5e-5,
  secondsPerEpoch: 355,
};

/** A timestamp `offsetMs` (plus `extraMicros`) after `base`, in the writer's `+00:00` isoformat with microseconds. */
function later(base: string, offsetMs: number, extraMicros = 0): string {
  const micros = parseTimestampMicros(base);
  if (micros === null) throw new Error(`bad timestamp ${base}`);
  return formatMicros(micros + BigInt(offsetMs) * 1000n + BigInt(extraMicros));
}

/**
 * Every item of the legacy run: the job (results with the writer's ~17 keys, nulls included), status history,
 * dataset rows, and per epoch the six standard metrics, four flat rows per label (`label_{L}_f1`... with unit
 * ratio/count, support as a float) and a confusion matrix, each row with its own timestamp 7 ms after the previous.
 */
function legacyItems(): Item[] {
  const L = LEGACY;
  const spe = stepsPerEpoch(L.trainSamples, L.batchSize);
  const supportScale = L.valSamples / 540;
  const curves = epochCurves({
    seed: 19,
    epochs: L.epochs,
    plannedEpochs: L.epochs,
    stepsPerEpoch: spe,
    learningRate: L.learningRate,
    quality: 0.9,
    speed: 0.45,
    supportScale,
  })
    // This run was trained on the 8 labels of the time.
    .map((e) => ({ ...e, labels: e.labels.slice(0, L.labels.length) }));
  const best = curves.reduce((b, e) => (e.valF1 > b.valF1 ? e : b), curves[0]);
  const labelList = L.labels.map((l) => l.label);
  const bio = ['O', ...labelList.flatMap((l) => [`B-${l}`, `I-${l}`])];
  const finishedAt = later(L.createdAt, (L.epochs * L.secondsPerEpoch + 120) * 1000);
  const items: Item[] = [];
  const point = (name: string, value: number, unit: string, at: string, epoch?: number, step?: number) =>
    metricPointToItem({ jobId: L.id, name, value, unit, timestamp: at, epoch, step });

  items.push({
    ...jobToItem({
      id: L.id,
      name: L.name,
      description: 'LayoutLM receipt token classification',
      status: 'SUCCEEDED',
      priority: 'MEDIUM',
      createdAt: L.createdAt,
      createdBy: 'system',
      config: {
        model_name: 'layoutlm-v19',
        epochs: L.epochs,
        batch_size: L.batchSize,
        learning_rate: L.learningRate,
        label_list: labelList,
      },
      tags: {},
      results: {
        best_f1: best.valF1,
        best_epoch: best.epoch,
        best_f1_epoch: best.epoch,
        checkpoint_metric: 'eval_f1',
        best_checkpoint_metric_value: best.valF1,
        best_checkpoint_metric_epoch: best.epoch,
        early_stopping_triggered: false,
        metrics_comparable: true,
        comparability_reason: null,
        num_labels: bio.length,
        label_list: bio,
        train_runtime: round(L.epochs * L.secondsPerEpoch * 1.03, 2),
        total_flos: 2_650_000_000_000_000,
        best_checkpoint_s3_path: `s3://layoutlm-training/runs/${L.name}/best/`,
        train_samples_per_second: round(L.trainSamples / L.secondsPerEpoch, 3),
        final_train_loss: curves[curves.length - 1].trainLoss,
        final_eval_loss: curves[curves.length - 1].evalLoss,
      },
    }),
    storage: { bucket: 'layoutlm-training', run_root_prefix: `runs/${L.name}/` },
  });
  items.push({
    ...statusChangeToItem({ jobId: L.id, status: 'RUNNING', timestamp: later(L.createdAt, 300), message: 'started' }),
    progress: 0,
  });
  items.push({ ...statusChangeToItem({ jobId: L.id, status: 'SUCCEEDED', timestamp: finishedAt, message: 'completed' }), progress: 100 });
  items.push(
    logToItem({
      jobId: L.id,
      timestamp: later(L.createdAt, 800),
      level: 'INFO',
      message: JSON.stringify({ type: 'run_config', data: { epochs: L.epochs, batch_size: L.batchSize, learning_rate: L.learningRate } }),
      source: RUN_SOURCE,
    }),
    logToItem({ jobId: L.id, timestamp: later(finishedAt, -500), level: 'INFO', message: 'Training complete', source: RUN_SOURCE }),
  );

  const oRatio = 5.31;
  [
    point('run_metrics_comparable', 1, 'flag', later(L.createdAt, 500)),
    point('num_train_samples', L.trainSamples, 'count', later(L.createdAt, 900)),
    point('num_val_samples', L.valSamples, 'count', later(L.createdAt, 901)),
    point('o_entity_ratio_train', oRatio, 'ratio', later(L.createdAt, 902)),
    point('o_entity_ratio_val', round(oRatio - 0.29, 2), 'ratio', later(L.createdAt, 903)),
  ].forEach((item) => items.push(item));

  for (const e of curves) {
    const start = later(L.createdAt, e.epoch * L.secondsPerEpoch * 1000);
    let row = 0;
    const at = () => later(start, 7 * row++);
    const standard: [StandardMetricName, number][] = [
      ['val_f1', e.valF1],
      ['val_precision', e.valPrecision],
      ['val_recall', e.valRecall],
      ['eval_loss', e.evalLoss],
      ['train_loss', e.trainLoss],
      ['learning_rate', e.learningRate],
    ];
    for (const [name, value] of standard) items.push(point(name, value, STANDARD_UNITS[name], at(), e.epoch, e.step));
    for (const l of e.labels) {
      const [f1, precision, recall, support] = flatLabelMetricNames(l.label);
      items.push(point(f1, l.f1, 'ratio', at(), e.epoch, e.step));
      items.push(point(precision, l.precision, 'ratio', at(), e.epoch, e.step));
      items.push(point(recall, l.recall, 'ratio', at(), e.epoch, e.step));
      items.push(point(support, l.support, 'count', at(), e.epoch, e.step));
    }
    // Token-level confusion of the B- tags against O, as the writer logged it.
    const tags = [...labelList.map((l) => `B-${l}`), 'O'];
    const matrix = tags.map((_, i) =>
      tags.map((__, j) => {
        if (i === tags.length - 1) return j === i ? 9000 + e.epoch * 40 : Math.max(1, Math.round(30 / e.epoch));
        const support = e.labels[i].support;
        if (i === j) return Math.round(support * e.labels[i].recall);
        return j === tags.length - 1 ? Math.round(support * (1 - e.labels[i].recall)) : 0;
      }),
    );
    items.push({ ...point('confusion_matrix', 0, 'matrix', at(), e.epoch, e.step), value: { labels: tags, matrix } });
  }
  return items;
}

/** Puts the legacy run's items that are not in the table yet (the same keys and content every run); returns how many. */
async function seedLegacyRun(db: DynamoGateway): Promise<{ written: number; present: number }> {
  const items = legacyItems();
  const present = new Set((await partitionKeys(db, jobPartition(LEGACY.id))).map((k) => k.SK));
  const missing = items.filter((item) => !present.has(item.SK as string));
  await batchPut(db, missing);
  return { written: missing.length, present: items.length - missing.length };
}

// ---------------------------------------------------------------------------------------------------------------

interface SummaryJob {
  id: string;
  name: string;
  status: string;
  epochs: { epoch: number }[];
  bestEpoch: { epoch: number; valF1: number | null } | null;
}

const DEMO_JOB_IDS = [LEGACY.id, ...RUNS.map((r) => r.id)];

async function printSummary(api: DemoApi, config: AppConfig, runningServer: string | undefined): Promise<void> {
  say('');
  say(`${'job'.padEnd(30)} ${'status'.padEnd(10)} epochs  best val_f1`);
  for (const id of DEMO_JOB_IDS) {
    const { job: j } = await api.request<{ job: SummaryJob | null }>(
      'query($id: ID!) { job(id: $id) { id name status epochs { epoch } bestEpoch { epoch valF1 } } }',
      { id },
    );
    if (!j) continue;
    const best = j.bestEpoch ? `${j.bestEpoch.valF1?.toFixed(4)} @ epoch ${j.bestEpoch.epoch}` : '-';
    say(
      `${j.name.padEnd(30)} ${j.status.padEnd(10)} ${String(j.epochs.length).padStart(6)}  ${best}${j.id === LEGACY.id ? '  (legacy flat rows)' : ''}`,
    );
  }
  say('');
  if (runningServer) {
    say(`the running server serves them now: ${runningServer}   (dashboard: ${runningServer.replace(/\/graphql$/, '/dashboard')})`);
    return;
  }
  // The variables that point `npm start` at the same table (only those that differ from the defaults).
  const env = [
    config.dynamo.mode === 'embedded' && config.dynamo.dataDir !== './data' ? `DATA_DIR=${config.dynamo.dataDir}` : '',
    config.dynamo.mode === 'endpoint' ? `DYNAMODB_ENDPOINT=${config.dynamo.endpoint}` : '',
    config.dynamo.mode === 'aws' ? `DYNAMODB_EMBEDDED=0 AWS_REGION=${config.region}` : '',
    config.tableName !== 'training-metrics' ? `TABLE_NAME=${config.tableName}` : '',
    config.port !== 4000 ? `PORT=${config.port}` : '',
  ].filter(Boolean);
  say(`start the server:  ${[...env, 'npm start'].join(' ')}`);
  say(`then open:         http://localhost:${config.port}/graphql   (table ${config.tableName})`);
}

function nameOfDemoJob(id: string): string {
  return id === LEGACY.id ? LEGACY.name : (RUNS.find((r) => r.id === id)?.name ?? id);
}

/** `--reset`: deletes the demo jobs (their whole partitions, through the API's deleteJob), and nothing else. */
async function resetDemo(api: DemoApi): Promise<void> {
  let deleted = 0;
  for (const jobId of DEMO_JOB_IDS) {
    const data = await api.request<{ deleteJob: { deletedItems: number } }>(
      'mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedItems } }',
      { id: jobId },
    );
    deleted += data.deleteJob.deletedItems;
  }
  say(`reset: deleted the ${DEMO_JOB_IDS.length} demo jobs (${deleted} items); other jobs are untouched`);
}

runScript('seed:demo', async (keep) => {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== '--reset')) {
    process.stderr.write(
      'usage: npm run seed:demo [-- --reset]   (--reset deletes the demo jobs, and only those, then writes them again)\n',
    );
    return 2;
  }
  const config = loadConfig();
  const aws = config.dynamo.mode === 'aws' || (config.dynamo.mode === 'endpoint' && !isLocalEndpoint(config.dynamo.endpoint));
  if (aws && process.env.SEED_DEMO_ALLOW_AWS !== '1') {
    // Demo runs would sit in real leaderboards next to the trainer's runs.
    process.stderr.write(`refusing to write demo data to AWS table ${config.tableName}; set SEED_DEMO_ALLOW_AWS=1 if you mean it\n`);
    return 1;
  }
  const storage = keep(await openStorage(config, say));
  const { app } = await buildServer({ db: storage.db, reportStats: false, development: false, logLevel: 'warn' });
  keep({ close: () => app.close() });
  const api = new DemoApi(app);
  if (args.includes('--reset')) await resetDemo(api);
  const tally: Tally = { written: 0, replayed: 0 };
  try {
    for (const run of RUNS) {
      await seedRun(api, run, tally);
      say(`${run.name}: ${run.recordedEpochs} epochs, ${run.outcome ? run.outcome.status : 'still RUNNING'}`);
    }
  } catch (error) {
    if (!(error instanceof DemoMismatch)) throw error;
    process.stderr.write(
      `demo job ${nameOfDemoJob(error.jobId)} (${error.jobId}) is in the table but cannot be completed as the demo writes it:\n` +
        `  ${error.detail}\n` +
        'It was probably changed or partly lost after an earlier seed. To write the demo again from scratch run\n' +
        '  npm run seed:demo -- --reset\n' +
        `which deletes the ${DEMO_JOB_IDS.length} demo jobs (and only those) before seeding.\n`,
    );
    return 1;
  }
  const legacy = await seedLegacyRun(storage.db);
  say(
    `${LEGACY.name}: ${legacy.written} items written in the legacy flat per-label shape${legacy.present ? `, ${legacy.present} already there` : ''}`,
  );
  tally.written += legacy.written;
  tally.replayed += legacy.present;
  say(
    tally.written === 0
      ? `nothing to do: the demo is complete (${tally.replayed} writes were already there)`
      : `writes: ${tally.written} new, ${tally.replayed} already there (replays are no-ops)`,
  );
  await printSummary(api, config, storage.sharedWith?.serverUrl);
  return 0;
});
