import type { DynamoGateway } from '../../db/gateway';
import type { JobModel, JobStatusValue } from '../jobs/job-model';
import { ConfigStore } from './config-store';
import { entryOf, factsOf, isStale, noteSeen, type CatalogEntry } from './catalog-entry';
import type { CatalogChange } from './catalog-changes';
import { CatalogRepository, type CatalogSource } from './catalog-repository';
import { summariesFromRows, withRow, type SummaryRow } from './metric-summary';

/** Where a catalog is: not loading yet (changes ignored: the load will read them), loading (changes kept), ready. */
export type CatalogState = 'starting' | 'loading' | 'ready';

export interface CatalogOptions {
  /** A RUNNING job not seen for longer than this is stale. */
  staleAfterMs: number;
  /** The clock (tests move it). */
  now?: () => number;
  log?: (msg: string) => void;
  /** Called when a job turns stale or stops being stale (jobUpdated announces it). */
  onStaleChange?: (entry: CatalogEntry, stale: boolean) => void;
}

/** What the last load read and how long it took. */
export interface CatalogLoad {
  jobs: number;
  rows: number;
  ms: number;
}

/** Jobs read again at once when their summaries cannot be updated from a change alone. */
const RECOUNT_CONCURRENCY = 4;
const RECOUNT_RETRY_MS = 1000;

/**
 * Every job's searchable facts in memory, one per server instance: status, name, tags, config scalars by path, times,
 * and each metric's summary. Loaded by paging the table (CatalogSource), then kept fresh by the table's changes
 * (`apply`, fed from the stream). Changes that arrive while the load runs are kept and applied after it, in order; a
 * job whose rows changed meanwhile is read again, so nothing written during the load is lost or counted twice.
 * Searches read it with no DynamoDB call.
 */
export class JobCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  /** The jobs of each status: a search for some statuses looks at those alone. */
  private readonly byStatus = new Map<JobStatusValue, Set<CatalogEntry>>();
  /** Config paths, their sets and repeated strings, shared by every entry. */
  readonly store = new ConfigStore();
  private phase: CatalogState = 'starting';
  private pending: CatalogChange[] = [];
  private loaded: CatalogLoad | null = null;
  private loading = { jobs: 0, rows: 0 };
  private readonly recountQueue = new Set<string>();
  /** Jobs being read again, and those changed while read (read once more after). */
  private readonly recounting = new Set<string>();
  private readonly dirty = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  readonly staleAfterMs: number;

  constructor(
    private readonly source: CatalogSource,
    private readonly opts: CatalogOptions,
  ) {
    this.staleAfterMs = opts.staleAfterMs;
  }

  /** A catalog over the table of `gw`. */
  static over(gw: DynamoGateway, opts: Partial<CatalogOptions> = {}): JobCatalog {
    return new JobCatalog(new CatalogRepository(gw), { staleAfterMs: 600_000, ...opts });
  }

  get state(): CatalogState {
    return this.phase;
  }

  /** Jobs in the catalog. */
  get size(): number {
    return this.entries.size;
  }

  /** The last load, or where the running one is. */
  get progress(): { state: CatalogState; jobs: number; rows: number; loadMs: number | null } {
    const l = this.loaded;
    return l
      ? { state: this.phase, jobs: this.entries.size, rows: l.rows, loadMs: l.ms }
      : { state: this.phase, jobs: this.loading.jobs, rows: this.loading.rows, loadMs: null };
  }

  now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  entry(id: string): CatalogEntry | undefined {
    return this.entries.get(id);
  }

  /** Every job, in no particular order. */
  all(): IterableIterator<CatalogEntry> {
    return this.entries.values();
  }

  /** The jobs of one status, in no particular order. */
  ofStatus(status: JobStatusValue): ReadonlySet<CatalogEntry> {
    return this.byStatus.get(status) ?? new Set();
  }

  /** Puts a job's entry in (replacing its previous one, if any) and in its status's set. */
  private put(entry: CatalogEntry): void {
    this.drop(entry.id);
    this.entries.set(entry.id, entry);
    let set = this.byStatus.get(entry.status);
    if (!set) this.byStatus.set(entry.status, (set = new Set()));
    set.add(entry);
  }

  private drop(jobId: string): void {
    const old = this.entries.get(jobId);
    if (!old) return;
    this.entries.delete(jobId);
    this.byStatus.get(old.status)?.delete(old);
  }

  /**
   * Reads every job from the table. Call it once the changes are flowing in (subscribed to the stream, or to Redis):
   * what was written before the load started is in what it reads; what is written from then on arrives as changes.
   */
  async load(): Promise<CatalogLoad> {
    const started = Date.now();
    this.phase = 'loading';
    this.pending = [];
    const { jobs, rows, rowCount } = await this.source.loadAll((j, r) => (this.loading = { jobs: j, rows: r }));
    const nowMs = this.now();
    this.entries.clear();
    this.byStatus.clear();
    for (const facts of jobs) {
      const entry = entryOf(facts, this.store);
      const jobRows = rows.get(facts.id);
      if (jobRows) {
        entry.summaries = summariesFromRows(jobRows.rows);
        noteSeen(entry, jobRows.latest, nowMs);
      }
      entry.staleAnnounced = isStale(entry, nowMs, this.staleAfterMs);
      this.put(entry);
    }
    const pending = this.pending;
    this.pending = [];
    this.phase = 'ready';
    // Rows delivered during the load may be in what it read too: their jobs are read again rather than counted twice.
    this.applyNow(pending, true);
    this.loaded = { jobs: this.entries.size, rows: rowCount, ms: Date.now() - started };
    this.opts.log?.(`catalog: ${this.entries.size} jobs and ${rowCount} metric rows loaded in ${this.loaded.ms} ms`);
    return this.loaded;
  }

  /** Takes the table's changes: applied now once loaded, kept while loading, ignored before (the load reads them). */
  apply(changes: readonly CatalogChange[]): void {
    if (this.phase === 'starting') return;
    if (this.phase === 'loading') this.pending.push(...changes);
    else this.applyNow(changes, false);
  }

  /** A job this instance just wrote: in searches at once, before its change comes round through the stream. */
  noteJob(job: JobModel): void {
    if (this.phase === 'ready') this.applyNow([{ kind: 'job', facts: factsOf(job) }], false);
  }

  private applyNow(changes: readonly CatalogChange[], recountRows: boolean): void {
    const nowMs = this.now();
    for (const change of changes) {
      switch (change.kind) {
        case 'job':
          this.put(entryOf(change.facts, this.store, this.entries.get(change.facts.id)));
          break;
        case 'removed':
          this.drop(change.jobId);
          break;
        case 'seen': {
          const entry = this.entries.get(change.jobId);
          if (entry) noteSeen(entry, change.at, nowMs);
          break;
        }
        case 'recount':
          this.recount(change.jobId);
          break;
        case 'rows':
          if (recountRows) this.recount(change.jobId);
          else this.addRows(change.jobId, change.rows);
          break;
      }
    }
  }

  private addRows(jobId: string, rows: readonly SummaryRow[]): void {
    if (this.recounting.has(jobId) || this.recountQueue.has(jobId)) return this.recount(jobId);
    const entry = this.entries.get(jobId);
    if (!entry) return this.recount(jobId); // rows before their job item: the job is read once it is there
    for (const row of rows) {
      const next = withRow(entry.summaries.get(row.name), row.name, row);
      if (next === 'recount') return this.recount(jobId);
      if (next) entry.summaries.set(row.name, next);
    }
  }

  /** Reads a job again (its facts, rows and latest write), a few at a time; a job changed while read is read once more. */
  private recount(jobId: string): void {
    if (this.recounting.has(jobId)) this.dirty.add(jobId);
    else this.recountQueue.add(jobId);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.recounting.size < RECOUNT_CONCURRENCY && this.recountQueue.size > 0) {
      const jobId = this.recountQueue.values().next().value as string;
      this.recountQueue.delete(jobId);
      this.recounting.add(jobId);
      void this.readAgain(jobId);
    }
  }

  private async readAgain(jobId: string): Promise<void> {
    try {
      const { facts, rows, latest } = await this.source.readJob(jobId);
      if (!facts) this.drop(jobId);
      else {
        const entry = entryOf(facts, this.store, this.entries.get(jobId));
        entry.summaries = summariesFromRows(rows);
        if (latest) noteSeen(entry, latest, this.now());
        this.put(entry);
      }
    } catch (error) {
      // The database is away: read it again later, so the summaries never stay wrong for good.
      this.opts.log?.(`catalog: reading job ${jobId} again failed (${(error as Error).message}); retrying`);
      this.dirty.add(jobId);
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, RECOUNT_RETRY_MS);
    } finally {
      this.recounting.delete(jobId);
      if (this.dirty.delete(jobId)) this.recountQueue.add(jobId);
      if (!this.retryTimer || this.recountQueue.size === 0) this.pump();
    }
  }

  /** Looks for jobs that turned stale, or stopped being stale, since the last look; announces each. */
  checkStaleness(): void {
    if (this.phase !== 'ready') return;
    const nowMs = this.now();
    for (const entry of this.entries.values()) {
      if (entry.status !== 'RUNNING' && !entry.staleAnnounced) continue;
      const stale = isStale(entry, nowMs, this.staleAfterMs);
      if (stale !== entry.staleAnnounced) {
        entry.staleAnnounced = stale;
        this.opts.onStaleChange?.(entry, stale);
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
