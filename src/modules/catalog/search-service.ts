import { apiError, badUserInput } from '../../platform/errors';
import { canonicalJson, type JsonObject, type JsonValue } from '../../platform/json-values';
import { clampFirst, toPage } from '../../platform/pagination/connections';
import { decodeCursor, encodeCursor } from '../../platform/pagination/cursors';
import { checkMetricName } from '../../platform/names';
import { forEachLimited } from '../../platform/concurrency';
import { createHash } from 'node:crypto';
import { isJobRef, JOB_STATUSES, lastSeenOf, type JobModel, type JobNode, type JobPage, type JobStatusValue } from '../jobs/job-model';
import { firstNewest, type CatalogListing, type JobPosition } from '../jobs/job-listing';
import type { Loaders } from '../loaders';
import { epochValues } from '../metrics/epoch-rules';
import type { MetricPoint } from '../metrics/metric-model';
import { defaultDirection } from '../metrics/metric-rules';
import { isStale, timeMs, type CatalogEntry } from './catalog-entry';
import { configAt, type ConfigStore } from './config-store';
import { meanCurve, spreadOf, type GroupPointModel, type Spread } from './group-stats';
import type { JobCatalog } from './job-catalog';
import { checkConfigPath, FilterCompiler, type CompiledFilter, type JobFilterInput } from './job-filter';
import { JobOrdering, sortPosition, type JobOrderInput } from './job-order';
import { summariesFromRows, summaryModel, type MetricSummaryModel } from './metric-summary';
import { jobFieldsOf, type JobFieldsModel } from './job-fields';
import { curveMetricNames } from './metric-names';
import { parseSearchQuery, QueryError } from './search-query';

type Maybe<T> = T | null | undefined;

export interface JobSearchArgs {
  status?: Maybe<JobStatusValue>;
  filter?: Maybe<JobFilterInput>;
  query?: Maybe<string>;
  orderBy?: Maybe<readonly JobOrderInput[]>;
  first?: Maybe<number>;
  after?: Maybe<string>;
}

export interface JobGroupModel extends Spread {
  key: JsonObject;
  count: number;
  jobIds: string[];
}

export interface GroupSeriesModel {
  key: JsonObject;
  jobIds: string[];
  points: GroupPointModel[];
}

/** The most jobs one groupSeries reads curves of (each is a partition read): narrow the filter past that. */
export const MAX_GROUP_SERIES_JOBS = 500;
const MAX_GROUP_KEYS = 10;
const SERIES_READ_CONCURRENCY = 8;

/** The most values `Job.summaries` and `Job.configValues` answer at once. */
export const MAX_COLUMNS = 100;

function checkColumns(names: readonly string[], field: string): readonly string[] {
  if (names.length > MAX_COLUMNS) throw badUserInput(`${field}: at most ${MAX_COLUMNS} at once (got ${names.length})`, field);
  return names;
}

/** Whether a search asks for more than the plain listing (which reads the table, newest first). */
export function isSearch(args: JobSearchArgs): boolean {
  return Boolean(args.filter || (args.query && args.query.trim() !== '') || (args.orderBy && args.orderBy.length > 0));
}

/** One grouping key: where its value comes from. */
function groupKey(by: string, field: string, store: ConfigStore): (e: CatalogEntry) => JsonValue {
  if (by === 'status') return (e) => e.status;
  if (by === 'name') return (e) => e.name;
  if (by.startsWith('tags.')) {
    const tag = by.slice('tags.'.length);
    if (!tag) throw badUserInput(`${field}: give the tag's key after tags.`, field);
    return (e) => (Object.hasOwn(e.tags, tag) ? e.tags[tag] : null);
  }
  const id = store.idOf(checkConfigPath(by.replace(/^(config|params?)\./, ''), field));
  return (e) => (id < 0 ? null : ((configAt(e.config, id) ?? null) as JsonValue));
}

/**
 * Searches, groups and orders jobs on the instance's job catalog (no DynamoDB call), and answers the Job fields the
 * catalog holds (summary, configValue, lastSeenAt, stale) for any job, from the catalog or, where it has not got the job
 * (yet), from the table through the request's loaders.
 */
export class SearchService implements CatalogListing {
  constructor(
    private readonly catalog: JobCatalog | null,
    private readonly loaders: Loaders,
    private readonly staleAfterMs: number,
  ) {}

  /** The catalog, ready; SERVICE_UNAVAILABLE saying why when it is not. */
  private ready(): JobCatalog {
    const c = this.catalog;
    if (!c)
      throw apiError(
        'SERVICE_UNAVAILABLE',
        'search is off on this server: the job catalog needs live updates or the table stream (LIVE_EVENTS=off on a table without a stream); plain `jobs` listings still work',
        { reason: 'CATALOG_OFF' },
      );
    if (c.state !== 'ready') {
      const p = c.progress;
      throw apiError('SERVICE_UNAVAILABLE', `the job catalog is still loading (${p.jobs} jobs read so far); retry shortly`, {
        reason: 'CATALOG_LOADING',
      });
    }
    return c;
  }

  /** The filter of `status`, `filter` and `query` together (ANDed), checked. */
  private compiled(catalog: JobCatalog, args: Pick<JobSearchArgs, 'status' | 'filter' | 'query'>): CompiledFilter {
    let parsed: JobFilterInput | null = null;
    if (args.query) {
      try {
        parsed = parseSearchQuery(args.query) as JobFilterInput | null;
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        throw apiError('BAD_USER_INPUT', `query: ${error.message}`, { argument: 'query', column: error.column });
      }
    }
    return new FilterCompiler(catalog.store).compileAll([
      { filter: args.status ? { status: [args.status] } : null, field: 'status' },
      { filter: args.filter, field: 'filter' },
      { filter: parsed, field: 'query' },
    ]);
  }

  /** The jobs a filter matches: among the statuses it requires, when it requires some, else among all. */
  private matches(catalog: JobCatalog, { predicate, statuses }: CompiledFilter): CatalogEntry[] {
    const at = { nowMs: catalog.now(), staleAfterMs: this.staleAfterMs };
    const out: CatalogEntry[] = [];
    const scan = (entries: Iterable<CatalogEntry>) => {
      for (const e of entries) if (predicate(e, at)) out.push(e);
    };
    if (statuses) for (const status of statuses) scan(catalog.ofStatus(status));
    else scan(catalog.all());
    return out;
  }

  /** A page of the jobs matching, in the order asked for, with the number of matches; only ids are in the page. */
  search(args: JobSearchArgs): JobPage {
    const catalog = this.ready();
    const filter = this.compiled(catalog, args);
    const ordering = JobOrdering.of(args.orderBy, catalog.store);
    const size = clampFirst(args.first, 20);
    const scope = createHash('sha256')
      .update(canonicalJson({ s: args.status ?? null, f: args.filter ?? null, q: args.query ?? null, o: args.orderBy ?? null }))
      .digest('base64url')
      .slice(0, 16);
    const after = decodeCursor(args.after, 'jobSearch', scope, sortPosition);
    if (after && !ordering.fits(after)) throw badUserInput('`after` is not a valid cursor for this list', 'after');
    const found = this.matches(catalog, filter);
    const window = ordering.firstAfter(found, after, size + 1);
    const page = toPage(window, size, (r) => encodeCursor('jobSearch', scope, r.p));
    return {
      edges: page.edges.map((edge) => ({
        node: { id: edge.node.e.id, ref: true as const },
        get cursor() {
          return edge.cursor;
        },
      })),
      pageInfo: page.pageInfo,
      totalCount: () => found.length,
    };
  }

  /**
   * The plain listing (`jobs` with no filter, query or order) from the catalog: up to `limit` jobs of `statuses` after
   * `after`, newest first by creation time as stored then id (the GSI1 listing's order); null when it is not ready.
   */
  listFromCatalog(statuses: readonly JobStatusValue[], after: JobPosition | null, limit: number): JobPosition[] | null {
    const catalog = this.catalog;
    if (!catalog || catalog.state !== 'ready') return null;
    const all = statuses.length === JOB_STATUSES.length && JOB_STATUSES.every((s) => statuses.includes(s));
    const pool = all ? [catalog.all()] : statuses.map((s) => catalog.ofStatus(s));
    return firstNewest(
      (function* () {
        for (const entries of pool) yield* entries;
      })(),
      after,
      limit,
    );
  }

  /** How many jobs the plain listing of `statuses` holds, from the catalog; null when it is not ready. */
  countFromCatalog(statuses: readonly JobStatusValue[]): number | null {
    if (!this.catalog || this.catalog.state !== 'ready') return null;
    const wanted = new Set(statuses);
    let n = 0;
    for (const e of this.catalog.all()) if (wanted.has(e.status)) n++;
    return n;
  }

  private grouped(args: { filter?: Maybe<JobFilterInput>; query?: Maybe<string>; by: readonly string[] }) {
    const catalog = this.ready();
    if (args.by.length === 0 || args.by.length > MAX_GROUP_KEYS) throw badUserInput(`by: give 1..${MAX_GROUP_KEYS} grouping keys`, 'by');
    const keys = args.by.map((b, i) => ({ name: b, value: groupKey(b, `by[${i}]`, catalog.store) }));
    const found = this.matches(catalog, this.compiled(catalog, args)).sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? -1 : 1));
    const groups = new Map<string, { key: JsonObject; members: CatalogEntry[] }>();
    for (const e of found) {
      const key: JsonObject = {};
      for (const k of keys) key[k.name] = k.value(e);
      const id = canonicalJson(key);
      const group = groups.get(id);
      if (group) group.members.push(e);
      else groups.set(id, { key, members: [e] });
    }
    return [...groups.values()];
  }

  /** Groups of the matching jobs equal on `by`, with the spread of their best value of `metric`, best mean first. */
  groups(args: { filter?: Maybe<JobFilterInput>; query?: Maybe<string>; by: readonly string[]; metric: string }): JobGroupModel[] {
    const metric = checkMetricName(args.metric, 'metric');
    const desc = defaultDirection(metric) === 'DESC';
    const out = this.grouped(args).map(({ key, members }) => {
      const bests = members.flatMap((e) => {
        const s = e.summaries.get(metric);
        return s ? [s.best] : [];
      });
      return { key, count: members.length, jobIds: members.map((e) => e.id), ...spreadOf(bests) };
    });
    return out.sort((a, b) => {
      if (a.mean === null || b.mean === null) return a.mean === b.mean ? b.count - a.count : a.mean === null ? 1 : -1;
      return (desc ? b.mean - a.mean : a.mean - b.mean) || b.count - a.count;
    });
  }

  /** What the matching jobs carry: config keys, curve metrics and tag values, each with how many jobs have it. */
  fields(args: { filter?: Maybe<JobFilterInput>; query?: Maybe<string> }): JobFieldsModel {
    const catalog = this.ready();
    return jobFieldsOf(this.matches(catalog, this.compiled(catalog, args)), catalog.store);
  }

  /** Per group of the matching jobs, the mean curve of metric `name` (by epoch, or by step for a step series). */
  async groupSeries(args: {
    filter?: Maybe<JobFilterInput>;
    query?: Maybe<string>;
    by: readonly string[];
    name: string;
    maxPoints?: Maybe<number>;
  }): Promise<GroupSeriesModel[]> {
    const name = checkMetricName(args.name, 'name');
    if (args.maxPoints !== null && args.maxPoints !== undefined && args.maxPoints < 4)
      throw badUserInput('maxPoints: must be at least 4', 'maxPoints');
    const groups = this.grouped(args);
    const total = groups.reduce((n, g) => n + g.members.length, 0);
    if (total > MAX_GROUP_SERIES_JOBS)
      throw badUserInput(
        `groupSeries reads the curve of every matching job: ${total} match, at most ${MAX_GROUP_SERIES_JOBS} may; narrow the filter`,
        'filter',
      );
    const curves = new Map<string, { axis: 'epoch' | 'step'; values: Map<number, number> }>();
    await forEachLimited(
      groups.flatMap((g) => g.members),
      SERIES_READ_CONCURRENCY,
      async (e) => void curves.set(e.id, await this.curve(e.id, name)),
    );
    return groups.map(({ key, members }) => {
      const own = members.map((m) => curves.get(m.id)).filter((c) => c !== undefined && c.values.size > 0);
      const axis = own.some((c) => c?.axis === 'step') ? 'step' : 'epoch';
      const values = own.filter((c) => c?.axis === axis).map((c) => c?.values as Map<number, number>);
      return { key, jobIds: members.map((m) => m.id), points: meanCurve(values, axis, args.maxPoints ?? null) };
    });
  }

  /** One job's curve of a metric: a step series by step, else each epoch's value (its latest row) by epoch. */
  private async curve(jobId: string, name: string): Promise<{ axis: 'epoch' | 'step'; values: Map<number, number> }> {
    const { points, descriptor } = await this.loaders.metricOfJob.load({ jobId, name });
    if (descriptor) {
      const steps = (await this.loaders.stepSeries.load({ head: descriptor, part: 'points' })) as MetricPoint[];
      return { axis: 'step', values: new Map(steps.flatMap((p) => (p.step !== null && p.value !== null ? [[p.step, p.value]] : []))) };
    }
    const byEpoch = epochValues(points, name);
    return { axis: 'epoch', values: new Map(byEpoch.map((p) => [p.epoch as number, p.value as number])) };
  }

  /** A mutation's result, its job (as just written) put in this instance's catalog: in searches before the stream brings it. */
  noteWritten<T extends { job: JobModel | null }>(result: T): T {
    if (result.job) this.catalog?.noteJob(result.job);
    return result;
  }

  /** A recordEpoch's result: the job it started (PENDING -> RUNNING) moved in this instance's catalog at once. */
  noteStarted<T extends { started?: JobModel }>(result: T): T {
    if (result.started) this.catalog?.noteJob(result.started);
    return result;
  }

  /** A deleteJob's result, the job gone from this instance's catalog at once. */
  noteDeleted<T extends { deletedJobId: string | null }>(result: T): T {
    if (result.deletedJobId) this.catalog?.apply([{ kind: 'removed', jobId: result.deletedJobId }]);
    return result;
  }

  /** The catalog's entry of a job, when the catalog is ready and has it. */
  catalogEntry(jobId: string): CatalogEntry | undefined {
    return this.entryOf(jobId);
  }

  private entryOf(jobId: string): CatalogEntry | undefined {
    return this.catalog?.state === 'ready' ? this.catalog.entry(jobId) : undefined;
  }

  /** A job read from the table (a search result's fields the catalog does not hold). */
  async model(job: JobNode): Promise<JobModel> {
    if (!isJobRef(job)) return job;
    const loaded = await this.loaders.job.load(job.id);
    if (!loaded) throw apiError('INTERNAL_SERVER_ERROR', `job ${job.id} was deleted while its page was read`);
    return loaded;
  }

  /** Metric names this request has checked (a page of 50 jobs asks for the same one 50 times). */
  private readonly checkedMetrics = new Set<string>();

  /** A job's summary of `metric`: the catalog's (at once, no promise), else computed from the job's rows. */
  summary(job: JobNode, metric: string): MetricSummaryModel | null | Promise<MetricSummaryModel | null> {
    if (!this.checkedMetrics.has(metric)) this.checkedMetrics.add(checkMetricName(metric, 'metric'));
    const entry = this.entryOf(job.id);
    if (entry) {
      const s = entry.summaries.get(metric);
      return s ? summaryModel(metric, s) : null;
    }
    return this.loaders.partition.load(job.id).then((view) => {
      const s = summariesFromRows(view.points.filter((p) => p.name === metric && p.value !== null)).get(metric);
      return s ? summaryModel(metric, s) : null;
    });
  }

  /** Several summaries in the order asked (a table's metric columns): at most MAX_COLUMNS. */
  summaries(job: JobNode, metrics: readonly string[]): Promise<(MetricSummaryModel | null)[]> {
    return Promise.all(checkColumns(metrics, 'metrics').map((metric) => this.summary(job, metric)));
  }

  /** Several config values in the order asked (a table's config columns): at most MAX_COLUMNS. */
  configValues(job: JobNode, paths: readonly string[]): Promise<JsonValue[]> {
    return Promise.all(checkColumns(paths, 'paths').map((path) => this.configValue(job, path)));
  }

  /**
   * The metrics a job can draw as curves (curveMetricNames): its epoch metrics from the catalog's summaries and its
   * step series' heads (one Query of them), or both from the job's partition where the catalog has not got the job.
   */
  async metricNames(job: JobNode): Promise<string[]> {
    const entry = this.entryOf(job.id);
    if (entry)
      return curveMetricNames(
        entry.summaries,
        (await this.loaders.stepHeadsOfJob.load(job.id)).map((d) => d.name),
      );
    const view = await this.loaders.partition.load(job.id);
    return curveMetricNames(summariesFromRows(view.points.filter((p) => p.value !== null)), view.stepSeries.keys());
  }

  /** The config value at a dotted path; null when absent. Scalars come from the catalog (at once); objects from the job. */
  configValue(job: JobNode, path: string): JsonValue | Promise<JsonValue> {
    checkConfigPath(path, 'path');
    const entry = isJobRef(job) ? this.entryOf(job.id) : undefined;
    const store = this.catalog?.store;
    if (entry && store) {
      const id = store.idOf(path);
      const value = id < 0 ? undefined : configAt(entry.config, id);
      if (value !== undefined) return value as JsonValue;
      if (!store.hasBelow(entry.config, `${path}.`)) return null;
    }
    return this.model(job).then((model) => {
      let value: JsonValue | undefined = model.config;
      for (const key of path.split('.')) {
        value = value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key) ? value[key] : undefined;
        if (value === undefined) return null;
      }
      return value;
    });
  }

  /** The job's last write seen: the catalog's (which hears every write), else what its item says. */
  lastSeenAt(job: JobNode): string | Promise<string> {
    return this.entryOf(job.id)?.lastSeenAt ?? this.model(job).then(lastSeenOf);
  }

  /** RUNNING and not seen for the staleness limit. */
  stale(job: JobNode): boolean | Promise<boolean> {
    const now = this.catalog?.now() ?? Date.now();
    const entry = this.entryOf(job.id);
    if (entry) return isStale(entry, now, this.staleAfterMs);
    return this.model(job).then((model) =>
      isStale({ status: model.status, lastSeenMs: timeMs(lastSeenOf(model)) }, now, this.staleAfterMs),
    );
  }
}
