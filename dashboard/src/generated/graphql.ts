/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Lifecycle state of a training run. SUCCEEDED, FAILED, CANCELLED and INTERRUPTED are terminal. */
export type JobStatus =
  /** Stopped on purpose (terminal). */
  | 'CANCELLED'
  /** Crashed or diverged (terminal). */
  | 'FAILED'
  /** Stopped from outside, e.g. a spot instance reclaimed (terminal). */
  | 'INTERRUPTED'
  /** Created, not started. */
  | 'PENDING'
  /** Training; becomes so at the first recorded epoch. */
  | 'RUNNING'
  /** Finished successfully (terminal). */
  | 'SUCCEEDED';

export type DashboardJobRowFragment = { id: string, name: string, status: JobStatus, createdAt: string, bestEpoch: { epoch: number, valF1: number | null } | null };

export type DashboardResultsFragment = { bestF1: number | null, bestEpoch: number | null, trainRuntime: number | null, totalFlos: number | null, earlyStoppingTriggered: boolean | null, bestCheckpointS3Path: string | null };

export type DashboardJobsQueryVariables = Exact<{
  first: number;
}>;


export type DashboardJobsQuery = { jobs: { edges: Array<{ node: { id: string, name: string, status: JobStatus, createdAt: string, bestEpoch: { epoch: number, valF1: number | null } | null } }> } };

export type DashboardLeaderboardQueryVariables = Exact<{
  first: number;
}>;


export type DashboardLeaderboardQuery = { leaderboard: Array<{ rank: number, jobId: string, value: number, epoch: number | null, job: { name: string, status: JobStatus } | null }> };

export type DashboardCurvesQueryVariables = Exact<{
  name: string;
  ids: Array<string> | string | null | undefined;
}>;


export type DashboardCurvesQuery = { compareMetric: Array<{ jobId: string, points: Array<{ epoch: number | null, step: number | null, value: number | null }> }> };

export type DashboardJobQueryVariables = Exact<{
  id: string;
}>;


export type DashboardJobQuery = { job: { id: string, name: string, status: JobStatus, results: { bestF1: number | null, bestEpoch: number | null, trainRuntime: number | null, totalFlos: number | null, earlyStoppingTriggered: boolean | null, bestCheckpointS3Path: string | null } | null, datasetMetrics: Array<{ name: string, value: number | null, unit: string | null }>, labelMetrics: Array<{ label: string, epoch: number | null, f1: number | null }> } | null };

export type DashboardJobUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type DashboardJobUpdatedSubscription = { jobUpdated: { id: string, name: string, status: JobStatus, createdAt: string, results: { bestF1: number | null, bestEpoch: number | null, trainRuntime: number | null, totalFlos: number | null, earlyStoppingTriggered: boolean | null, bestCheckpointS3Path: string | null } | null, bestEpoch: { epoch: number, valF1: number | null } | null } };

export type DashboardAnyEpochSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type DashboardAnyEpochSubscription = { epochRecorded: { isBest: boolean } };

export type DashboardJobEpochSubscriptionVariables = Exact<{
  jobId: string;
}>;


export type DashboardJobEpochSubscription = { epochRecorded: { epoch: number, valF1: number | null, evalLoss: number | null, labels: Array<{ label: string, epoch: number | null, f1: number | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const DashboardJobRowFragmentDoc = new TypedDocumentString(`
    fragment DashboardJobRow on Job {
  id
  name
  status
  createdAt
  bestEpoch {
    epoch
    valF1
  }
}
    `, {"fragmentName":"DashboardJobRow"}) as unknown as TypedDocumentString<DashboardJobRowFragment, unknown>;
export const DashboardResultsFragmentDoc = new TypedDocumentString(`
    fragment DashboardResults on JobResults {
  bestF1
  bestEpoch
  trainRuntime
  totalFlos
  earlyStoppingTriggered
  bestCheckpointS3Path
}
    `, {"fragmentName":"DashboardResults"}) as unknown as TypedDocumentString<DashboardResultsFragment, unknown>;
export const DashboardJobsDocument = new TypedDocumentString(`
    query DashboardJobs($first: Int!) {
  jobs(first: $first) {
    edges {
      node {
        ...DashboardJobRow
      }
    }
  }
}
    fragment DashboardJobRow on Job {
  id
  name
  status
  createdAt
  bestEpoch {
    epoch
    valF1
  }
}`) as unknown as TypedDocumentString<DashboardJobsQuery, DashboardJobsQueryVariables>;
export const DashboardLeaderboardDocument = new TypedDocumentString(`
    query DashboardLeaderboard($first: Int!) {
  leaderboard(metric: "val_f1", first: $first) {
    rank
    jobId
    value
    epoch
    job {
      name
      status
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardLeaderboardQuery, DashboardLeaderboardQueryVariables>;
export const DashboardCurvesDocument = new TypedDocumentString(`
    query DashboardCurves($name: String!, $ids: [ID!]) {
  compareMetric(name: $name, jobIds: $ids) {
    jobId
    points {
      epoch
      step
      value
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardCurvesQuery, DashboardCurvesQueryVariables>;
export const DashboardJobDocument = new TypedDocumentString(`
    query DashboardJob($id: ID!) {
  job(id: $id) {
    id
    name
    status
    results {
      ...DashboardResults
    }
    datasetMetrics {
      name
      value
      unit
    }
    labelMetrics {
      label
      epoch
      f1
    }
  }
}
    fragment DashboardResults on JobResults {
  bestF1
  bestEpoch
  trainRuntime
  totalFlos
  earlyStoppingTriggered
  bestCheckpointS3Path
}`) as unknown as TypedDocumentString<DashboardJobQuery, DashboardJobQueryVariables>;
export const DashboardJobUpdatedDocument = new TypedDocumentString(`
    subscription DashboardJobUpdated {
  jobUpdated {
    ...DashboardJobRow
    results {
      ...DashboardResults
    }
  }
}
    fragment DashboardJobRow on Job {
  id
  name
  status
  createdAt
  bestEpoch {
    epoch
    valF1
  }
}
fragment DashboardResults on JobResults {
  bestF1
  bestEpoch
  trainRuntime
  totalFlos
  earlyStoppingTriggered
  bestCheckpointS3Path
}`) as unknown as TypedDocumentString<DashboardJobUpdatedSubscription, DashboardJobUpdatedSubscriptionVariables>;
export const DashboardAnyEpochDocument = new TypedDocumentString(`
    subscription DashboardAnyEpoch {
  epochRecorded {
    isBest
  }
}
    `) as unknown as TypedDocumentString<DashboardAnyEpochSubscription, DashboardAnyEpochSubscriptionVariables>;
export const DashboardJobEpochDocument = new TypedDocumentString(`
    subscription DashboardJobEpoch($jobId: ID!) {
  epochRecorded(jobId: $jobId) {
    epoch
    valF1
    evalLoss
    labels {
      label
      epoch
      f1
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardJobEpochSubscription, DashboardJobEpochSubscriptionVariables>;