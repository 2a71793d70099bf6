import { blockOf, chooseBlockSteps, mergeBlock } from '../../src/modules/metrics/step-blocks';
import type { StepBlock } from '../../src/modules/metrics/metric-model';
import { blockToItem, descriptorToItem, stepPointToItem, type NewStepPoint } from '../../src/modules/metrics/step-items';
import { MAX_POINTS_PER_CALL } from '../../src/modules/metrics/step-logging-inputs';
import { packSeriesItems } from '../../src/modules/metrics/step-write-plan';
import { EPOCH_SPACING_S, LOGGING_STEPS, timestampAfter, type PlannedJob } from './plan';
import { prng, round } from '../../src/app/scripts/synthetic';
import { writtenByTrainer, type ItemSink } from './seed';

/*
 * A job's step-level train_loss series, stored as logMetrics stores it (built with the server's item builders):
 * the points in the series' own partition, one summary per block of steps, and the descriptor in the job partition.
 */

export const STEP_METRIC = 'train_loss';

/** The k-th point (1-based) of a job's series: a decaying loss with noise and a rare spike, every LOGGING_STEPS steps. */
export function stepPointOf(job: PlannedJob, k: number, rand: () => number): NewStepPoint {
  const step = k * LOGGING_STEPS;
  const spike = rand() < 0.0005 ? 1.5 + rand() : 0;
  return {
    jobId: job.id,
    name: STEP_METRIC,
    value: round(0.05 + 2.4 * Math.exp((-5 * k) / job.stepPoints) + (rand() - 0.5) * 0.06 + spike, 6),
    step,
    epoch: Math.floor((step - 1) / job.shape.stepsPerEpoch) + 1,
    unit: 'loss',
    timestamp: timestampAfter(job.createdMicros, 60 + (step / job.shape.stepsPerEpoch) * EPOCH_SPACING_S),
  };
}

/**
 * Points `from`..`to` (1-based, inclusive) of a job's series: what one logMetrics call of the trainer carries. A packed
 * copy's are its original's, under its own id.
 */
export function stepPoints(job: PlannedJob, from: number, to: number): NewStepPoint[] {
  if (job.seriesOf) return stepPoints(job.seriesOf, from, to).map((p) => ({ ...p, jobId: job.id }));
  const rand = prng(job.shape.seed * 104729 + from);
  return Array.from({ length: to - from + 1 }, (_, i) => stepPointOf(job, from + i, rand));
}

/**
 * Merges one call's points into the block summaries `blocks` (by block number) as logMetrics does: each touched
 * block is rewritten once, one version up. Returns the touched blocks.
 */
export function mergeCall(blocks: Map<number, StepBlock>, points: readonly NewStepPoint[], blockSteps: number): StepBlock[] {
  const touched = new Map<number, NewStepPoint[]>();
  for (const p of points) {
    const block = blockOf(p.step, blockSteps);
    touched.set(block, [...(touched.get(block) ?? []), p]);
  }
  return [...touched].map(([block, group]) => {
    const before = blocks.get(block) ?? null;
    const after = {
      ...mergeBlock(before, group, { jobId: group[0].jobId, name: group[0].name, block }),
      version: (before?.version ?? 0) + 1,
    };
    blocks.set(block, after);
    return after;
  });
}

/**
 * Writes a job's whole step series as calls of 1,000 points in step order leave it. A packed copy's as logMetrics
 * stores it now (`packSeriesItems`: the head counting the points, parts of ~250 points, summary pages; the head's
 * version one per call); a per-point original's as it did before packing: the points, every block summary merged over
 * the calls that touched it (its version counts them), and the descriptor (rewritten by every call).
 */
export async function seedStepSeries(sink: ItemSink, job: PlannedJob): Promise<void> {
  const calls = Math.ceil(job.stepPoints / MAX_POINTS_PER_CALL);
  // Each call's points are drawn apart (stepPoints), so a copy's are its original's only when drawn call by call too.
  const callPoints = (c: number) => stepPoints(job, c * MAX_POINTS_PER_CALL + 1, Math.min((c + 1) * MAX_POINTS_PER_CALL, job.stepPoints));
  if (job.seriesOf) {
    const all = Array.from({ length: calls }, (_, c) => callPoints(c)).flat();
    await sink.add(packSeriesItems(job.id, STEP_METRIC, all, calls).map(writtenByTrainer));
    await sink.flush();
    return;
  }
  const blockSteps = chooseBlockSteps(callPoints(0).map((p) => p.step));
  const blocks = new Map<number, StepBlock>();
  for (let c = 0; c < calls; c++) {
    const points = callPoints(c);
    mergeCall(blocks, points, blockSteps);
    await sink.add(points.map((p) => writtenByTrainer(stepPointToItem(p))));
  }
  const descriptor = descriptorToItem({
    jobId: job.id,
    name: STEP_METRIC,
    blockSteps,
    minStep: LOGGING_STEPS,
    maxStep: job.stepPoints * LOGGING_STEPS,
    count: null,
    packed: false,
    version: calls,
  });
  await sink.add([...[...blocks.values()].map(blockToItem), descriptor].map(writtenByTrainer));
  await sink.flush();
}
