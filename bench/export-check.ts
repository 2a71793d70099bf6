import { performance } from 'node:perf_hooks';
import type { TargetResult } from './report';
import { RssSampler } from './rss';
import { memoryTarget } from './targets';
import type { PlannedJob } from './seed/plan';
import type { BenchContext } from './workloads/workload';

/** The CSV export of a job with a long step series: rows, size, time, and the server's RSS while it streams. */
export interface ExportRun {
  jobId: string;
  /** How the job's series is stored: packed (as logMetrics stores it now) or one item per point (before). */
  layout: 'packed' | 'per-point';
  stepPoints: number;
  rows: number;
  /** Distinct train_loss steps in the CSV: at least every step of the series. */
  stepRows: number;
  bytes: number;
  seconds: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
}

/**
 * Exports the first step-series job's packed copy, then the per-point original (the packed one first: the server's
 * first export is its coldest), each `/export/jobs/{id}/metrics.csv` read to its end.
 */
export async function exportLongJobs(ctx: BenchContext): Promise<ExportRun[]> {
  const packed = ctx.jobs.find((j) => j.seriesOf !== null);
  if (!packed?.seriesOf) return [];
  return [await exportJob(ctx, packed, 'packed'), await exportJob(ctx, packed.seriesOf, 'per-point')];
}

/** Downloads `/export/jobs/{id}/metrics.csv` of a job with step points, sampling the server's RSS meanwhile. */
async function exportJob(ctx: BenchContext, job: PlannedJob, layout: ExportRun['layout']): Promise<ExportRun> {
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
    layout,
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

/** The packed series' export at most this share of the per-point one's time. */
export const EXPORT_TIME_RATIO = 0.25;

/** What one export measured, as printed. */
export function exportNote(run: ExportRun): string {
  return `export of job ${run.jobId} (${run.layout} series): ${run.rows} rows, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.seconds.toFixed(1)} s`;
}

/**
 * Each export holds every step point (a gate) and grows the server's RSS by at most 64 MB while it streams (a gate in a
 * full run only); the packed series' export takes at most 0.25 x the per-point one's time (timing).
 */
export function exportTargets(runs: readonly ExportRun[], quick: boolean): TargetResult[] {
  const targets = runs.flatMap((run): TargetResult[] => {
    const growth = run.rssPeakBytes - run.rssBeforeBytes;
    return [
      {
        id: 'EX',
        kind: 'gate',
        target: `the export of a job with ${run.stepPoints} step points (${run.layout}) holds every one of them`,
        measured: `${run.stepRows} distinct train_loss steps in ${run.rows} rows, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.seconds.toFixed(1)} s`,
        pass: run.stepRows >= run.stepPoints,
      },
      {
        id: 'EX',
        ...memoryTarget(
          `server RSS grows by at most ${EXPORT_RSS_GROWTH_BYTES / 2 ** 20} MB while it streams the export (${run.layout})`,
          quick,
        ),
        measured: `${(run.rssBeforeBytes / 1e6).toFixed(0)} MB before, ${(run.rssPeakBytes / 1e6).toFixed(0)} MB at the peak (+${(growth / 1e6).toFixed(0)} MB) for a ${(run.bytes / 1e6).toFixed(1)} MB CSV`,
        pass: growth <= EXPORT_RSS_GROWTH_BYTES,
      },
    ];
  });
  const [packed, perPoint] = [runs.find((r) => r.layout === 'packed'), runs.find((r) => r.layout === 'per-point')];
  if (packed && perPoint) {
    const ratio = packed.seconds / perPoint.seconds;
    targets.push({
      id: 'EX',
      kind: 'timing',
      target: `the packed series' export takes <= ${EXPORT_TIME_RATIO} x the per-point one's time`,
      measured: `${packed.seconds.toFixed(2)} s vs ${perPoint.seconds.toFixed(2)} s = ${ratio.toFixed(2)}x`,
      pass: ratio <= EXPORT_TIME_RATIO,
    });
  }
  return targets;
}
