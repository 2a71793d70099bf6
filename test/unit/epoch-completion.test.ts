import { EpochCompletion, MAX_PENDING, MAX_REMEMBERED_JOBS, RETRY_SHARD } from '../../src/stream/epoch-completion';
import type { ItemChange } from '../../src/stream/table-stream-reader';

const JOB = '3b2f6c1e-7d4a-4e8b-9c0d-2a1b3c4d5e6f';
let seq = 0;
const change = (
  event: ItemChange['event'],
  newImage: Record<string, unknown> | null,
  oldImage: Record<string, unknown> | null = null,
): ItemChange => ({
  event,
  keys: {},
  newImage,
  oldImage,
  sequenceNumber: String(++seq),
  shardId: 'S',
  madeAtMs: null,
});
const row = (epoch: number, name = 'val_f1', extra: Record<string, unknown> = {}, job = JOB) =>
  change('INSERT', {
    PK: `JOB#${job}`,
    SK: `METRIC#${name}#t${seq}`,
    TYPE: 'JOB_METRIC',
    job_id: job,
    metric_name: name,
    timestamp: `t${seq}`,
    value: 0.5,
    epoch,
    ...extra,
  });
/** A job id of its own for each n. */
const jobN = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const marker = (epoch: number, committed: boolean) => ({
  PK: `JOB#${JOB}`,
  SK: `WRITE#EPOCH#${epoch}`,
  TYPE: 'JOB_WRITE_MARKER',
  epoch,
  committed,
  token: 'x',
  content: '{}',
  timestamp: 't',
});
const keys = (markers: Array<{ jobId: string; epoch: number }>) => markers.map(({ jobId, epoch }) => ({ jobId, epoch }));
const job = (status: string) => change('MODIFY', { PK: `JOB#${JOB}`, SK: 'JOB', TYPE: 'JOB', status, created_at: 't' });

describe('EpochCompletion', () => {
  let now = 0;
  const completion = () => new EpochCompletion(1000, () => now);
  beforeEach(() => (now = 1_000_000));

  test('a committed marker announces a server epoch at once; its rows in the same batch are no legacy candidates', () => {
    const c = completion();
    const s = c.observe([row(1), change('INSERT', marker(1, true)), row(1, 'eval_loss')]);
    expect(keys(s.committed)).toEqual([{ jobId: JOB, epoch: 1 }]);
    expect(s.committed[0].content).toBe('{}');
    expect(c.hasPending()).toBe(false);
  });

  test('a staged epoch: the uncommitted marker announces nothing, the commit does, token rows are never candidates', () => {
    const c = completion();
    expect(c.observe([change('INSERT', marker(2, false)), row(2, 'val_f1', { epoch_token: 'x' })]).committed).toEqual([]);
    expect(c.hasPending()).toBe(false);
    expect(keys(c.observe([change('MODIFY', marker(2, true), marker(2, false))]).committed)).toEqual([{ jobId: JOB, epoch: 2 }]);
  });

  test('legacy rows: due when the next epoch starts, when the job finishes, or after the quiet period', () => {
    const c = completion();
    expect(c.observe([row(1), row(1, 'eval_loss')]).due).toEqual([]);
    expect(c.observe([row(2)]).due).toEqual([{ jobId: JOB, epoch: 1 }]);
    const rowSeen = now;
    now += 5000;
    // A read of the shard that reached its end must have started a quiet period after the row was seen.
    expect(c.takeQuiet(() => rowSeen + 999)).toEqual([]);
    expect(c.takeQuiet((shard) => (shard === 'S' ? rowSeen + 1000 : 0))).toEqual([{ jobId: JOB, epoch: 2 }]);
    c.observe([row(3)]);
    expect(c.observe([job('succeeded')]).due).toEqual([{ jobId: JOB, epoch: 3 }]);
    expect(c.observe([job('running')]).due).toEqual([]);
  });

  test('a reader that falls behind announces nothing by the clock alone: the rest of the rows may still be on their way', () => {
    const c = completion();
    c.observe([row(4)]);
    const seen = now;
    now += 60_000; // the reader stalled for a minute; its last read reaching the shard's end was before the row
    expect(c.takeQuiet(() => seen - 10)).toEqual([]);
    c.observe([row(4, 'eval_loss')]); // the rest arrives
    expect(c.takeQuiet(() => now + 999)).toEqual([]);
    expect(c.takeQuiet(() => now + 1000)).toEqual([{ jobId: JOB, epoch: 4 }]);
  });

  test('an announced epoch is never due again; a late ranked row asks for its summaries, others do not', () => {
    const c = completion();
    c.observe([row(1)]);
    const [key] = c.takeQuiet(() => now + 1000);
    c.markEmitted(key);
    const late = c.observe([row(1, 'val_f1'), row(1, 'label_DATE_f1')]);
    expect(late).toEqual({ committed: [], due: [], lateRows: [JOB] });
    expect(c.observe([change('INSERT', marker(1, true))]).committed).toEqual([]);
    c.forget(key);
    expect(keys(c.observe([change('INSERT', marker(1, true))]).committed)).toEqual([key]);
  });

  test('pending candidates and announced legacy epochs survive a restart through the saved state', () => {
    const c = completion();
    c.observe([row(5)]);
    c.markEmitted({ jobId: JOB, epoch: 4 });
    c.raiseWatermark({ jobId: JOB, epoch: 4 });
    const restored = completion();
    restored.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(restored.takeQuiet(() => now + 1000)).toEqual([{ jobId: JOB, epoch: 5 }]);
    // The watermark: epoch 4 and every earlier one of the job count as announced, so their late rows are late rows.
    expect([3, 4, 5].map((epoch) => restored.isEmitted({ jobId: JOB, epoch }))).toEqual([true, true, false]);
    expect(restored.observe([row(4), row(2, 'eval_loss')])).toEqual({ committed: [], due: [], lateRows: [JOB, JOB] });
    expect(restored.hasPending()).toBe(false);
    // Remembered for a day and then some (the stream keeps records 24 hours), then forgotten.
    now += 26 * 3600_000;
    expect(restored.snapshot().announced).toEqual([]);
  });

  test('a server epoch announced is remembered by itself: an earlier epoch of the job recorded later is still new', () => {
    const c = completion();
    c.markEmitted({ jobId: JOB, epoch: 5 });
    expect(keys(c.observe([change('INSERT', marker(5, true))]).committed)).toEqual([]);
    expect(keys(c.observe([change('INSERT', marker(3, true))]).committed)).toEqual([{ jobId: JOB, epoch: 3 }]);
    // Only legacy watermarks are saved: server epochs commit once, so a restart never sees the commit again.
    expect(c.snapshot()).toEqual({ pending: [], announced: [] });
  });

  test('the saved state stays small whatever went through: the jobs announced last, a bounded set of candidates', () => {
    const c = completion();
    const jobs = MAX_REMEMBERED_JOBS * 4;
    for (let n = 0; n < jobs; n++) c.raiseWatermark({ jobId: jobN(n), epoch: 3 });
    c.observe(Array.from({ length: MAX_PENDING }, (_, n) => row(1, 'val_f1', {}, jobN(n))));
    const state = c.snapshot();
    expect(state.announced).toHaveLength(MAX_REMEMBERED_JOBS);
    expect(state.announced[MAX_REMEMBERED_JOBS - 1]).toEqual([jobN(jobs - 1), 3, now]);
    expect(state.pending).toHaveLength(MAX_PENDING);
    expect(JSON.stringify(state).length).toBeLessThan(64 * 1024);
    // One more job's row: the candidate that waited longest is taken as complete rather than kept.
    expect(c.observe([row(1, 'val_f1', {}, jobN(MAX_PENDING))]).due).toEqual([{ jobId: jobN(0), epoch: 1 }]);
    expect(c.snapshot().pending).toHaveLength(MAX_PENDING);
  });

  test('a state saved by an earlier version (every epoch id) is ignored', () => {
    const c = completion();
    c.restore({ emitted: [[`${JOB}#1`, now]] } as never);
    expect(c.isEmitted({ jobId: JOB, epoch: 1 })).toBe(false);
    expect(c.snapshot()).toEqual({ pending: [], announced: [] });
  });

  test('work that failed goes back to the candidates, due at the next look', () => {
    const c = completion();
    c.retry([{ jobId: JOB, epoch: 7 }]);
    expect(c.takeQuiet((shard) => (shard === RETRY_SHARD ? Infinity : 0))).toEqual([{ jobId: JOB, epoch: 7 }]);
  });
});
