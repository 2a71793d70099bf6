import { jobResolvers } from './resolvers/job-resolvers';
import { logResolvers } from './resolvers/log-resolvers';
import type { DynamoGateway } from '../db/gateway';
import { subscriptionResolvers } from './resolvers/subscription-resolvers';
import { metricResolvers } from './resolvers/metric-resolvers';
import type { Resolvers } from './generated/resolvers-types';
import { DateTimeScalar, JsonScalar } from './scalars';

/** The whole resolver map: each feature's resolvers merged per type (subscriptions renew their context on `db`). */
export function buildResolvers(db: DynamoGateway): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of [jobResolvers, metricResolvers, logResolvers, subscriptionResolvers(db)]) {
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
  }
  return { ...(merged as Resolvers), DateTime: DateTimeScalar, JSON: JsonScalar };
}
