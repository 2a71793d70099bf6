import { queryAll } from '../src/db/batch';
import type { DynamoGateway } from '../src/db/gateway';
import { ALL_METRIC_POINTS, jobPartition, LOGS_OF_JOB, stepSeriesPartition, STEP_PARTS } from '../src/db/schema';
import { parseJobItem } from '../src/modules/jobs/job-item';
import { parseLogItem } from '../src/modules/logs/log-item';
import { parseMetricItem } from '../src/modules/metrics/metric-item';
import { contentPoints, epochContent } from '../src/modules/metrics/recording-content';
import { recordEpochInput } from '../src/modules/metrics/recording-inputs';
import { parsePart } from '../src/modules/metrics/step-packs';

/**
 * Checks what the table holds against what clients sent and what the server acknowledged, straight from the items (not
 * through the server's read rules): nothing acknowledged missing, nothing stored twice, no epoch half written.
 */

/** Whether the server ever acknowledged a write a client sent (perhaps several times), and when (the run's clock). */
export interface Acknowledgement {
  acknowledged: boolean;
  acknowledgedAt?: number;
}

/** One recordEpoch. */
export interface SentEpoch extends Acknowledgement {
  input: Record<string, unknown>;
}

/** One logMetrics call's points. */
export interface SentPoints extends Acknowledgement {
  jobId: string;
  name: string;
  steps: number[];
}

/** One appendJobLog line (messages are unique per run) and a finalize. */
export interface SentLog extends Acknowledgement {
  jobId: string;
  message: string;
}
export interface SentFinalize extends Acknowledgement {
  jobId: string;
  status: string;
}

export interface AuditReport {
  /** Acknowledged writes that are not in the table. */
  missing: string[];
  /** Writes stored more than once. */
  duplicates: string[];
  /** Epochs with some but not all of their points, or with values that differ from what was sent. */
  partial: string[];
  /** Acknowledged writes checked. */
  checked: number;
}

export function emptyReport(): AuditReport {
  return { missing: [], duplicates: [], partial: [], checked: 0 };
}

function group<T>(list: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}

/** JSON with object keys sorted: DynamoDB does not keep a map's key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

const partitionItems = (gw: DynamoGateway, pk: string, prefix: string) =>
  queryAll(gw, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
    ConsistentRead: true,
  });

/** Every epoch sent: acknowledged ones whole, the others whole or absent; no metric of an epoch stored twice. */
export async function auditEpochs(gw: DynamoGateway, sent: readonly SentEpoch[], report = emptyReport()): Promise<AuditReport> {
  for (const [jobId, epochs] of group(sent, (s) => String(s.input.jobId))) {
    const stored = (await partitionItems(gw, jobPartition(jobId), ALL_METRIC_POINTS)).map(parseMetricItem);
    const byEpoch = group(
      stored.filter((p) => p !== null && p.epoch !== null),
      (p) => String(p?.epoch),
    );
    for (const [epoch, attempts] of group(epochs, (s) => String(s.input.epoch))) {
      const what = `job ${jobId} epoch ${epoch}`;
      const acknowledged = attempts.some((a) => a.acknowledged);
      if (acknowledged) report.checked++;
      const expected = contentPoints(jobId, epochContent(recordEpochInput.parse(attempts[0].input)), 'audit');
      const points = byEpoch.get(epoch) ?? [];
      if (points.length === 0) {
        if (acknowledged) report.missing.push(what);
        continue;
      }
      const names = group(points, (p) => p?.name ?? '');
      for (const [name, copies] of names) if (copies.length > 1) report.duplicates.push(`${what}: ${name} x${copies.length}`);
      const absent = expected.filter((p) => !names.has(p.name));
      const differing = expected.filter((p) => {
        const got = names.get(p.name)?.[0];
        return got && canonical(got.value ?? got.data) !== canonical(p.value);
      });
      if (absent.length || differing.length || names.size !== expected.length) {
        report.partial.push(
          `${what}: ${names.size}/${expected.length} points, missing ${absent.map((p) => p.name).join(',') || '-'}, differing ${differing.map((p) => p.name).join(',') || '-'}`,
        );
      }
    }
  }
  return report;
}

/** Every acknowledged step point stored, each step once over the series' packed parts. */
export async function auditStepPoints(gw: DynamoGateway, sent: readonly SentPoints[], report = emptyReport()): Promise<AuditReport> {
  for (const [series, calls] of group(sent, (s) => `${s.jobId}\u0000${s.name}`)) {
    const [jobId, name] = series.split('\u0000');
    const steps = (await partitionItems(gw, stepSeriesPartition(jobId, name), STEP_PARTS)).flatMap(
      (i) => parsePart(i)?.points.map((p) => p.step) ?? [],
    );
    const stored = new Set(steps);
    if (stored.size !== steps.length) report.duplicates.push(`job ${jobId} ${name}: ${steps.length - stored.size} steps stored twice`);
    for (const call of calls.filter((c) => c.acknowledged)) {
      report.checked += call.steps.length;
      const lost = call.steps.filter((s) => !stored.has(s));
      if (lost.length) report.missing.push(`job ${jobId} ${name}: ${lost.length} acknowledged steps missing (first ${lost[0]})`);
    }
  }
  return report;
}

/** Acknowledged log lines stored exactly once; unacknowledged ones at most once. */
export async function auditLogs(gw: DynamoGateway, sent: readonly SentLog[], report = emptyReport()): Promise<AuditReport> {
  for (const [jobId, lines] of group(sent, (s) => s.jobId)) {
    const stored = group((await partitionItems(gw, jobPartition(jobId), LOGS_OF_JOB)).map(parseLogItem), (l) => l?.message ?? '');
    for (const line of lines) {
      const copies = stored.get(line.message)?.length ?? 0;
      if (line.acknowledged) report.checked++;
      if (line.acknowledged && copies === 0) report.missing.push(`job ${jobId} log "${line.message}"`);
      if (copies > 1) report.duplicates.push(`job ${jobId} log "${line.message}" x${copies}`);
    }
  }
  return report;
}

/** Acknowledged finalizes: the job has that terminal status and results. */
export async function auditFinalized(gw: DynamoGateway, sent: readonly SentFinalize[], report = emptyReport()): Promise<AuditReport> {
  for (const f of sent.filter((s) => s.acknowledged)) {
    report.checked++;
    const [item] = await partitionItems(gw, jobPartition(f.jobId), 'JOB');
    const job = item ? parseJobItem(item) : null;
    if (!job || job.status !== f.status || !job.results)
      report.missing.push(
        `job ${f.jobId} finalized ${f.status}: stored ${job?.status ?? 'nothing'}${job?.results ? '' : ' without results'}`,
      );
  }
  return report;
}

/** Everything a run's clients sent, as a Ledger holds it. */
export interface SentWrites {
  epochs: readonly SentEpoch[];
  points: readonly SentPoints[];
  logs: readonly SentLog[];
  finalizes: readonly SentFinalize[];
}

/** All of the above in one report. */
export async function auditWrites(gw: DynamoGateway, sent: SentWrites): Promise<AuditReport> {
  const report = await auditEpochs(gw, sent.epochs);
  await auditStepPoints(gw, sent.points, report);
  await auditLogs(gw, sent.logs, report);
  return auditFinalized(gw, sent.finalizes, report);
}
