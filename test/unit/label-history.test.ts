/** readLabelHistory: one label's merged scores across jobs from both stored shapes, oldest first, paged by position. */
import {
  compareLabelPosition,
  LABEL_ROW_WINDOW_MICROS,
  readLabelHistory,
  type LabelPosition,
  type PointPages,
} from '../../src/modules/metrics/label-history';
import type { LabelScores, MetricPoint } from '../../src/modules/metrics/metric-model';
import { formatMicros, parseTimestampMicros } from '../../src/platform/time';
import { JOB_A, JOB_B, JOB_C, point } from './support/points';

const LABEL = 'MERCHANT_NAME';
const BASE = Date.parse('2026-01-03T08:00:00.000Z');

type Scores = { f1: number; precision: number; recall: number; support: number };
type Shape = 'flat' | 'map' | 'mixed' | 'flat-naive';

interface Group {
  expected: LabelScores;
  points: MetricPoint[];
}

/** Legacy-style timestamp `ms` after BASE, offset or naive form, with a microsecond tail. */
function ts(ms: number, naive = false): string {
  const micros = BigInt(BASE + ms) * 1000n + 123n;
  const s = formatMicros(micros);
  return naive ? s.slice(0, -'+00:00'.length) : s;
}

/** The stored rows of one (job, epoch, label) and the merged row readLabelHistory should produce for it. */
function group(jobId: string, epoch: number, startMs: number, shape: Shape, scores: Scores, label = LABEL): Group {
  const naive = shape === 'flat-naive';
  const points: MetricPoint[] = [];
  if (shape === 'map' || shape === 'mixed') {
    const data = shape === 'map' ? { ...scores } : { f1: scores.f1, precision: scores.precision };
    points.push(point({ jobId, name: `label_${label}`, data, unit: 'per_label', epoch, step: epoch * 100, timestamp: ts(startMs) }));
  }
  if (shape !== 'map') {
    const names = shape === 'mixed' ? (['recall', 'support'] as const) : (['f1', 'precision', 'recall', 'support'] as const);
    names.forEach((score, i) => {
      const value = score === 'support' ? scores.support + 0.0 : scores[score];
      points.push(
        point({
          jobId,
          name: `label_${label}_${score}`,
          value,
          unit: score === 'support' ? 'count' : 'ratio',
          epoch,
          step: epoch * 100,
          timestamp: ts(startMs + (shape === 'mixed' ? i + 1 : i) * 7, naive),
        }),
      );
    });
  }
  const first = points.map((p) => p.timestamp).sort()[0];
  return { expected: { jobId, label, epoch, ...scores, timestamp: first }, points };
}

function scores(n: number): Scores {
  return { f1: (n % 100) / 100, precision: ((n * 7) % 100) / 100, recall: ((n * 13) % 100) / 100, support: 10 + n };
}

/** GSI1 as the repository reads it: one metric name, GSI1SK >= from (string order), oldest first, in pages. */
function fakePages(
  all: readonly MetricPoint[],
  pageSize: number,
  calls: { name: string; from: string | null; pages: number }[] = [],
): PointPages {
  return (name, from) => {
    const call = { name, from, pages: 0 };
    calls.push(call);
    const rows = all
      .filter((p) => p.name === name && (from === null || p.timestamp >= from))
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    return (async function* () {
      for (let i = 0; i < rows.length; i += pageSize) {
        call.pages++;
        yield rows.slice(i, i + pageSize);
      }
    })();
  };
}

const positionOf = (r: LabelScores): LabelPosition => ({ ts: r.timestamp, jobId: r.jobId, epoch: r.epoch });

/** Pages through the whole history like the service does (want = size + 1), returning every page. */
async function walk(pages: PointPages, size: number, label = LABEL): Promise<LabelScores[][]> {
  const out: LabelScores[][] = [];
  let after: LabelPosition | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const rows = await readLabelHistory(pages, label, after, size + 1);
    const page = rows.slice(0, size);
    out.push(page);
    if (rows.length <= size) return out;
    after = positionOf(page[page.length - 1]);
  }
  throw new Error('history did not end');
}

/** A history of many groups across three jobs and both shapes, including ties and near-coincident groups. */
function history(): { points: MetricPoint[]; expected: LabelScores[] } {
  const groups: Group[] = [];
  const shapes: Shape[] = ['flat', 'map', 'mixed', 'flat-naive'];
  const jobs = [JOB_A, JOB_B, JOB_C];
  for (let i = 0; i < 30; i++) {
    // Groups 20 s apart (closer than the 60 s window), so re-reads after a cursor overlap earlier groups.
    groups.push(group(jobs[i % 3], Math.floor(i / 3), i * 20_000, shapes[i % 4], scores(i)));
  }
  // Two jobs starting the same label at the same instant: ties break by job id.
  groups.push(group(JOB_C, 50, 700_000, 'flat', scores(50)));
  groups.push(group(JOB_A, 50, 700_000, 'map', scores(51)));
  // Two jobs whose flat rows interleave a few ms apart.
  groups.push(group(JOB_B, 60, 720_000, 'flat', scores(60)));
  groups.push(group(JOB_C, 60, 720_003, 'flat', scores(61)));
  // Same job, same instant, two epochs: ties break by epoch.
  groups.push(group(JOB_B, 71, 740_000, 'map', scores(71)));
  groups.push(group(JOB_B, 70, 740_000, 'map', scores(70)));
  const expected = groups.map((g) => g.expected).sort((a, b) => compareLabelPosition(positionOf(a), positionOf(b)));
  // Noise on the same GSI partitions or next to them: other labels, a map label named like a flat row, held-out rows.
  const noise = [
    ...group(JOB_A, 1, 5_000, 'flat', scores(90), 'MERCHANT').points,
    ...group(JOB_A, 1, 6_000, 'map', scores(91), `${LABEL}_f1`).points,
    ...group(JOB_B, 1, 7_000, 'flat', scores(92), 'MERCHANT_NAME_EXTRA').points,
    point({ jobId: JOB_A, name: `heldout_label_${LABEL}_f1`, value: 0.1, epoch: 1, timestamp: ts(8_000) }),
  ];
  return { points: [...groups.flatMap((g) => g.points), ...noise], expected };
}

describe('readLabelHistory', () => {
  it('merges map-shape and flat-shape rows of the label across jobs, in time order', async () => {
    const a = group(JOB_A, 1, 0, 'flat', { f1: 0.72, precision: 0.73, recall: 0.71, support: 212 });
    const b = group(JOB_B, 1, 30_000, 'map', { f1: 0.61, precision: 0.66, recall: 0.57, support: 212 });
    const c = group(JOB_C, 2, 10_000, 'mixed', { f1: 0.5, precision: 0.4, recall: 0.3, support: 156 });
    const rows = await readLabelHistory(fakePages([...b.points, ...a.points, ...c.points], 100), LABEL, null, 10);
    expect(rows).toEqual([a.expected, c.expected, b.expected]);
    expect(rows[0]).toEqual({
      jobId: JOB_A,
      label: LABEL,
      epoch: 1,
      f1: 0.72,
      precision: 0.73,
      recall: 0.71,
      support: 212,
      timestamp: ts(0),
    });
    expect(rows[1].timestamp).toBe(ts(10_000)); // the map row came first in the mixed group
  });

  it('reads the map name and the four flat names of the label, nothing else', async () => {
    const calls: { name: string; from: string | null; pages: number }[] = [];
    await readLabelHistory(fakePages([], 10, calls), LABEL, null, 5);
    expect(calls.map((c) => c.name).sort()).toEqual(
      [
        'label_MERCHANT_NAME',
        'label_MERCHANT_NAME_f1',
        'label_MERCHANT_NAME_precision',
        'label_MERCHANT_NAME_recall',
        'label_MERCHANT_NAME_support',
      ].sort(),
    );
    expect(calls.every((c) => c.from === null)).toBe(true);
  });

  it('returns nothing for an unknown label', async () => {
    const { points } = history();
    expect(await readLabelHistory(fakePages(points, 5), 'NO_SUCH_LABEL', null, 10)).toEqual([]);
  });

  it('ignores other labels, held-out rows and a map label whose name looks like a flat row', async () => {
    const { points, expected } = history();
    const rows = await readLabelHistory(fakePages(points, 1000), LABEL, null, 1000);
    expect(rows).toEqual(expected);
    expect(rows.every((r) => r.label === LABEL)).toBe(true);
  });

  it('respects want', async () => {
    const { points, expected } = history();
    for (const want of [1, 2, 5, 17]) {
      expect(await readLabelHistory(fakePages(points, 4), LABEL, null, want)).toEqual(expected.slice(0, want));
    }
    expect(await readLabelHistory(fakePages(points, 4), LABEL, null, 10_000)).toEqual(expected);
  });

  it('returns the rows strictly after a position', async () => {
    const { points, expected } = history();
    for (const i of [0, 5, 29, 31, 33, expected.length - 2]) {
      const rows = await readLabelHistory(fakePages(points, 3), LABEL, positionOf(expected[i]), 4);
      expect(rows).toEqual(expected.slice(i + 1, i + 5));
    }
    expect(await readLabelHistory(fakePages(points, 3), LABEL, positionOf(expected[expected.length - 1]), 4)).toEqual([]);
  });

  it('after a position, re-reads only from one window before it', async () => {
    const { points, expected } = history();
    const calls: { name: string; from: string | null; pages: number }[] = [];
    const after = positionOf(expected[10]);
    await readLabelHistory(fakePages(points, 3, calls), LABEL, after, 3);
    const from = formatMicros((parseTimestampMicros(after.ts) as bigint) - LABEL_ROW_WINDOW_MICROS);
    expect(calls.map((c) => c.from)).toEqual(Array(5).fill(from));
  });

  it.each([
    [1, 1],
    [1, 3],
    [2, 2],
    [3, 7],
    [5, 1],
    [7, 50],
    [50, 4],
  ])(
    'pages of %i rows over source pages of %i points: the union is the full history, without duplicates or gaps',
    async (size, sourcePage) => {
      const { points, expected } = history();
      const pages = await walk(fakePages(points, sourcePage), size);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(size);
      expect(pages.flat()).toEqual(expected);
    },
  );

  it('keeps a group whole when its flat rows, a few ms apart, straddle a source page boundary', async () => {
    // Every source page holds one row, so each of the four flat rows of a group arrives on its own page.
    const g1 = group(JOB_A, 1, 0, 'flat', scores(1));
    const g2 = group(JOB_B, 1, 3, 'flat', scores(2)); // interleaved with g1, 3 ms later
    const g3 = group(JOB_C, 1, 25, 'flat', scores(3));
    const all = [...g1.points, ...g2.points, ...g3.points];
    expect(await readLabelHistory(fakePages(all, 1), LABEL, null, 10)).toEqual([g1.expected, g2.expected, g3.expected]);
    expect(await readLabelHistory(fakePages(all, 1), LABEL, null, 1)).toEqual([g1.expected]);
  });

  it('keeps a group whole when it straddles a result page boundary', async () => {
    const g1 = group(JOB_A, 1, 0, 'flat', scores(1));
    const g2 = group(JOB_B, 1, 3, 'flat', scores(2));
    const g3 = group(JOB_C, 1, 5, 'mixed', scores(3));
    const all = [...g1.points, ...g2.points, ...g3.points];
    for (const sourcePage of [1, 2, 3, 100]) {
      const pages = await walk(fakePages(all, sourcePage), 1);
      expect(pages).toEqual([[g1.expected], [g2.expected], [g3.expected]]);
    }
  });

  it('copes with empty pages from a filtered query', async () => {
    const g1 = group(JOB_A, 1, 0, 'flat', scores(1));
    const g2 = group(JOB_B, 1, 40_000, 'map', scores(2));
    const inner = fakePages([...g1.points, ...g2.points], 1);
    const withEmptyPages: PointPages = (name, from) => {
      const source = inner(name, from);
      let flip = false;
      return {
        next: async () => {
          flip = !flip;
          return flip ? { done: false, value: [] } : source.next();
        },
      };
    };
    expect(await readLabelHistory(withEmptyPages, LABEL, null, 5)).toEqual([g1.expected, g2.expected]);
  });

  it('reads only as far as it needs for a small page', async () => {
    const { points } = history();
    const calls: { name: string; from: string | null; pages: number }[] = [];
    expect(await readLabelHistory(fakePages(points, 2, calls), LABEL, null, 2)).toHaveLength(2);
    const pulled = calls.reduce((n, c) => n + c.pages, 0);
    const total = [`label_${LABEL}`, `label_${LABEL}_f1`, `label_${LABEL}_precision`, `label_${LABEL}_recall`, `label_${LABEL}_support`]
      .map((name) => Math.ceil(points.filter((p) => p.name === name).length / 2))
      .reduce((a, b) => a + b, 0);
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(total / 2);
  });

  it('asks every source for its first page at once, before any page has arrived', async () => {
    const { points, expected } = history();
    const inner = fakePages(points, 1000);
    const requested: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    // Each source's first page is held until all five have been asked for: a reader that awaited one source before
    // asking the next would never get past the first.
    const gated: PointPages = (name, from) => {
      const pages = inner(name, from);
      return {
        next: async () => {
          requested.push(name);
          if (requested.length === 5) release();
          await gate;
          return pages.next();
        },
      };
    };
    const rows = await readLabelHistory(gated, LABEL, null, 1000);
    expect(rows).toEqual(expected);
    expect(new Set(requested.slice(0, 5)).size).toBe(5);
  });
});

describe('compareLabelPosition', () => {
  it('orders by timestamp, then job id, then epoch (null first)', () => {
    const positions: LabelPosition[] = [
      { ts: '2026-01-03T08:00:01.000000+00:00', jobId: JOB_A, epoch: 1 },
      { ts: '2026-01-03T08:00:00.000000+00:00', jobId: JOB_C, epoch: 1 },
      { ts: '2026-01-03T08:00:00.000000+00:00', jobId: JOB_A, epoch: 2 },
      { ts: '2026-01-03T08:00:00.000000+00:00', jobId: JOB_A, epoch: null },
      { ts: '2026-01-03T08:00:00.000000+00:00', jobId: JOB_A, epoch: 0 },
    ];
    expect([...positions].sort(compareLabelPosition)).toEqual([positions[3], positions[4], positions[2], positions[1], positions[0]]);
    expect(compareLabelPosition(positions[0], { ...positions[0] })).toBe(0);
  });
});
