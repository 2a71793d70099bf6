import type { Item } from '../../db/batch';
import { isJobItem, ItemType, jobIdOfPartition } from '../../db/schema';
import { parseJobItem } from '../jobs/job-item';
import { parseLogItem } from '../logs/log-item';
import { parseMetricItem, parseWriteMarker } from '../metrics/metric-item';
import { parseStepPoint } from '../metrics/step-items';
import { addedPoints } from '../metrics/step-packs';
import { parseStatusChange } from '../jobs/job-item';
import { factsOf, type JobFacts } from './catalog-entry';
import type { SummaryRow } from './metric-summary';

/**
 * What the catalog hears of a change to the table, as plain JSON (the stream worker publishes it over Redis):
 * - `job`: a job item's new facts; `removed`: the job item was deleted;
 * - `rows`: visible metric rows with a numeric value (they may change the job's summaries);
 * - `seen`: a write for the job at that time (rows, logs, status items, step points);
 * - `recount`: an epoch written in several transactions committed: its rows just became visible, the job is read again.
 */
export type CatalogChange =
  | { kind: 'job'; facts: JobFacts }
  | { kind: 'removed'; jobId: string }
  | { kind: 'rows'; jobId: string; rows: SummaryRow[] }
  | { kind: 'seen'; jobId: string; at: string }
  | { kind: 'recount'; jobId: string };

/** One change of one item, as the stream gives it. */
export interface ImageChange {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage: Item | null;
  oldImage: Item | null;
}

/** The time a non-job item of a job was written, for `seen`; null for items that say nothing of the job's activity. */
function writtenAt(item: Item): string | null {
  switch (item.TYPE) {
    case ItemType.metric:
      return parseMetricItem(item)?.timestamp ?? null;
    case ItemType.log:
      return parseLogItem(item)?.timestamp ?? null;
    case ItemType.status:
      return parseStatusChange(item)?.timestamp ?? null;
    case ItemType.stepPoint:
      return parseStepPoint(item)?.timestamp ?? null;
    default:
      return null;
  }
}

/**
 * The catalog changes of a batch of item changes, compacted: per job, its latest job facts, its new rows, and one
 * `seen` at the latest write time (a 1,000-point logMetrics call is one change, not a thousand).
 */
export function catalogChanges(batch: readonly ImageChange[]): CatalogChange[] {
  const out: CatalogChange[] = [];
  const rows = new Map<string, SummaryRow[]>();
  const seen = new Map<string, string>();
  const recount = new Set<string>();
  for (const change of batch) {
    const image = change.newImage ?? change.oldImage;
    if (!image) continue;
    if (isJobItem(image)) {
      if (change.event === 'REMOVE') {
        const jobId = jobIdOfPartition(String(image.PK));
        if (jobId) out.push({ kind: 'removed', jobId });
      } else {
        const job = parseJobItem(image);
        if (job) out.push({ kind: 'job', facts: factsOf(job) });
      }
      continue;
    }
    if (change.event === 'REMOVE' || !change.newImage) continue;
    const item = change.newImage;
    if (item.TYPE === ItemType.writeMarker) {
      const marker = parseWriteMarker(item);
      const wasCommitted = change.oldImage ? parseWriteMarker(change.oldImage)?.committed : undefined;
      if (marker?.committed && wasCommitted === false) recount.add(marker.jobId);
      continue;
    }
    const added = addedPoints(change.oldImage ?? undefined, item);
    const at = added.length ? added.reduce((a, p) => (p.timestamp > a ? p.timestamp : a), '') : writtenAt(item);
    const jobId = added.length
      ? added[0].jobId
      : item.TYPE === ItemType.stepPoint
        ? parseStepPoint(item)?.jobId
        : jobIdOfPartition(String(item.PK));
    if (!at || !jobId) continue;
    if ((seen.get(jobId) ?? '') < at) seen.set(jobId, at);
    if (item.TYPE !== ItemType.metric) continue;
    const point = parseMetricItem(item);
    if (!point || point.epochToken || point.value === null) continue;
    const list = rows.get(jobId) ?? [];
    list.push({ name: point.name, epoch: point.epoch, value: point.value, timestamp: point.timestamp, step: point.step });
    rows.set(jobId, list);
  }
  for (const [jobId, list] of rows) out.push({ kind: 'rows', jobId, rows: list });
  for (const [jobId, at] of seen) out.push({ kind: 'seen', jobId, at });
  for (const jobId of recount) out.push({ kind: 'recount', jobId });
  return out;
}
