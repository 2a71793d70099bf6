import { CompareLabelsDocument, CompareRunDocument, type JobStatus } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { flattenConfig, type FlatConfig } from '../lib/config-paths.js';
import { readRunMetricNames } from '../lib/run-metric-names.js';

/** The metrics every run of the trainer records (epoch rows): the first summary rows, shown even where missing. */
export const STANDARD_METRICS = ['val_f1', 'eval_loss', 'train_loss', 'val_precision', 'val_recall', 'learning_rate'];

/** The most summaries one request asks for (the API's limit). */
const MAX_METRICS = 100;

export interface RunSummary {
  best: number | null;
  last: number | null;
  epochOfBest: number | null;
}

export interface LabelScore {
  f1: number | null;
  precision: number | null;
  recall: number | null;
  support: number | null;
}

/** A compared run: null fields when the run does not exist (deleted, or a wrong id in the link). */
export interface ComparedRun {
  id: string;
  found: boolean;
  name: string;
  status: JobStatus | null;
  stale: boolean;
  config: FlatConfig;
  /** Summaries by metric name (a metric the run has no value of is absent). */
  summaries: Map<string, RunSummary>;
  /** The epoch the per-label scores are from: the best by val_f1, else the last; null without epochs. */
  labelEpoch: number | null;
  labelEpochIsBest: boolean;
  labels: Map<string, LabelScore>;
}

export interface Comparison {
  runs: ComparedRun[];
  /** The compared metrics: the standard ones, then every other metric a run has, sorted. */
  metrics: string[];
}

/** A run's metric names (epoch metrics and step series). */
async function metricNames(id: string): Promise<string[]> {
  return (await readRunMetricNames(id))?.metricNames ?? [];
}

async function loadRun(id: string, metrics: string[]): Promise<ComparedRun> {
  const { job } = await read(CompareRunDocument, { id, metrics });
  const run: ComparedRun = {
    id,
    found: job !== null,
    name: job?.name ?? id,
    status: job?.status ?? null,
    stale: job?.stale ?? false,
    config: flattenConfig(job?.config ?? {}),
    summaries: new Map(),
    labelEpoch: null,
    labelEpochIsBest: false,
    labels: new Map(),
  };
  if (!job) return run;
  for (const s of job.summaries) if (s) run.summaries.set(s.metric, { best: s.best, last: s.last, epochOfBest: s.epochOfBest });
  const last = job.epochs.length ? Math.max(...job.epochs.map((e) => e.epoch)) : null;
  run.labelEpoch = job.bestEpoch?.epoch ?? last;
  run.labelEpochIsBest = job.bestEpoch !== null;
  if (run.labelEpoch !== null) {
    const labels = await read(CompareLabelsDocument, { id, epoch: run.labelEpoch });
    for (const l of labels.job?.labelMetrics ?? [])
      run.labels.set(l.label, { f1: l.f1, precision: l.precision, recall: l.recall, support: l.support });
  }
  return run;
}

/** The selected runs, compared: their metric names first (to ask every run for the same summaries), then each run. */
export async function loadComparison(ids: readonly string[]): Promise<Comparison> {
  const names = (await Promise.all(ids.map(metricNames))).flat();
  const others = [...new Set(names)].filter((m) => !STANDARD_METRICS.includes(m)).sort();
  const metrics = [...STANDARD_METRICS, ...others].slice(0, MAX_METRICS);
  const runs = await Promise.all(ids.map((id) => loadRun(id, metrics)));
  return { runs, metrics };
}
