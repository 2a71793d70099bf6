import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * Items in the exact shapes the legacy Python writer (receipt_dynamo) stores, built here by hand rather than with the
 * server's key templates, so the tests check compatibility instead of agreeing with themselves.
 */
export type Item = Record<string, unknown>;

/** The two job ids the fixture file was written with. */
export const FIXTURE_JOB_A = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
export const FIXTURE_JOB_B = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

const FIXTURE_PATH = join(__dirname, '../fixtures/legacy-items.json');

/** The fixture's items, unmarshalled, with its two job ids replaced everywhere (keys, GSI keys, job_id) by `a` and `b`. */
export function legacyFixtureItems(ids: { a: string; b: string }): Item[] {
  const text = readFileSync(FIXTURE_PATH, 'utf8').split(FIXTURE_JOB_A).join(ids.a).split(FIXTURE_JOB_B).join(ids.b);
  const parsed = JSON.parse(text) as { items: Record<string, AttributeValue>[] };
  return parsed.items.map((item) => unmarshall(item));
}

/** Writes items with BatchWriteItem, 25 a call, retrying unprocessed ones until none are left. */
export async function putItems(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 10) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed`);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

/** A legacy `JOB` item. */
export function legacyJob(job: {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  priority?: string;
  description?: string;
  config?: Item;
  results?: Item;
}): Item {
  return {
    PK: `JOB#${job.id}`,
    SK: 'JOB',
    TYPE: 'JOB',
    GSI1PK: `STATUS#${job.status}`,
    GSI1SK: `CREATED#${job.createdAt}`,
    GSI2PK: `JOB_NAME#${job.name}`,
    GSI2SK: `CREATED#${job.createdAt}`,
    name: job.name,
    description: job.description ?? '',
    created_at: job.createdAt,
    created_by: 'system',
    status: job.status,
    priority: job.priority ?? 'medium',
    job_config: job.config ?? {},
    ...(job.results ? { results: job.results } : {}),
  };
}

/** A legacy `JOB_METRIC` item (value a number, a numeric string such as "212.0", or a map). */
export function legacyMetric(p: {
  jobId: string;
  name: string;
  ts: string;
  value: unknown;
  unit?: string;
  epoch?: number;
  step?: number;
}): Item {
  return {
    PK: `JOB#${p.jobId}`,
    SK: `METRIC#${p.name}#${p.ts}`,
    TYPE: 'JOB_METRIC',
    GSI1PK: `METRIC#${p.name}`,
    GSI1SK: p.ts,
    GSI2PK: `METRIC#${p.name}`,
    GSI2SK: `JOB#${p.jobId}#${p.ts}`,
    job_id: p.jobId,
    metric_name: p.name,
    timestamp: p.ts,
    value: p.value,
    ...(p.unit !== undefined ? { unit: p.unit } : {}),
    ...(p.step !== undefined ? { step: p.step } : {}),
    ...(p.epoch !== undefined ? { epoch: p.epoch } : {}),
  };
}

/** A legacy `JOB_LOG` item. */
export function legacyLog(l: { jobId: string; ts: string; level: string; message: string; source?: string }): Item {
  return {
    PK: `JOB#${l.jobId}`,
    SK: `LOG#${l.ts}`,
    TYPE: 'JOB_LOG',
    GSI1PK: 'LOG',
    GSI1SK: `JOB#${l.jobId}#${l.ts}`,
    log_level: l.level,
    message: l.message,
    ...(l.source !== undefined ? { source: l.source } : {}),
  };
}

/** A legacy `JOB_STATUS` history item. */
export function legacyStatus(s: { jobId: string; ts: string; status: string; message?: string }): Item {
  return {
    PK: `JOB#${s.jobId}`,
    SK: `STATUS#${s.ts}`,
    TYPE: 'JOB_STATUS',
    GSI1PK: `STATUS#${s.status}`,
    GSI1SK: `UPDATED#${s.ts}`,
    status: s.status,
    progress: 0,
    ...(s.message !== undefined ? { message: s.message } : {}),
  };
}

/** Legacy-style offset timestamp (`isoformat()` of an aware UTC datetime) `offsetMicros` after `base`. */
export function legacyTs(base: string, offsetMicros: number): string {
  const ms = Date.parse(`${base}Z`);
  const total = BigInt(ms) * 1000n + BigInt(offsetMicros);
  const iso = new Date(Number(total / 1000n)).toISOString().slice(0, 19);
  return `${iso}.${(total % 1_000_000n).toString().padStart(6, '0')}+00:00`;
}

/**
 * One epoch as the legacy writer records it: one PutItem per row, each its own timestamp a few ms apart, per-label
 * scores in the flat shape (`label_{LABEL}_f1`...). Returns the rows in write order.
 */
export function legacyEpochRows(jobId: string, epoch: number, labels: readonly string[], base = '2026-03-01T10:00:00'): Item[] {
  let offset = epoch * 60_000_000;
  const row = (name: string, value: number, unit: string) =>
    legacyMetric({ jobId, name, ts: legacyTs(base, (offset += 7000)), value, unit, epoch, step: epoch * 100 });
  return [
    row('val_f1', 0.5 + epoch / 100, 'ratio'),
    row('val_precision', 0.6, 'ratio'),
    row('val_recall', 0.55, 'ratio'),
    row('eval_loss', 1 / (epoch + 1), 'loss'),
    ...labels.flatMap((label, i) => [
      row(`label_${label}_f1`, (40 + i) / 100, 'ratio'),
      row(`label_${label}_precision`, 0.5, 'ratio'),
      row(`label_${label}_recall`, 0.3, 'ratio'),
      row(`label_${label}_support`, 10 + i, 'count'),
    ]),
  ];
}

/** Writes items one PutItem at a time, in order, as the legacy writer does. */
export async function putOneByOne(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> {
  for (const Item of items) await doc.send(new PutCommand({ TableName: tableName, Item }));
}
