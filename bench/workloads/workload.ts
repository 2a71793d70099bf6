import type { CallStats } from '../../src/db/call-stats';
import type { BenchDatabase } from '../database';
import type { GraphqlClient } from '../graphql';
import type { BenchOptions } from '../options';
import type { PlannedJob } from '../seed/plan';
import type { ServerProcess } from '../server-process';

/** An answer (plain JSON, shaped like the GraphQL `data`) and the DynamoDB calls it took. */
export interface Answered<T = unknown> {
  answer: T;
  stats: CallStats;
}

/** One side of a workload: request number `iteration` from worker `worker`. */
export type Side = (iteration: number, worker: number) => Promise<Answered>;

/** A benchmark workload: the GraphQL operation and its raw-SDK baseline, which must give the same answers. */
export interface Workload {
  id: string;
  title: string;
  graphql: Side;
  raw: Side;
  /** Iterations whose answers are compared before the timed run. */
  checkIterations: number[];
  /** Further checks after the answers' (e.g. that both sides stored the same items); each string is a mismatch. */
  verify?: () => Promise<string[]>;
  /** Requests in flight at once, when not the run's concurrency. */
  concurrency?: number;
}

/** What workloads are built from. */
export interface BenchContext {
  opts: BenchOptions;
  db: BenchDatabase;
  /** GraphQL with a reader key (dashboards) and with a writer key (trainers). */
  gql: GraphqlClient;
  trainer: GraphqlClient;
  server: ServerProcess;
  /** The seeded jobs, oldest first. */
  jobs: PlannedJob[];
}
