import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchGet, prefixQuery, queryAll, queryPages, rangeQuery, TRANSACT_WRITE_LIMIT, type Item } from '../../db/batch';
import { isTransactionCanceled } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import {
  firstStepOfSortKey,
  ItemType,
  jobKey,
  jobPartition,
  stepPointKey,
  stepRunKey,
  stepRunSortKey,
  stepSeriesDescriptorKey,
  stepSeriesPartition,
  STEP_BLOCKS,
  STEP_PAGES,
  STEP_PARTS,
  STEP_POINTS,
  STEP_SERIES_BY_TYPE_INDEX,
  STEP_SERIES_OF_JOB,
  type TableKey,
} from '../../db/schema';
import { itemSize } from '../../platform/item-size';
import type { MetricPoint, StepBlock, StepSeriesDescriptor } from './metric-model';
import { descriptorToItem, parseBlock, parseDescriptor, parseStepPoint } from './step-items';
import {
  mergeByStep,
  packedToMetric,
  pageToItem,
  parsePage,
  parsePart,
  partToItem,
  PART_POINTS,
  summarize,
  type PartSummary,
  type RunExtremes,
  type SeriesPart,
  type SummaryPage,
} from './step-packs';
import type { SeriesWrite } from './step-write-plan';
import { inStepRange, type StepRange } from './step-range';
import type { PackedPoint } from './step-codec';

/** Parts or pages the first Query page of a write's reads asks for (the usual append needs one), then each next page. */
const AROUND_FIRST_ITEMS = 1;
const AROUND_NEXT_ITEMS = 8;
/** Bytes one TransactWriteItems may carry (DynamoDB's limit is 4 MB), with room for its framing. */
const TRANSACT_BYTES = 3_500_000;
type RunPrefix = typeof STEP_PARTS | typeof STEP_PAGES;

/** Owns step-level series: their heads (descriptors), packed parts and summary pages, and per-point items from before packing. */
export class StepRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** The job item and the descriptors of its series `names`, with strongly consistent reads (what logMetrics checks first). */
  jobAndDescriptors(jobId: string, names: readonly string[]): Promise<Item[]> {
    return batchGet(this.gw, [jobKey(jobId), ...names.map((name) => stepSeriesDescriptorKey(jobId, name))], undefined, true);
  }

  /**
   * Consistent reads of what a write of steps `minStep..maxStep` needs: every part whose range can hold one of them
   * (from the one holding `minStep`, or the first, up to the last starting at or below `maxStep`) and the summary
   * pages holding those parts' summaries. The usual append reads one part and one page.
   */
  async readAround(jobId: string, name: string, minStep: number, maxStep: number): Promise<{ parts: SeriesPart[]; pages: SummaryPage[] }> {
    const [partItems, pageRead] = await Promise.all([
      this.runsDown(STEP_PARTS, jobId, name, maxStep, minStep),
      this.runsDown(STEP_PAGES, jobId, name, maxStep, minStep),
    ]);
    const parts = partItems.items.map(parsePart).filter((p): p is SeriesPart => p !== null);
    let pages = pageRead.items.map(parsePage).filter((p): p is SummaryPage => p !== null);
    const lowest = Math.min(minStep, parts[0]?.firstStep ?? minStep);
    if (!pageRead.exhausted && pages.length > 0 && pages[0].firstStep > lowest) {
      const more = await this.runsDown(STEP_PAGES, jobId, name, pages[0].firstStep - 1, lowest);
      pages = [...more.items.map(parsePage).filter((p): p is SummaryPage => p !== null), ...pages];
    }
    return { parts, pages };
  }

  /** Per-point items (the layout before packing) at `steps`, consistent; by step. */
  async pointItems(jobId: string, name: string, steps: readonly number[]): Promise<Map<number, MetricPoint>> {
    if (steps.length === 0) return new Map();
    const items = await batchGet(
      this.gw,
      steps.map((step) => stepPointKey(jobId, name, step)),
      undefined,
      true,
    );
    const points = items.map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
    return new Map(points.map((p) => [p.step as number, p]));
  }

  /**
   * Saves series writes, each head conditioned on the version read (so two writers of one series never lose each
   * other's points: the later one reads again), in one TransactWriteItems when they fit (100 items, ~3.5 MB), else one
   * per group of whole series. False when a head moved since it was read (nothing of that transaction is written).
   */
  async saveWrites(writes: readonly SeriesWrite[]): Promise<boolean> {
    for (const group of transactionGroups(writes.map((w) => this.writeItems(w)))) {
      try {
        await this.gw.send(new TransactWriteCommand({ TransactItems: group }));
      } catch (error) {
        if (isTransactionCanceled(error)) return false;
        throw error;
      }
    }
    return true;
  }

  /** What one series write sends, with its size in bytes. */
  private writeItems(w: SeriesWrite): { items: Record<string, unknown>[]; bytes: number } {
    const { jobId, name } = w.head;
    const table = this.gw.tableName;
    const puts = [...w.parts.map((p) => partToItem(jobId, name, p)), ...w.pages.map((p) => pageToItem(jobId, name, p))];
    const head = versionedPut(table, descriptorToItem(w.head), w.head.version);
    return {
      items: [
        { Put: head },
        ...puts.map((Item) => ({ Put: { TableName: table, Item } })),
        ...w.removedPages.map((step) => ({ Delete: { TableName: table, Key: stepRunKey(STEP_PAGES, jobId, name, step) } })),
      ],
      bytes: itemSize(head.Item) + puts.reduce((n, item) => n + itemSize(item), 0),
    };
  }

  /**
   * Runs (parts or pages) of a series from the one starting at or below `fromStep` downwards, until one starting at
   * or below `untilStep` (or the series' first); returned by first step.
   */
  private async runsDown(
    prefix: RunPrefix,
    jobId: string,
    name: string,
    fromStep: number,
    untilStep: number,
  ): Promise<{ items: Item[]; exhausted: boolean }> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    for (;;) {
      const out = await this.gw.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
        new QueryCommand({
          ...rangeQuery(
            stepSeriesPartition(jobId, name),
            prefix,
            stepRunSortKey(prefix, fromStep),
            start ? AROUND_NEXT_ITEMS : AROUND_FIRST_ITEMS,
          ),
          TableName: this.gw.tableName,
          ScanIndexForward: false,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        items.push(item);
        if ((firstStepOfSortKey(prefix, String(item.SK)) ?? Infinity) <= untilStep) return { items: items.reverse(), exhausted: false };
      }
      start = out.LastEvaluatedKey;
      if (!start) return { items: items.reverse(), exhausted: true };
    }
  }

  /** One series' head, strongly consistent; null when there is none. */
  async headConsistent(jobId: string, name: string): Promise<StepSeriesDescriptor | null> {
    const [item] = await batchGet(this.gw, [stepSeriesDescriptorKey(jobId, name)], undefined, true);
    return item ? parseDescriptor(item) : null;
  }

  /** Everything stored of one series, strongly consistent: its parts and pages, and per-point items and block keys from before packing. */
  async wholeSeries(
    jobId: string,
    name: string,
  ): Promise<{ parts: SeriesPart[]; pages: SummaryPage[]; points: MetricPoint[]; legacyKeys: TableKey[] }> {
    const pk = stepSeriesPartition(jobId, name);
    const all = (prefix: string) => queryAll(this.gw, { ...prefixQuery(pk, prefix), ConsistentRead: true });
    const [parts, pages, points, blocks] = await Promise.all([all(STEP_PARTS), all(STEP_PAGES), all(STEP_POINTS), all(STEP_BLOCKS)]);
    return {
      parts: parts.map(parsePart).filter((p): p is SeriesPart => p !== null),
      pages: pages.map(parsePage).filter((p): p is SummaryPage => p !== null),
      points: points.map(parseStepPoint).filter((p): p is MetricPoint => p !== null),
      legacyKeys: [...points, ...blocks].map((i) => ({ PK: String(i.PK), SK: String(i.SK) })),
    };
  }

  /** Deletes items by key, 25 a BatchWriteItem call. */
  deleteKeys(keys: TableKey[]): Promise<void> {
    return batchDelete(this.gw, keys);
  }

  /** Pages of every series head of every job (GSITYPE `TYPE = JOB_STEP_SERIES`). */
  async *allHeadPages(): AsyncGenerator<StepSeriesDescriptor[]> {
    for await (const page of queryPages(this.gw, {
      IndexName: STEP_SERIES_BY_TYPE_INDEX,
      KeyConditionExpression: '#type = :series',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':series': ItemType.stepSeries },
    })) {
      yield page.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
    }
  }

  /** Step-series descriptors of (job, name) pairs, one BatchGetItem per 100; keyed `${jobId}\u0000${name}`. */
  async descriptors(reads: readonly { jobId: string; name: string }[]): Promise<Map<string, StepSeriesDescriptor>> {
    const items = await batchGet(
      this.gw,
      reads.map((r) => stepSeriesDescriptorKey(r.jobId, r.name)),
    );
    const found = items.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
    return new Map(found.map((d) => [`${d.jobId}\u0000${d.name}`, d]));
  }

  /**
   * Every point of a series (or those with steps in `range`), by step, a batch of points per Query page of `pageSize`
   * parts: its packed parts, merged by step with its per-point items while it has any (a series begun before packing,
   * until `npm run migrate`). A range reads only the parts covering it (partsOver) and the per-point items in it.
   */
  async *seriesPages(head: StepSeriesDescriptor, pageSize: number, range: StepRange | null = null): AsyncGenerator<MetricPoint[]> {
    const { jobId, name } = head;
    const parts = range ? this.partsOver(jobId, name, range, pageSize) : this.partPages(jobId, name, pageSize);
    const keep = range ? (p: PackedPoint) => inStepRange(p.step, range) : () => true;
    const packed = (async function* () {
      for await (const page of parts) yield page.flatMap((part) => part.points.filter(keep).map((p) => packedToMetric(jobId, name, p)));
    })();
    if (head.packed) yield* packed;
    else yield* mergeByStep(packed, this.pointPages(jobId, name, pageSize * PART_POINTS, range));
  }

  /** Every point of a series (or those with steps in `range`), by step. */
  async seriesPoints(head: StepSeriesDescriptor, pageSize: number, range: StepRange | null = null): Promise<MetricPoint[]> {
    const out: MetricPoint[] = [];
    for await (const page of this.seriesPages(head, pageSize, range)) for (const p of page) out.push(p);
    return out;
  }

  /** The run summaries of a series, by first step: its summary pages', and its block summaries' while it has per-point items. */
  async seriesSummaries(head: StepSeriesDescriptor): Promise<RunExtremes[]> {
    const [pages, blocks] = await Promise.all([
      this.summaryPages(head.jobId, head.name),
      head.packed ? Promise.resolve([]) : this.blocks(head.jobId, head.name),
    ]);
    const runs: RunExtremes[] = [...pages.flatMap((p) => p.parts), ...blocks];
    return runs.sort((a, b) => a.first.step - b.first.step);
  }

  /**
   * The summaries of a packed series' parts overlapping steps `range`, by first step, from the summary pages covering
   * it (runsOver): as stored, so a part the range cuts counts all its points (withinRange narrows them). For a series
   * with per-point items (not `packed`), read its points instead: their blocks do not follow parts.
   */
  async summariesOver(head: StepSeriesDescriptor, range: StepRange): Promise<PartSummary[]> {
    const out: PartSummary[] = [];
    for await (const items of this.runsOver(STEP_PAGES, head.jobId, head.name, range)) {
      for (const part of items.flatMap((item) => parsePage(item)?.parts ?? [])) {
        if (part.last.step >= range.from && part.first.step <= range.to) out.push(part);
      }
    }
    return out;
  }

  /**
   * Part summaries over steps `range` (summariesOver's) with each part the range cuts (at most two: those holding its
   * ends) read whole, in one BatchGetItem, and summarised over its points in the range alone.
   */
  async withinRange(head: StepSeriesDescriptor, range: StepRange, summaries: readonly PartSummary[]): Promise<PartSummary[]> {
    const cut = (s: PartSummary) => s.first.step < range.from || s.last.step > range.to;
    const keys = summaries.filter(cut).map((s) => stepRunKey(STEP_PARTS, head.jobId, head.name, s.firstStep));
    const items = keys.length ? await batchGet(this.gw, keys) : [];
    const edges = items
      .map(parsePart)
      .map((part) => (part ? { firstStep: part.firstStep, points: part.points.filter((p) => inStepRange(p.step, range)) } : null))
      .filter((part): part is SeriesPart => part !== null && part.points.length > 0)
      .map(summarize);
    return [...summaries.filter((s) => !cut(s)), ...edges].sort((a, b) => a.first.step - b.first.step);
  }

  /** Pages of a series' packed parts covering steps `range`, by first step (see runsOver). */
  private async *partsOver(jobId: string, name: string, range: StepRange, pageSize: number): AsyncGenerator<SeriesPart[]> {
    for await (const items of this.runsOver(STEP_PARTS, jobId, name, range, pageSize)) {
      yield items.map(parsePart).filter((p): p is SeriesPart => p !== null);
    }
  }

  /**
   * Pages of the runs (parts or pages) covering steps `range`, by first step: the run starting at or below its first
   * step (a run holds the steps up to the next run's first; found as readAround finds it, one item read downwards) and
   * every run starting after that up to its last step. The two Queries go out together; eventually consistent.
   */
  private async *runsOver(prefix: RunPrefix, jobId: string, name: string, range: StepRange, pageSize?: number): AsyncGenerator<Item[]> {
    const pk = stepSeriesPartition(jobId, name);
    const below = this.gw.send<{ Items?: Item[] }>(
      new QueryCommand({
        ...rangeQuery(pk, prefix, stepRunSortKey(prefix, range.from), 1),
        TableName: this.gw.tableName,
        ScanIndexForward: false,
      }),
    );
    const after =
      range.from < range.to
        ? queryPages(this.gw, rangeQuery(pk, stepRunSortKey(prefix, range.from + 1), stepRunSortKey(prefix, range.to), pageSize))
        : null;
    const [start, first] = await Promise.all([below, after?.next()]);
    const firstItems = first && !first.done ? first.value : [];
    yield [...(start.Items ?? []), ...firstItems];
    if (after && first && !first.done) yield* after;
  }

  /** A series' packed parts, by step, `pageSize` items a Query page. */
  async *partPages(jobId: string, name: string, pageSize: number): AsyncGenerator<SeriesPart[]> {
    for await (const page of queryPages(this.gw, prefixQuery(stepSeriesPartition(jobId, name), STEP_PARTS, pageSize))) {
      yield page.map(parsePart).filter((p): p is SeriesPart => p !== null);
    }
  }

  /** A series' summary pages, by step. */
  async summaryPages(jobId: string, name: string): Promise<SummaryPage[]> {
    const items = await queryAll(this.gw, prefixQuery(stepSeriesPartition(jobId, name), STEP_PAGES));
    return items.map(parsePage).filter((p): p is SummaryPage => p !== null);
  }

  /** A series' per-point items (the layout before packing), by step, `pageSize` items a page; only steps in `range` when given. */
  async *pointPages(jobId: string, name: string, pageSize?: number, range: StepRange | null = null): AsyncGenerator<MetricPoint[]> {
    const pk = stepSeriesPartition(jobId, name);
    const query = range
      ? rangeQuery(pk, stepPointKey(jobId, name, range.from).SK, stepPointKey(jobId, name, range.to).SK, pageSize)
      : prefixQuery(pk, STEP_POINTS, pageSize);
    for await (const page of queryPages(this.gw, query)) {
      yield page.map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
    }
  }

  /** A series' block summaries (the layout before packing), by block. */
  async blocks(jobId: string, name: string): Promise<StepBlock[]> {
    const items = await queryAll(this.gw, prefixQuery(stepSeriesPartition(jobId, name), STEP_BLOCKS));
    return items.map(parseBlock).filter((b): b is StepBlock => b !== null);
  }

  /** The descriptors of a job's step-level series (its `SERIES#` items), `pageSize` items a page. */
  async descriptorsOfJob(jobId: string, pageSize?: number): Promise<StepSeriesDescriptor[]> {
    const items = await queryAll(this.gw, prefixQuery(jobPartition(jobId), STEP_SERIES_OF_JOB, pageSize));
    return items.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
  }

  /** Pages of the descriptors of metric `name`'s step-level series, every job (GSITYPE: reads every descriptor). */
  async *descriptorPagesOfMetric(name: string): AsyncGenerator<StepSeriesDescriptor[]> {
    for await (const page of queryPages(this.gw, {
      IndexName: STEP_SERIES_BY_TYPE_INDEX,
      KeyConditionExpression: '#type = :series',
      FilterExpression: 'SK = :sk',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':series': ItemType.stepSeries, ':sk': `${STEP_SERIES_OF_JOB}${name}` },
    })) {
      yield page.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
    }
  }
}

/** Splits series writes into transactions of whole series within DynamoDB's item and byte limits. */
function transactionGroups(writes: readonly { items: Record<string, unknown>[]; bytes: number }[]): Record<string, unknown>[][] {
  const groups: Record<string, unknown>[][] = [];
  let current: Record<string, unknown>[] = [];
  let bytes = 0;
  for (const w of writes) {
    if (current.length && (current.length + w.items.length > TRANSACT_WRITE_LIMIT || bytes + w.bytes > TRANSACT_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...w.items);
    bytes += w.bytes;
  }
  if (current.length) groups.push(current);
  return groups;
}
