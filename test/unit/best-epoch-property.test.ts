/** One best epoch, whichever path asks: random partitions of server and legacy epochs (re-sent ones too) through every pure path. */
import fc from 'fast-check';
import type { Item } from '../../src/db/batch';
import { buildCard } from '../../src/modules/cards/job-card';
import { requestedResults } from '../../src/modules/jobs/finalize-service';
import {
  mayChangeSummary,
  RANKED_METRICS,
  summaryFromPoints,
  type LeaderboardSummary,
} from '../../src/modules/leaderboard/leaderboard-items';
import type { Loaders } from '../../src/modules/loaders';
import { metricPointToItem, parseMetricItem } from '../../src/modules/metrics/metric-item';
import type { MetricPoint } from '../../src/modules/metrics/metric-model';
import { MetricQueryService } from '../../src/modules/metrics/metric-query-service';
import type { MetricRepository } from '../../src/modules/metrics/metric-repository';
import { contentPoints, epochContent } from '../../src/modules/metrics/recording-content';
import { recordEpochInput } from '../../src/modules/metrics/recording-inputs';
import type { LeaderboardRepository } from '../../src/modules/leaderboard/leaderboard-repository';
import { improvedSummaries } from '../../src/modules/leaderboard/summary-upkeep';
import { JobPartition } from '../../src/modules/partition/job-partition';
import {
  expectedBest,
  expectedComputedEntry,
  legacySendItems,
  partitionCases,
  runLevelItems,
  sendTimestamp,
  serverSendInput,
  type Best,
  type EpochSend,
  type PartitionCase,
} from '../helpers/epoch-partitions';

const JOB = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';

/** What a recordEpoch call of `send` stores: its content, and its items as the server writes them. */
function serverWrite(send: EpochSend) {
  const content = epochContent(recordEpochInput.parse(serverSendInput(JOB, send)));
  const timestamp = sendTimestamp(send);
  return { content, timestamp, items: contentPoints(JOB, content, timestamp).map(metricPointToItem) };
}

function itemsOf(send: EpochSend): Item[] {
  return send.server ? serverWrite(send).items : legacySendItems(JOB, send);
}

const best = (p: { epoch: number | null; value: number | null } | null | undefined): Best | null =>
  p ? { epoch: p.epoch, value: p.value as number } : null;

/**
 * The summaries as the incremental paths keep them, the sends written in order: a server epoch sets the ones it
 * improves in its own transaction (improvedSummaries); legacy rows come to the stream consumer in batches (a cut after
 * a send ends one), and a batch where a row may change a summary (mayChangeSummary, keepSummaries' test) has its job
 * reindexed from everything written so far (reindexJob's computation).
 */
function incrementalSummaries(c: PartitionCase, cuts: readonly boolean[]): Map<string, LeaderboardSummary> {
  const summaries = new Map<string, LeaderboardSummary>();
  const written: Item[] = [];
  let batch: MetricPoint[] = [];
  const endBatch = () => {
    const stale = batch.some((p) => mayChangeSummary(summaries.get(p.name) ?? null, p.value as number, p.epoch as number));
    batch = [];
    if (!stale) return;
    const points = new JobPartition(JOB, written).points;
    for (const metric of RANKED_METRICS) {
      const summary = summaryFromPoints(JOB, metric, points, 0);
      if (summary) summaries.set(metric, summary);
    }
  };
  for (const send of [...c.sends].sort((a, b) => a.order - b.order)) {
    if (send.server) {
      endBatch();
      const { content, timestamp, items } = serverWrite(send);
      for (const s of improvedSummaries(JOB, content, timestamp, summaries)) summaries.set(s.metric, s);
      written.push(...items);
      continue;
    }
    const items = legacySendItems(JOB, send);
    written.push(...items);
    batch.push(...items.map((i) => parseMetricItem(i) as MetricPoint).filter((p) => RANKED_METRICS.includes(p.name)));
    if (cuts[send.order % cuts.length]) endBatch();
  }
  endBatch();
  return summaries;
}

/**
 * The query service over one partition: its loaders and repository answer from the partition's items; with `card`, the
 * job's card is the one built from the partition (else the card loader says the partition answers).
 */
function queriesOver(partition: JobPartition, card = false): MetricQueryService {
  const loaders = {
    partition: { load: async () => partition },
    metricOfJob: { load: async ({ name }: { name: string }) => ({ points: partition.series(name), descriptor: null }) },
    card: {
      load: async () =>
        card
          ? { card: buildCard(JOB, partition.points, 1), descriptor: null, fromPartition: false }
          : { card: null, descriptor: null, fromPartition: true },
    },
  } as unknown as Loaders;
  const metrics = { allByJob: async (name: string) => partition.points.filter((p) => p.name === name) } as unknown as MetricRepository;
  // Ranked metrics in their own direction read the stored summaries; the test asks only for computed leaderboards.
  const summaries = {
    top: async () => {
      throw new Error('the computed leaderboard read summaries');
    },
  } as unknown as LeaderboardRepository;
  return new MetricQueryService(metrics, summaries, loaders);
}

test('every path answers the one best epoch: Epoch.isBest, Job.bestEpoch (val_f1 alone and whole, from rows and from the card), summaries reindexed and kept incrementally, finalize, the computed leaderboard', async () => {
  await fc.assert(
    fc.asyncProperty(partitionCases, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (c, cuts) => {
      const partition = new JobPartition(JOB, [...c.sends.flatMap(itemsOf), ...runLevelItems(JOB, c)]);
      const queries = queriesOver(partition);
      const fromCard = queriesOver(partition, true);
      const f1 = expectedBest(c, 'valF1', 'DESC');
      const loss = expectedBest(c, 'evalLoss', 'ASC');
      const flagged = partition.epochs().filter((row) => row.isBest);
      const kept = incrementalSummaries(c, cuts);
      const results = requestedResults({ jobId: JOB, status: 'SUCCEEDED' } as Parameters<typeof requestedResults>[0], partition);
      const entry = async (metric: string, direction: 'ASC' | 'DESC') => best((await queries.leaderboard(metric, direction, 500))[0]);
      const answers = {
        epochIsBest: flagged.length ? flagged.map((row) => best({ epoch: row.epoch, value: row.valF1 })) : [null],
        bestEpochValF1Only: best(await queries.bestEpochFromValF1(JOB).then((row) => row && { epoch: row.epoch, value: row.valF1 })),
        bestEpochWhole: best(await queries.bestEpoch(JOB).then((row) => row && { epoch: row.epoch, value: row.valF1 })),
        cardValF1Only: best(await fromCard.bestEpochFromValF1(JOB).then((row) => row && { epoch: row.epoch, value: row.valF1 })),
        cardWhole: best(await fromCard.bestEpochOfCard(JOB).then((row) => row && { epoch: row.epoch, value: row.valF1 })),
        reindexValF1: best(summaryFromPoints(JOB, 'val_f1', partition.points, 0)),
        reindexEvalLoss: best(summaryFromPoints(JOB, 'eval_loss', partition.points, 0)),
        incrementalValF1: best(kept.get('val_f1')),
        incrementalEvalLoss: best(kept.get('eval_loss')),
        finalize: results.best_epoch === undefined ? null : { epoch: results.best_epoch, value: results.best_f1 },
        computedValF1Asc: await entry('val_f1', 'ASC'),
        computedEvalLossDesc: await entry('eval_loss', 'DESC'),
      };
      expect(answers).toEqual({
        epochIsBest: [f1],
        bestEpochValF1Only: f1,
        bestEpochWhole: f1,
        cardValF1Only: f1,
        cardWhole: f1,
        reindexValF1: f1,
        reindexEvalLoss: loss,
        incrementalValF1: f1,
        incrementalEvalLoss: loss,
        finalize: f1,
        computedValF1Asc: expectedComputedEntry(c, 'ASC'),
        computedEvalLossDesc: expectedBest(c, 'evalLoss', 'DESC'),
      });
    }),
    { numRuns: 300 },
  );
});

test('the cases include what the rule is about: re-sent epochs whose latest row lowers the best, ties, 0.0, epochs without val_f1', () => {
  const cases = fc.sample(partitionCases, { seed: 16, numRuns: 300 });
  const resent = (c: PartitionCase) =>
    c.sends.some((s) => c.sends.some((t) => t !== s && t.epoch === s.epoch && t.valF1 !== null && s.valF1 !== null && t.valF1 !== s.valF1));
  const lowered = (c: PartitionCase) => {
    const atFirst = expectedBest(
      { ...c, sends: c.sends.filter((s) => s.server || !c.sends.some((t) => t.epoch === s.epoch && t.order < s.order)) },
      'valF1',
      'DESC',
    );
    const now = expectedBest(c, 'valF1', 'DESC');
    return atFirst !== null && now !== null && now.value < atFirst.value;
  };
  const tie = (c: PartitionCase) =>
    new Set(c.sends.map((s) => `${s.epoch}`)).size > 1 &&
    c.sends.some((s) => c.sends.some((t) => t.epoch !== s.epoch && t.valF1 === s.valF1 && s.valF1 !== null));
  expect(cases.filter(resent).length).toBeGreaterThan(20);
  expect(cases.filter(lowered).length).toBeGreaterThan(10);
  expect(cases.filter(tie).length).toBeGreaterThan(20);
  expect(cases.filter((c) => c.sends.some((s) => s.valF1 === 0)).length).toBeGreaterThan(20);
  expect(cases.filter((c) => c.sends.some((s) => s.valF1 === null)).length).toBeGreaterThan(20);
  expect(cases.filter((c) => c.sends.some((s) => s.server) && c.sends.some((s) => !s.server)).length).toBeGreaterThan(20);
});
