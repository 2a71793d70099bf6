import { ChartsSeriesDocument, type ChartsPointFragment, type ChartsEpochRecordedSubscription } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import type { RunSeries } from './run-curves.js';
import { seriesKind, type ChartPoint, type SeriesKind } from './series-data.js';

/*
 * The points of one metric chart: each run's overview (fetched with maxPoints = the chart's width, one request for
 * all runs), the zoomed step range fetched again in more detail for the runs whose overview was downsampled, and the
 * points that arrive live, appended without fetching anything again.
 */

export const toChartPoint = (p: ChartsPointFragment): ChartPoint => ({
  value: p.value,
  epoch: p.epoch,
  step: p.step,
  time: Date.parse(p.timestamp) / 1000,
});

type Epoch = ChartsEpochRecordedSubscription['epochRecorded'];

/** The Epoch's own fields that are not metrics (a metric named like them is in `extra`). */
const NOT_METRICS = new Set(['epoch', 'step', 'recordedAt', 'extra']);

/**
 * Metric `name`'s point in a newly recorded epoch; null when it has none. A standard metric is the Epoch's field of its
 * name in camelCase (val_f1: valF1, eval_loss: evalLoss...), any other one of its `extra` metrics.
 */
export function epochPoint(epoch: Epoch, name: string): ChartPoint | null {
  const field = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const value =
    field in epoch && !NOT_METRICS.has(field)
      ? (epoch[field as keyof Epoch] as number | null)
      : (epoch.extra.find((m) => m.name === name)?.value ?? null);
  if (value === null || value === undefined) return null;
  return { value, epoch: epoch.epoch, step: epoch.step, time: Date.parse(epoch.recordedAt) / 1000 };
}

/** A step series' points are known by their step, an epoch series' by their epoch. */
const keyOf = (kind: SeriesKind) => (p: ChartPoint) => (kind === 'step' ? (p.step ?? -1) : (p.epoch ?? -1));

/** `known` with `added` merged in by key (an added point replaces a known one of the same key), in key order. */
function merged(known: readonly ChartPoint[], added: readonly ChartPoint[], kind: SeriesKind): ChartPoint[] {
  const key = keyOf(kind);
  const last = known.length ? key(known[known.length - 1]) : -Infinity;
  if (added.every((p, i) => key(p) > (i ? key(added[i - 1]) : last))) return [...known, ...added];
  const byKey = new Map(known.map((p) => [key(p), p]));
  for (const p of added) byKey.set(key(p), p);
  return [...byKey.values()].sort((a, b) => key(a) - key(b));
}

/** The fewest points the API downsamples to. */
const MIN_MAX_POINTS = 4;

/** An answer of at least half the points asked for may have been downsampled (a whole series of fewer comes back whole). */
const maybeDownsampled = (count: number, maxPoints: number) => count > maxPoints / 2;

interface Detail {
  from: number;
  to: number;
  points: ChartPoint[];
  downsampled: boolean;
}

interface RunState {
  overview: ChartPoint[];
  kind: SeriesKind | null;
  /** The overview holds fewer points than the series (a zoomed range is fetched again in detail). */
  downsampled: boolean;
  detail: Detail | null;
}

export class MetricSeriesData {
  private readonly runs = new Map<string, RunState>();
  /** Live points that arrived while the overview was being fetched: merged into its answer. */
  private arrived: Map<string, ChartPoint[]> | null = null;
  private loadSeq = 0;
  private detailSeq = 0;
  private view: Map<string, RunSeries> | null = null;
  /** Counts the changes of the points (what the chart draws is derived again when it moves). */
  version = 0;
  /** How many requests this chart made (the overview, zoomed ranges, re-reads after a reconnection). */
  fetches = 0;
  loaded = false;
  error: unknown = null;
  /** The maxPoints of the last overview. */
  maxPoints = 0;

  constructor(
    readonly name: string,
    readonly runIds: readonly string[],
    private readonly changed: () => void,
  ) {}

  /** The points changed: the view is built again, and the chart told (now, or through `notify`, e.g. coalesced). */
  private touch(notify = this.changed): void {
    this.view = null;
    this.version++;
    notify();
  }

  private request(maxPoints: number, jobIds: readonly string[], range?: [number, number]) {
    this.fetches++;
    return read(ChartsSeriesDocument, {
      name: this.name,
      jobIds: [...jobIds],
      maxPoints,
      ...(range ? { fromStep: range[0], toStep: range[1] } : {}),
    });
  }

  /** Fetches every run's overview at maxPoints = `width` (the chart's, in pixels). */
  async load(width: number): Promise<void> {
    const maxPoints = Math.max(MIN_MAX_POINTS, Math.round(width));
    const seq = ++this.loadSeq;
    this.arrived = new Map();
    this.maxPoints = maxPoints;
    try {
      const answer = await this.request(maxPoints, this.runIds);
      if (seq !== this.loadSeq) return;
      for (const s of answer.compareMetric) {
        const points = s.points.map(toChartPoint);
        const kind = seriesKind(points);
        const late = this.arrived.get(s.jobId) ?? [];
        const overview = kind ? merged(points, late, kind) : late;
        const downsampled = kind === 'step' && maybeDownsampled(points.length, maxPoints);
        // A zoomed range's detail stays (a reconnection's re-read, a resize): the points since arrived live are in it.
        const detail = this.runs.get(s.jobId)?.detail ?? null;
        this.runs.set(s.jobId, { overview, kind: kind ?? seriesKind(late), downsampled, detail });
      }
      this.error = null;
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.error = error;
    }
    this.arrived = null;
    this.loaded = true;
    this.touch();
  }

  /** The runs whose overview is downsampled (a zoomed range of theirs is worth fetching again). */
  downsampledRuns(): string[] {
    return [...this.runs].filter(([, r]) => r.downsampled).map(([id]) => id);
  }

  /** Whether the zoomed step range [from, to] of these runs is already known in full detail. */
  private covered(ids: readonly string[], from: number, to: number): boolean {
    return ids.every((id) => {
      const d = this.runs.get(id)?.detail;
      return d && !d.downsampled && d.from <= from && d.to >= to;
    });
  }

  /** Fetches the step range [from, to] of the downsampled runs again, maxPoints = `width` per run: the zoomed detail. */
  async refine(ids: readonly string[], from: number, to: number, width: number): Promise<void> {
    const maxPoints = Math.max(MIN_MAX_POINTS, Math.round(width));
    if (ids.length === 0 || this.covered(ids, from, to)) return;
    const seq = ++this.detailSeq;
    try {
      const answer = await this.request(maxPoints, ids, [from, to]);
      if (seq !== this.detailSeq) return;
      for (const s of answer.compareMetric) {
        const run = this.runs.get(s.jobId);
        if (!run) continue;
        const points = s.points.map(toChartPoint);
        run.detail = {
          from,
          to,
          points: points.filter((p) => p.step !== null && p.step >= from && p.step <= to),
          downsampled: maybeDownsampled(points.length, maxPoints),
        };
      }
    } catch (error) {
      if (seq !== this.detailSeq) return;
      this.error = error;
    }
    this.touch();
  }

  /** Back to the overviews (the zoom was reset). */
  unzoom(): void {
    this.detailSeq++;
    let had = false;
    for (const run of this.runs.values()) {
      had ||= run.detail !== null;
      run.detail = null;
    }
    if (had) this.touch();
  }

  /** The series' kind for a run, when known (a step series follows metricPointsAdded, an epoch series epochRecorded). */
  kindOf(id: string): SeriesKind | null {
    return this.runs.get(id)?.kind ?? null;
  }

  /** Points that arrived live for a run, of a series of `kind` (the kind of an empty series is learnt from them). */
  append(id: string, points: readonly ChartPoint[], kind: SeriesKind, notify?: () => void): void {
    if (points.length === 0) return;
    if (this.arrived) this.arrived.set(id, [...(this.arrived.get(id) ?? []), ...points]);
    const run = this.runs.get(id) ?? { overview: [], kind, downsampled: false, detail: null };
    if (run.kind && run.kind !== kind) return;
    run.kind = kind;
    run.overview = merged(run.overview, points, kind);
    const d = run.detail;
    if (d) {
      const inside = points.filter((p) => p.step !== null && p.step >= d.from && p.step <= d.to);
      if (inside.length) d.points = merged(d.points, inside, kind);
    }
    this.runs.set(id, run);
    this.touch(notify);
  }

  /** Each run's points now: its overview, with the zoomed detail in place of the overview's points of that range. */
  series(): Map<string, RunSeries> {
    if (this.view) return this.view;
    const view = new Map<string, RunSeries>();
    for (const [id, run] of this.runs) {
      const d = run.detail;
      const points = d
        ? [...run.overview.filter((p) => p.step === null || p.step < d.from || p.step > d.to), ...d.points].sort(
            (a, b) => (a.step ?? 0) - (b.step ?? 0),
          )
        : run.overview;
      view.set(id, { points, kind: run.kind });
    }
    this.view = view;
    return view;
  }
}
