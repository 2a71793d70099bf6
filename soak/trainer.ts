import { randomUUID } from 'node:crypto';
import type { ApiClient, CallResult } from './client';
import type { Acknowledgement } from './audit';
import type { Ledger } from './ledger';

/** A trainer's pace and shape of work. */
export interface TrainerOptions {
  name: string;
  labels: number;
  epochsPerJob: number;
  /** Step-level train_loss points sent (one logMetrics call) before each epoch. */
  pointsPerEpoch: number;
  /** Pause before resending a call the server did not acknowledge. */
  retryPauseMs: number;
  /** Pause after each epoch (training time between evaluations). */
  epochPauseMs?: number;
}

const CREATE_JOB = `mutation($input: CreateJobInput!) { createJob(input: $input) { job { id } userErrors { code message } } }`;
const RECORD_EPOCH = `mutation($input: RecordEpochInput!) { recordEpoch(input: $input) { replayed userErrors { code message } } }`;
const LOG_METRICS = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code message } } }`;
const APPEND_LOG = `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { log { timestamp } userErrors { code message } } }`;
const FINALIZE_JOB = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { status } userErrors { code message } } }`;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The epoch a trainer sends for (job, epoch): the same content on every resend, as a trainer's retry would be. */
export function trainerEpoch(jobId: string, epoch: number, labels: number): Record<string, unknown> {
  const progress = 1 - Math.exp(-(epoch + 1) / 3);
  return {
    jobId,
    epoch,
    step: (epoch + 1) * 100,
    valF1: round(0.4 + 0.5 * progress),
    valPrecision: round(0.45 + 0.5 * progress),
    valRecall: round(0.35 + 0.5 * progress),
    evalLoss: round(1.5 - progress),
    trainLoss: round(1.6 - progress),
    learningRate: round(5e-5 * (1 - epoch / 100)),
    labels: Array.from({ length: labels }, (_, i) => ({
      label: `LABEL_${i}`,
      f1: round(progress * (0.5 + i / (4 * labels))),
      precision: 0.8,
      recall: 0.7,
      support: 10 + i,
    })),
    extra: [{ name: 'samples_per_second', value: 12.5, unit: 'samples/s' }],
  };
}

/**
 * A Trainer-callback-like client: creates a job, then per epoch sends step-level train_loss points, the epoch and a
 * log line, and finally finalizes the job; then starts the next job. A call the server did not acknowledge is sent
 * again (every one is idempotent; log lines carry their timestamp) until it is, or until the run stops. Everything goes into the ledger.
 */
export class Trainer {
  jobs = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly ledger: Ledger,
    private readonly opts: TrainerOptions,
    private readonly running: () => boolean,
  ) {}

  async run(): Promise<void> {
    while (this.running()) {
      const jobId = randomUUID();
      const name = `${this.opts.name}-${this.jobs}`;
      if (
        (await this.send('createJob', CREATE_JOB, { id: jobId, name, createdBy: this.opts.name, config: { labels: this.opts.labels } })) ===
        null
      )
        return;
      this.ledger.jobIds.push(jobId);
      this.jobs++;
      for (let epoch = 0; epoch < this.opts.epochsPerJob; epoch++) {
        if (!(await this.epoch(jobId, epoch))) return;
        if (this.opts.epochPauseMs) await new Promise((r) => setTimeout(r, this.opts.epochPauseMs));
      }
      const finalize = { jobId, status: 'SUCCEEDED', acknowledged: false };
      this.ledger.finalizes.push(finalize);
      this.acknowledge(
        finalize,
        await this.send('finalizeJob', FINALIZE_JOB, {
          jobId,
          status: 'SUCCEEDED',
          trainRuntime: 12.5,
          totalFlos: 1e15,
          earlyStoppingTriggered: false,
        }),
      );
    }
  }

  /** One epoch's calls; false when the run stopped before the epoch was acknowledged. */
  private async epoch(jobId: string, epoch: number): Promise<boolean> {
    const per = this.opts.pointsPerEpoch;
    if (per > 0) {
      const steps = Array.from({ length: per }, (_, i) => epoch * per + i);
      const sent = { jobId, name: 'train_loss', steps, acknowledged: false };
      this.ledger.points.push(sent);
      const points = steps.map((step) => ({ name: 'train_loss', step, epoch, value: round(2 / (1 + step / 50)) }));
      if (!this.acknowledge(sent, await this.send('logMetrics', LOG_METRICS, { jobId, points }))) return false;
    }
    const record = { input: trainerEpoch(jobId, epoch, this.opts.labels), acknowledged: false };
    this.ledger.epochs.push(record);
    if (!this.acknowledge(record, await this.send('recordEpoch', RECORD_EPOCH, record.input))) return false;
    // With its own timestamp the line is idempotent too: resent until acknowledged, stored once.
    const message = `${this.opts.name} ${jobId} epoch ${epoch} done`;
    const line = { jobId, message, acknowledged: false };
    this.ledger.logs.push(line);
    this.acknowledge(
      line,
      await this.send('appendJobLog', APPEND_LOG, {
        jobId,
        level: 'INFO',
        message,
        source: this.opts.name,
        timestamp: new Date().toISOString(),
      }),
    );
    return true;
  }

  /** Notes in the ledger's entry whether (and when) a call was acknowledged; returns whether it was. */
  private acknowledge(sent: Acknowledgement, at: number | null): boolean {
    sent.acknowledged = at !== null;
    if (at !== null) sent.acknowledgedAt = at;
    return sent.acknowledged;
  }

  /** Sends until acknowledged; the time of the acknowledging answer (the run's clock), or null if the run stopped first. */
  private async send(operation: string, query: string, input: Record<string, unknown>): Promise<number | null> {
    while (this.running()) {
      const result = await this.api.call(query, { input });
      this.ledger.record(operation, result, { role: 'trainer', name: this.opts.name });
      if (result.code === null) return this.accepted(operation, result) ? result.startedAt + result.ms : null;
      await new Promise((r) => setTimeout(r, this.opts.retryPauseMs));
    }
    return null;
  }

  /** True when the payload has no user errors; a user error here is a bug (the trainer sends valid, consistent data). */
  private accepted(operation: string, result: CallResult): boolean {
    if (result.code !== null || !result.data) return false;
    const errors = (Object.values(result.data)[0] as { userErrors?: { code: string; message: string }[] }).userErrors ?? [];
    if (errors.length) this.ledger.unexpected.push(`${operation} userError ${errors[0].code}: ${errors[0].message}`);
    return errors.length === 0;
  }
}
