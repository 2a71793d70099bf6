import { jobResolvers } from './resolvers/job-resolvers';
import { logResolvers } from './resolvers/log-resolvers';
import { subscriptionResolvers } from './resolvers/subscription-resolvers';
import { metricResolvers } from './resolvers/metric-resolvers';
import type { Resolvers } from './generated/resolvers-types';
import { DateTimeScalar, JsonScalar } from './scalars';

/** The whole resolver map, as each feature's resolvers and the scalars: makeExecutableSchema merges them per type. */
export function buildResolvers(): Resolvers[] {
  return [jobResolvers, metricResolvers, logResolvers, subscriptionResolvers, { DateTime: DateTimeScalar, JSON: JsonScalar }];
}
