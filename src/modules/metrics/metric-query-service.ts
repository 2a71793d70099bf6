import { z } from 'zod';
import { badUserInput } from '../../platform/errors';
import { decodeCursor, encodeCursor, sortKeyPosition } from '../../platform/pagination/cursors';
import { clampFirst, MAX_PAGE_SIZE, pageInMemory, toPage, type Page } from '../../platform/pagination/connections';
import type { Loaders } from '../loaders';
import { checkJobIds, checkLabelName, checkMetricName, jobIdRule } from '../../platform/names';
import { readLabelHistory, type LabelPosition } from './label-history';
import { RANKED_METRICS } from '../leaderboard/leaderboard-items';
import type { LeaderboardRepository } from '../leaderboard/leaderboard-repository';
import { downsampleBlocks, downsamplePoints, MIN_MAX_POINTS } from './downsample';
import type { EpochRow, LabelScores, LeaderboardRow, MetricPoint, SeriesModel, StepSeriesDescriptor } from './metric-model';
import { PAGE_PARTS, PART_POINTS, type PartSummary, type RunExtremes } from './step-packs';
import { checkStepRange, clampRange, pointsInRange, type StepBounds, type StepRange } from './step-range';
import { blockPointToMetric } from './step-items';
import { checkMaxPointsBound, checkSeriesSize, MAX_SERIES_POINTS } from './series-size';
import { bestEpochValue, valF1BestRow } from './epoch-rules';
import { cardBestEpoch, cardSeries, isCardSeries } from '../cards/job-card';
import { metricSortKey } from '../cards/card-repository';
import type { MetricRepository } from './metric-repository';
import { beats, bestPoint, compareTrainingOrder, defaultDirection, lastPoint, type Direction } from './metric-rules';

// Both become key attributes of ExclusiveStartKey, which DynamoDB rejects when empty.
const historyPosition = z.object({ jobId: jobIdRule, sortKey: sortKeyPosition, timestamp: z.string().min(1).max(64) });
const labelPosition = z.object({ ts: z.string().max(64), jobId: jobIdRule, epoch: z.number().int().nullable() });

/** Read rules for dashboards: a job's views, histories across jobs, comparisons and leaderboards. */
export class MetricQueryService {
  constructor(
    private readonly metrics: MetricRepository,
    private readonly summaries: LeaderboardRepository,
    private readonly loaders: Loaders,
    /** Most points one series or compareMetric answer holds (series-size). */
    private readonly maxSeriesPoints = MAX_SERIES_POINTS,
  ) {}

  /** A job's points, oldest first, optionally one metric; paged in memory over the job's partition read. */
  async jobMetrics(
    jobId: string,
    name: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<MetricPoint>> {
    if (name != null) checkMetricName(name, 'name');
    const size = clampFirst(first, 100);
    const scope = `${jobId}/${name ?? '*'}`;
    const position = decodeCursor(after, 'jobMetrics', scope, sortKeyPosition);
    const view = await this.loaders.partition.load(jobId);
    const points = name ? view.points.filter((p) => p.name === name) : view.points;
    const index = new Map(points.map((p, i) => [p.sortKey, i]));
    const startAt = position === null ? null : (index.get(position) ?? -1);
    if (startAt === -1) throw badUserInput('`after` points at a metric point that no longer exists', 'after');
    return pageInMemory(points, size, startAt === null ? null : (p) => (index.get(p.sortKey) ?? 0) > startAt, (p) =>
      encodeCursor('jobMetrics', scope, p.sortKey),
    );
  }

  /**
   * One metric's points of a job in training order, at most `maxPoints` of them, only those with steps in
   * `fromStep..toStep` when given (a point without a step then has none to match). A metric the job logged step by step
   * (logMetrics) is that step series: downsampled from its run summaries (one per packed part of ~250 points) when
   * they give at least half the points asked for, else from its points; any other metric is its epoch points.
   */
  async series(jobId: string, name: string, maxPoints?: number | null, bounds?: StepBounds): Promise<MetricPoint[]> {
    checkMetricName(name, 'name');
    const limit = checkMaxPoints(maxPoints, this.maxSeriesPoints);
    return this.checkedSeries(jobId, name, limit, checkStepRange(bounds));
  }

  /** `series` with its arguments checked. */
  private async checkedSeries(jobId: string, name: string, limit: number | null, range: StepRange | null): Promise<MetricPoint[]> {
    // val_f1 and eval_loss: from the job's card, which packs every row, when it has one (one BatchGetItem a page).
    if (isCardSeries(name)) {
      const { card, descriptor, fromPartition } = await this.loaders.card.load({ jobId, series: name });
      if (!fromPartition && descriptor) return this.stepSeries(jobId, name, descriptor, limit, range);
      const packed = !fromPartition && card ? cardSeries(card, name, metricSortKey(jobId, name)) : null;
      if (packed) return shaped(packed, limit, range);
    }
    // A step series answers alone: the head first, so its job's epoch rows of the same name are not read for nothing.
    const head = await this.loaders.stepHead.load({ jobId, name });
    if (head) return this.stepSeries(jobId, name, head, limit, range);
    const { points: epochPoints, descriptor } = await this.loaders.metricOfJob.load({ jobId, name });
    if (!descriptor) return shaped(epochPoints, limit, range);
    return this.stepSeries(jobId, name, descriptor, limit, range);
  }

  /** A step series, at most `limit` points, over `range` when given (see `series`). */
  private async stepSeries(
    jobId: string,
    name: string,
    descriptor: StepSeriesDescriptor,
    limit: number | null,
    range: StepRange | null,
  ): Promise<MetricPoint[]> {
    if (range) {
      // Nothing stored in the range: nothing to read.
      const window = clampRange(range, descriptor.minStep, descriptor.maxStep);
      return window ? this.stepWindow(jobId, name, descriptor, limit, window) : [];
    }
    if (limit !== null && summariesServe(runEstimate(descriptor), limit)) {
      const runs = (await this.loaders.stepSeries.load({ head: descriptor, part: 'summaries' })) as RunExtremes[];
      return fromRuns(jobId, name, runs, limit);
    }
    // The head counts a packed series' points: an over-long answer is refused before anything is read.
    if (limit === null && descriptor.count !== null) checkSeriesSize(name, [jobId], descriptor.count, this.maxSeriesPoints);
    const points = (await this.loaders.stepSeries.load({ head: descriptor, part: 'points' })) as MetricPoint[];
    if (limit === null) checkSeriesSize(name, [jobId], points.length, this.maxSeriesPoints);
    return limit === null ? points : downsamplePoints(points, limit);
  }

  /**
   * A step series over `window` (within its stored steps), at most `limit` points. Only what covers the window is read:
   * its packed parts there, or, when `maxPoints` spans enough parts that the summaries serve it and cost fewer items,
   * the summary pages there and the (at most two) parts the window cuts. Without `maxPoints`, a series longer than one
   * answer has the window's points counted from its summary pages first, so an over-long window is refused unread.
   */
  private async stepWindow(
    jobId: string,
    name: string,
    descriptor: StepSeriesDescriptor,
    limit: number | null,
    window: StepRange,
  ): Promise<MetricPoint[]> {
    const summaries = () => this.loaders.stepSeries.load({ head: descriptor, part: 'summaries', range: window }) as Promise<PartSummary[]>;
    const parts = partsInWindow(descriptor, window);
    if (limit !== null && descriptor.packed && summariesServe(parts, limit) && summaryReadItems(parts) < parts + 1) {
      return fromRuns(jobId, name, await summaries(), limit);
    }
    if (limit === null && descriptor.packed && (descriptor.count ?? 0) > this.maxSeriesPoints) {
      // The parts overlapping the window bound its points; only past the limit are the parts it cuts read to count them.
      const count = (runs: PartSummary[]) => runs.reduce((n, run) => n + run.count, 0);
      const overlapping = (await this.loaders.stepSeries.load({ head: descriptor, part: 'overlapping', range: window })) as PartSummary[];
      if (count(overlapping) > this.maxSeriesPoints) checkSeriesSize(name, [jobId], count(await summaries()), this.maxSeriesPoints);
    }
    const points = (await this.loaders.stepSeries.load({ head: descriptor, part: 'points', range: window })) as MetricPoint[];
    if (limit === null) checkSeriesSize(name, [jobId], points.length, this.maxSeriesPoints);
    return limit === null ? points : downsamplePoints(points, limit);
  }

  /**
   * The best epoch's number, step and val_f1 from the val_f1 points alone, by the same rule as `bestEpoch`
   * (bestEpochValue), for callers that ask for nothing else of it: a page of jobs then reads its cards (or, for a job
   * without one, one metric per job), not whole partitions.
   */
  async bestEpochFromValF1(jobId: string): Promise<EpochRow | null> {
    const fromCard = await this.bestEpochFromCard(jobId, 'valF1Row');
    if (fromCard !== undefined) return fromCard;
    const { points } = await this.loaders.metricOfJob.load({ jobId, name: 'val_f1' });
    const best = bestEpochValue(points, 'val_f1');
    if (!best) return null;
    return valF1BestRow(jobId, best.epoch as number, best.step, best.value, best.timestamp);
  }

  /** A job's epochs, ascending. */
  async epochs(jobId: string): Promise<EpochRow[]> {
    return (await this.loaders.partition.load(jobId)).epochs();
  }

  /** A job's best epoch by val_f1. */
  async bestEpoch(jobId: string): Promise<EpochRow | null> {
    return (await this.epochs(jobId)).find((row) => row.isBest) ?? null;
  }

  /**
   * A job's best epoch by val_f1 with what its card holds of it: `epoch`, `step`, `valF1`, `isBest` and `recordedAt`
   * as `bestEpoch` gives them (the epoch's row), the rest left empty; from the whole partition for a job without a card.
   */
  async bestEpochOfCard(jobId: string): Promise<EpochRow | null> {
    const fromCard = await this.bestEpochFromCard(jobId, 'epochRow');
    return fromCard !== undefined ? fromCard : this.bestEpoch(jobId);
  }

  /** The best epoch as the job's card tells it; undefined when it has none that tells (see cardBestEpoch). */
  private async bestEpochFromCard(jobId: string, shape: 'valF1Row' | 'epochRow'): Promise<EpochRow | null | undefined> {
    const { card, fromPartition } = await this.loaders.card.load({ jobId });
    return !fromPartition && card ? cardBestEpoch(card, shape, metricSortKey(jobId, 'val_f1')) : undefined;
  }

  /** A job's per-label scores, optionally one epoch and/or one label. */
  async labelMetrics(jobId: string, epoch: number | null | undefined, label: string | null | undefined): Promise<LabelScores[]> {
    if (label != null) checkLabelName(label, 'label');
    const rows = (await this.loaders.partition.load(jobId)).labelScores();
    return rows.filter((r) => (epoch == null || r.epoch === epoch) && (label == null || r.label === label));
  }

  /** A job's run-level metrics. */
  async datasetMetrics(jobId: string): Promise<MetricPoint[]> {
    return (await this.loaders.partition.load(jobId)).datasetMetrics();
  }

  /** Every point of one metric across all jobs, oldest first. */
  async history(name: string, first: number | null | undefined, after: string | null | undefined): Promise<Page<MetricPoint>> {
    checkMetricName(name, 'name');
    const size = clampFirst(first, 100);
    const position = decodeCursor(after, 'metricHistory', name, historyPosition);
    const points = await this.metrics.history(name, position, size + 1);
    return toPage(points, size, (p) => encodeCursor('metricHistory', name, { jobId: p.jobId, sortKey: p.sortKey, timestamp: p.timestamp }));
  }

  /** One label's merged scores across all jobs, oldest first. */
  async labelHistory(label: string, first: number | null | undefined, after: string | null | undefined): Promise<Page<LabelScores>> {
    checkLabelName(label, 'label');
    const size = clampFirst(first, 100);
    const position: LabelPosition | null = decodeCursor(after, 'labelHistory', label, labelPosition);
    const pageSize = Math.min(MAX_PAGE_SIZE, size + 1);
    const rows = await readLabelHistory((name, from) => this.metrics.historyFrom(name, from, pageSize), label, position, size + 1);
    return toPage(rows, size, (r) => encodeCursor('labelHistory', label, { ts: r.timestamp, jobId: r.jobId, epoch: r.epoch }));
  }

  /** One metric for several jobs (in the order given), or for every job that has it; steps in `fromStep..toStep` when given. */
  async compare(
    name: string,
    jobIds: readonly string[] | null | undefined,
    maxPoints?: number | null,
    bounds?: StepBounds,
    direction: Direction = defaultDirection(name),
  ): Promise<SeriesModel[]> {
    checkMetricName(name, 'name');
    const limit = checkMaxPoints(maxPoints, this.maxSeriesPoints);
    const range = checkStepRange(bounds);
    if (jobIds) {
      const ids = [...new Set(checkJobIds(jobIds, 'jobIds'))];
      // Downsampling keeps every bucket's extremes and the last point, so best and last stay exact.
      const series = await Promise.all(ids.map(async (id) => toSeries(id, await this.checkedSeries(id, name, limit, range), direction)));
      return this.checkAnswer(name, ids, series);
    }
    const series = [...(await this.pointsByJob(name)).entries()].flatMap(([jobId, points]) => {
      const shown = shaped(points.sort(compareTrainingOrder), limit, range);
      // A job with no point in the range has nothing to compare there.
      return range && shown.length === 0 ? [] : [toSeries(jobId, shown, direction)];
    });
    return this.checkAnswer(name, null, series);
  }

  /** A compareMetric answer, refused when its series hold more points together than one answer may (series-size). */
  private checkAnswer(name: string, jobIds: readonly string[] | null, series: SeriesModel[]): SeriesModel[] {
    checkSeriesSize(
      name,
      jobIds,
      series.reduce((n, s) => n + s.points.length, 0),
      this.maxSeriesPoints,
    );
    return series;
  }

  /**
   * Jobs ranked by their best epoch's value of a metric (bestEpochValue: each epoch's latest row, the earliest epoch
   * winning a job's tie), then jobs tie by id. Ranked metrics in their own direction read the first `first` summaries
   * (O(k)), which hold that value; anything else is computed from every point, where a job's run-level points (no
   * epoch) rank beside its epochs and win a tie with them (reported with epoch null), as they always did.
   */
  async leaderboard(metric: string, direction: Direction | null | undefined, first: number | null | undefined): Promise<LeaderboardRow[]> {
    checkMetricName(metric, 'metric');
    const size = clampFirst(first, 10);
    const dir = direction ?? defaultDirection(metric);
    if (RANKED_METRICS.includes(metric) && dir === defaultDirection(metric)) {
      const summaries = await this.summaries.top(metric, size);
      return summaries.map((s, i) => ({ rank: i + 1, jobId: s.jobId, value: s.value, epoch: s.epoch }));
    }
    const bests = [...(await this.pointsByJob(metric)).entries()].flatMap(([jobId, points]) => {
      const runLevel = points.filter((p) => p.epoch === null).sort(compareTrainingOrder);
      const bestEpoch = bestEpochValue(points, metric, dir);
      const best = bestPoint(bestEpoch ? [...runLevel, bestEpoch] : runLevel, dir);
      return best ? [{ jobId, point: best }] : [];
    });
    bests.sort((a, b) => {
      const [x, y] = [a.point.value as number, b.point.value as number];
      if (x !== y) return beats(x, y, dir) ? -1 : 1;
      return a.jobId < b.jobId ? -1 : 1;
    });
    return bests.slice(0, size).map((b, i) => ({ rank: i + 1, jobId: b.jobId, value: b.point.value as number, epoch: b.point.epoch }));
  }

  /** Every point of metric `name` across all jobs, by job. */
  private async pointsByJob(name: string): Promise<Map<string, MetricPoint[]>> {
    const byJob = new Map<string, MetricPoint[]>();
    for (const p of await this.metrics.allByJob(name)) {
      const list = byJob.get(p.jobId);
      if (list) list.push(p);
      else byJob.set(p.jobId, [p]);
    }
    return byJob;
  }
}

/** Checks `maxPoints`: null for everything, else at least MIN_MAX_POINTS and at most what one answer holds. */
function checkMaxPoints(maxPoints: number | null | undefined, maxSeriesPoints: number): number | null {
  if (maxPoints === null || maxPoints === undefined) return null;
  if (maxPoints < MIN_MAX_POINTS) throw badUserInput(`maxPoints must be at least ${MIN_MAX_POINTS}`, 'maxPoints');
  checkMaxPointsBound(maxPoints, maxSeriesPoints);
  return maxPoints;
}

/** Points of a metric in training order, over `range` when given, at most `limit` of them. */
function shaped(points: readonly MetricPoint[], limit: number | null, range: StepRange | null): MetricPoint[] {
  const inRange = pointsInRange(points, range);
  return limit === null ? inRange : downsamplePoints(inRange, limit);
}

/** At most `limit` points of a step series from its run summaries (downsampleBlocks). */
function fromRuns(jobId: string, name: string, runs: readonly RunExtremes[], limit: number): MetricPoint[] {
  const unit = runs[0]?.unit ?? null;
  return downsampleBlocks(runs, limit).map((p) => blockPointToMetric(jobId, name, unit, p));
}

/** Whether `runs` run summaries (two extremes each, plus first and last) give at least half of `limit` points. */
function summariesServe(runs: number, limit: number): boolean {
  return 2 * (2 * runs + 2) >= limit;
}

/** About how many packed parts hold `window` of a series' steps, its points taken as spread evenly over its steps. */
function partsInWindow(d: StepSeriesDescriptor, window: StepRange): number {
  const span = d.maxStep - d.minStep + 1;
  const points = ((d.count ?? span) * (window.to - window.from + 1)) / span;
  return Math.max(1, Math.ceil(points / PART_POINTS));
}

/** Items a window's read from summaries costs: the summary pages over `parts` parts (one more at its start) and two cut parts. */
function summaryReadItems(parts: number): number {
  return Math.ceil(parts / PAGE_PARTS) + 1 + 2;
}

/** About how many run summaries a step series has: one per packed part, or per block before packing. */
function runEstimate(d: StepSeriesDescriptor): number {
  if (d.count !== null) return Math.ceil(d.count / PART_POINTS);
  return Math.floor(d.maxStep / d.blockSteps) - Math.floor(d.minStep / d.blockSteps) + 1;
}

function toSeries(jobId: string, points: MetricPoint[], direction: Direction): SeriesModel {
  return { jobId, points, best: bestPoint(points, direction), last: lastPoint(points) };
}
