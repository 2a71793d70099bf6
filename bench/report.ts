import { writeFileSync } from 'node:fs';
import type { DelayStats, LiveRun } from './live/live-delay';
import type { MachineInfo } from './machine';
import type { SideResult } from './stats';

/** What one workload measured: both sides, and whether their answers matched. */
export interface WorkloadResult {
  id: string;
  title: string;
  concurrency: number;
  graphql: SideResult;
  raw: SideResult;
  /** CPU milliseconds per request of each side, by process (bench client, server, DynamoDB Local). */
  cpuMs: { graphql: Record<string, number>; raw: Record<string, number> };
  /** Largest share of the machine's CPU that other processes used during a side (null: unknown). */
  foreignCpu: number | null;
  /** Answer differences between GraphQL and raw (empty: they matched). */
  mismatches: string[];
  /** Further measured facts worth printing (probes, memory...). */
  notes: string[];
}

/**
 * What a target's outcome does. `gate`: a count or a correctness fact (calls, items, deliveries, failures, memory under
 * the load the target names); a FAIL makes the run exit 1. `timing`: a speed ratio or delay on a shared machine,
 * printed only. `info`: a figure this run's load cannot judge (memory in a quick run), printed only.
 */
export type TargetKind = 'gate' | 'timing' | 'info';

/** One target of the issue, as measured. */
export interface TargetResult {
  id: string;
  kind: TargetKind;
  target: string;
  measured: string;
  pass: boolean;
  /** Why the target was not measured (a tool missing): printed NOT RUN, never PASS, and it does not fail the run. */
  notRun?: string;
}

/** Everything a run produced. */
export interface BenchReport {
  mode: 'quick' | 'full';
  machine: MachineInfo;
  seed: { jobs: number; stepJobs: number; stepPoints: number; items: number; seconds: number };
  workloads: WorkloadResult[];
  targets: TargetResult[];
  /** Facts outside the workload table (leaderboard scaling...). */
  notes: string[];
  /** The live-update delays (LV), when it ran. */
  live?: LiveRun;
}

/** Share of the machine's CPU used by other processes during a workload above which the report warns. */
const FOREIGN_CPU_NOTICE = 0.05;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const left = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function commandList(commands: Record<string, number>): string {
  return Object.entries(commands)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([op, n]) => `${op} ${Number.isInteger(n) ? n : n.toFixed(1)}`)
    .join(', ');
}

const HEADER = [
  'workload',
  'side',
  'req/s',
  'p50 ms',
  'p99 ms',
  'calls/req',
  'items/req',
  'RCU/req',
  'WCU/req',
  'RCU rule',
  'WCU rule',
  'errors',
  'p50 x raw',
  'thrpt x raw',
];
const WIDTHS = [9, 8, 9, 9, 9, 10, 10, 9, 9, 9, 9, 7, 10, 11];

/** One line of a table: the first two columns left-aligned, the others right-aligned. */
function row(cells: string[], widths = WIDTHS): string {
  return cells.map((c, i) => (i < 2 ? pad(c, widths[i]) : left(c, widths[i]))).join(' ');
}

const LIVE_HEADER = [
  'mode',
  'writer',
  'epochs',
  'expected',
  'received',
  'dup',
  'wrong',
  'p50 ms',
  'p99 ms',
  'max ms',
  'p50 start',
  'p99 start',
  'max start',
];
const LIVE_WIDTHS = [6, 7, 7, 9, 9, 5, 6, 8, 8, 8, 10, 10, 10];

function liveRow(mode: string, writer: string, d: DelayStats): string {
  const q = [d.fromAck.p50, d.fromAck.p99, d.fromAck.max, d.fromStart.p50, d.fromStart.p99, d.fromStart.max];
  return row(
    [
      mode,
      writer,
      String(d.epochs),
      String(d.expected),
      String(d.received),
      String(d.duplicated),
      String(d.wrong),
      ...q.map((n) => fmt(n, 0)),
    ],
    LIVE_WIDTHS,
  );
}

/** LV's table: delays over every (epoch, subscriber) pair of each mode and writer, then each mode's facts. */
function renderLive(live: LiveRun): string[] {
  const p = live.plan;
  const lines = [
    `LV live updates: ${p.subscribers} graphql-ws subscribers (reader key, one connection each) to epochRecorded(jobId) of ${live.jobs} jobs, ${Math.round(p.subscribers / live.jobs)} each;`,
    `   ${p.trainers} trainers x ${p.epochs} epochs (after ${p.warmupEpochs} not measured) of ${live.labels} labels through recordEpoch, each one per ${p.intervalMs / 1000} s (staggered: ${((p.trainers * 1000) / p.intervalMs).toFixed(1)} epochs/s in all);`,
    `   1 legacy writer x ${p.legacyEpochs} epochs of ${live.modes[0]?.legacyRows ?? '?'} rows (one PutItem each), pausing ${live.legacyPauseMs / 1000} s after each; STREAM_POLL_MS ${live.pollMs}, LEGACY_EPOCH_QUIET_MS ${live.quietMs}`,
    '',
    row(LIVE_HEADER, LIVE_WIDTHS),
    row(
      LIVE_WIDTHS.map((w) => '-'.repeat(w)),
      LIVE_WIDTHS,
    ),
  ];
  for (const m of live.modes) lines.push(liveRow(m.mode, 'server', m.server), liveRow(m.mode, 'legacy', m.legacy));
  lines.push(
    "delays in ms over every (epoch, subscriber) pair, from the recordEpoch acknowledgement and (start) from its request's start;",
    `legacy: from the PutItem acknowledgement of the epoch's last row and (start) from its first row's; they include LEGACY_EPOCH_QUIET_MS (${live.quietMs} ms)`,
  );
  for (const { mode, reason } of live.notRun) lines.push(`LV ${mode}: NOT RUN: ${reason}`);
  for (const m of live.modes) {
    lines.push(`LV ${m.mode}: ${m.setup}`);
    for (const note of m.notes) lines.push(`    ${note}`);
    if (m.errors.length) lines.push(`    subscriber errors (${m.errors.length}), first: ${m.errors[0]}`);
    if (m.foreignCpu !== null && m.foreignCpu > FOREIGN_CPU_NOTICE) {
      lines.push(`    SKEWED: other processes used up to ${(m.foreignCpu * 100).toFixed(0)}% of the machine's CPU while this mode ran`);
    }
  }
  return lines;
}

function sideRow(id: string, side: 'graphql' | 'raw', s: SideResult, other?: SideResult): string {
  return row([
    id,
    side,
    fmt(s.perSecond, s.perSecond < 10 ? 2 : 1),
    fmt(s.p50Ms),
    fmt(s.p99Ms),
    fmt(s.calls),
    fmt(s.itemsRead),
    fmt(s.rcu),
    fmt(s.wcu),
    fmt(s.rcuByRule),
    fmt(s.wcuByRule),
    String(s.errors),
    other ? `${fmt(s.p50Ms / other.p50Ms, 2)}x` : '',
    other ? `${fmt(s.perSecond / other.perSecond, 2)}x` : '',
  ]);
}

/** The gating targets that failed, one printed line each: what makes the run exit 1 besides answer mismatches. */
export function failedGates(targets: readonly TargetResult[]): string[] {
  return targets.filter((t) => t.kind === 'gate' && !t.pass && !t.notRun).map(targetLine);
}

/** The targets that were not run, one printed line each (with the reason): they neither pass nor fail the run. */
export function notRunTargets(targets: readonly TargetResult[]): string[] {
  return targets.filter((t) => t.notRun).map(targetLine);
}

/** A target as printed, with its kind: a gate PASS or FAIL, an informational one met or missed (no FAIL to grep for), or NOT RUN and why. */
function targetLine(t: TargetResult): string {
  const status = t.notRun ? 'NOT RUN' : t.kind === 'gate' ? (t.pass ? 'PASS' : 'FAIL') : t.pass ? 'met' : 'missed';
  return `  ${pad(status, 7)} ${pad(t.kind, 6)} ${pad(t.id, 4)} ${t.target}: ${t.notRun ?? t.measured}`;
}

/** The table and targets as printed to stdout. */
export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    '',
    `npm run bench (${r.mode}) ${m.date}`,
    `machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB; node ${m.node}; ${m.java}; DynamoDB Local ${m.dynamoLocal}`,
    `seeded: ${r.seed.jobs} jobs + ${r.seed.stepJobs} with ${r.seed.stepPoints.toLocaleString('en-US')} step points each, one item per point, and ${r.seed.stepJobs} copies of those with the same points packed; ${r.seed.items.toLocaleString('en-US')} items in ${fmt(r.seed.seconds)} s`,
  ];
  if (r.workloads.length) lines.push('', row(HEADER), row(WIDTHS.map((w) => '-'.repeat(w))));
  for (const w of r.workloads) {
    lines.push(sideRow(w.id, 'graphql', w.graphql, w.raw), sideRow(w.id, 'raw', w.raw));
  }
  if (r.workloads.length)
    lines.push(
      "RCU/req, WCU/req: capacity as DynamoDB Local reported it; RCU rule, WCU rule: by DynamoDB's published rules, from the items",
      'read and written (per KB written, per 4 KB read, each index copy, transactions twice; docs/benchmarks.md "Capacity by rule")',
    );
  const skewed = r.workloads.filter((w) => w.foreignCpu !== null && w.foreignCpu > FOREIGN_CPU_NOTICE);
  if (skewed.length) {
    lines.push(
      '',
      `WARNING: other processes used the CPU during ${skewed.map((w) => `${w.id} (${((w.foreignCpu ?? 0) * 100).toFixed(0)}%)`).join(', ')}: rerun on a quiet machine`,
    );
  }
  lines.push('');
  for (const w of r.workloads) {
    lines.push(`${w.id} ${w.title} (concurrency ${w.concurrency})`);
    lines.push(
      `    graphql calls: ${commandList(w.graphql.commands)}; max ${w.graphql.maxCalls} calls, ${w.graphql.maxWriteCalls} write calls in one request`,
    );
    lines.push(`    raw calls:     ${commandList(w.raw.commands)}`);
    for (const [side, s] of [
      ['graphql', w.graphql],
      ['raw', w.raw],
    ] as const) {
      if (s.errors) lines.push(`    ${side} failures: ${s.errors}, first: ${s.firstError}`);
    }
    const cpu = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([p, ms]) => `${p} ${ms.toFixed(1)}`)
        .join(', ');
    lines.push(`    CPU ms per request: graphql ${cpu(w.cpuMs.graphql)}; raw ${cpu(w.cpuMs.raw)}`);
    for (const [side, s] of [
      ['graphql', w.graphql],
      ['raw', w.raw],
    ] as const) {
      const estimated = Object.entries(s.ruleEstimates);
      if (estimated.length)
        lines.push(
          `    ${side} capacity by rule estimated, per request: ${estimated.map(([why, n]) => `${fmt(n, 2)} x ${why}`).join('; ')}`,
        );
    }
    if (w.foreignCpu !== null && w.foreignCpu > FOREIGN_CPU_NOTICE) {
      lines.push(`    SKEWED: other processes used up to ${(w.foreignCpu * 100).toFixed(0)}% of the machine's CPU while this workload ran`);
    }
    lines.push(
      `    answers: ${w.mismatches.length ? `MISMATCH (${w.mismatches.length}): ${w.mismatches[0]}` : 'same as the raw baseline'}`,
    );
    for (const note of w.notes) lines.push(`    ${note}`);
  }
  if (r.live) lines.push(...(lines[lines.length - 1] === '' ? [] : ['']), ...renderLive(r.live));
  if (r.notes.length) lines.push('', ...r.notes);
  lines.push(
    '',
    'targets that gate the exit code (a FAIL makes the run exit 1):',
    ...r.targets.filter((t) => t.kind === 'gate').map(targetLine),
  );
  lines.push(
    '',
    'informational targets, printed only (timing: speed on a shared machine; info: memory a quick run cannot judge):',
    ...r.targets.filter((t) => t.kind !== 'gate').map(targetLine),
  );
  const notRun = r.targets.filter((t) => t.notRun);
  if (notRun.length) {
    lines.push(
      '',
      `NOT RUN: ${notRun.length} target${notRun.length === 1 ? '' : 's'} (${[...new Set(notRun.map((t) => t.id))].join(', ')}) could not run; the exit code covers only the targets that ran:`,
    );
    lines.push(...[...new Set(notRun.map((t) => t.notRun as string))].map((why) => `  ${why}`));
  }
  return lines.join('\n');
}

/** Writes the report as JSON. */
export function writeJson(file: string, r: BenchReport): void {
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
}
