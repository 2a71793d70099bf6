import { performance } from 'node:perf_hooks';
import type { TargetResult } from './report';
import { RssSampler } from './rss';
import { memoryTarget } from './targets';
import type { BenchContext } from './workloads/workload';

/** The CSV export of a job with a long step series: rows, size, time, and the server's RSS while it streams. */
export interface ExportRun {
  jobId: string;
  stepPoints: number;
  rows: number;
  /** Distinct train_loss steps in the CSV: at least every step of the series. */
  stepRows: number;
  bytes: number;
  seconds: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
}

/** Downloads `/export/jobs/{id}/metrics.csv` of the first job with step points, sampling the server's RSS meanwhile. */
export async function exportLongJob(ctx: BenchContext): Promise<ExportRun | null> {
  const job = ctx.jobs.find((j) => j.stepPoints > 0);
  if (!job) return null;
  const rss = new RssSampler(() => ctx.server.rss(), 20);
  const rssBeforeBytes = ctx.server.rss();
  const started = performance.now();
  rss.start();
  const res = await ctx.gql.get(`/export/jobs/${job.id}/metrics.csv`);
  if (res.status !== 200 || !res.body) throw new Error(`export of job ${job.id}: HTTP ${res.status}`);
  let bytes = 0;
  let rows = -1; // the header
  const steps = new Set<string>();
  let tail = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const lines = (tail + decoder.decode(chunk, { stream: true })).split('\r\n');
    tail = lines.pop() ?? '';
    for (const line of lines) {
      rows++;
      // name,epoch,step,...: every train_loss step of the series (epoch-level points repeat some of them).
      const m = /^train_loss,[^,]*,(\d+),/.exec(line);
      if (m) steps.add(m[1]);
    }
  }
  rss.stop();
  return {
    jobId: job.id,
    stepPoints: job.stepPoints,
    rows,
    stepRows: steps.size,
    bytes,
    seconds: (performance.now() - started) / 1000,
    rssBeforeBytes,
    rssPeakBytes: rss.peakBytes,
  };
}

/** Most the server's RSS may grow while it streams an export, whatever the job's size. */
export const EXPORT_RSS_GROWTH_BYTES = 64 * 1024 * 1024;

/** The export holds every step point (a gate); the server's RSS growth while it streams (a gate in a full run only). */
export function exportTargets(run: ExportRun, quick: boolean): TargetResult[] {
  const growth = run.rssPeakBytes - run.rssBeforeBytes;
  return [
    {
      id: 'EX',
      kind: 'gate',
      target: `the export of a job with ${run.stepPoints} step points holds every one of them`,
      measured: `${run.stepRows} distinct train_loss steps in ${run.rows} rows, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.seconds.toFixed(1)} s`,
      pass: run.stepRows >= run.stepPoints,
    },
    {
      id: 'EX',
      ...memoryTarget(`server RSS grows by at most ${EXPORT_RSS_GROWTH_BYTES / 2 ** 20} MB while it streams the export`, quick),
      measured: `${(run.rssBeforeBytes / 1e6).toFixed(0)} MB before, ${(run.rssPeakBytes / 1e6).toFixed(0)} MB at the peak (+${(growth / 1e6).toFixed(0)} MB) for a ${(run.bytes / 1e6).toFixed(1)} MB CSV`,
      pass: growth <= EXPORT_RSS_GROWTH_BYTES,
    },
  ];
}
