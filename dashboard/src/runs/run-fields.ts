import { useEffect, useState } from 'preact/hooks';
import { RunsFieldsDocument, type JobFilter, type RunsFieldsQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { errorText } from '../lib/errors.js';

export type JobFields = RunsFieldsQuery['jobFields'];

/** The last few answers, by search: opening a chooser twice on the same search reads once. */
const cache = new Map<string, Promise<JobFields>>();
const CACHED = 8;

function fieldsOf(filter: JobFilter | null, query: string | null): Promise<JobFields> {
  const key = JSON.stringify([filter, query]);
  let answer = cache.get(key);
  if (!answer) {
    answer = read(RunsFieldsDocument, { filter, query }).then((d) => d.jobFields);
    answer.catch(() => cache.delete(key));
    cache.set(key, answer);
    if (cache.size > CACHED) cache.delete(cache.keys().next().value as string);
  }
  return answer;
}

/** Forgets the answers (a live change may have brought new keys, tags or metrics). */
export function forgetJobFields(): void {
  cache.clear();
}

/**
 * What the jobs of a search carry (config keys, metrics, tags with counts), for a chooser's panel: read when the panel
 * opens, not on every search, so the table's own reads stay alone on the search path.
 */
export function useJobFields(filter: JobFilter | null, query: string | null): { fields: JobFields | null; error: string | null } {
  const [state, setState] = useState<{ fields: JobFields | null; error: string | null }>({ fields: null, error: null });
  const key = JSON.stringify([filter, query]);
  useEffect(() => {
    let current = true;
    setState({ fields: null, error: null });
    fieldsOf(filter, query).then(
      (fields) => current && setState({ fields, error: null }),
      (e) => current && setState({ fields: null, error: errorText(e) }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
