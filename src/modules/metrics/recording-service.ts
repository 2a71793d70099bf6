import { randomUUID } from 'node:crypto';
import { userError, type UserError } from '../../platform/errors';
import { isTerminal, type JobModel } from '../jobs/job-model';
import { forgetJob, type Loaders } from '../loaders';
import { nowTimestamp } from '../../platform/time';
import { validateInput } from '../../platform/validation';
import type { LeaderboardUpkeep } from '../leaderboard/summary-upkeep';
import type { CardKeeper } from '../cards/card-keeper';
import type { WriteMarker } from './metric-model';
import type { MetricRepository } from './metric-repository';
import type { MetricWriter } from './metric-writer';
import { contentPoints, datasetContent, epochContent, fingerprint, firstDifference, type RecordingContent } from './recording-content';
import { recordDatasetMetricsInput, recordEpochInput } from './recording-inputs';
import { nextStatusTimestamp } from '../jobs/job-item';

const MAX_ATTEMPTS = 20;

/** The outcome of a recording call: what was stored (or was already), or the user errors. */
export interface RecordingResult {
  jobId: string | null;
  epoch: number | null;
  replayed: boolean;
  userErrors: UserError[];
  /** The job as this call left it when it started it (PENDING -> RUNNING), for this instance's job catalog. */
  started?: JobModel;
}

const failed = (userErrors: UserError[]): RecordingResult => ({ jobId: null, epoch: null, replayed: false, userErrors });

function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
}

/** Rules of recording epochs and dataset metrics: validated whole, all-or-nothing, idempotent on retries. */
export class RecordingService {
  constructor(
    private readonly metrics: MetricRepository,
    private readonly writer: MetricWriter,
    private readonly leaderboard: LeaderboardUpkeep,
    private readonly loaders: Loaders,
    private readonly cards: CardKeeper,
  ) {}

  /** Records one evaluation epoch; a PENDING job becomes RUNNING in the same transaction. */
  async recordEpoch(raw: unknown): Promise<RecordingResult> {
    const checked = validateInput(recordEpochInput, raw);
    if (!checked.ok) return failed(checked.errors);
    return this.record(checked.value.jobId, epochContent(checked.value), true);
  }

  /** Records the run-level dataset statistics. */
  async recordDatasetMetrics(raw: unknown): Promise<RecordingResult> {
    const checked = validateInput(recordDatasetMetricsInput, raw);
    if (!checked.ok) return failed(checked.errors);
    return this.record(checked.value.jobId, datasetContent(checked.value), false);
  }

  private async record(jobId: string, content: RecordingContent, startsRun: boolean): Promise<RecordingResult> {
    const print = fingerprint(content);
    const what = content.epoch === null ? 'dataset metrics' : `epoch ${content.epoch}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (attempt > 0) await pause(attempt);
      const { job, summaries, card } = await this.metrics.jobWithSummaries(jobId);
      if (!job) return failed([userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])]);
      if (isTerminal(job.status)) {
        const replay = await this.replayOf(jobId, content, print, what);
        return (
          replay ?? failed([userError('CONFLICT', `job ${jobId} is ${job.status}; no more ${what} can be recorded`, ['input', 'jobId'])])
        );
      }
      // The card shows the epoch: most likely a retry, told by the marker at once (legacy rows of it have no marker).
      if (content.epoch !== null && card.card?.epochs?.some((m) => m.epoch === content.epoch)) {
        const replay = await this.replayOf(jobId, content, print, what);
        if (replay) return replay;
      }
      const timestamp = nowTimestamp();
      const marker: WriteMarker = { jobId, epoch: content.epoch, timestamp, content: print, committed: true, token: randomUUID() };
      const startRunning =
        startsRun && job.status === 'PENDING'
          ? { jobId, status: 'RUNNING' as const, timestamp: nextStatusTimestamp(job, timestamp), message: `started by ${what}` }
          : undefined;
      const improved = this.leaderboard.summariesFor(jobId, content, timestamp, summaries);
      const points = contentPoints(jobId, content, timestamp);
      // An epoch's card goes into its transaction; the dataset metrics are on no card.
      const nextCard = content.epoch === null ? undefined : await this.cards.withEpoch(jobId, card, points);
      const outcome = await this.writer.write({ job, marker, points, startRunning, summaries: improved, card: nextCard });
      if (outcome === 'written') {
        forgetJob(this.loaders, jobId);
        const started = startRunning ? { ...job, status: startRunning.status, statusChangedAt: startRunning.timestamp } : undefined;
        return { jobId, epoch: content.epoch, replayed: false, userErrors: [], ...(started ? { started } : {}) };
      }
      if (outcome === 'marker-exists') {
        const replay = await this.replayOf(jobId, content, print, what);
        if (replay) return replay;
      }
    }
    throw new Error(`job ${jobId}: ${what} lost ${MAX_ATTEMPTS} write races in a row`);
  }

  /** When the same content is already stored: a replay (finishing a staged write first); different content: ALREADY_EXISTS. */
  private async replayOf(jobId: string, content: RecordingContent, print: string, what: string): Promise<RecordingResult | null> {
    const stored = await this.metrics.getMarker(jobId, content.epoch);
    if (!stored) return null;
    if (stored.content === print) {
      if (!stored.committed) await this.writer.completeStaged(stored, contentPoints(jobId, content, stored.timestamp));
      return { jobId, epoch: content.epoch, replayed: true, userErrors: [] };
    }
    const difference = firstDifference(JSON.parse(stored.content) as RecordingContent, content) ?? 'content';
    const field = content.epoch === null ? ['input'] : ['input', 'epoch'];
    return failed([userError('ALREADY_EXISTS', `${what} was already recorded with a different ${difference}`, field)]);
  }
}
