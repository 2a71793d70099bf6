/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** How a value compares with the condition's. */
export type CompareOp =
  /** A string containing the text (case-insensitive), or a list containing the value. */
  | 'CONTAINS'
  /** Equal. */
  | 'EQ'
  /** Present (no value given). */
  | 'EXISTS'
  /** Greater than. */
  | 'GT'
  /** Greater than or equal. */
  | 'GTE'
  /** Equal to one of a list. */
  | 'IN'
  /** Less than. */
  | 'LT'
  /** Less than or equal. */
  | 'LTE'
  /** Not equal (a missing value is not equal). */
  | 'NE';

/** Conditions on jobs: every given condition must hold; `anyOf` holds when one of its filters holds. */
export type JobFilter = {
  /** At least one of these filters must hold (an OR). */
  anyOf?: Array<JobFilter> | null | undefined;
  /** Conditions on config values, all of which must hold. */
  config?: Array<ValueCondition> | null | undefined;
  /** Only jobs created at or after this time. */
  createdAfter?: string | null | undefined;
  /** Only jobs created before this time. */
  createdBefore?: string | null | undefined;
  /** Only jobs created by this writer (exact). */
  createdBy?: string | null | undefined;
  /** Conditions on metric summaries, all of which must hold. */
  metric?: Array<MetricCondition> | null | undefined;
  /** A case-insensitive match on the name. */
  name?: StringMatch | null | undefined;
  /** Only jobs that are (or are not) stale: RUNNING and not seen for the configured time. */
  stale?: boolean | null | undefined;
  /** Only jobs in one of these statuses. */
  status?: Array<JobStatus> | null | undefined;
  /** Conditions on tags, all of which must hold. */
  tags?: Array<TagCondition> | null | undefined;
};

/** One sort key of a job listing; jobs without a value sort last; ties are broken by creation time then id. */
export type JobOrder = {
  /** Default: DESC for CREATED and FINISHED, ASC for NAME and CONFIG, by the metric's name for METRIC. */
  direction?: RankDirection | null | undefined;
  /** What to order by. */
  field: JobOrderField;
  /** The metric, for METRIC. */
  metric?: string | null | undefined;
  /** The dotted config path, for CONFIG. */
  path?: string | null | undefined;
  /** The summary value, for METRIC (BEST by default). */
  stat?: SummaryStat | null | undefined;
};

/** What jobs can be ordered by. */
export type JobOrderField =
  /** A config value: give `path`. */
  | 'CONFIG'
  /** Creation time. */
  | 'CREATED'
  /** When the job reached a final status. */
  | 'FINISHED'
  /** A metric's summary: give `metric` (and `stat`, BEST by default). */
  | 'METRIC'
  /** Name (case-insensitive). */
  | 'NAME';

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

/** Severity of a log line. */
export type LogLevel =
  /** A failure that stops the run. */
  | 'CRITICAL'
  /** Diagnostic detail. */
  | 'DEBUG'
  /** A failure. */
  | 'ERROR'
  /** Normal progress. */
  | 'INFO'
  /** Something unexpected that training survived. */
  | 'WARNING';

/** A condition on a job's summary of one metric. */
export type MetricCondition = {
  /** Metric name, e.g. val_f1. */
  name: string;
  /** How it compares (EQ NE LT LTE GT GTE). */
  op: CompareOp;
  /** Which summary value; the best by default. */
  stat?: SummaryStat;
  /** The number it is compared with. */
  value: number;
};

/** Which end of a metric is better. */
export type RankDirection =
  /** Lower is better (losses). */
  | 'ASC'
  /** Higher is better (f1, precision, recall, accuracy). */
  | 'DESC';

/** Tags to set and keys to remove on one job. */
export type SetJobTagsInput = {
  /** The job. */
  jobId: string;
  /** Tag keys to remove (absent keys are fine). */
  remove?: Array<string> | null | undefined;
  /** Tags to add or overwrite. */
  set?: Array<TagInput> | null | undefined;
};

/** A case-insensitive match; give one of the three. */
export type StringMatch = {
  /** Anywhere in the string. */
  contains?: string | null | undefined;
  /** The whole string. */
  equals?: string | null | undefined;
  /** The start of the string. */
  prefix?: string | null | undefined;
};

/** Which value of a metric's summary. */
export type SummaryStat =
  /** The best value (highest, or lowest for names ending in 'loss'). */
  | 'BEST'
  /** The value of the latest epoch. */
  | 'LAST'
  /** The highest value. */
  | 'MAX'
  /** The lowest value. */
  | 'MIN';

/** A tag condition: `equals` a value, or `exists` true/false. */
export type TagCondition = {
  /** The tag has exactly this value. */
  equals?: string | null | undefined;
  /** The tag is present (true) or absent (false). */
  exists?: boolean | null | undefined;
  /** The tag's key. */
  key: string;
};

/** One tag. */
export type TagInput = {
  /** The key (1..200 characters). */
  key: string;
  /** The value (at most 2,000 characters). */
  value: string;
};

/** Changes a job's name, description or notes; fields left out stay as they are. */
export type UpdateJobInput = {
  /** New description (at most 2,000 characters). */
  description?: string | null | undefined;
  /** The job. */
  jobId: string;
  /** New name (1..200 characters, no `#`). */
  name?: string | null | undefined;
  /** New notes (at most 100,000 characters; empty clears them). */
  notes?: string | null | undefined;
};

/** Kinds of expected failure. */
export type UserErrorCode =
  /** Something with this identity already exists with different content. */
  | 'ALREADY_EXISTS'
  /** The request conflicts with the target's state (e.g. recording an epoch on a finished job). */
  | 'CONFLICT'
  /** The input breaks a rule (format, range, size). */
  | 'INVALID'
  /** The job (or other target) does not exist. */
  | 'NOT_FOUND';

/** A condition on the config value at a dotted path, e.g. `optimizer.lr`. `value` is omitted for EXISTS; a list for IN. */
export type ValueCondition = {
  /** How the value compares. */
  op: CompareOp;
  /** Dotted path into the config JSON. */
  path: string;
  /** What it is compared with: numbers compare as numbers, strings as strings. */
  value?: unknown;
};

export type SharedRunMetricNamesQueryVariables = Exact<{
  id: string;
}>;


export type SharedRunMetricNamesQuery = { job: { id: string, status: JobStatus, metricNames: Array<string> } | null };

export type SharedSetTagsMutationVariables = Exact<{
  input: SetJobTagsInput;
}>;


export type SharedSetTagsMutation = { setJobTags: { job: { id: string, tags: unknown } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type SharedSaveNotesMutationVariables = Exact<{
  input: UpdateJobInput;
}>;


export type SharedSaveNotesMutation = { updateJob: { job: { id: string, notes: string | null } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type RunRowFragment = { id: string, name: string, status: JobStatus, stale: boolean, createdAt: string, lastSeenAt: string | null, tags: unknown, notes: string | null, configValues: Array<unknown>, results: { trainRuntime: number | null } | null, best: { best: number | null, epochOfBest: number | null } | null, summaries: Array<{ best: number | null, last: number | null, min: number | null, max: number | null } | null> };

export type RunsPageQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
  orderBy?: Array<JobOrder> | null | undefined;
  first: number;
  after?: string | null | undefined;
  metrics: Array<string>;
  paths: Array<string>;
}>;


export type RunsPageQuery = { jobs: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, status: JobStatus, stale: boolean, createdAt: string, lastSeenAt: string | null, tags: unknown, notes: string | null, configValues: Array<unknown>, results: { trainRuntime: number | null } | null, best: { best: number | null, epochOfBest: number | null } | null, summaries: Array<{ best: number | null, last: number | null, min: number | null, max: number | null } | null> } }> } };

export type RunsJobUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type RunsJobUpdatedSubscription = { jobUpdated: { id: string, status: JobStatus } };

export type RunsFieldsQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
}>;


export type RunsFieldsQuery = { jobFields: { jobCount: number, configKeys: Array<{ path: string, jobs: number, numeric: boolean }>, metrics: Array<{ name: string, jobs: number }>, tags: Array<{ key: string, value: string, jobs: number }> } };

export type RunsGroupsQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
  by: Array<string>;
}>;


export type RunsGroupsQuery = { jobGroups: Array<{ key: unknown, count: number, jobIds: Array<string>, mean: number | null, stddev: number | null, min: number | null, median: number | null, max: number | null }> };

export type RunsGroupMembersQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
  first: number;
}>;


export type RunsGroupMembersQuery = { jobs: { edges: Array<{ node: { id: string, name: string, status: JobStatus, stale: boolean, best: { best: number | null } | null } }> } };

export type RunPageJobQueryVariables = Exact<{
  id: string;
}>;


export type RunPageJobQuery = { job: { id: string, name: string, description: string, status: JobStatus, stale: boolean, createdAt: string, createdBy: string, lastSeenAt: string | null, tags: unknown, notes: string | null, config: unknown, results: { bestF1: number | null, bestEpoch: number | null, trainRuntime: number | null, totalFlos: number | null, earlyStoppingTriggered: boolean | null, bestCheckpointS3Path: string | null, raw: unknown } | null, epochs: Array<{ epoch: number, isBest: boolean, labels: Array<{ label: string, f1: number | null }> }>, datasetMetrics: Array<{ name: string, value: number | null, data: unknown, unit: string | null }>, statusHistory: Array<{ status: JobStatus, timestamp: string, message: string | null }> } | null };

export type RunConfusionMatricesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type RunConfusionMatricesQuery = { job: { id: string, metrics: { edges: Array<{ node: { epoch: number | null, step: number | null, timestamp: string, data: unknown } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type RunLogTailQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;


export type RunLogTailQuery = { job: { id: string, logs: { edges: Array<{ cursor: string, node: { timestamp: string, level: LogLevel, message: string, source: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type RunJobUpdatedSubscriptionVariables = Exact<{
  id: string;
}>;


export type RunJobUpdatedSubscription = { jobUpdated: { id: string, status: JobStatus } };

export type RunEpochRecordedSubscriptionVariables = Exact<{
  id: string;
}>;


export type RunEpochRecordedSubscription = { epochRecorded: { epoch: number } };

export type CompareRunQueryVariables = Exact<{
  id: string;
  metrics: Array<string>;
}>;


export type CompareRunQuery = { job: { id: string, name: string, status: JobStatus, stale: boolean, config: unknown, summaries: Array<{ metric: string, best: number | null, last: number | null, epochOfBest: number | null } | null>, bestEpoch: { epoch: number } | null, epochs: Array<{ epoch: number }> } | null };

export type CompareLabelsQueryVariables = Exact<{
  id: string;
  epoch: number;
}>;


export type CompareLabelsQuery = { job: { id: string, labelMetrics: Array<{ label: string, f1: number | null, precision: number | null, recall: number | null, support: number | null }> } | null };

export type HParamsFieldsQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
}>;


export type HParamsFieldsQuery = { jobFields: { jobCount: number, configKeys: Array<{ path: string, jobs: number, distinct: number, numeric: boolean }>, metrics: Array<{ name: string, jobs: number }> } };

export type HParamsRunsQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
  paths: Array<string>;
  metrics: Array<string>;
}>;


export type HParamsRunsQuery = { jobs: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, configValues: Array<unknown>, best: { best: number | null } | null, summaries: Array<{ best: number | null } | null> } }> } };

export type ChartsPointFragment = { value: number | null, epoch: number | null, step: number | null, timestamp: string };

export type ChartsSeriesQueryVariables = Exact<{
  name: string;
  jobIds: Array<string>;
  maxPoints?: number | null | undefined;
  fromStep?: number | null | undefined;
  toStep?: number | null | undefined;
}>;


export type ChartsSeriesQuery = { compareMetric: Array<{ jobId: string, points: Array<{ value: number | null, epoch: number | null, step: number | null, timestamp: string }> }> };

export type ChartsPointsAddedSubscriptionVariables = Exact<{
  jobId: string;
  name: string;
}>;


export type ChartsPointsAddedSubscription = { metricPointsAdded: Array<{ value: number | null, epoch: number | null, step: number | null, timestamp: string }> };

export type ChartsEpochRecordedSubscriptionVariables = Exact<{
  jobId: string;
}>;


export type ChartsEpochRecordedSubscription = { epochRecorded: { epoch: number, step: number | null, valF1: number | null, valPrecision: number | null, valRecall: number | null, evalLoss: number | null, trainLoss: number | null, learningRate: number | null, recordedAt: string, extra: Array<{ name: string, value: number | null }> } };

export type ChartsGroupMetricsQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
}>;


export type ChartsGroupMetricsQuery = { jobFields: { metrics: Array<{ name: string, jobs: number }> } };

export type ChartsGroupSeriesQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  query?: string | null | undefined;
  by: Array<string>;
  name: string;
  maxPoints?: number | null | undefined;
}>;


export type ChartsGroupSeriesQuery = { groupSeries: Array<{ key: unknown, jobIds: Array<string>, points: Array<{ epoch: number | null, step: number | null, mean: number, min: number, max: number, stddev: number, count: number }> }> };

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
export const RunRowFragmentDoc = new TypedDocumentString(`
    fragment RunRow on Job {
  id
  name
  status
  stale
  createdAt
  lastSeenAt
  tags
  notes
  results {
    trainRuntime
  }
  best: summary(metric: "val_f1") {
    best
    epochOfBest
  }
  summaries(metrics: $metrics) {
    best
    last
    min
    max
  }
  configValues(paths: $paths)
}
    `, {"fragmentName":"RunRow"}) as unknown as TypedDocumentString<RunRowFragment, unknown>;
export const ChartsPointFragmentDoc = new TypedDocumentString(`
    fragment ChartsPoint on JobMetric {
  value
  epoch
  step
  timestamp
}
    `, {"fragmentName":"ChartsPoint"}) as unknown as TypedDocumentString<ChartsPointFragment, unknown>;
export const SharedRunMetricNamesDocument = new TypedDocumentString(`
    query SharedRunMetricNames($id: ID!) {
  job(id: $id) {
    id
    status
    metricNames
  }
}
    `) as unknown as TypedDocumentString<SharedRunMetricNamesQuery, SharedRunMetricNamesQueryVariables>;
export const SharedSetTagsDocument = new TypedDocumentString(`
    mutation SharedSetTags($input: SetJobTagsInput!) {
  setJobTags(input: $input) {
    job {
      id
      tags
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SharedSetTagsMutation, SharedSetTagsMutationVariables>;
export const SharedSaveNotesDocument = new TypedDocumentString(`
    mutation SharedSaveNotes($input: UpdateJobInput!) {
  updateJob(input: $input) {
    job {
      id
      notes
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SharedSaveNotesMutation, SharedSaveNotesMutationVariables>;
export const RunsPageDocument = new TypedDocumentString(`
    query RunsPage($filter: JobFilter, $query: String, $orderBy: [JobOrder!], $first: Int!, $after: String, $metrics: [String!]!, $paths: [String!]!) {
  jobs(
    filter: $filter
    query: $query
    orderBy: $orderBy
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...RunRow
      }
    }
  }
}
    fragment RunRow on Job {
  id
  name
  status
  stale
  createdAt
  lastSeenAt
  tags
  notes
  results {
    trainRuntime
  }
  best: summary(metric: "val_f1") {
    best
    epochOfBest
  }
  summaries(metrics: $metrics) {
    best
    last
    min
    max
  }
  configValues(paths: $paths)
}`) as unknown as TypedDocumentString<RunsPageQuery, RunsPageQueryVariables>;
export const RunsJobUpdatedDocument = new TypedDocumentString(`
    subscription RunsJobUpdated {
  jobUpdated {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RunsJobUpdatedSubscription, RunsJobUpdatedSubscriptionVariables>;
export const RunsFieldsDocument = new TypedDocumentString(`
    query RunsFields($filter: JobFilter, $query: String) {
  jobFields(filter: $filter, query: $query) {
    jobCount
    configKeys {
      path
      jobs
      numeric
    }
    metrics {
      name
      jobs
    }
    tags {
      key
      value
      jobs
    }
  }
}
    `) as unknown as TypedDocumentString<RunsFieldsQuery, RunsFieldsQueryVariables>;
export const RunsGroupsDocument = new TypedDocumentString(`
    query RunsGroups($filter: JobFilter, $query: String, $by: [String!]!) {
  jobGroups(filter: $filter, query: $query, by: $by, metric: "val_f1") {
    key
    count
    jobIds
    mean
    stddev
    min
    median
    max
  }
}
    `) as unknown as TypedDocumentString<RunsGroupsQuery, RunsGroupsQueryVariables>;
export const RunsGroupMembersDocument = new TypedDocumentString(`
    query RunsGroupMembers($filter: JobFilter, $query: String, $first: Int!) {
  jobs(filter: $filter, query: $query, first: $first) {
    edges {
      node {
        id
        name
        status
        stale
        best: summary(metric: "val_f1") {
          best
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunsGroupMembersQuery, RunsGroupMembersQueryVariables>;
export const RunPageJobDocument = new TypedDocumentString(`
    query RunPageJob($id: ID!) {
  job(id: $id) {
    id
    name
    description
    status
    stale
    createdAt
    createdBy
    lastSeenAt
    tags
    notes
    config
    results {
      bestF1
      bestEpoch
      trainRuntime
      totalFlos
      earlyStoppingTriggered
      bestCheckpointS3Path
      raw
    }
    epochs {
      epoch
      isBest
      labels {
        label
        f1
      }
    }
    datasetMetrics {
      name
      value
      data
      unit
    }
    statusHistory {
      status
      timestamp
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RunPageJobQuery, RunPageJobQueryVariables>;
export const RunConfusionMatricesDocument = new TypedDocumentString(`
    query RunConfusionMatrices($id: ID!, $after: String) {
  job(id: $id) {
    id
    metrics(name: "confusion_matrix", first: 500, after: $after) {
      edges {
        node {
          epoch
          step
          timestamp
          data
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunConfusionMatricesQuery, RunConfusionMatricesQueryVariables>;
export const RunLogTailDocument = new TypedDocumentString(`
    query RunLogTail($id: ID!, $first: Int!, $after: String) {
  job(id: $id) {
    id
    logs(first: $first, after: $after) {
      edges {
        cursor
        node {
          timestamp
          level
          message
          source
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunLogTailQuery, RunLogTailQueryVariables>;
export const RunJobUpdatedDocument = new TypedDocumentString(`
    subscription RunJobUpdated($id: ID!) {
  jobUpdated(jobId: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RunJobUpdatedSubscription, RunJobUpdatedSubscriptionVariables>;
export const RunEpochRecordedDocument = new TypedDocumentString(`
    subscription RunEpochRecorded($id: ID!) {
  epochRecorded(jobId: $id) {
    epoch
  }
}
    `) as unknown as TypedDocumentString<RunEpochRecordedSubscription, RunEpochRecordedSubscriptionVariables>;
export const CompareRunDocument = new TypedDocumentString(`
    query CompareRun($id: ID!, $metrics: [String!]!) {
  job(id: $id) {
    id
    name
    status
    stale
    config
    summaries(metrics: $metrics) {
      metric
      best
      last
      epochOfBest
    }
    bestEpoch {
      epoch
    }
    epochs {
      epoch
    }
  }
}
    `) as unknown as TypedDocumentString<CompareRunQuery, CompareRunQueryVariables>;
export const CompareLabelsDocument = new TypedDocumentString(`
    query CompareLabels($id: ID!, $epoch: Int!) {
  job(id: $id) {
    id
    labelMetrics(epoch: $epoch) {
      label
      f1
      precision
      recall
      support
    }
  }
}
    `) as unknown as TypedDocumentString<CompareLabelsQuery, CompareLabelsQueryVariables>;
export const HParamsFieldsDocument = new TypedDocumentString(`
    query HParamsFields($filter: JobFilter, $query: String) {
  jobFields(filter: $filter, query: $query) {
    jobCount
    configKeys {
      path
      jobs
      distinct
      numeric
    }
    metrics {
      name
      jobs
    }
  }
}
    `) as unknown as TypedDocumentString<HParamsFieldsQuery, HParamsFieldsQueryVariables>;
export const HParamsRunsDocument = new TypedDocumentString(`
    query HParamsRuns($filter: JobFilter, $query: String, $first: Int!, $after: String, $paths: [String!]!, $metrics: [String!]!) {
  jobs(
    filter: $filter
    query: $query
    orderBy: [{field: METRIC, metric: "val_f1", stat: BEST, direction: DESC}]
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        configValues(paths: $paths)
        best: summary(metric: "val_f1") {
          best
        }
        summaries(metrics: $metrics) {
          best
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HParamsRunsQuery, HParamsRunsQueryVariables>;
export const ChartsSeriesDocument = new TypedDocumentString(`
    query ChartsSeries($name: String!, $jobIds: [ID!]!, $maxPoints: Int, $fromStep: Int, $toStep: Int) {
  compareMetric(
    name: $name
    jobIds: $jobIds
    maxPoints: $maxPoints
    fromStep: $fromStep
    toStep: $toStep
  ) {
    jobId
    points {
      ...ChartsPoint
    }
  }
}
    fragment ChartsPoint on JobMetric {
  value
  epoch
  step
  timestamp
}`) as unknown as TypedDocumentString<ChartsSeriesQuery, ChartsSeriesQueryVariables>;
export const ChartsPointsAddedDocument = new TypedDocumentString(`
    subscription ChartsPointsAdded($jobId: ID!, $name: String!) {
  metricPointsAdded(jobId: $jobId, name: $name) {
    ...ChartsPoint
  }
}
    fragment ChartsPoint on JobMetric {
  value
  epoch
  step
  timestamp
}`) as unknown as TypedDocumentString<ChartsPointsAddedSubscription, ChartsPointsAddedSubscriptionVariables>;
export const ChartsEpochRecordedDocument = new TypedDocumentString(`
    subscription ChartsEpochRecorded($jobId: ID!) {
  epochRecorded(jobId: $jobId) {
    epoch
    step
    valF1
    valPrecision
    valRecall
    evalLoss
    trainLoss
    learningRate
    recordedAt
    extra {
      name
      value
    }
  }
}
    `) as unknown as TypedDocumentString<ChartsEpochRecordedSubscription, ChartsEpochRecordedSubscriptionVariables>;
export const ChartsGroupMetricsDocument = new TypedDocumentString(`
    query ChartsGroupMetrics($filter: JobFilter, $query: String) {
  jobFields(filter: $filter, query: $query) {
    metrics {
      name
      jobs
    }
  }
}
    `) as unknown as TypedDocumentString<ChartsGroupMetricsQuery, ChartsGroupMetricsQueryVariables>;
export const ChartsGroupSeriesDocument = new TypedDocumentString(`
    query ChartsGroupSeries($filter: JobFilter, $query: String, $by: [String!]!, $name: String!, $maxPoints: Int) {
  groupSeries(
    filter: $filter
    query: $query
    by: $by
    name: $name
    maxPoints: $maxPoints
  ) {
    key
    jobIds
    points {
      epoch
      step
      mean
      min
      max
      stddev
      count
    }
  }
}
    `) as unknown as TypedDocumentString<ChartsGroupSeriesQuery, ChartsGroupSeriesQueryVariables>;