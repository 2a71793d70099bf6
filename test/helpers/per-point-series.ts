import type { StepBlock } from '../../src/modules/metrics/metric-model';
import { blockOf, mergeBlock } from '../../src/modules/metrics/step-blocks';
import { blockToItem, descriptorToItem, stepPointToItem, type NewStepPoint } from '../../src/modules/metrics/step-items';
import { putItems } from './legacy-seed';
import type { TestServer } from './test-server';

/** Steps per block summary of the series seeded here. */
export const PER_POINT_BLOCK_STEPS = 100;

/**
 * Writes a step series as the server stored it before packing: a point item per step (`value(step)`, epoch step/500,
 * unit loss, a timestamp whose microseconds are the step), block summaries, and a head without layout or count.
 */
export async function seedPerPointSeries(
  server: TestServer,
  jobId: string,
  steps: number[],
  value: (step: number) => number,
  name = 'train_loss',
): Promise<void> {
  const points: NewStepPoint[] = steps.map((step) => ({
    jobId,
    name,
    value: value(step),
    step,
    epoch: Math.floor(step / 500),
    unit: 'loss',
    timestamp: `2026-01-02T10:00:00.${String(step % 1_000_000).padStart(6, '0')}+00:00`,
  }));
  const blocks = new Map<number, StepBlock>();
  for (const p of points) {
    const block = blockOf(p.step, PER_POINT_BLOCK_STEPS);
    blocks.set(block, mergeBlock(blocks.get(block) ?? null, [p], { jobId, name, block }));
  }
  const head = descriptorToItem({
    jobId,
    name,
    blockSteps: PER_POINT_BLOCK_STEPS,
    minStep: Math.min(...steps),
    maxStep: Math.max(...steps),
    count: null,
    packed: false,
    version: 3,
  });
  await putItems(server.doc, server.tableName, [...points.map(stepPointToItem), ...[...blocks.values()].map(blockToItem), head]);
}
