import { RunConfusionMatricesDocument, type RunConfusionMatricesQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';

/** One stored confusion matrix: true labels down, predicted labels across, counts in the cells. */
export interface ConfusionMatrix {
  epoch: number | null;
  labels: string[];
  matrix: number[][];
}

/** A stored `confusion_matrix` value read as a matrix; null when it is not the `{labels, matrix}` shape (square, numeric). */
export function confusionOf(epoch: number | null, data: unknown): ConfusionMatrix | null {
  if (typeof data !== 'object' || data === null) return null;
  const { labels, matrix } = data as { labels?: unknown; matrix?: unknown };
  if (!Array.isArray(labels) || !Array.isArray(matrix) || matrix.length !== labels.length) return null;
  const rows = matrix.map((row) => (Array.isArray(row) && row.length === labels.length ? row.map(Number) : null));
  if (rows.some((r) => r === null || r.some((v) => !Number.isFinite(v)))) return null;
  return { epoch, labels: labels.map(String), matrix: rows as number[][] };
}

/** Every confusion matrix the run stored, by epoch ascending (a later one of the same epoch wins). */
export async function loadConfusionMatrices(jobId: string): Promise<ConfusionMatrix[]> {
  const byEpoch = new Map<number | null, ConfusionMatrix>();
  let after: string | null = null;
  for (;;) {
    const { job }: RunConfusionMatricesQuery = await read(RunConfusionMatricesDocument, { id: jobId, after });
    if (!job) break;
    for (const { node } of job.metrics.edges) {
      const m = confusionOf(node.epoch, node.data);
      if (m) byEpoch.set(node.epoch, m);
    }
    if (!job.metrics.pageInfo.hasNextPage || !job.metrics.pageInfo.endCursor) break;
    after = job.metrics.pageInfo.endCursor;
  }
  return [...byEpoch.values()].sort((a, b) => (a.epoch ?? -1) - (b.epoch ?? -1));
}
