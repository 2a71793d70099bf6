import { createRequestContext, type RequestContext } from '../context';
import type { DynamoGateway } from '../../db/gateway';
import { apiError } from '../../platform/errors';
import type { Resolvers } from '../generated/resolvers-types';
import { checkJobId, checkMetricName } from '../../platform/names';
import type { LiveEvent } from '../../live/live-events';
import { topics } from '../../live/live-events';

function liveOf(ctx: RequestContext) {
  if (!ctx.live) throw apiError('SERVICE_UNAVAILABLE', 'live updates are off on this server (LIVE_EVENTS=off)');
  return ctx.live;
}

/**
 * Each event is executed like a request of its own: fresh loaders and call tallies, so a Job's fields read after an
 * event see that event's writes, not what the subscription's first event cached.
 */
export function renewContext(ctx: RequestContext, db: DynamoGateway): void {
  Object.assign(ctx, createRequestContext(db, ctx.requestId, ctx.caller, true, ctx.live));
}

type Of<K extends LiveEvent['kind']> = Extract<LiveEvent, { kind: K }>;

/** Subscription resolvers: the events of one topic per subscriber; each event's data shaped by the usual type resolvers. */
export function subscriptionResolvers(db: DynamoGateway): Resolvers {
  const fresh = <T>(pick: (event: never) => T) => (event: unknown, _args: unknown, ctx: RequestContext): T => {
    renewContext(ctx, db);
    return pick(event as never);
  };
  return {
    Subscription: {
      epochRecorded: {
        subscribe: (_, { jobId }, ctx) => liveOf(ctx).subscribe(topics.epochs(jobId == null ? null : checkJobId(jobId, 'jobId'))) as never,
        resolve: fresh((event: Of<'epoch'>) => event.epoch),
      },
      jobUpdated: {
        subscribe: (_, { jobId }, ctx) => liveOf(ctx).subscribe(topics.jobs(jobId == null ? null : checkJobId(jobId, 'jobId'))) as never,
        resolve: fresh((event: Of<'job'>) => event.job),
      },
      metricPointsAdded: {
        subscribe: (_, { jobId, name }, ctx) => liveOf(ctx).subscribe(topics.points(checkJobId(jobId, 'jobId'), checkMetricName(name, 'name'))) as never,
        resolve: fresh((event: Of<'points'>) => event.points),
      },
    },
  };
}
