/** What a run's duration is computed from (a runs-table row, the run page's job). */
export interface TimedRun {
  status: string;
  createdAt: string;
  lastSeenAt?: string | null;
  results?: { trainRuntime?: number | null } | null;
}

/**
 * A run's training time in seconds: its train_runtime when it has one, else from its creation to its last write (or to
 * `now` while it is pending or running); null when neither can be told.
 */
export function runDuration(run: TimedRun, now: number = Date.now()): number | null {
  if (run.results?.trainRuntime != null) return run.results.trainRuntime;
  const end = run.status === 'RUNNING' || run.status === 'PENDING' ? now : run.lastSeenAt ? Date.parse(run.lastSeenAt) : NaN;
  const seconds = (end - Date.parse(run.createdAt)) / 1000;
  return Number.isFinite(seconds) ? seconds : null;
}
