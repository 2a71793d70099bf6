import { formatMicros, parseTimestampMicros } from '../../platform/time';
import { flatLabelMetricNames, LabelRowMerger, labelMetricName } from './label-rules';
import type { LabelScores, MetricPoint } from './metric-model';

/**
 * The legacy writer stores a label's four scores as separate rows a few milliseconds apart; rows of one
 * (job, epoch, label) further apart than this are not expected. Merging waits until every source has read past
 * a group's first row by this much, and a page re-reads this far back before its cursor.
 */
export const LABEL_ROW_WINDOW_MICROS = 60_000_000n;

/** Position in a label's history: the group's first timestamp, then job and epoch. */
export interface LabelPosition {
  ts: string;
  jobId: string;
  epoch: number | null;
}

/** Pages of one metric's points from a timestamp on, oldest first. */
export type PointPages = (name: string, from: string | null) => AsyncIterator<MetricPoint[]>;

/** Order of label rows in the history. */
export function compareLabelPosition(a: LabelPosition, b: LabelPosition): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.jobId !== b.jobId) return a.jobId < b.jobId ? -1 : 1;
  return (a.epoch ?? -1) - (b.epoch ?? -1);
}

/** Timestamps parsed once per call: the merge loop compares the same rows many times. */
function microsMemo(): (ts: string) => bigint {
  const memo = new Map<string, bigint>();
  return (ts) => {
    let m = memo.get(ts);
    if (m === undefined) memo.set(ts, (m = parseTimestampMicros(ts) ?? 0n));
    return m;
  };
}

/**
 * Up to `want` merged LabelScores of `label` after `after`, oldest first, from both stored shapes: the map rows
 * (`label_X`) and the four flat rows (`label_X_f1`...), each its own GSI1 partition. Every round reads the next
 * page of each source that is not a window ahead of the slowest one, all at once (the first round reads all five),
 * and a row is final once every open source has read a window past it.
 */
export async function readLabelHistory(
  pages: PointPages,
  label: string,
  after: LabelPosition | null,
  want: number,
): Promise<LabelScores[]> {
  const micros = microsMemo();
  const from = after ? formatMicros(micros(after.ts) - LABEL_ROW_WINDOW_MICROS) : null;
  const sources = [labelMetricName(label), ...flatLabelMetricNames(label)].map((name) => ({
    pages: pages(name, from),
    highWater: from === null ? -1n : micros(from),
    done: false,
  }));
  const merger = new LabelRowMerger();
  const position = (r: LabelScores): LabelPosition => ({ ts: r.timestamp, jobId: r.jobId, epoch: r.epoch });
  for (;;) {
    const open = sources.filter((s) => !s.done);
    const horizon = open.length ? open.reduce((m, s) => (s.highWater < m ? s.highWater : m), open[0].highWater) : null;
    const rows: LabelScores[] = [];
    for (const r of merger.values()) {
      if (r.label !== label) continue;
      if (horizon !== null && micros(r.timestamp) + LABEL_ROW_WINDOW_MICROS >= horizon) continue;
      if (after && compareLabelPosition(position(r), after) <= 0) continue;
      rows.push(r);
    }
    if (horizon === null || rows.length >= want) return rows.sort((a, b) => compareLabelPosition(position(a), position(b))).slice(0, want);
    const reading = open.filter((s) => s.highWater < horizon + LABEL_ROW_WINDOW_MICROS);
    const pagesRead = await Promise.all(reading.map((s) => s.pages.next()));
    pagesRead.forEach((next, i) => {
      const source = reading[i];
      if (next.done) {
        source.done = true;
        return;
      }
      merger.add(next.value);
      if (next.value.length) source.highWater = micros(next.value[next.value.length - 1].timestamp);
    });
  }
}
