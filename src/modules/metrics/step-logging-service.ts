import { userError, type UserError } from '../../platform/errors';
import { markSeen, type JobActivity } from '../jobs/job-activity';
import { parseJobItem } from '../jobs/job-item';
import type { JobRepository } from '../jobs/job-repository';
import { isTerminal } from '../jobs/job-model';
import { nowTimestamp } from '../../platform/time';
import { validateInput } from '../../platform/validation';
import type { StepBlock, StepSeriesDescriptor } from './metric-model';
import { blockChanged, blockOf, chooseBlockSteps, mergeBlock } from './step-blocks';
import { parseBlock, parseDescriptor, parseStepPoint, type NewStepPoint } from './step-items';
import { logMetricsInput } from './step-logging-inputs';
import type { StepRepository } from './step-repository';

const MAX_ATTEMPTS = 10;

/** What a logMetrics call did. */
export interface LogMetricsResult {
  written: number;
  replayed: number;
  userErrors: UserError[];
}

type Indexed = NewStepPoint & { index: number };

/** Groups items by a key, keeping order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * Rules of step-level logging. Cost per call: a consistent BatchGetItem of the job and the series descriptors, one of
 * the touched block summaries and of the points that may already exist (none for steps past a series' end, the usual
 * append), one TransactWriteItems of the changed descriptors and blocks, then the new points, 25 a BatchWriteItem.
 * Each point is one item write; summaries add one write per touched block of ~100 points and one per series. A call
 * that wrote points also marks the job seen, one UpdateItem at most once a minute per job and server (`markSeen`).
 */
export class StepLoggingService {
  constructor(
    private readonly steps: StepRepository,
    private readonly activity: JobActivity,
    private readonly jobs: Pick<JobRepository, 'touch'>,
  ) {}

  /** Stores new points; same-valued repeats count as replayed, changed ones are ALREADY_EXISTS and not written. */
  async logMetrics(raw: unknown): Promise<LogMetricsResult> {
    const checked = validateInput(logMetricsInput, raw);
    if (!checked.ok) return { written: 0, replayed: 0, userErrors: checked.errors };
    const { jobId } = checked.value;
    const now = nowTimestamp();
    const points: Indexed[] = checked.value.points.map((p, index) => ({
      jobId,
      name: p.name,
      value: p.value,
      step: p.step,
      epoch: p.epoch ?? null,
      unit: p.unit ?? null,
      timestamp: p.timestamp ?? now,
      index,
    }));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const outcome = await this.attempt(jobId, points);
      if (!outcome) continue;
      if (outcome.written > 0) await markSeen(this.activity, this.jobs, jobId);
      return outcome;
    }
    throw new Error(`job ${jobId}: logMetrics lost ${MAX_ATTEMPTS} summary races in a row`);
  }

  private async attempt(jobId: string, points: Indexed[]): Promise<LogMetricsResult | null> {
    const byName = groupBy(points, (p) => p.name);
    const head = await this.steps.jobAndDescriptors(jobId, [...byName.keys()]);
    const job = head.map(parseJobItem).find((j) => j !== null);
    if (!job) return { written: 0, replayed: 0, userErrors: [userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])] };
    if (isTerminal(job.status)) {
      return {
        written: 0,
        replayed: 0,
        userErrors: [userError('CONFLICT', `job ${jobId} is ${job.status}; no more points can be logged`, ['input', 'jobId'])],
      };
    }
    const stored = new Map(
      head
        .map(parseDescriptor)
        .filter((d): d is StepSeriesDescriptor => d !== null)
        .map((d) => [d.name, d]),
    );
    const descriptors = new Map<string, StepSeriesDescriptor>();
    for (const [name, group] of byName) {
      const steps = group.map((p) => p.step);
      const before = stored.get(name);
      descriptors.set(name, {
        jobId,
        name,
        blockSteps: before?.blockSteps ?? chooseBlockSteps(steps),
        minStep: Math.min(before?.minStep ?? Infinity, ...steps),
        maxStep: Math.max(before?.maxStep ?? -Infinity, ...steps),
        version: before?.version ?? 0,
      });
    }
    // A point can exist only at or below its series' recorded end: descriptors are saved before points.
    const maybeStored = points.filter((p) => stored.has(p.name) && p.step <= (stored.get(p.name) as StepSeriesDescriptor).maxStep);
    const blockKeyOf = (p: NewStepPoint) =>
      `${p.name}\u0000${blockOf(p.step, (descriptors.get(p.name) as StepSeriesDescriptor).blockSteps)}`;
    const touched = groupBy(points, blockKeyOf);
    const found = await this.steps.pointsAndBlocks(
      jobId,
      maybeStored,
      [...touched.values()].map(([p]) => ({
        name: p.name,
        block: blockOf(p.step, (descriptors.get(p.name) as StepSeriesDescriptor).blockSteps),
      })),
    );
    const existing = new Map(
      found
        .map(parseStepPoint)
        .filter((p) => p !== null)
        .map((p) => [`${p.name}\u0000${p.step}`, p]),
    );
    const blocks = new Map(
      found
        .map(parseBlock)
        .filter((b): b is StepBlock => b !== null)
        .map((b) => [`${b.name}\u0000${b.block}`, b]),
    );

    const fresh: Indexed[] = [];
    const accepted: Indexed[] = [];
    const userErrors: UserError[] = [];
    for (const p of points) {
      const old = existing.get(`${p.name}\u0000${p.step}`);
      if (!old) {
        fresh.push(p);
        accepted.push(p);
      } else if (old.value === p.value) {
        accepted.push(p);
      } else {
        userErrors.push(
          userError('ALREADY_EXISTS', `${p.name} at step ${p.step} is already stored with value ${old.value}`, [
            'input',
            'points',
            p.index,
          ]),
        );
      }
    }
    // Summaries take every accepted point, replays included: a call cut off before its summaries were saved heals.
    const changedBlocks: StepBlock[] = [];
    for (const [key, group] of groupBy(accepted, blockKeyOf)) {
      const before = blocks.get(key) ?? null;
      const [name, block] = [group[0].name, Number(key.split('\u0000')[1])];
      const after = mergeBlock(before, group, { jobId, name, block });
      if (blockChanged(before, after)) changedBlocks.push(after);
    }
    const changedDescriptors = [...descriptors.values()].filter((d) => {
      const before = stored.get(d.name);
      return !before || before.minStep !== d.minStep || before.maxStep !== d.maxStep;
    });
    if (!(await this.steps.saveSummaries(changedDescriptors, changedBlocks))) return null;
    await this.steps.putPoints(fresh);
    return { written: fresh.length, replayed: accepted.length - fresh.length, userErrors };
  }
}
