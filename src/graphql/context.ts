import { OPEN_CALLER, type Caller } from '../modules/auth/authenticator';
import { newCallStats, type CallStats } from '../db/call-stats';
import type { DynamoGateway } from '../db/gateway';
import { CardKeeper } from '../modules/cards/card-keeper';
import { CardRepository } from '../modules/cards/card-repository';
import { FinalizeService } from '../modules/jobs/finalize-service';
import { JobActivity } from '../modules/jobs/job-activity';
import { JobEditService } from '../modules/jobs/job-edit-service';
import { JobRepository } from '../modules/jobs/job-repository';
import { JobService } from '../modules/jobs/job-service';
import { createLoaders, type LoaderSources, type Loaders } from '../modules/loaders';
import { LeaderboardRepository } from '../modules/leaderboard/leaderboard-repository';
import { LeaderboardUpkeep } from '../modules/leaderboard/summary-upkeep';
import { LogRepository } from '../modules/logs/log-repository';
import { PartitionRepository } from '../modules/partition/partition-repository';
import type { LiveEvents } from '../live/live-events';
import type { JobCatalog } from '../modules/catalog/job-catalog';
import { SearchService } from '../modules/catalog/search-service';
import { LogService } from '../modules/logs/log-service';
import { MetricQueryService } from '../modules/metrics/metric-query-service';
import { MetricRepository } from '../modules/metrics/metric-repository';
import { MAX_SERIES_POINTS } from '../modules/metrics/series-size';
import { MetricWriter } from '../modules/metrics/metric-writer';
import { RecordingService } from '../modules/metrics/recording-service';
import { StepLoggingService } from '../modules/metrics/step-logging-service';
import { StepRepository } from '../modules/metrics/step-repository';

/**
 * What every resolver gets: this request's services, loaders and DynamoDB call tally. Services, loaders and the
 * repositories under them are built on first use and kept for the request, so a request builds only what it uses.
 */
export interface RequestContext {
  readonly requestId: string;
  /** The authenticated caller; null when a key was required and none valid was sent. */
  readonly caller: Caller | null;
  readonly stats: CallStats;
  readonly loaders: Loaders;
  readonly jobs: JobService;
  readonly jobEdits: JobEditService;
  readonly recording: RecordingService;
  readonly finalizing: FinalizeService;
  readonly logs: LogService;
  readonly queries: MetricQueryService;
  readonly stepLogging: StepLoggingService;
  /** Search, grouping and the Job fields the job catalog holds. */
  readonly search: SearchService;
  /** Live events for subscriptions; null where this server has them off. */
  readonly live: LiveEvents | null;
  /** What this server instance shares between its requests. */
  readonly instance: InstanceServices;
  /**
   * Starts the context over as a new request of the same caller: a new call tally, and loaders, services and
   * repositories built anew on first use. Each subscription event is executed so, so a Job's fields read after an
   * event see that event's writes, not what the subscription's first event cached.
   */
  renew(): void;
}

/** What one server instance shares between its requests: live events, the job catalog, the staleness limit. */
export interface InstanceServices {
  /** Live events for subscriptions; null where this server has them off. */
  live: LiveEvents | null;
  /** The job catalog searches run on; null where this server runs none (search then says so). */
  catalog: JobCatalog | null;
  /** A RUNNING job not seen for longer than this is stale. */
  staleAfterMs: number;
  /** Most points one series or compareMetric answer holds (MAX_SERIES_POINTS). */
  maxSeriesPoints: number;
  /** Which jobs this instance marked seen in the last minute (last_seen_at kept at most once a minute a job). */
  activity: JobActivity;
}

/** An instance without live events or catalog (scripts, unit tests); each context gets its own activity tracker. */
export const NO_INSTANCE: Omit<InstanceServices, 'activity'> = {
  live: null,
  catalog: null,
  staleAfterMs: 600_000,
  maxSeriesPoints: MAX_SERIES_POINTS,
};

/** A request's repositories on its gateway, each built on first use. */
class RequestRepositories implements LoaderSources {
  private built: {
    jobs?: JobRepository;
    partitions?: PartitionRepository;
    metrics?: MetricRepository;
    steps?: StepRepository;
    logs?: LogRepository;
    leaderboard?: LeaderboardRepository;
    cards?: CardRepository;
  } = {};

  constructor(readonly gateway: DynamoGateway) {}

  get jobs(): JobRepository {
    return (this.built.jobs ??= new JobRepository(this.gateway));
  }

  get partitions(): PartitionRepository {
    return (this.built.partitions ??= new PartitionRepository(this.gateway));
  }

  get leaderboard(): LeaderboardRepository {
    return (this.built.leaderboard ??= new LeaderboardRepository(this.gateway));
  }

  get metrics(): MetricRepository {
    return (this.built.metrics ??= new MetricRepository(this.gateway));
  }

  get steps(): StepRepository {
    return (this.built.steps ??= new StepRepository(this.gateway));
  }

  get logs(): LogRepository {
    return (this.built.logs ??= new LogRepository(this.gateway));
  }

  get cards(): CardRepository {
    return (this.built.cards ??= new CardRepository(this.gateway));
  }
}

/** What a context has built so far; `renew` drops all of it. */
interface Built {
  repositories?: RequestRepositories;
  loaders?: Loaders;
  jobs?: JobService;
  jobEdits?: JobEditService;
  recording?: RecordingService;
  finalizing?: FinalizeService;
  logs?: LogService;
  queries?: MetricQueryService;
  stepLogging?: StepLoggingService;
  search?: SearchService;
}

class LazyRequestContext implements RequestContext {
  private tally = newCallStats();
  private built: Built = {};

  constructor(
    private readonly db: DynamoGateway,
    readonly requestId: string,
    readonly caller: Caller | null,
    private readonly stampWrites: boolean,
    readonly instance: InstanceServices,
  ) {}

  get live(): LiveEvents | null {
    return this.instance.live;
  }

  get stats(): CallStats {
    return this.tally;
  }

  renew(): void {
    this.tally = newCallStats();
    this.built = {};
  }

  /** Repositories on a gateway that tallies this request's calls (and stamps its writes with the caller's name). */
  private get repositories(): RequestRepositories {
    return (this.built.repositories ??= new RequestRepositories(
      this.db.withStats(this.tally, this.stampWrites ? this.caller?.name : undefined),
    ));
  }

  get loaders(): Loaders {
    return (this.built.loaders ??= createLoaders(this.repositories));
  }

  get jobs(): JobService {
    return (this.built.jobs ??= new JobService(this.repositories.jobs, this.loaders));
  }

  get jobEdits(): JobEditService {
    return (this.built.jobEdits ??= new JobEditService(this.repositories.jobs, this.loaders));
  }

  get recording(): RecordingService {
    return (this.built.recording ??= this.newRecording());
  }

  /** The recording rules on this request's repositories; epochs and their staged commits keep the card alike. */
  private newRecording(): RecordingService {
    const gw = this.repositories.gateway;
    const cards = CardKeeper.over(gw);
    return new RecordingService(this.repositories.metrics, new MetricWriter(gw, cards), this.upkeep, this.loaders, cards);
  }

  get finalizing(): FinalizeService {
    return (this.built.finalizing ??= new FinalizeService(this.repositories.jobs, this.repositories.partitions, this.loaders));
  }

  get logs(): LogService {
    return (this.built.logs ??= new LogService(this.repositories.logs, this.loaders, this.instance.activity, this.repositories.jobs));
  }

  get queries(): MetricQueryService {
    return (this.built.queries ??= new MetricQueryService(
      this.repositories.metrics,
      this.repositories.leaderboard,
      this.loaders,
      this.instance.maxSeriesPoints,
    ));
  }

  /** The leaderboard's keeper, for the recording transaction. */
  private get upkeep(): LeaderboardUpkeep {
    const r = this.repositories;
    return new LeaderboardUpkeep(r.leaderboard, r.partitions, r.jobs);
  }

  get search(): SearchService {
    return (this.built.search ??= new SearchService(this.instance.catalog, this.loaders, this.instance.staleAfterMs));
  }

  get stepLogging(): StepLoggingService {
    return (this.built.stepLogging ??= new StepLoggingService(this.repositories.steps, this.instance.activity, this.repositories.jobs));
  }
}

/**
 * Builds a request's context: nothing is built until a resolver asks for it (see RequestContext). `instance` is what the
 * server instance shares between requests (its JobActivity among them); without one the context gets its own, which
 * only suits a context made alone (a test, a script).
 */
export function createRequestContext(
  db: DynamoGateway,
  requestId: string,
  caller: Caller | null = OPEN_CALLER,
  stampWrites = false,
  instance: InstanceServices = { ...NO_INSTANCE, activity: new JobActivity() },
): RequestContext {
  return new LazyRequestContext(db, requestId, caller, stampWrites, instance);
}
