import { QUERY_PAGE_ITEMS } from '../../db/batch';
import { labelOfPoint } from '../metrics/label-rules';
import type { MetricPoint, StepSeriesDescriptor } from '../metrics/metric-model';
import type { MetricRepository } from '../metrics/metric-repository';
import type { StepRepository } from '../metrics/step-repository';
import { csvLine } from './csv';

/** Columns of a job's export and of one metric's export across jobs. */
export const JOB_METRICS_COLUMNS = ['name', 'epoch', 'step', 'value', 'unit', 'timestamp'] as const;
export const METRIC_COLUMNS = ['job_id', 'name', 'epoch', 'step', 'value', 'unit', 'timestamp'] as const;

const SCORES = ['f1', 'precision', 'recall', 'support'] as const;

/**
 * Items per Query page: QUERY_PAGE_ITEMS (1,000), not DynamoDB's own pages (up to 1 MB, ~4,500 small items), which
 * parse into objects that outlive V8's young generation and pile up in the old one until a full collection. Measured on
 * a 100,000-point series (loaded 2-core machine, a fresh server): pages of 1,000 exported it in 13-16 s with the
 * server's RSS +26 MB at the peak; pages of 250 took 23-27 s (4x the calls) for the same RSS (+27 MB).
 */
export const EXPORT_PAGE_ITEMS = QUERY_PAGE_ITEMS;
/** Packed parts per Query page of a step series' export (~2,000 points, ~28 KB): each page's points die young. */
export const EXPORT_PAGE_PARTS = 8;

/**
 * A point's CSV records: one for a number, four for a map-shaped label row (as the legacy flat names
 * `label_X_f1`...), and other map values (run-level configs) as JSON in the value column.
 */
function records(p: MetricPoint, withJob: boolean): string {
  const line = (name: string, value: unknown) =>
    csvLine([...(withJob ? [p.jobId] : []), name, p.epoch, p.step, value, p.unit, p.timestamp]);
  const label = p.data ? labelOfPoint(p) : null;
  if (p.data && label && label.score === null)
    return SCORES.filter((s) => p.data?.[s] !== undefined)
      .map((s) => line(`label_${label.label}_${s}`, p.data?.[s]))
      .join('');
  return line(p.name, p.data ?? p.value);
}

/**
 * CSV exports, generated page by page: each DynamoDB page becomes text before the next is read, so an export of
 * any size holds one page (at most 1 MB of items) in memory. Points of an epoch whose transaction has not committed
 * are left out, as in every read.
 */
export class ExportService {
  constructor(
    private readonly metrics: MetricRepository,
    private readonly steps: StepRepository,
  ) {}

  /** Every point of a job: its epoch-level and run-level metrics, then each step-level series. */
  async *jobMetrics(jobId: string): AsyncGenerator<string> {
    yield csvLine(JOB_METRICS_COLUMNS);
    for await (const points of this.metrics.visiblePagesOfJob(jobId, null, EXPORT_PAGE_ITEMS))
      yield points.map((p) => records(p, false)).join('');
    for (const d of await this.steps.descriptorsOfJob(jobId, EXPORT_PAGE_ITEMS)) yield* this.stepPoints(d, false);
  }

  /** One metric across the given jobs (in that order), or across every job that has it (grouped by job). */
  async *metric(name: string, jobIds: readonly string[] | null): AsyncGenerator<string> {
    yield csvLine(METRIC_COLUMNS);
    if (jobIds) {
      for (const jobId of jobIds) {
        for await (const points of this.metrics.visiblePagesOfJob(jobId, name, EXPORT_PAGE_ITEMS))
          yield points.map((p) => records(p, true)).join('');
        const head = (await this.steps.descriptors([{ jobId, name }])).get(`${jobId}\u0000${name}`);
        if (head) yield* this.stepPoints(head, true);
      }
      return;
    }
    for await (const points of this.metrics.visiblePagesByJob(name, EXPORT_PAGE_ITEMS)) yield points.map((p) => records(p, true)).join('');
    for await (const descriptors of this.steps.descriptorPagesOfMetric(name)) {
      for (const d of descriptors) yield* this.stepPoints(d, true);
    }
  }

  private async *stepPoints(head: StepSeriesDescriptor, withJob: boolean): AsyncGenerator<string> {
    for await (const points of this.steps.seriesPages(head, EXPORT_PAGE_PARTS)) yield points.map((p) => records(p, withJob)).join('');
  }
}
