import { TRANSACT_WRITE_LIMIT } from '../../db/batch';
import { userError, type UserError } from '../../platform/errors';
import { markSeen, type JobActivity } from '../jobs/job-activity';
import { parseJobItem } from '../jobs/job-item';
import type { JobRepository } from '../jobs/job-repository';
import { isTerminal } from '../jobs/job-model';
import { nowTimestamp } from '../../platform/time';
import { validateInput } from '../../platform/validation';
import type { StepSeriesDescriptor } from './metric-model';
import { parseDescriptor } from './step-items';
import { logMetricsInput } from './step-logging-inputs';
import type { StepRepository } from './step-repository';
import { planSeries, writeSize, type CallPoint, type SeriesPlan } from './step-write-plan';

const MAX_ATTEMPTS = 12;

/** What a logMetrics call did. */
export interface LogMetricsResult {
  written: number;
  replayed: number;
  userErrors: UserError[];
}

/** Groups items by a key, keeping order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** A pause before retrying a lost race: full jitter, growing with the attempt. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
}

const failure = (error: UserError): LogMetricsResult => ({ written: 0, replayed: 0, userErrors: [error] });

/**
 * Rules of step-level logging over packed series (docs/storage.md). Cost per call: a consistent BatchGetItem of the
 * job and the series heads; per series already stored, one Query of the parts and one of the summary pages around the
 * call's steps (an append reads the last part and page), plus a BatchGetItem of per-point items where a series begun
 * before packing may hold the steps; then one TransactWriteItems of each series' head (conditioned on the version
 * read), its changed parts and pages. A 1,000-point call of one series is one write call of about five parts. A call
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
    const points: CallPoint[] = checked.value.points.map((p, index) => ({
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
      if (attempt > 0) await backoff(attempt);
      const outcome = await this.attempt(jobId, points);
      if (!outcome) continue;
      if (outcome.written > 0) await markSeen(this.activity, this.jobs, jobId);
      return outcome;
    }
    throw new Error(`job ${jobId}: logMetrics lost ${MAX_ATTEMPTS} races for its series in a row`);
  }

  private async attempt(jobId: string, points: CallPoint[]): Promise<LogMetricsResult | null> {
    const byName = groupBy(points, (p) => p.name);
    const head = await this.steps.jobAndDescriptors(jobId, [...byName.keys()]);
    const job = head.map(parseJobItem).find((j) => j !== null);
    if (!job) return failure(userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId']));
    const heads = new Map(
      head
        .map(parseDescriptor)
        .filter((d): d is StepSeriesDescriptor => d !== null)
        .map((d) => [d.name, d]),
    );
    const plans = await Promise.all([...byName].map(([name, group]) => this.plan(jobId, name, group, heads.get(name) ?? null)));
    // A finished job takes no new point; a resend of points it has (a trainer's retry after finalizeJob) is a replay.
    if (isTerminal(job.status) && plans.some((p) => p.fresh.length > 0)) {
      return failure(userError('CONFLICT', `job ${jobId} is ${job.status}; no more points can be logged`, ['input', 'jobId']));
    }
    const refused = plans.find((p) => p.refused);
    if (refused) return failure(userError('INVALID', refused.refused as string, ['input', 'points']));
    const writes = plans.flatMap((p) => (p.write ? [p.write] : []));
    const tooBig = writes.find((w) => writeSize(w) > TRANSACT_WRITE_LIMIT);
    if (tooBig) {
      return failure(
        userError(
          'INVALID',
          `${tooBig.head.name}: these points fall into ${tooBig.parts.length} stored parts of the series; one call can change at most ${TRANSACT_WRITE_LIMIT} items of a series at once: send them in smaller calls`,
          ['input', 'points'],
        ),
      );
    }
    if (writes.length && !(await this.steps.saveWrites(writes))) return null;
    const userErrors = plans.flatMap((p) =>
      p.conflicts.map(({ point, stored }) =>
        userError('ALREADY_EXISTS', `${point.name} at step ${point.step} is already stored with value ${stored}`, [
          'input',
          'points',
          point.index,
        ]),
      ),
    );
    userErrors.sort((a, b) => Number(a.field?.[2]) - Number(b.field?.[2]));
    const count = (pick: (p: SeriesPlan) => unknown[]) => plans.reduce((n, p) => n + pick(p).length, 0);
    return { written: count((p) => p.fresh), replayed: count((p) => p.replayed), userErrors };
  }

  /** Reads what one series' points need and plans their write. */
  private async plan(jobId: string, name: string, group: CallPoint[], head: StepSeriesDescriptor | null): Promise<SeriesPlan> {
    const steps = group.map((p) => p.step);
    const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
    const legacySteps = head && !head.packed ? steps.filter((s) => s >= head.minStep && s <= head.maxStep) : [];
    const [around, pointItems] = await Promise.all([
      head ? this.steps.readAround(jobId, name, minStep, maxStep) : { parts: [], pages: [] },
      this.steps.pointItems(jobId, name, legacySteps),
    ]);
    return planSeries(jobId, name, { head, ...around, pointItems }, group);
  }
}
