import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import { readRunMetricNames } from '../lib/run-metric-names.js';

/** What the charts know of their runs: the union of their metric names, and which runs still run (followed live). */
export interface RunMetrics {
  /** Sorted; null until known (or when they could not be read: see `problem`). */
  names: string[] | null;
  /** The runs still going (PENDING, RUNNING); null when unknown (all are followed). */
  live: Set<string> | null;
  problem: string | null;
}

const UNKNOWN: RunMetrics = { names: null, live: null, problem: null };

/** Reads each run's `metricNames` and status (one small request per run, together). */
export function useRunMetrics(ids: readonly string[]): RunMetrics {
  const [info, setInfo] = useState<RunMetrics>(UNKNOWN);
  const key = ids.join(',');
  useEffect(() => {
    // The names known so far stay while another selection's are read (its charts stay on the page meanwhile).
    let current = true;
    Promise.all(ids.map(readRunMetricNames)).then(
      (answers) => {
        if (!current) return;
        const names = new Set<string>();
        const live = new Set<string>();
        for (const job of answers) {
          if (!job) continue;
          job.metricNames.forEach((n) => names.add(n));
          if (job.status === 'PENDING' || job.status === 'RUNNING') live.add(job.id);
        }
        setInfo({ names: [...names].sort(), live, problem: null });
      },
      (error) => current && setInfo({ names: null, live: null, problem: `The runs' metric names could not be read: ${errorText(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return info;
}
