import fc from 'fast-check';
import { legacyMetric, legacyTs, type Item } from './legacy-seed';

/**
 * Random job partitions for the best-epoch property tests: epochs the server records (once each) and epochs the
 * legacy writer sends, some of them more than once (a re-sent epoch: the same epoch's rows again, later), with
 * val_f1 and eval_loss missing from some sends, values from a handful (so epochs tie, 0.0 among them), and now and
 * then a re-send one step off (training order goes by step before time).
 */

/** Values drawn from a few, so epochs tie often; 0.0 is one of them. */
const VALUES = [0, 0.25, 0.5, 0.75, 1];

/** One write of one epoch: a recordEpoch call, or one legacy send of the epoch's rows. */
export interface EpochSend {
  epoch: number;
  server: boolean;
  valF1: number | null;
  evalLoss: number | null;
  step: number;
  /** Place in the order everything is written, 0 first: a later send has later timestamps. */
  order: number;
}

export interface PartitionCase {
  sends: EpochSend[];
  /** A run-level val_f1 point (no epoch) the legacy writer stored, or null. */
  runLevelValF1: number | null;
}

const value = fc.constantFrom(...VALUES);
const send = fc.record({
  valF1: fc.option(value, { nil: null, freq: 4 }),
  evalLoss: fc.option(value, { nil: null, freq: 4 }),
  stepShift: fc.constantFrom(0, 0, 0, 1, -1),
  key: fc.nat(20),
});

export const partitionCases: fc.Arbitrary<PartitionCase> = fc
  .record({
    epochs: fc.array(fc.record({ server: fc.boolean(), sends: fc.array(send, { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    runLevelValF1: fc.option(value, { nil: null, freq: 3 }),
  })
  .map(({ epochs, runLevelValF1 }) => {
    // The server records an epoch once; the legacy writer may send one again, at any later time.
    const sends = epochs.flatMap((e, epoch) =>
      (e.server ? e.sends.slice(0, 1) : e.sends).map((s, i) => ({
        epoch,
        server: e.server,
        valF1: s.valF1,
        evalLoss: s.evalLoss,
        step: epoch * 100 + 10 + (e.server || i === 0 ? 0 : s.stepShift),
        sortBy: [s.key, epoch, i],
      })),
    );
    sends.sort((a, b) => a.sortBy[0] - b.sortBy[0] || a.sortBy[1] - b.sortBy[1] || a.sortBy[2] - b.sortBy[2]);
    return { sends: sends.map(({ sortBy: _, ...s }, order) => ({ ...s, order })), runLevelValF1 };
  });

/** Where the legacy timestamps of a case start (Python's isoformat of an aware UTC datetime, as the writer stores). */
const BASE = '2026-03-01T10:00:00';

/** The timestamp of a send's `row`-th row: sends a second apart, rows 7 ms apart. */
export function sendTimestamp(s: EpochSend, row = 0): string {
  return legacyTs(BASE, s.order * 1_000_000 + row * 7000);
}

/** A legacy send's rows, as the legacy writer stores them: val_f1 and eval_loss when it has them, train_loss always. */
export function legacySendItems(jobId: string, s: EpochSend): Item[] {
  const rows: Array<[string, number | null, string]> = [
    ['val_f1', s.valF1, 'ratio'],
    ['eval_loss', s.evalLoss, 'loss'],
    ['train_loss', 0.5, 'loss'],
  ];
  return rows.flatMap(([name, v, unit], i) =>
    v === null ? [] : [legacyMetric({ jobId, name, ts: sendTimestamp(s, i), value: v, unit, epoch: s.epoch, step: s.step })],
  );
}

/** The legacy run-level val_f1 point of a case, if it has one (written after every send). */
export function runLevelItems(jobId: string, c: PartitionCase): Item[] {
  if (c.runLevelValF1 === null) return [];
  return [
    legacyMetric({ jobId, name: 'val_f1', ts: legacyTs(BASE, (c.sends.length + 1) * 1_000_000), value: c.runLevelValF1, unit: 'ratio' }),
  ];
}

/** A server send as recordEpoch's input (train_loss always, so there is something to record). */
export function serverSendInput(jobId: string, s: EpochSend): Record<string, unknown> {
  return { jobId, epoch: s.epoch, step: s.step, valF1: s.valF1, evalLoss: s.evalLoss, trainLoss: 0.5 };
}

/** A best epoch as the tests compare it. */
export interface Best {
  epoch: number | null;
  value: number;
}

/**
 * The best-epoch rule written out on the cases themselves, apart from the server's code: an epoch's value is that of
 * its send that comes last in training order (step, then time) among those with the metric; the best epoch has the
 * best value in `direction`, the earliest winning a tie.
 */
export function expectedBest(c: PartitionCase, metric: 'valF1' | 'evalLoss', direction: 'ASC' | 'DESC'): Best | null {
  let best: Best | null = null;
  for (const epoch of [...new Set(c.sends.map((s) => s.epoch))].sort((a, b) => a - b)) {
    const latest = c.sends
      .filter((s) => s.epoch === epoch && s[metric] !== null)
      .sort((a, b) => a.step - b.step || a.order - b.order)
      .at(-1);
    if (!latest) continue;
    const v = latest[metric] as number;
    if (best === null || (direction === 'DESC' ? v > best.value : v < best.value)) best = { epoch, value: v };
  }
  return best;
}

/**
 * A job's val_f1 entry in a leaderboard computed from every point (the opposite direction of a ranked metric): its
 * best epoch, unless its run-level point is as good (run-level points sort first in training order, so win a tie).
 */
export function expectedComputedEntry(c: PartitionCase, direction: 'ASC' | 'DESC'): Best | null {
  const best = expectedBest(c, 'valF1', direction);
  const run = c.runLevelValF1;
  if (run === null) return best;
  if (best === null || run === best.value || (direction === 'DESC' ? run > best.value : run < best.value))
    return { epoch: null, value: run };
  return best;
}
