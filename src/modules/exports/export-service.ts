import { queryAll, queryPages, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import {
  ALL_METRIC_POINTS,
  ItemType,
  jobPartition,
  METRIC_BY_JOB_INDEX,
  metricOverTime,
  metricPointsOfJob,
  STEP_SERIES_BY_TYPE_INDEX,
  stepSeriesPartition,
  stepSeriesSortKey,
  STEP_POINTS,
  STEP_SERIES_OF_JOB,
  WRITE_MARKERS_OF_JOB,
} from '../../db/schema';
import { visiblePoints } from '../metrics/epoch-rules';
import { labelOfPoint } from '../metrics/label-rules';
import { parseMetricItem, parseWriteMarker } from '../metrics/metric-item';
import type { MetricPoint, WriteMarker } from '../metrics/metric-model';
import { parseDescriptor, parseStepPoint } from '../metrics/step-items';
import { csvLine } from './csv';

/** Columns of a job's export and of one metric's export across jobs. */
export const JOB_METRICS_COLUMNS = ['name', 'epoch', 'step', 'value', 'unit', 'timestamp'] as const;
export const METRIC_COLUMNS = ['job_id', 'name', 'epoch', 'step', 'value', 'unit', 'timestamp'] as const;

const SCORES = ['f1', 'precision', 'recall', 'support'] as const;

/**
 * Items per Query page. DynamoDB's own pages (up to 1 MB, ~1,000 items) parse into objects that outlive V8's young
 * generation and pile up in the old one until a full collection; pages of 250 die young, so the heap stays flat.
 */
export const EXPORT_PAGE_ITEMS = 250;

const notNull = <T>(x: T | null): x is T => x !== null;

/**
 * A point's CSV records: one for a number, four for a map-shaped label row (as the legacy flat names
 * `label_X_f1`...), and other map values (run-level configs) as JSON in the value column.
 */
function records(p: MetricPoint, withJob: boolean): string {
  const line = (name: string, value: unknown) => csvLine([...(withJob ? [p.jobId] : []), name, p.epoch, p.step, value, p.unit, p.timestamp]);
  const label = p.data ? labelOfPoint(p) : null;
  if (p.data && label && label.score === null) return SCORES.filter((s) => p.data?.[s] !== undefined).map((s) => line(`label_${label.label}_${s}`, p.data?.[s])).join('');
  return line(p.name, p.data ?? p.value);
}

/**
 * CSV exports, generated page by page: each DynamoDB page becomes text before the next is read, so an export of
 * any size holds one page (at most 1 MB of items) in memory. Points of an epoch whose transaction has not committed
 * are left out, as in every read.
 */
export class ExportService {
  constructor(private readonly gw: DynamoGateway) {}

  /** Every point of a job: its epoch-level and run-level metrics, then each step-level series. */
  async *jobMetrics(jobId: string): AsyncGenerator<string> {
    yield csvLine(JOB_METRICS_COLUMNS);
    const markers = await this.markers(jobId);
    for await (const page of this.pages(jobPartition(jobId), ALL_METRIC_POINTS)) {
      yield visiblePoints(page.map(parseMetricItem).filter(notNull), markers).map((p) => records(p, false)).join('');
    }
    const series = (await queryAll(this.gw, this.prefix(jobPartition(jobId), STEP_SERIES_OF_JOB))).map(parseDescriptor).filter(notNull);
    for (const d of series) yield* this.stepPoints(jobId, d.name, false);
  }

  /** One metric across the given jobs (in that order), or across every job that has it (grouped by job). */
  async *metric(name: string, jobIds: readonly string[] | null): AsyncGenerator<string> {
    yield csvLine(METRIC_COLUMNS);
    if (jobIds) {
      for (const jobId of jobIds) {
        const markers = await this.markers(jobId);
        for await (const page of this.pages(jobPartition(jobId), metricPointsOfJob(name))) yield this.visibleRecords(page, name, markers);
        yield* this.stepPoints(jobId, name, true);
      }
      return;
    }
    const markers = new Map<string, WriteMarker[]>();
    for await (const page of queryPages(this.gw, {
      IndexName: METRIC_BY_JOB_INDEX,
      KeyConditionExpression: 'GSI2PK = :pk',
      FilterExpression: '#type = :metric',
      Limit: EXPORT_PAGE_ITEMS,
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric },
    })) {
      const points = page.map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
      // Markers only for jobs with points of a multi-transaction epoch (rare): most pages need no extra read.
      for (const jobId of new Set(points.filter((p) => p.epochToken).map((p) => p.jobId))) if (!markers.has(jobId)) markers.set(jobId, await this.markers(jobId));
      yield points.filter((p) => !p.epochToken || visiblePoints([p], markers.get(p.jobId) ?? []).length).map((p) => records(p, true)).join('');
    }
    for await (const page of queryPages(this.gw, {
      IndexName: STEP_SERIES_BY_TYPE_INDEX,
      KeyConditionExpression: '#type = :series',
      FilterExpression: 'SK = :sk',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':series': ItemType.stepSeries, ':sk': stepSeriesSortKey(name) },
    })) {
      for (const d of page.map(parseDescriptor).filter(notNull)) yield* this.stepPoints(d.jobId, name, true);
    }
  }

  private visibleRecords(page: Item[], name: string, markers: WriteMarker[]): string {
    const points = page.map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
    return visiblePoints(points, markers).map((p) => records(p, true)).join('');
  }

  private async *stepPoints(jobId: string, name: string, withJob: boolean): AsyncGenerator<string> {
    for await (const page of this.pages(stepSeriesPartition(jobId, name), STEP_POINTS)) {
      yield page.map(parseStepPoint).filter(notNull).map((p) => records(p, withJob)).join('');
    }
  }

  private async markers(jobId: string): Promise<WriteMarker[]> {
    return (await queryAll(this.gw, this.prefix(jobPartition(jobId), WRITE_MARKERS_OF_JOB))).map(parseWriteMarker).filter(notNull);
  }

  private pages(pk: string, prefix: string): AsyncGenerator<Item[]> {
    return queryPages(this.gw, this.prefix(pk, prefix));
  }

  private prefix(pk: string, prefix: string) {
    return { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix }, Limit: EXPORT_PAGE_ITEMS };
  }
}
