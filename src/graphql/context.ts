import { OPEN_CALLER, type Caller } from '../modules/auth/authenticator';
import { newCallStats, type CallStats } from '../db/call-stats';
import type { DynamoGateway } from '../db/gateway';
import { FinalizeService } from '../modules/jobs/finalize-service';
import { JobRepository } from '../modules/jobs/job-repository';
import { JobService } from '../modules/jobs/job-service';
import { createLoaders, type Loaders } from '../modules/loaders';
import { LogRepository } from '../modules/logs/log-repository';
import type { LiveEvents } from '../live/live-events';
import { LogService } from '../modules/logs/log-service';
import { MetricQueryService } from '../modules/metrics/metric-query-service';
import { MetricRepository } from '../modules/metrics/metric-repository';
import { MetricWriter } from '../modules/metrics/metric-writer';
import { RecordingService } from '../modules/metrics/recording-service';
import { StepLoggingService } from '../modules/metrics/step-logging-service';
import { StepRepository } from '../modules/metrics/step-repository';

/** What every resolver gets: this request's services, loaders and DynamoDB call tally. */
export interface RequestContext {
  requestId: string;
  /** The authenticated caller; null when a key was required and none valid was sent. */
  caller: Caller | null;
  stats: CallStats;
  loaders: Loaders;
  jobs: JobService;
  recording: RecordingService;
  finalizing: FinalizeService;
  logs: LogService;
  queries: MetricQueryService;
  stepLogging: StepLoggingService;
  /** Live events for subscriptions; null where this server has them off. */
  live: LiveEvents | null;
}

/** Builds a request's context: repositories on a gateway that tallies this request's calls, loaders, services. */
export function createRequestContext(
  db: DynamoGateway,
  requestId: string,
  caller: Caller | null = OPEN_CALLER,
  stampWrites = false,
  live: LiveEvents | null = null,
): RequestContext {
  const stats = newCallStats();
  const gw = db.withStats(stats, stampWrites ? caller?.name : undefined);
  const jobRepo = new JobRepository(gw);
  const metricRepo = new MetricRepository(gw);
  const stepRepo = new StepRepository(gw);
  const loaders = createLoaders({ jobs: jobRepo, metrics: metricRepo, steps: stepRepo });
  return {
    requestId,
    caller,
    stats,
    loaders,
    jobs: new JobService(jobRepo, loaders),
    recording: new RecordingService(metricRepo, new MetricWriter(gw), loaders),
    finalizing: new FinalizeService(jobRepo, metricRepo, loaders),
    logs: new LogService(new LogRepository(gw), loaders),
    queries: new MetricQueryService(metricRepo, loaders),
    stepLogging: new StepLoggingService(stepRepo),
    live,
  };
}
