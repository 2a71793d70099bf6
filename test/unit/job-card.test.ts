/** Job cards kept incrementally answer what the partition answers: random partitions of server and legacy epochs. */
import fc from 'fast-check';
import type { Item } from '../../src/db/batch';
import { cardToItem, parseCardItem, sameCardContent } from '../../src/modules/cards/card-item';
import { metricSortKey } from '../../src/modules/cards/card-repository';
import { buildCard, cardBestEpoch, cardReflects, cardSeries, cardWithEpoch, type JobCard } from '../../src/modules/cards/job-card';
import { metricPointToItem, parseMetricItem } from '../../src/modules/metrics/metric-item';
import type { MetricPoint } from '../../src/modules/metrics/metric-model';
import { contentPoints, epochContent } from '../../src/modules/metrics/recording-content';
import { recordEpochInput } from '../../src/modules/metrics/recording-inputs';
import { JobPartition } from '../../src/modules/partition/job-partition';
import {
  legacySendItems,
  partitionCases,
  runLevelItems,
  sendTimestamp,
  serverSendInput,
  type PartitionCase,
} from '../helpers/epoch-partitions';

const JOB = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
const asPoint = (item: Item) => parseMetricItem(item) as MetricPoint;

/**
 * The card as the writers keep it, the sends written in order: a server epoch puts the card with it (from the card
 * alone when it can, else built from everything written before plus the epoch: CardKeeper.withEpoch); legacy rows come
 * to the stream consumer in batches (a cut after a send ends one), and a batch with a row the card does not show
 * rebuilds it from everything written so far (CardUpkeep.keepUp).
 */
function keptCard(c: PartitionCase, cuts: readonly boolean[]): JobCard | null {
  let card: JobCard | null = null;
  const written: Item[] = [];
  let batch: MetricPoint[] = [];
  const endBatch = () => {
    const stale = batch.length > 0 && (!card || batch.some((p) => !cardReflects(card as JobCard, p)));
    batch = [];
    if (stale) card = buildCard(JOB, new JobPartition(JOB, written).points, 0);
  };
  for (const send of [...c.sends].sort((a, b) => a.order - b.order)) {
    if (send.server) {
      endBatch();
      const content = epochContent(recordEpochInput.parse(serverSendInput(JOB, send)));
      const items = contentPoints(JOB, content, sendTimestamp(send)).map(metricPointToItem);
      const points = items.map(asPoint);
      card = (card && cardWithEpoch(card, points)) ?? buildCard(JOB, [...new JobPartition(JOB, written).points, ...points], 0);
      written.push(...items);
      continue;
    }
    const items = legacySendItems(JOB, send);
    written.push(...items);
    batch.push(...items.map(asPoint));
    if (cuts[send.order % cuts.length]) endBatch();
  }
  endBatch();
  const run = runLevelItems(JOB, c);
  written.push(...run);
  batch.push(...run.map(asPoint));
  endBatch();
  return card;
}

test('a card kept by the writers is the card built from the partition, and answers series and bestEpoch as the partition does', () => {
  fc.assert(
    fc.property(partitionCases, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (c, cuts) => {
      const items = [...c.sends.flatMap((s) => (s.server ? [] : legacySendItems(JOB, s))), ...runLevelItems(JOB, c)];
      for (const send of c.sends.filter((s) => s.server)) {
        const content = epochContent(recordEpochInput.parse(serverSendInput(JOB, send)));
        items.push(...contentPoints(JOB, content, sendTimestamp(send)).map(metricPointToItem));
      }
      const partition = new JobPartition(JOB, items);
      const built = buildCard(JOB, partition.points, 0);
      const kept = keptCard(c, cuts) as JobCard;
      expect(kept).not.toBeNull();
      expect(sameCardContent(kept, built)).toBe(true);
      // The item round trip keeps every field.
      const stored = parseCardItem({ ...cardToItem(kept, '2026-03-02T00:00:00.000000+00:00'), version: 3 });
      expect(stored?.version).toBe(3);
      expect(sameCardContent(stored?.card as JobCard, kept)).toBe(true);
      for (const name of ['val_f1', 'eval_loss']) {
        expect(cardSeries(kept, name, metricSortKey(JOB, name))).toEqual(partition.series(name).map((p) => ({ ...p, epochToken: null })));
      }
      const whole = partition.epochs().find((row) => row.isBest) ?? null;
      const viaCard = cardBestEpoch(kept, 'epochRow', metricSortKey(JOB, 'val_f1'));
      expect(viaCard && { epoch: viaCard.epoch, step: viaCard.step, valF1: viaCard.valF1, recordedAt: viaCard.recordedAt }).toEqual(
        whole && { epoch: whole.epoch, step: whole.step, valF1: whole.valF1, recordedAt: whole.recordedAt },
      );
      const valF1Row = cardBestEpoch(kept, 'valF1Row', metricSortKey(JOB, 'val_f1'));
      expect(valF1Row?.epoch ?? null).toBe(whole?.epoch ?? null);
    }),
    { numRuns: 300 },
  );
});

test('a card without an epoch yet, or an epoch it has rows of, is rebuilt from the partition', () => {
  const point = (epoch: number, ts: string) =>
    asPoint(metricPointToItem({ jobId: JOB, name: 'val_f1', value: 0.5, epoch, step: 1, timestamp: ts, unit: 'ratio' }));
  const card = buildCard(JOB, [point(1, '2026-03-01T00:00:01.000000+00:00')], 1);
  expect(cardWithEpoch(card, [point(1, '2026-03-01T00:00:02.000000+00:00')])).toBeNull();
  expect(cardWithEpoch(card, [point(0, '2026-03-01T00:00:02.000000+00:00')])).toBeNull();
  const next = cardWithEpoch(card, [point(2, '2026-03-01T00:00:02.000000+00:00')]);
  expect(next?.epochs?.map((m) => m.epoch)).toEqual([1, 2]);
  expect(next?.version).toBe(1);
});
