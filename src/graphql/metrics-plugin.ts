import type { ApolloServerPlugin } from '@apollo/server';
import { performance } from 'node:perf_hooks';
import type { RequestContext } from './context';
import type { ServerMetrics } from '../observability/server-metrics';
import { publicErrorCode } from './request-plugin';

/** Counts each GraphQL request by operation name and outcome (ok or its first error's code), with its latency. */
export function metricsPlugin(metrics: ServerMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let outcome = 'ok';
      return {
        async didEncounterErrors({ errors }) {
          const codes = errors.map((e) => publicErrorCode(e, e.extensions?.code, e.message));
          for (const code of codes) metrics.observeError(code);
          outcome = codes[0] ?? outcome;
        },
        async willSendResponse({ request, operationName }) {
          metrics.observeRequest(operationName ?? request.operationName, outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
