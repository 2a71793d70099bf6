import { useEffect, useState } from 'preact/hooks';
import { RunEpochRecordedDocument, RunJobUpdatedDocument, RunPageJobDocument, type RunPageJobQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { coalesce } from '../lib/coalesce.js';
import { errorText, showError } from '../lib/errors.js';
import { subscribe } from '../lib/live.js';

export type RunJob = NonNullable<RunPageJobQuery['job']>;

/** The open run as the page knows it: loading, found (with how many times it was read), absent, or its read failed. */
export type RunState =
  { kind: 'loading' } | { kind: 'found'; job: RunJob; version: number } | { kind: 'missing' } | { kind: 'failed'; message: string };

/**
 * Reads the run, and reads it again (at most every half second) when the API says it changed (status, results, tags,
 * notes, staleness) or recorded an epoch, and after the live connection came back. `replace` puts an edit's answer in
 * place without a read.
 */
export function useRun(id: string): { state: RunState; replace(patch: Partial<RunJob>): void } {
  const [state, setState] = useState<RunState>({ kind: 'loading' });
  useEffect(() => {
    let gone = false;
    let version = 0;
    setState({ kind: 'loading' });
    const load = () =>
      read(RunPageJobDocument, { id }).then(
        ({ job }) => !gone && setState(job ? { kind: 'found', job, version: ++version } : { kind: 'missing' }),
        (error) => {
          if (gone) return;
          // A re-read that failed leaves the page as it was read last, and says so on the page's error line.
          if (version > 0) showError(error);
          else setState({ kind: 'failed', message: errorText(error) });
        },
      );
    void load();
    const again = coalesce(() => void load(), 500);
    const stops = [subscribe(RunJobUpdatedDocument, { id }, again, again), subscribe(RunEpochRecordedDocument, { id }, again, again)];
    return () => {
      gone = true;
      for (const stop of stops) stop();
    };
  }, [id]);
  const replace = (patch: Partial<RunJob>) => setState((s) => (s.kind === 'found' ? { ...s, job: { ...s.job, ...patch } } : s));
  return { state, replace };
}
