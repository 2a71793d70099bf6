import { performance } from 'node:perf_hooks';
import type { CallStats } from '../src/db/call-stats';
import { GraphqlError } from './graphql';
import { summarise, type SideResult, type TimedRun } from './stats';

/** One request of a side of a workload: `iteration` picks its input (never repeated within a side). */
export type Op = (iteration: number, worker: number) => Promise<CallStats>;

/** Something to run only while one side is measured (CPU meters, the RSS sampler of W1). */
export interface PhaseWatcher {
  start(): void;
  stop(): void;
}

/** How long and how wide each side runs. */
export interface RunPlan {
  durationMs: number;
  warmupMs: number;
  /** The timed run of each side is split into this many slices, alternating GraphQL and raw. */
  rounds: number;
  concurrency: number;
}

/** Runs `op` from `concurrency` workers until `durationMs` has passed (requests in flight finish). */
async function runFor(op: Op, durationMs: number, concurrency: number, counter: { next: number }, into: TimedRun): Promise<void> {
  const started = performance.now();
  const deadline = started + durationMs;
  let finished = started;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const iteration = counter.next++;
        const t0 = performance.now();
        try {
          const stats = await op(iteration, worker);
          into.latencies.push(performance.now() - t0);
          into.stats.push(stats);
        } catch (error) {
          into.errors.push((error as Error).message);
          if (error instanceof GraphqlError && error.unavailable) into.unavailable++;
        }
        finished = Math.max(finished, performance.now());
      }
    }),
  );
  into.seconds += (finished - started) / 1000;
}

/**
 * Measures both sides of a workload in the same run: a warm-up of each (not counted), then `rounds` slices of
 * each, interleaved, so drift in the database (growth, JIT, GC) hits both alike.
 */
export async function measurePair(
  graphql: Op,
  raw: Op,
  plan: RunPlan,
  watchers: { graphql: PhaseWatcher[]; raw: PhaseWatcher[] } = { graphql: [], raw: [] },
): Promise<{ graphql: SideResult; raw: SideResult }> {
  const counters = { graphql: { next: 0 }, raw: { next: 0 } };
  await runFor(graphql, plan.warmupMs, plan.concurrency, counters.graphql, scratch());
  await runFor(raw, plan.warmupMs, plan.concurrency, counters.raw, scratch());
  const g = scratch();
  const r = scratch();
  const slice = plan.durationMs / plan.rounds;
  const watched = async (op: Op, counter: { next: number }, into: TimedRun, list: PhaseWatcher[]) => {
    for (const w of list) w.start();
    try {
      await runFor(op, slice, plan.concurrency, counter, into);
    } finally {
      for (const w of list) w.stop();
    }
  };
  // Rounds alternate which side goes first (GraphQL, raw, raw, GraphQL...), so whatever the previous slice leaves
  // behind (DynamoDB Local's garbage collection, a warm cache) does not always fall on the same side.
  for (let round = 0; round < plan.rounds; round++) {
    const sides = [() => watched(graphql, counters.graphql, g, watchers.graphql), () => watched(raw, counters.raw, r, watchers.raw)];
    for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
  }
  return { graphql: summarise(g), raw: summarise(r) };
}

const scratch = (): TimedRun => ({ latencies: [], stats: [], seconds: 0, errors: [], unavailable: 0 });

/** Measures one operation alone: a warm-up, then `durationMs` at the plan's concurrency. */
export async function measureOne(op: Op, plan: RunPlan): Promise<SideResult> {
  const counter = { next: 0 };
  await runFor(op, plan.warmupMs, plan.concurrency, counter, scratch());
  const run = scratch();
  await runFor(op, plan.durationMs / plan.rounds, plan.concurrency, counter, run);
  return summarise(run);
}
