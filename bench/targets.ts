import type { LeaderboardAt } from './leaderboard-scaling';
import type { TargetResult, WorkloadResult } from './report';
import type { LargeEpochProbe } from './workloads/writes';

/** The targets, checked against what the run measured (printed PASS/FAIL; timing never fails the exit code). */

const P50_RATIO_LIMIT = 1.25;
const RSS_LIMIT_MB = 200;

const x = (n: number) => `${n.toFixed(2)}x`;

/** W1-W5: GraphQL p50 at most 1.25 x the raw baseline's. */
export function readTargets(results: readonly WorkloadResult[]): TargetResult[] {
  return results
    .filter((w) => ['W1', 'W2', 'W3', 'W4', 'W5'].includes(w.id))
    .map((w) => {
      const ratio = w.graphql.p50Ms / w.raw.p50Ms;
      return {
        id: w.id,
        target: `GraphQL p50 <= ${P50_RATIO_LIMIT} x raw p50`,
        measured: `${w.graphql.p50Ms.toFixed(1)} ms vs ${w.raw.p50Ms.toFixed(1)} ms = ${x(ratio)}`,
        pass: ratio <= P50_RATIO_LIMIT,
      };
    });
}

/** W1: the server's peak RSS while W1 runs. */
export function rssTarget(peakBytes: number): TargetResult {
  const mb = peakBytes / 1e6;
  return { id: 'W1', target: `server RSS under W1 <= ${RSS_LIMIT_MB} MB`, measured: `peak ${mb.toFixed(0)} MB`, pass: mb <= RSS_LIMIT_MB };
}

/** Every timed request answered without an error, on both sides. */
export function errorTarget(results: readonly WorkloadResult[]): TargetResult {
  const failing = results.filter((w) => w.graphql.errors || w.raw.errors);
  const measured = failing.length
    ? failing.map((w) => `${w.id} ${w.graphql.errors} graphql (${w.graphql.unavailable} SERVICE_UNAVAILABLE) / ${w.raw.errors} raw failed`).join('; ')
    : 'no failed requests';
  return { id: 'all', target: 'every request answered under load', measured, pass: failing.length === 0 };
}

const THROUGHPUT_RATIO_MIN = 0.8;

function throughput(w: WorkloadResult): { ratio: number; measured: string } {
  const ratio = w.graphql.perSecond / w.raw.perSecond;
  return { ratio, measured: `${w.graphql.perSecond.toFixed(1)} vs ${w.raw.perSecond.toFixed(1)} req/s = ${x(ratio)}` };
}

/** W6: one write call per epoch (timed requests and the 90-label probe), throughput at least 0.8 x raw. */
export function ingestionTargets(w: WorkloadResult, probes: readonly LargeEpochProbe[]): TargetResult[] {
  const t = throughput(w);
  const strict = probes.filter((p) => p.extras === 0);
  const probeText = (list: readonly LargeEpochProbe[]) => list.map((p) => `epoch ${p.epoch}: ${p.writeCalls}`).join(', ');
  const targets: TargetResult[] = [
    { id: 'W6', target: 'exactly one write call per epoch (timed requests)', measured: `max ${w.graphql.maxWriteCalls} write calls in a request`, pass: w.graphql.maxWriteCalls === 1 },
    {
      id: 'W6',
      target: `exactly one write call per epoch of ${strict[0]?.labels ?? 90} labels + 6 metrics`,
      measured: probeText(strict),
      pass: strict.length > 0 && strict.every((p) => p.writeCalls === 1),
    },
    { id: 'W6', target: `throughput >= ${THROUGHPUT_RATIO_MIN} x raw TransactWriteItems`, measured: t.measured, pass: t.ratio >= THROUGHPUT_RATIO_MIN },
  ];
  const withExtras = probes.filter((p) => p.extras > 0);
  if (withExtras.length) {
    targets.push({
      id: 'W6',
      target: `(info) one write call per epoch of ${withExtras[0].labels} labels + 6 metrics + ${withExtras[0].extras} extras`,
      measured: probeText(withExtras),
      pass: withExtras.every((p) => p.writeCalls === 1),
    });
  }
  return targets;
}

/** Constant allowed on top of ceil(points / 25) calls: reads of the job, descriptor and blocks, the summary write. */
export const STEP_CALLS_CONSTANT = 5;

/** W7: calls at most ceil(points / 25) + a constant; throughput at least 0.8 x raw BatchWriteItem. */
export function stepLoggingTargets(w: WorkloadResult, points: number): TargetResult[] {
  const t = throughput(w);
  const bound = Math.ceil(points / 25) + STEP_CALLS_CONSTANT;
  return [
    { id: 'W7', target: `calls <= ceil(${points}/25) + ${STEP_CALLS_CONSTANT} = ${bound}`, measured: `max ${w.graphql.maxCalls} calls in a request`, pass: w.graphql.maxCalls <= bound },
    { id: 'W7', target: `throughput >= ${THROUGHPUT_RATIO_MIN} x raw BatchWriteItem`, measured: t.measured, pass: t.ratio >= THROUGHPUT_RATIO_MIN },
  ];
}

/** W8: maxPoints: 500 reads at most 5% of the full read's items, in under a tenth of its time (GraphQL p50). */
export function longSeriesTargets(sampled: WorkloadResult, full: WorkloadResult, maxPoints: number): TargetResult[] {
  const items = sampled.graphql.itemsRead / full.graphql.itemsRead;
  const time = sampled.graphql.p50Ms / full.graphql.p50Ms;
  return [
    {
      id: 'W8',
      target: `maxPoints: ${maxPoints} reads <= 5% of the full series' items`,
      measured: `${sampled.graphql.itemsRead.toFixed(0)} vs ${full.graphql.itemsRead.toFixed(0)} items = ${(items * 100).toFixed(2)}%`,
      pass: items <= 0.05,
    },
    {
      id: 'W8',
      target: `maxPoints: ${maxPoints} p50 < 0.1 x the full read's p50`,
      measured: `${sampled.graphql.p50Ms.toFixed(1)} ms vs ${full.graphql.p50Ms.toFixed(1)} ms = ${x(time)}`,
      pass: time < 0.1,
    },
  ];
}

/** leaderboard(first: 10) reads the same number of items at both table sizes. */
export function leaderboardScalingTarget(small: LeaderboardAt, large: LeaderboardAt): TargetResult {
  return {
    id: 'LB',
    target: 'leaderboard(first: 10) items read independent of the job count',
    measured: `${small.graphqlItems} items (${small.graphqlCalls} calls) at ${small.jobs} jobs, ${large.graphqlItems} items (${large.graphqlCalls} calls) at ${large.jobs} jobs`,
    pass: small.graphqlItems === large.graphqlItems && large.jobs >= small.jobs * 5,
  };
}
