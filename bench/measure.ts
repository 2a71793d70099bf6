import { answerDifference } from './compare';
import type { WorkloadResult } from './report';
import { measurePair, type PhaseWatcher, type RunPlan } from './runner';
import type { Workload } from './workloads/workload';
import { CpuMeter } from './cpu';

/** Compares the two sides' answers on the workload's check iterations; one line per difference. */
export async function checkAnswers(w: Workload): Promise<string[]> {
  const mismatches: string[] = [];
  for (const i of w.checkIterations) {
    const graphql = await w.graphql(i, 0);
    const raw = await w.raw(i, 0);
    const difference = answerDifference(graphql.answer, raw.answer);
    if (difference) mismatches.push(`request ${i}: graphql vs raw differ at ${difference}`);
  }
  return mismatches;
}

/** Which processes' CPU time to attribute to each side: the raw side has no server. */
export interface CpuPids {
  bench: number;
  server: number;
  dynamodb: number;
}

/**
 * Checks a workload's answers (and what its writes stored), then times both sides at the same concurrency,
 * metering each side's CPU per process; `graphqlWatcher` runs during the GraphQL side only (W1's RSS sampler).
 */
export async function measureWorkload(w: Workload, plan: RunPlan, pids: CpuPids, graphqlWatcher?: PhaseWatcher): Promise<WorkloadResult> {
  const mismatches = await checkAnswers(w);
  if (w.verify) mismatches.push(...(await w.verify()));
  const run = { ...plan, concurrency: w.concurrency ?? plan.concurrency };
  const cpu = { graphql: new CpuMeter({ ...pids }), raw: new CpuMeter({ bench: pids.bench, dynamodb: pids.dynamodb }) };
  const { graphql, raw } = await measurePair(
    async (i, worker) => (await w.graphql(i, worker)).stats,
    async (i, worker) => (await w.raw(i, worker)).stats,
    run,
    { graphql: [cpu.graphql, ...(graphqlWatcher ? [graphqlWatcher] : [])], raw: [cpu.raw] },
  );
  const foreign = [cpu.graphql.foreignShare(), cpu.raw.foreignShare()].filter((x): x is number => x !== null);
  return {
    id: w.id,
    title: w.title,
    concurrency: run.concurrency,
    graphql,
    raw,
    cpuMs: { graphql: cpu.graphql.perRequestMs(graphql.requests), raw: cpu.raw.perRequestMs(raw.requests) },
    foreignCpu: foreign.length ? Math.max(...foreign) : null,
    mismatches,
    notes: [],
  };
}
