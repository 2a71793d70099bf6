import type { SentEpoch } from './audit';
import type { Ledger } from './ledger';

/**
 * Read-your-acknowledged-writes: a dashboard answer to a query started at time S shows every epoch of its jobs that a
 * trainer had been acknowledged before S, with the values sent, and no epoch that no trainer sent; a job whose
 * finalizeJob was acknowledged before S shows its status and best F1. The soak's DynamoDB Local answers every Query
 * with what was written; on DynamoDB the job partition's Query is eventually consistent and may lag a write briefly.
 */

export interface ShownEpoch {
  epoch: number;
  valF1: number | null;
  labels?: { label: string; f1: number | null; support: number | null }[];
}

/** What an answer shows of one job: its epochs (null: the job is absent), and its status and best F1 when asked for. */
export interface ShownJob {
  jobId: string;
  epochs: ShownEpoch[] | null;
  state?: { status: string; bestF1: number | null };
}

const before = (at: number) => (s: { acknowledgedAt?: number }) => s.acknowledgedAt !== undefined && s.acknowledgedAt < at;

/** The labels of an epoch as compared: sorted by label, the fields a dashboard asks for. */
function labelText(labels: readonly Record<string, unknown>[]): string {
  return JSON.stringify(
    [...labels].map(({ label, f1, support }) => [label, f1, support]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
  );
}

/** How one shown epoch differs from what was sent for it, or null. */
function epochDifference(shown: ShownEpoch, sent: SentEpoch | undefined): string | null {
  if (!sent) return `epoch ${shown.epoch} shown but never sent`;
  if (shown.valF1 !== sent.input.valF1) return `epoch ${shown.epoch} valF1 ${shown.valF1}, sent ${String(sent.input.valF1)}`;
  if (shown.labels && labelText(shown.labels) !== labelText(sent.input.labels as Record<string, unknown>[]))
    return `epoch ${shown.epoch} labels differ from those sent`;
  return null;
}

/** What one job of an answer shows against the ledger at `at`; returns the problems and the acknowledged epochs compared. */
function jobProblems(ledger: Ledger, job: ShownJob, at: number): { problems: string[]; compared: number } {
  const sent = new Map(ledger.epochs.filter((e) => e.input.jobId === job.jobId).map((e) => [e.input.epoch as number, e]));
  const acknowledged = [...sent.values()].filter(before(at));
  const shown = job.epochs ?? [];
  const problems: string[] = job.epochs === null && acknowledged.length ? ['absent'] : [];
  const seen = new Set(shown.map((e) => e.epoch));
  if (seen.size < shown.length) problems.push(`an epoch shown twice (${shown.map((e) => e.epoch).join(',')})`);
  for (const e of acknowledged)
    if (!seen.has(e.input.epoch as number))
      problems.push(
        `epoch ${String(e.input.epoch)} acknowledged ${(at - (e.acknowledgedAt ?? at)).toFixed(0)} ms before the query, not shown`,
      );
  for (const e of shown) {
    const difference = epochDifference(e, sent.get(e.epoch));
    if (difference) problems.push(difference);
  }
  const finalize = ledger.finalizes.find((f) => f.jobId === job.jobId);
  if (job.state && finalize && before(at)(finalize)) {
    const best = Math.max(...[...sent.values()].map((e) => e.input.valF1 as number));
    if (job.state.status !== finalize.status || job.state.bestF1 !== best) {
      problems.push(
        `finalized ${finalize.status} with best F1 ${best} before the query, shown ${job.state.status} with best F1 ${job.state.bestF1}`,
      );
    }
  }
  return { problems, compared: acknowledged.length };
}

/** Checks an answer of `view`, from a query started at `at`, and tallies the outcome in the ledger. */
export function checkAnswer(ledger: Ledger, view: string, jobs: readonly ShownJob[], at: number): void {
  const tally = ledger.answers;
  let compared = 0;
  const problems: string[] = [];
  for (const job of jobs) {
    const outcome = jobProblems(ledger, job, at);
    compared += outcome.compared;
    problems.push(...outcome.problems.map((p) => `${view} of job ${job.jobId}: ${p}`));
  }
  tally.checked++;
  tally.epochs += compared;
  if (compared) tally.withEpochs++;
  if (problems.length) tally.wrong++;
  tally.mismatches.push(...problems);
}
