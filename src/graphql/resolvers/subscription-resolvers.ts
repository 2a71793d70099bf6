import type { RequestContext } from '../context';
import { apiError } from '../../platform/errors';
import type { Resolvers } from '../generated/resolvers-types';
import { checkJobId, checkMetricName } from '../../platform/names';
import type { LiveEvent } from '../../live/live-events';
import { topics } from '../../live/live-events';

function liveOf(ctx: RequestContext) {
  if (!ctx.live) throw apiError('SERVICE_UNAVAILABLE', 'live updates are off on this server (LIVE_EVENTS=off)');
  return ctx.live;
}

type Of<K extends LiveEvent['kind']> = Extract<LiveEvent, { kind: K }>;

/**
 * An event's data, read like a request of its own: the context is renewed first (fresh loaders and call tally, built
 * on first use), so a Job's fields read after an event see that event's writes, not what the first event cached.
 * `event` is of the kind its subscription's topic carries.
 */
const fresh =
  <E extends LiveEvent, T>(pick: (event: E) => T) =>
  (event: E, _args: unknown, ctx: RequestContext): T => {
    ctx.renew();
    return pick(event);
  };

/** Subscription resolvers: the events of one topic per subscriber; each event's data shaped by the usual type resolvers. */
export const subscriptionResolvers: Resolvers = {
  Subscription: {
    epochRecorded: {
      subscribe: (_, { jobId }, ctx) => liveOf(ctx).subscribe(topics.epochs(jobId == null ? null : checkJobId(jobId, 'jobId'))),
      resolve: fresh((event: Of<'epoch'>) => event.epoch),
    },
    jobUpdated: {
      subscribe: (_, { jobId }, ctx) => liveOf(ctx).subscribe(topics.jobs(jobId == null ? null : checkJobId(jobId, 'jobId'))),
      resolve: fresh((event: Of<'job'>) => event.job),
    },
    metricPointsAdded: {
      subscribe: (_, { jobId, name }, ctx) =>
        liveOf(ctx).subscribe(topics.points(checkJobId(jobId, 'jobId'), checkMetricName(name, 'name'))),
      resolve: fresh((event: Of<'points'>) => event.points),
    },
  },
};
