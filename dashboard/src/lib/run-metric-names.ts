import { SharedRunMetricNamesDocument, type SharedRunMetricNamesQuery } from '../generated/graphql.js';
import { read } from './api.js';

export type RunMetricNames = NonNullable<SharedRunMetricNamesQuery['job']>;

/** The reads in flight, by run: views that ask for the same run at once (compare and its charts) share one request. */
const inFlight = new Map<string, Promise<RunMetricNames | null>>();

/**
 * A run's metric names (`Job.metricNames`) and status; null for a run that does not exist. Nothing is kept once the
 * answer is in: a later call reads again, so names the run has logged since show.
 */
export function readRunMetricNames(id: string): Promise<RunMetricNames | null> {
  let pending = inFlight.get(id);
  if (!pending) {
    pending = read(SharedRunMetricNamesDocument, { id }).then((answer) => answer.job);
    inFlight.set(id, pending);
    const done = () => inFlight.delete(id);
    pending.then(done, done);
  }
  return pending;
}
