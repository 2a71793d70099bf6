import { queryPages, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { Index, ItemType } from '../../db/schema';
import { parseJobItem } from '../jobs/job-item';
import { parseMetricItem, parseWriteMarker } from '../metrics/metric-item';
import { PartitionRepository } from '../partition/partition-repository';
import { factsOf, type JobFacts } from './catalog-entry';
import type { SummaryRow } from './metric-summary';

/** A job's rows as the catalog keeps them while loading: the summary fields and the time of the latest. */
export interface JobRows {
  rows: SummaryRow[];
  latest: string;
}

/** What the catalog reads from the table. */
export interface CatalogSource {
  /** Every job's facts, and every visible metric row with a numeric value, grouped by job. */
  loadAll(onProgress?: (jobs: number, rows: number) => void): Promise<{ jobs: JobFacts[]; rows: Map<string, JobRows>; rowCount: number }>;
  /** One job's facts and visible rows, read consistently (a recount); null facts when the job is gone. */
  readJob(jobId: string): Promise<{ facts: JobFacts | null; rows: SummaryRow[]; latest: string | null }>;
}

/** The kinds the catalog pages through, each by its TYPE in GSITYPE. */
function byType(type: string, extra: Record<string, unknown> = {}) {
  return {
    IndexName: Index.byType,
    KeyConditionExpression: '#type = :type',
    ...extra,
    ExpressionAttributeNames: { '#type': 'TYPE', ...((extra.ExpressionAttributeNames as Record<string, string>) ?? {}) },
    ExpressionAttributeValues: { ':type': type, ...((extra.ExpressionAttributeValues as Record<string, unknown>) ?? {}) },
  };
}

/** Metric rows with a number for a value (per-label map rows say nothing of summaries), only the attributes a summary needs. */
const METRIC_ROWS = byType(ItemType.metric, {
  FilterExpression: 'attribute_type(#value, :number)',
  ProjectionExpression: 'PK, SK, #type, job_id, metric_name, #value, epoch, step, #ts, epoch_token',
  ExpressionAttributeNames: { '#value': 'value', '#ts': 'timestamp' },
  ExpressionAttributeValues: { ':number': 'N' },
});

const MARKERS = byType(ItemType.writeMarker, {
  ProjectionExpression: 'PK, SK, #type, #token, committed',
  ExpressionAttributeNames: { '#token': 'token' },
});

function summaryRow(item: Item): (SummaryRow & { jobId: string; token: string | null }) | null {
  const p = parseMetricItem(item);
  if (!p || p.value === null) return null;
  return { jobId: p.jobId, name: p.name, epoch: p.epoch, value: p.value, timestamp: p.timestamp, step: p.step, token: p.epochToken };
}

/** The catalog's reads: GSITYPE pages of jobs, metric rows and write markers at start; one partition per recount. */
export class CatalogRepository implements CatalogSource {
  private readonly partitions: PartitionRepository;

  constructor(private readonly gw: DynamoGateway) {
    this.partitions = new PartitionRepository(gw);
  }

  async loadAll(onProgress?: (jobs: number, rows: number) => void) {
    const jobs: JobFacts[] = [];
    const rows = new Map<string, JobRows>();
    const staged: Array<SummaryRow & { jobId: string; token: string }> = [];
    const committed = new Set<string>();
    let rowCount = 0;
    const add = (jobId: string, row: SummaryRow) => {
      const entry = rows.get(jobId);
      if (entry) {
        entry.rows.push(row);
        if (row.timestamp > entry.latest) entry.latest = row.timestamp;
      } else rows.set(jobId, { rows: [row], latest: row.timestamp });
      rowCount++;
    };
    await Promise.all([
      (async () => {
        for await (const page of queryPages(this.gw, byType(ItemType.job))) {
          for (const item of page) {
            const job = parseJobItem(item);
            if (job) jobs.push(factsOf(job));
          }
          onProgress?.(jobs.length, rowCount);
        }
      })(),
      (async () => {
        for await (const page of queryPages(this.gw, METRIC_ROWS)) {
          for (const item of page) {
            const row = summaryRow(item);
            if (!row) continue;
            const { jobId, token, ...summary } = row;
            if (token) staged.push({ ...summary, jobId, token });
            else add(jobId, summary);
          }
          onProgress?.(jobs.length, rowCount);
        }
      })(),
      (async () => {
        for await (const page of queryPages(this.gw, MARKERS))
          for (const item of page) {
            const marker = parseWriteMarker(item);
            if (marker?.committed) committed.add(marker.token);
          }
      })(),
    ]);
    // Rows of an epoch written in several transactions count once its marker has committed (visiblePoints' rule).
    for (const { jobId, token, ...row } of staged) if (committed.has(token)) add(jobId, row);
    return { jobs, rows, rowCount };
  }

  async readJob(jobId: string) {
    const view = await this.partitions.read(jobId, true);
    const rows: SummaryRow[] = [];
    let latest: string | null = null;
    for (const p of view.points) {
      if (latest === null || p.timestamp > latest) latest = p.timestamp;
      if (p.value !== null) rows.push({ name: p.name, epoch: p.epoch, value: p.value, timestamp: p.timestamp, step: p.step });
    }
    for (const log of view.logs) if (latest === null || log.timestamp > latest) latest = log.timestamp;
    return { facts: view.job ? factsOf(view.job) : null, rows, latest };
  }
}
