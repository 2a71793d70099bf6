import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { JobNode, JobPage, StatusChangeModel } from '../../modules/jobs/job-model';
import { MetricSummaryModel } from '../../modules/catalog/metric-summary';
import { JsonObject } from '../../platform/json-values';
import { MetricPoint, LabelScores, EpochRow, SeriesModel, LeaderboardRow } from '../../modules/metrics/metric-model';
import { LogEntry } from '../../modules/logs/log-model';
import { RecordingResult } from '../../modules/metrics/recording-service';
import { RequestContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time string, e.g. 2026-01-01T12:34:56.789000+00:00. */
  DateTime: { input: string; output: string; }
  /** Arbitrary JSON value (object, array, string, number, boolean or null). */
  JSON: { input: unknown; output: unknown; }
};

/** A log line. */
export type AppendJobLogInput = {
  /** The job's UUID. */
  jobId: Scalars['ID']['input'];
  /** Severity. */
  level: LogLevel;
  /** The message; a JSON document comes back parsed in `JobLog.data`. At most 100,000 characters. */
  message: Scalars['String']['input'];
  /** Where it comes from, at most 200 characters. */
  source?: InputMaybe<Scalars['String']['input']>;
  /**
   * When the line was logged. Given, it makes a resend safe: the same line (level, message, source) at the same
   * timestamp is stored once and the resend reports `replayed`. Omitted, the server's clock stamps each call.
   */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Result of appendJobLog. */
export type AppendJobLogPayload = {
  __typename?: 'AppendJobLogPayload';
  /** The stored log line; null on a user error. */
  log: Maybe<JobLog>;
  /** True when this exact line (same timestamp, level, message and source) was already stored. */
  replayed: Scalars['Boolean']['output'];
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

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

/** A config key (a searchable value: a scalar or a list of scalars) of a set of jobs. */
export type ConfigKeyInfo = {
  __typename?: 'ConfigKeyInfo';
  /** How many distinct values the jobs have at it (a list counts as one value). */
  distinct: Scalars['Int']['output'];
  /** How many of the jobs have a value at it. */
  jobs: Scalars['Int']['output'];
  /** True when every value at it is a JSON number (a string such as "5e-5", a boolean, null or a list makes it false). */
  numeric: Scalars['Boolean']['output'];
  /** The dotted path, as config filters, orderBy CONFIG and jobGroups take it (`optimizer.lr`). */
  path: Scalars['String']['output'];
};

/** A new training run. */
export type CreateJobInput = {
  /** A JSON object of hyper-parameters and data config (the item must stay under DynamoDB's 400 KB). */
  config?: InputMaybe<Scalars['JSON']['input']>;
  /** Who creates the job; `system` when omitted. */
  createdBy?: InputMaybe<Scalars['String']['input']>;
  /** Free text, at most 2,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The job's UUID (v4 or v5). Generated when omitted. Re-sending the same job is a no-op. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** Run name: 1..200 characters, no `#`. */
  name: Scalars['String']['input'];
  /** MEDIUM when omitted. */
  priority?: InputMaybe<JobPriority>;
  /** PENDING when omitted. */
  status?: InputMaybe<JobStatus>;
  /** A JSON object of string values. */
  tags?: InputMaybe<Scalars['JSON']['input']>;
};

/** Result of createJob. */
export type CreateJobPayload = {
  __typename?: 'CreateJobPayload';
  /** The job, created or already there; null on a user error. */
  job: Maybe<Job>;
  /** True when the job already existed with the same content and nothing was written. */
  replayed: Scalars['Boolean']['output'];
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** Deletion of a job and everything recorded under it. */
export type DeleteJobInput = {
  /** The job's UUID. */
  jobId: Scalars['ID']['input'];
};

/** Result of deleteJob. */
export type DeleteJobPayload = {
  __typename?: 'DeleteJobPayload';
  /** How many stored items (the job, its metrics, logs and status history) were removed. */
  deletedItems: Scalars['Int']['output'];
  /** The deleted job's UUID; null on a user error. */
  deletedJobId: Maybe<Scalars['ID']['output']>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** The standard metrics of one evaluation epoch. */
export type Epoch = {
  __typename?: 'Epoch';
  /** Epoch number (0-based or 1-based, as the trainer counts). */
  epoch: Scalars['Int']['output'];
  /** Validation loss. */
  evalLoss: Maybe<Scalars['Float']['output']>;
  /** Further scalar metrics of this epoch (throughput, GPU memory...), ordered by name. */
  extra: Array<JobMetric>;
  /** Whether this is the job's best epoch by val_f1. */
  isBest: Scalars['Boolean']['output'];
  /** Per-label metrics of this epoch, ordered by label. */
  labels: Array<LabelMetric>;
  /** Learning rate at evaluation time. */
  learningRate: Maybe<Scalars['Float']['output']>;
  /** When the epoch was recorded (the earliest timestamp among its rows). */
  recordedAt: Scalars['DateTime']['output'];
  /** Global training step at evaluation time. */
  step: Maybe<Scalars['Int']['output']>;
  /** Training loss at evaluation time. */
  trainLoss: Maybe<Scalars['Float']['output']>;
  /** Entity-level validation F1 (0..1). */
  valF1: Maybe<Scalars['Float']['output']>;
  /** Entity-level validation precision (0..1). */
  valPrecision: Maybe<Scalars['Float']['output']>;
  /** Entity-level validation recall (0..1). */
  valRecall: Maybe<Scalars['Float']['output']>;
};

/** Ends a run. bestF1 and bestEpoch are computed from the recorded epochs. */
export type FinalizeJobInput = {
  /** Where the best checkpoint was saved. */
  bestCheckpointS3Path?: InputMaybe<Scalars['String']['input']>;
  /** Whether early stopping ended the run. */
  earlyStoppingTriggered?: InputMaybe<Scalars['Boolean']['input']>;
  /** Further result keys, stored alongside the modelled ones. */
  extra?: InputMaybe<Scalars['JSON']['input']>;
  /** The job's UUID. */
  jobId: Scalars['ID']['input'];
  /** A terminal status: SUCCEEDED, FAILED, CANCELLED or INTERRUPTED. */
  status: JobStatus;
  /** Total FLOPs; finite, non-negative. */
  totalFlos?: InputMaybe<Scalars['Float']['input']>;
  /** Training wall time in seconds; finite, non-negative. */
  trainRuntime?: InputMaybe<Scalars['Float']['input']>;
};

/** Result of finalizeJob. */
export type FinalizeJobPayload = {
  __typename?: 'FinalizeJobPayload';
  /** The finalized job; null on a user error. */
  job: Maybe<Job>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** One x position of a group's curve: the members' mean, spread and how many members had a value there. */
export type GroupPoint = {
  __typename?: 'GroupPoint';
  /** How many members had a value here. */
  count: Scalars['Int']['output'];
  /** The epoch (epoch curves). */
  epoch: Maybe<Scalars['Int']['output']>;
  /** Highest member value. */
  max: Scalars['Float']['output'];
  /** Mean of the members' values. */
  mean: Scalars['Float']['output'];
  /** Lowest member value. */
  min: Scalars['Float']['output'];
  /** Sample standard deviation of the members' values (0 for one). */
  stddev: Scalars['Float']['output'];
  /** The step (step series). */
  step: Maybe<Scalars['Int']['output']>;
};

/** One group's mean curve of a metric. */
export type GroupSeries = {
  __typename?: 'GroupSeries';
  /** The member jobs, newest first. */
  jobIds: Array<Scalars['ID']['output']>;
  /** The grouping keys and this group's value of each, as a JSON object. */
  key: Scalars['JSON']['output'];
  /** The mean curve, by epoch (or by step for a step series). */
  points: Array<GroupPoint>;
};

/** A sign of life from a running trainer. */
export type HeartbeatInput = {
  /** The job. */
  jobId: Scalars['ID']['input'];
};

/** Result of heartbeat. */
export type HeartbeatPayload = {
  __typename?: 'HeartbeatPayload';
  /** The job, its lastSeenAt moved to now; null on a user error. */
  job: Maybe<Job>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** A training run. */
export type Job = {
  __typename?: 'Job';
  /** The epoch with the highest val_f1 (the earliest wins a tie); null before any epoch has val_f1. */
  bestEpoch: Maybe<Epoch>;
  /** The run's configuration (hyper-parameters, data config, label list...). */
  config: Scalars['JSON']['output'];
  /** The config value at a dotted path (`optimizer.lr`, `model_name`); null when absent. */
  configValue: Maybe<Scalars['JSON']['output']>;
  /** Several config values at once, in the order asked, null where absent (a table's config columns). */
  configValues: Array<Maybe<Scalars['JSON']['output']>>;
  /** When the job was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Who created the job (the writer's name, `system` by default). */
  createdBy: Scalars['String']['output'];
  /** Run-level metrics recorded without an epoch (dataset size, class balance...). */
  datasetMetrics: Array<JobMetric>;
  /** Free-text description; empty when none was given. */
  description: Scalars['String']['output'];
  /** One row per recorded epoch, ascending. */
  epochs: Array<Epoch>;
  /** The job's UUID. */
  id: Scalars['ID']['output'];
  /** Per-label metrics, ordered by epoch then label; one epoch when `epoch` is given, one label when `label` is given. */
  labelMetrics: Array<LabelMetric>;
  /** The last write of any kind for this job (epochs, points, logs, status, heartbeats); null when the server has not seen the job written. */
  lastSeenAt: Maybe<Scalars['DateTime']['output']>;
  /** Structured logs of this job, oldest first. */
  logs: JobLogConnection;
  /** The metrics this job can draw as curves, sorted, each once: its epoch metrics (val_f1, eval_loss, train_loss, learning_rate, extras...) and its step series (logMetrics). Per-label rows (label_*, heldout_label_*), map-valued metrics (confusion_matrix, label_merge_config) and run-level metrics recorded without an epoch (dataset statistics) are left out. */
  metricNames: Array<Scalars['String']['output']>;
  /** Metric points of this job, oldest first; only metric `name` when given. */
  metrics: JobMetricConnection;
  /** Human-readable run name (no `#`). */
  name: Scalars['String']['output'];
  /** Free-form notes, editable after the run (updateJob); null when none were written. */
  notes: Maybe<Scalars['String']['output']>;
  /** Scheduling priority. */
  priority: JobPriority;
  /** End-of-run results; null until the job is finalized (or when the writer stored none). */
  results: Maybe<JobResults>;
  /** One metric's points in training order (epoch, then step, then timestamp): the training curve. A metric the job logged step by step with logMetrics is that step series (its per-epoch values stay in `epochs`). */
  series: Array<JobMetric>;
  /** RUNNING and not seen for longer than the server's staleness limit (STALE_AFTER_S, default 600 s). */
  stale: Scalars['Boolean']['output'];
  /** Current lifecycle state. */
  status: JobStatus;
  /** Every status change recorded for this job, oldest first. */
  statusHistory: Array<JobStatusChange>;
  /** Several metrics' summaries at once, in the order asked, null where the job has no value of one (a table's metric columns). */
  summaries: Array<Maybe<MetricSummary>>;
  /** The summary of one metric of this job (legacy jobs included): best, last, min, max over its epochs; null when the job has no value of it. */
  summary: Maybe<MetricSummary>;
  /** String-to-string tags. */
  tags: Scalars['JSON']['output'];
};


/** A training run. */
export type JobConfigValueArgs = {
  path: Scalars['String']['input'];
};


/** A training run. */
export type JobConfigValuesArgs = {
  paths: Array<Scalars['String']['input']>;
};


/** A training run. */
export type JobLabelMetricsArgs = {
  epoch?: InputMaybe<Scalars['Int']['input']>;
  label?: InputMaybe<Scalars['String']['input']>;
};


/** A training run. */
export type JobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A training run. */
export type JobMetricsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


/** A training run. */
export type JobSeriesArgs = {
  fromStep?: InputMaybe<Scalars['Int']['input']>;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  toStep?: InputMaybe<Scalars['Int']['input']>;
};


/** A training run. */
export type JobSummariesArgs = {
  metrics: Array<Scalars['String']['input']>;
};


/** A training run. */
export type JobSummaryArgs = {
  metric: Scalars['String']['input'];
};

/** A page of jobs. */
export type JobConnection = {
  __typename?: 'JobConnection';
  /** The jobs of this page. */
  edges: Array<JobEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
  /** How many jobs match, over every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge of a job list. */
export type JobEdge = {
  __typename?: 'JobEdge';
  /** Opaque position of this job in the list. */
  cursor: Scalars['String']['output'];
  /** The job. */
  node: Job;
};

/** What a set of jobs carries: its config keys, metrics and tags, each with how many of the jobs have it. */
export type JobFields = {
  __typename?: 'JobFields';
  /** Config keys of the matching jobs, by path. */
  configKeys: Array<ConfigKeyInfo>;
  /** How many jobs match. */
  jobCount: Scalars['Int']['output'];
  /** Metrics the matching jobs have a summary of (epoch metrics; per-label rows, map values and run-level metrics left out, as in `Job.metricNames`), by name. */
  metrics: Array<MetricKeyInfo>;
  /** Tag values of the matching jobs, by key then value. */
  tags: Array<TagValueCount>;
};

/** Conditions on jobs: every given condition must hold; `anyOf` holds when one of its filters holds. */
export type JobFilter = {
  /** At least one of these filters must hold (an OR). */
  anyOf?: InputMaybe<Array<JobFilter>>;
  /** Conditions on config values, all of which must hold. */
  config?: InputMaybe<Array<ValueCondition>>;
  /** Only jobs created at or after this time. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only jobs created before this time. */
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only jobs created by this writer (exact). */
  createdBy?: InputMaybe<Scalars['String']['input']>;
  /** Conditions on metric summaries, all of which must hold. */
  metric?: InputMaybe<Array<MetricCondition>>;
  /** A case-insensitive match on the name. */
  name?: InputMaybe<StringMatch>;
  /** Only jobs that are (or are not) stale: RUNNING and not seen for the configured time. */
  stale?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only jobs in one of these statuses. */
  status?: InputMaybe<Array<JobStatus>>;
  /** Conditions on tags, all of which must hold. */
  tags?: InputMaybe<Array<TagCondition>>;
};

/** Jobs sharing the values of the grouping keys, with statistics of their best value of the metric. */
export type JobGroup = {
  __typename?: 'JobGroup';
  /** How many jobs the group has. */
  count: Scalars['Int']['output'];
  /** The member jobs, newest first. */
  jobIds: Array<Scalars['ID']['output']>;
  /** The grouping keys and this group's value of each, as a JSON object. */
  key: Scalars['JSON']['output'];
  /** Highest best value. */
  max: Maybe<Scalars['Float']['output']>;
  /** Mean of the members' best values (members without one left out); null when none has one. */
  mean: Maybe<Scalars['Float']['output']>;
  /** Median best value. */
  median: Maybe<Scalars['Float']['output']>;
  /** Lowest best value. */
  min: Maybe<Scalars['Float']['output']>;
  /** Sample standard deviation of the members' best values (0 for one value). */
  stddev: Maybe<Scalars['Float']['output']>;
};

/** One log line of a job. */
export type JobLog = {
  __typename?: 'JobLog';
  /** The message parsed as JSON when it is a JSON document; null otherwise. */
  data: Maybe<Scalars['JSON']['output']>;
  /** The job's UUID. */
  jobId: Scalars['ID']['output'];
  /** Severity. */
  level: LogLevel;
  /** The message as sent. */
  message: Scalars['String']['output'];
  /** Where it came from, e.g. receipt_layoutlm.trainer. */
  source: Maybe<Scalars['String']['output']>;
  /** When the line was logged (unique within the job). */
  timestamp: Scalars['DateTime']['output'];
};

/** A page of log lines. */
export type JobLogConnection = {
  __typename?: 'JobLogConnection';
  /** The log lines of this page. */
  edges: Array<JobLogEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** An edge of a log list. */
export type JobLogEdge = {
  __typename?: 'JobLogEdge';
  /** Opaque position of this log line in the list. */
  cursor: Scalars['String']['output'];
  /** The log line. */
  node: JobLog;
};

/** One recorded value of one metric. */
export type JobMetric = {
  __typename?: 'JobMetric';
  /** The stored value when it is a map (a per-label dict, a confusion matrix...); null for numbers. */
  data: Maybe<Scalars['JSON']['output']>;
  /** Null for run-level metrics. */
  epoch: Maybe<Scalars['Int']['output']>;
  /** The job this point belongs to; null if that job no longer exists. */
  job: Maybe<Job>;
  /** The job's UUID. */
  jobId: Scalars['ID']['output'];
  /** Metric name, e.g. val_f1. */
  name: Scalars['String']['output'];
  /** Global training step, when recorded. */
  step: Maybe<Scalars['Int']['output']>;
  /** When the point was recorded. */
  timestamp: Scalars['DateTime']['output'];
  /** Unit as stored (ratio, loss, rate, count, per_label...). */
  unit: Maybe<Scalars['String']['output']>;
  /** The numeric value; null when the stored value is a map (see `data`). */
  value: Maybe<Scalars['Float']['output']>;
};

/** A page of metric points. */
export type JobMetricConnection = {
  __typename?: 'JobMetricConnection';
  /** The points of this page. */
  edges: Array<JobMetricEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** An edge of a metric-point list. */
export type JobMetricEdge = {
  __typename?: 'JobMetricEdge';
  /** Opaque position of this point in the list. */
  cursor: Scalars['String']['output'];
  /** The point. */
  node: JobMetric;
};

/** One sort key of a job listing; jobs without a value sort last; ties are broken by creation time then id. */
export type JobOrder = {
  /** Default: DESC for CREATED and FINISHED, ASC for NAME and CONFIG, by the metric's name for METRIC. */
  direction?: InputMaybe<RankDirection>;
  /** What to order by. */
  field: JobOrderField;
  /** The metric, for METRIC. */
  metric?: InputMaybe<Scalars['String']['input']>;
  /** The dotted config path, for CONFIG. */
  path?: InputMaybe<Scalars['String']['input']>;
  /** The summary value, for METRIC (BEST by default). */
  stat?: InputMaybe<SummaryStat>;
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

/** Scheduling priority of a run. */
export type JobPriority =
  /** Highest priority. */
  | 'CRITICAL'
  /** Ahead of medium. */
  | 'HIGH'
  /** Lowest priority. */
  | 'LOW'
  /** The default. */
  | 'MEDIUM';

/** End-of-run results of a job. */
export type JobResults = {
  __typename?: 'JobResults';
  /** Where the best checkpoint was saved. */
  bestCheckpointS3Path: Maybe<Scalars['String']['output']>;
  /** The epoch of bestF1 (the earliest on a tie). */
  bestEpoch: Maybe<Scalars['Int']['output']>;
  /** Best val_f1 over all recorded epochs. */
  bestF1: Maybe<Scalars['Float']['output']>;
  /** Whether early stopping ended the run. */
  earlyStoppingTriggered: Maybe<Scalars['Boolean']['output']>;
  /** Every key stored in the results, including those not modelled above. */
  raw: Scalars['JSON']['output'];
  /** Total floating-point operations of training. */
  totalFlos: Maybe<Scalars['Float']['output']>;
  /** Training wall time in seconds. */
  trainRuntime: Maybe<Scalars['Float']['output']>;
};

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

/** One recorded change of a job's status. */
export type JobStatusChange = {
  __typename?: 'JobStatusChange';
  /** Optional note stored with the change. */
  message: Maybe<Scalars['String']['output']>;
  /** The status the job moved to. */
  status: JobStatus;
  /** When the change was recorded. */
  timestamp: Scalars['DateTime']['output'];
};

/** Entity-level scores of one label in one epoch. */
export type LabelMetric = {
  __typename?: 'LabelMetric';
  /** The epoch of these scores. */
  epoch: Maybe<Scalars['Int']['output']>;
  /** F1 of this label (0..1). */
  f1: Maybe<Scalars['Float']['output']>;
  /** The job; null if it no longer exists. */
  job: Maybe<Job>;
  /** The job's UUID. */
  jobId: Scalars['ID']['output'];
  /** Entity type, e.g. MERCHANT_NAME. */
  label: Scalars['String']['output'];
  /** Precision of this label (0..1). */
  precision: Maybe<Scalars['Float']['output']>;
  /** Recall of this label (0..1). */
  recall: Maybe<Scalars['Float']['output']>;
  /** Number of true entities of this label in the validation set. */
  support: Maybe<Scalars['Int']['output']>;
  /** When recorded (the earliest of the stored rows). */
  timestamp: Scalars['DateTime']['output'];
};

/** A page of per-label scores. */
export type LabelMetricConnection = {
  __typename?: 'LabelMetricConnection';
  /** The rows of this page. */
  edges: Array<LabelMetricEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** An edge of a per-label list. */
export type LabelMetricEdge = {
  __typename?: 'LabelMetricEdge';
  /** Opaque position of this row in the list. */
  cursor: Scalars['String']['output'];
  /** The per-label scores. */
  node: LabelMetric;
};

/** Scores of one label in one epoch. */
export type LabelMetricInput = {
  /** F1 in [0, 1]. */
  f1: Scalars['Float']['input'];
  /** Entity type: 1..100 characters, no `#`, unique within the epoch. */
  label: Scalars['String']['input'];
  /** Precision in [0, 1]. */
  precision: Scalars['Float']['input'];
  /** Recall in [0, 1]. */
  recall: Scalars['Float']['input'];
  /** Non-negative count of true entities. */
  support: Scalars['Int']['input'];
};

/** A job's place in a leaderboard. */
export type LeaderboardEntry = {
  __typename?: 'LeaderboardEntry';
  /** The epoch at which that value was reached. */
  epoch: Maybe<Scalars['Int']['output']>;
  /** The job; null if it no longer exists. */
  job: Maybe<Job>;
  /** The job's UUID. */
  jobId: Scalars['ID']['output'];
  /** 1-based rank. */
  rank: Scalars['Int']['output'];
  /** The job's best value of the metric. */
  value: Scalars['Float']['output'];
};

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

/** A batch of step-level points of one job. */
export type LogMetricsInput = {
  /** The job's UUID; the job must exist and not be finished. */
  jobId: Scalars['ID']['input'];
  /** Up to 1,000 points, at most one per (name, step). */
  points: Array<MetricPointInput>;
};

/** Result of logMetrics. */
export type LogMetricsPayload = {
  __typename?: 'LogMetricsPayload';
  /** Points that were already stored with the same content. */
  replayed: Scalars['Int']['output'];
  /** Expected failures; empty on success. Points named in ALREADY_EXISTS errors were not written; the others were. */
  userErrors: Array<UserError>;
  /** Points stored by this call. */
  written: Scalars['Int']['output'];
};

/** A condition on a job's summary of one metric. */
export type MetricCondition = {
  /** Metric name, e.g. val_f1. */
  name: Scalars['String']['input'];
  /** How it compares (EQ NE LT LTE GT GTE). */
  op: CompareOp;
  /** Which summary value; the best by default. */
  stat?: SummaryStat;
  /** The number it is compared with. */
  value: Scalars['Float']['input'];
};

/** A metric of a set of jobs. */
export type MetricKeyInfo = {
  __typename?: 'MetricKeyInfo';
  /** How many of the jobs have a summary of it (Job.summary). */
  jobs: Scalars['Int']['output'];
  /** The metric's name. */
  name: Scalars['String']['output'];
};

/** One step-level point of a metric. */
export type MetricPointInput = {
  /** Non-negative epoch the step belongs to, if known. */
  epoch?: InputMaybe<Scalars['Int']['input']>;
  /** Metric name: 1..200 characters, no `#`. */
  name: Scalars['String']['input'];
  /** Non-negative global step; with the name, the identity of the point. */
  step: Scalars['Int']['input'];
  /** When the trainer logged the point; the idempotency key of the point together with name and step. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  /** Unit, e.g. loss or rate; at most 50 characters; an empty one means none (read back as null). */
  unit?: InputMaybe<Scalars['String']['input']>;
  /** A finite number. */
  value: Scalars['Float']['input'];
};

/** One metric of one job, for comparing jobs. */
export type MetricSeries = {
  __typename?: 'MetricSeries';
  /** The best point by the metric's direction; null when there are no numeric points. */
  best: Maybe<JobMetric>;
  /** The job; null if it no longer exists. */
  job: Maybe<Job>;
  /** The job's UUID. */
  jobId: Scalars['ID']['output'];
  /** The most recent point. */
  last: Maybe<JobMetric>;
  /** Points in training order. */
  points: Array<JobMetric>;
};

/** What a job's values of one metric add up to (one value per epoch: the latest row of each). */
export type MetricSummary = {
  __typename?: 'MetricSummary';
  /** The best value (highest, or lowest for names ending in 'loss'; the earliest epoch wins a tie). */
  best: Maybe<Scalars['Float']['output']>;
  /** How many values (epochs) the summary covers. */
  count: Scalars['Int']['output'];
  /** The epoch of the best value; null for a run-level metric. */
  epochOfBest: Maybe<Scalars['Int']['output']>;
  /** The value of the latest epoch. */
  last: Maybe<Scalars['Float']['output']>;
  /** The highest value. */
  max: Maybe<Scalars['Float']['output']>;
  /** The metric's name. */
  metric: Scalars['String']['output'];
  /** The lowest value. */
  min: Maybe<Scalars['Float']['output']>;
};

/** A named scalar metric. */
export type MetricValueInput = {
  /** Metric name: 1..200 characters, no `#`, unique within the input. */
  name: Scalars['String']['input'];
  /** Unit, e.g. count, ratio, seconds; at most 50 characters; an empty one means none (read back as null). */
  unit?: InputMaybe<Scalars['String']['input']>;
  /** A finite number. */
  value: Scalars['Float']['input'];
};

/** Writes, for trainers. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Appends a log line to a job. */
  appendJobLog: AppendJobLogPayload;
  /** Creates a job (idempotent on its id). */
  createJob: CreateJobPayload;
  /** Deletes a job and every item stored under it. */
  deleteJob: DeleteJobPayload;
  /** Ends a run with a terminal status and its results. */
  finalizeJob: FinalizeJobPayload;
  /** Marks a job as seen now (trainers send one every 60 s while training); a RUNNING job not seen for STALE_AFTER_S is stale. */
  heartbeat: HeartbeatPayload;
  /** Records step-level points (train_loss every few steps...), idempotent per (name, step); up to 1,000 a call. */
  logMetrics: LogMetricsPayload;
  /** Records run-level dataset statistics, idempotent. */
  recordDatasetMetrics: RecordDatasetMetricsPayload;
  /** Records one evaluation epoch, all-or-nothing and idempotent. */
  recordEpoch: RecordEpochPayload;
  /** Sets and removes tags of a job (writer role); idempotent. */
  setJobTags: SetJobTagsPayload;
  /** Changes a job's name, description or notes (writer role); idempotent. */
  updateJob: UpdateJobPayload;
  /** Moves a job to another status and records the change. */
  updateJobStatus: UpdateJobStatusPayload;
};


/** Writes, for trainers. */
export type MutationAppendJobLogArgs = {
  input: AppendJobLogInput;
};


/** Writes, for trainers. */
export type MutationCreateJobArgs = {
  input: CreateJobInput;
};


/** Writes, for trainers. */
export type MutationDeleteJobArgs = {
  input: DeleteJobInput;
};


/** Writes, for trainers. */
export type MutationFinalizeJobArgs = {
  input: FinalizeJobInput;
};


/** Writes, for trainers. */
export type MutationHeartbeatArgs = {
  input: HeartbeatInput;
};


/** Writes, for trainers. */
export type MutationLogMetricsArgs = {
  input: LogMetricsInput;
};


/** Writes, for trainers. */
export type MutationRecordDatasetMetricsArgs = {
  input: RecordDatasetMetricsInput;
};


/** Writes, for trainers. */
export type MutationRecordEpochArgs = {
  input: RecordEpochInput;
};


/** Writes, for trainers. */
export type MutationSetJobTagsArgs = {
  input: SetJobTagsInput;
};


/** Writes, for trainers. */
export type MutationUpdateJobArgs = {
  input: UpdateJobInput;
};


/** Writes, for trainers. */
export type MutationUpdateJobStatusArgs = {
  input: UpdateJobStatusInput;
};

/** Where a page of a connection ends. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Opaque cursor of the last edge; pass it as `after` for the next page. Null on an empty page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page (exact: the server looked one item ahead). */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Read access for dashboards. */
export type Query = {
  __typename?: 'Query';
  /** One metric for several jobs, one series per job; every job that has the metric when `jobIds` is omitted. */
  compareMetric: Array<MetricSeries>;
  /** Per group of the matching jobs, the mean curve of one metric with min, max and standard deviation per point: the mean-and-band chart. */
  groupSeries: Array<GroupSeries>;
  /** One job by its UUID; null when there is none. */
  job: Maybe<Job>;
  /** What the matching jobs carry (config keys, metrics, tags) and how many jobs carry each: for a column chooser, a group-by picker, tag chips and parallel-coordinates axes. From the job catalog, like `jobs(filter, query)` (same conditions, same errors). */
  jobFields: JobFields;
  /** Groups of the matching jobs equal on the `by` keys, with statistics of the members' best value of `metric`: the seed-averaged comparison. */
  jobGroups: Array<JobGroup>;
  /** Jobs, newest first by default; only one status when `status` is given; searched with `filter` or `query` and sorted with `orderBy`. */
  jobs: JobConnection;
  /** One label's scores across all jobs, oldest first (e.g. MERCHANT_NAME F1 in every run). */
  labelHistory: LabelMetricConnection;
  /** Jobs ranked by their best value of a metric. Default direction: ASC for names ending in 'loss', else DESC. */
  leaderboard: Array<LeaderboardEntry>;
  /** Every point of one metric across all jobs, oldest first (e.g. all val_f1 scores over time). */
  metricHistory: JobMetricConnection;
};


/** Read access for dashboards. */
export type QueryCompareMetricArgs = {
  fromStep?: InputMaybe<Scalars['Int']['input']>;
  jobIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  toStep?: InputMaybe<Scalars['Int']['input']>;
};


/** Read access for dashboards. */
export type QueryGroupSeriesArgs = {
  by: Array<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Read access for dashboards. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/** Read access for dashboards. */
export type QueryJobFieldsArgs = {
  filter?: InputMaybe<JobFilter>;
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Read access for dashboards. */
export type QueryJobGroupsArgs = {
  by: Array<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  metric?: Scalars['String']['input'];
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Read access for dashboards. */
export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<JobOrder>>;
  query?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<JobStatus>;
};


/** Read access for dashboards. */
export type QueryLabelHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  label: Scalars['String']['input'];
};


/** Read access for dashboards. */
export type QueryLeaderboardArgs = {
  direction?: InputMaybe<RankDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  metric?: Scalars['String']['input'];
};


/** Read access for dashboards. */
export type QueryMetricHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
};

/** Which end of a metric is better. */
export type RankDirection =
  /** Lower is better (losses). */
  | 'ASC'
  /** Higher is better (f1, precision, recall, accuracy). */
  | 'DESC';

/** Run-level dataset statistics, recorded once at training start. */
export type RecordDatasetMetricsInput = {
  /** Further run-level metrics. */
  extra?: InputMaybe<Array<MetricValueInput>>;
  /** The job's UUID. */
  jobId: Scalars['ID']['input'];
  /** Training set size; non-negative. */
  numTrainSamples?: InputMaybe<Scalars['Int']['input']>;
  /** Validation set size; non-negative. */
  numValSamples?: InputMaybe<Scalars['Int']['input']>;
  /** Ratio of O tokens to entity tokens in the training set; finite, non-negative. */
  oEntityRatioTrain?: InputMaybe<Scalars['Float']['input']>;
  /** Ratio of O tokens to entity tokens in the validation set; finite, non-negative. */
  oEntityRatioVal?: InputMaybe<Scalars['Float']['input']>;
};

/** Result of recordDatasetMetrics. */
export type RecordDatasetMetricsPayload = {
  __typename?: 'RecordDatasetMetricsPayload';
  /** The stored run-level metrics of this call. */
  metrics: Array<JobMetric>;
  /** True when the same metrics were already recorded and nothing was written. */
  replayed: Scalars['Boolean']['output'];
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** Everything one evaluation epoch produced. Written all-or-nothing; re-sending the same epoch is a no-op. */
export type RecordEpochInput = {
  /** Non-negative epoch number. */
  epoch: Scalars['Int']['input'];
  /** Finite, non-negative. */
  evalLoss?: InputMaybe<Scalars['Float']['input']>;
  /** Further scalar metrics of this epoch (samples_per_second, gpu_memory_used...). */
  extra?: InputMaybe<Array<MetricValueInput>>;
  /** The job's UUID; the job must exist and not be finished. */
  jobId: Scalars['ID']['input'];
  /** Per-label scores, at most 500 labels. */
  labels?: InputMaybe<Array<LabelMetricInput>>;
  /** Finite, non-negative. */
  learningRate?: InputMaybe<Scalars['Float']['input']>;
  /** Non-negative global step. */
  step?: InputMaybe<Scalars['Int']['input']>;
  /** Finite, non-negative. */
  trainLoss?: InputMaybe<Scalars['Float']['input']>;
  /** In [0, 1]. */
  valF1?: InputMaybe<Scalars['Float']['input']>;
  /** In [0, 1]. */
  valPrecision?: InputMaybe<Scalars['Float']['input']>;
  /** In [0, 1]. */
  valRecall?: InputMaybe<Scalars['Float']['input']>;
};

/** Result of recordEpoch. */
export type RecordEpochPayload = {
  __typename?: 'RecordEpochPayload';
  /** The epoch as stored; null on a user error. */
  epoch: Maybe<Epoch>;
  /** The job after the write; null on a user error. */
  job: Maybe<Job>;
  /** True when this epoch was already recorded with the same content and nothing was written. */
  replayed: Scalars['Boolean']['output'];
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** Tags to set and keys to remove on one job. */
export type SetJobTagsInput = {
  /** The job. */
  jobId: Scalars['ID']['input'];
  /** Tag keys to remove (absent keys are fine). */
  remove?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Tags to add or overwrite. */
  set?: InputMaybe<Array<TagInput>>;
};

/** Result of setJobTags. */
export type SetJobTagsPayload = {
  __typename?: 'SetJobTagsPayload';
  /** The job with its new tags; null on a user error. */
  job: Maybe<Job>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** A case-insensitive match; give one of the three. */
export type StringMatch = {
  /** Anywhere in the string. */
  contains?: InputMaybe<Scalars['String']['input']>;
  /** The whole string. */
  equals?: InputMaybe<Scalars['String']['input']>;
  /** The start of the string. */
  prefix?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Live updates, over graphql-ws (the `graphql-transport-ws` protocol) on the same port and path as queries, with the
 * same API keys (reader role or above) sent as `connectionParams.authorization` (or the upgrade request's
 * Authorization header). Events come from the table's stream, so writes of the legacy Python writer and of every
 * server instance reach every subscriber.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** Each epoch recorded for the job (or for any job when jobId is omitted): once, whole, only after it is complete. */
  epochRecorded: Epoch;
  /** Each change of a job's status, results, name, tags, notes or staleness (and each new job when jobId is omitted). */
  jobUpdated: Job;
  /** Step-level points as they arrive, for one job and metric: each event lists the points that arrived together, in step order. */
  metricPointsAdded: Array<JobMetric>;
};


/**
 * Live updates, over graphql-ws (the `graphql-transport-ws` protocol) on the same port and path as queries, with the
 * same API keys (reader role or above) sent as `connectionParams.authorization` (or the upgrade request's
 * Authorization header). Events come from the table's stream, so writes of the legacy Python writer and of every
 * server instance reach every subscriber.
 */
export type SubscriptionEpochRecordedArgs = {
  jobId?: InputMaybe<Scalars['ID']['input']>;
};


/**
 * Live updates, over graphql-ws (the `graphql-transport-ws` protocol) on the same port and path as queries, with the
 * same API keys (reader role or above) sent as `connectionParams.authorization` (or the upgrade request's
 * Authorization header). Events come from the table's stream, so writes of the legacy Python writer and of every
 * server instance reach every subscriber.
 */
export type SubscriptionJobUpdatedArgs = {
  jobId?: InputMaybe<Scalars['ID']['input']>;
};


/**
 * Live updates, over graphql-ws (the `graphql-transport-ws` protocol) on the same port and path as queries, with the
 * same API keys (reader role or above) sent as `connectionParams.authorization` (or the upgrade request's
 * Authorization header). Events come from the table's stream, so writes of the legacy Python writer and of every
 * server instance reach every subscriber.
 */
export type SubscriptionMetricPointsAddedArgs = {
  jobId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
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
  equals?: InputMaybe<Scalars['String']['input']>;
  /** The tag is present (true) or absent (false). */
  exists?: InputMaybe<Scalars['Boolean']['input']>;
  /** The tag's key. */
  key: Scalars['String']['input'];
};

/** One tag. */
export type TagInput = {
  /** The key (1..200 characters). */
  key: Scalars['String']['input'];
  /** The value (at most 2,000 characters). */
  value: Scalars['String']['input'];
};

/** A tag value of a set of jobs. */
export type TagValueCount = {
  __typename?: 'TagValueCount';
  /** How many of the jobs have the tag with this value. */
  jobs: Scalars['Int']['output'];
  /** The tag's key. */
  key: Scalars['String']['output'];
  /** The tag's value. */
  value: Scalars['String']['output'];
};

/** Changes a job's name, description or notes; fields left out stay as they are. */
export type UpdateJobInput = {
  /** New description (at most 2,000 characters). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The job. */
  jobId: Scalars['ID']['input'];
  /** New name (1..200 characters, no `#`). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New notes (at most 100,000 characters; empty clears them). */
  notes?: InputMaybe<Scalars['String']['input']>;
};

/** Result of updateJob. */
export type UpdateJobPayload = {
  __typename?: 'UpdateJobPayload';
  /** The updated job; null on a user error. */
  job: Maybe<Job>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** A status change. */
export type UpdateJobStatusInput = {
  /** The job's UUID. */
  jobId: Scalars['ID']['input'];
  /** The new status; a terminal status cannot be left. */
  status: JobStatus;
};

/** Result of updateJobStatus. */
export type UpdateJobStatusPayload = {
  __typename?: 'UpdateJobStatusPayload';
  /** The job after the change; null on a user error. */
  job: Maybe<Job>;
  /** Expected failures; empty on success. */
  userErrors: Array<UserError>;
};

/** An expected failure, reported as data. */
export type UserError = {
  __typename?: 'UserError';
  /** What kind of failure. */
  code: UserErrorCode;
  /** Path to the offending input field, e.g. ["input", "labels", "2", "f1"]. */
  field: Maybe<Array<Scalars['String']['output']>>;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
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
  path: Scalars['String']['input'];
  /** What it is compared with: numbers compare as numbers, strings as strings. */
  value?: InputMaybe<Scalars['JSON']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AppendJobLogInput: AppendJobLogInput;
  AppendJobLogPayload: ResolverTypeWrapper<Omit<AppendJobLogPayload, 'log'> & { log?: Maybe<ResolversTypes['JobLog']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CompareOp: CompareOp;
  ConfigKeyInfo: ResolverTypeWrapper<ConfigKeyInfo>;
  CreateJobInput: CreateJobInput;
  CreateJobPayload: ResolverTypeWrapper<Omit<CreateJobPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteJobInput: DeleteJobInput;
  DeleteJobPayload: ResolverTypeWrapper<DeleteJobPayload>;
  Epoch: ResolverTypeWrapper<EpochRow>;
  FinalizeJobInput: FinalizeJobInput;
  FinalizeJobPayload: ResolverTypeWrapper<Omit<FinalizeJobPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GroupPoint: ResolverTypeWrapper<GroupPoint>;
  GroupSeries: ResolverTypeWrapper<GroupSeries>;
  HeartbeatInput: HeartbeatInput;
  HeartbeatPayload: ResolverTypeWrapper<Omit<HeartbeatPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobNode>;
  JobConnection: ResolverTypeWrapper<JobPage>;
  JobEdge: ResolverTypeWrapper<Omit<JobEdge, 'node'> & { node: ResolversTypes['Job'] }>;
  JobFields: ResolverTypeWrapper<JobFields>;
  JobFilter: JobFilter;
  JobGroup: ResolverTypeWrapper<JobGroup>;
  JobLog: ResolverTypeWrapper<LogEntry>;
  JobLogConnection: ResolverTypeWrapper<Omit<JobLogConnection, 'edges'> & { edges: Array<ResolversTypes['JobLogEdge']> }>;
  JobLogEdge: ResolverTypeWrapper<Omit<JobLogEdge, 'node'> & { node: ResolversTypes['JobLog'] }>;
  JobMetric: ResolverTypeWrapper<MetricPoint>;
  JobMetricConnection: ResolverTypeWrapper<Omit<JobMetricConnection, 'edges'> & { edges: Array<ResolversTypes['JobMetricEdge']> }>;
  JobMetricEdge: ResolverTypeWrapper<Omit<JobMetricEdge, 'node'> & { node: ResolversTypes['JobMetric'] }>;
  JobOrder: JobOrder;
  JobOrderField: JobOrderField;
  JobPriority: JobPriority;
  JobResults: ResolverTypeWrapper<JsonObject>;
  JobStatus: JobStatus;
  JobStatusChange: ResolverTypeWrapper<StatusChangeModel>;
  LabelMetric: ResolverTypeWrapper<LabelScores>;
  LabelMetricConnection: ResolverTypeWrapper<Omit<LabelMetricConnection, 'edges'> & { edges: Array<ResolversTypes['LabelMetricEdge']> }>;
  LabelMetricEdge: ResolverTypeWrapper<Omit<LabelMetricEdge, 'node'> & { node: ResolversTypes['LabelMetric'] }>;
  LabelMetricInput: LabelMetricInput;
  LeaderboardEntry: ResolverTypeWrapper<LeaderboardRow>;
  LogLevel: LogLevel;
  LogMetricsInput: LogMetricsInput;
  LogMetricsPayload: ResolverTypeWrapper<LogMetricsPayload>;
  MetricCondition: MetricCondition;
  MetricKeyInfo: ResolverTypeWrapper<MetricKeyInfo>;
  MetricPointInput: MetricPointInput;
  MetricSeries: ResolverTypeWrapper<SeriesModel>;
  MetricSummary: ResolverTypeWrapper<MetricSummaryModel>;
  MetricValueInput: MetricValueInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RankDirection: RankDirection;
  RecordDatasetMetricsInput: RecordDatasetMetricsInput;
  RecordDatasetMetricsPayload: ResolverTypeWrapper<RecordingResult>;
  RecordEpochInput: RecordEpochInput;
  RecordEpochPayload: ResolverTypeWrapper<RecordingResult>;
  SetJobTagsInput: SetJobTagsInput;
  SetJobTagsPayload: ResolverTypeWrapper<Omit<SetJobTagsPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  StringMatch: StringMatch;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SummaryStat: SummaryStat;
  TagCondition: TagCondition;
  TagInput: TagInput;
  TagValueCount: ResolverTypeWrapper<TagValueCount>;
  UpdateJobInput: UpdateJobInput;
  UpdateJobPayload: ResolverTypeWrapper<Omit<UpdateJobPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  UpdateJobStatusInput: UpdateJobStatusInput;
  UpdateJobStatusPayload: ResolverTypeWrapper<Omit<UpdateJobStatusPayload, 'job'> & { job?: Maybe<ResolversTypes['Job']> }>;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  ValueCondition: ValueCondition;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AppendJobLogInput: AppendJobLogInput;
  AppendJobLogPayload: Omit<AppendJobLogPayload, 'log'> & { log?: Maybe<ResolversParentTypes['JobLog']> };
  Boolean: Scalars['Boolean']['output'];
  ConfigKeyInfo: ConfigKeyInfo;
  CreateJobInput: CreateJobInput;
  CreateJobPayload: Omit<CreateJobPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  DateTime: Scalars['DateTime']['output'];
  DeleteJobInput: DeleteJobInput;
  DeleteJobPayload: DeleteJobPayload;
  Epoch: EpochRow;
  FinalizeJobInput: FinalizeJobInput;
  FinalizeJobPayload: Omit<FinalizeJobPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  Float: Scalars['Float']['output'];
  GroupPoint: GroupPoint;
  GroupSeries: GroupSeries;
  HeartbeatInput: HeartbeatInput;
  HeartbeatPayload: Omit<HeartbeatPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Job: JobNode;
  JobConnection: JobPage;
  JobEdge: Omit<JobEdge, 'node'> & { node: ResolversParentTypes['Job'] };
  JobFields: JobFields;
  JobFilter: JobFilter;
  JobGroup: JobGroup;
  JobLog: LogEntry;
  JobLogConnection: Omit<JobLogConnection, 'edges'> & { edges: Array<ResolversParentTypes['JobLogEdge']> };
  JobLogEdge: Omit<JobLogEdge, 'node'> & { node: ResolversParentTypes['JobLog'] };
  JobMetric: MetricPoint;
  JobMetricConnection: Omit<JobMetricConnection, 'edges'> & { edges: Array<ResolversParentTypes['JobMetricEdge']> };
  JobMetricEdge: Omit<JobMetricEdge, 'node'> & { node: ResolversParentTypes['JobMetric'] };
  JobOrder: JobOrder;
  JobResults: JsonObject;
  JobStatusChange: StatusChangeModel;
  LabelMetric: LabelScores;
  LabelMetricConnection: Omit<LabelMetricConnection, 'edges'> & { edges: Array<ResolversParentTypes['LabelMetricEdge']> };
  LabelMetricEdge: Omit<LabelMetricEdge, 'node'> & { node: ResolversParentTypes['LabelMetric'] };
  LabelMetricInput: LabelMetricInput;
  LeaderboardEntry: LeaderboardRow;
  LogMetricsInput: LogMetricsInput;
  LogMetricsPayload: LogMetricsPayload;
  MetricCondition: MetricCondition;
  MetricKeyInfo: MetricKeyInfo;
  MetricPointInput: MetricPointInput;
  MetricSeries: SeriesModel;
  MetricSummary: MetricSummaryModel;
  MetricValueInput: MetricValueInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RecordDatasetMetricsInput: RecordDatasetMetricsInput;
  RecordDatasetMetricsPayload: RecordingResult;
  RecordEpochInput: RecordEpochInput;
  RecordEpochPayload: RecordingResult;
  SetJobTagsInput: SetJobTagsInput;
  SetJobTagsPayload: Omit<SetJobTagsPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  String: Scalars['String']['output'];
  StringMatch: StringMatch;
  Subscription: Record<PropertyKey, never>;
  TagCondition: TagCondition;
  TagInput: TagInput;
  TagValueCount: TagValueCount;
  UpdateJobInput: UpdateJobInput;
  UpdateJobPayload: Omit<UpdateJobPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  UpdateJobStatusInput: UpdateJobStatusInput;
  UpdateJobStatusPayload: Omit<UpdateJobStatusPayload, 'job'> & { job?: Maybe<ResolversParentTypes['Job']> };
  UserError: UserError;
  ValueCondition: ValueCondition;
};

export type AppendJobLogPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AppendJobLogPayload'] = ResolversParentTypes['AppendJobLogPayload']> = {
  log?: Resolver<Maybe<ResolversTypes['JobLog']>, ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type ConfigKeyInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigKeyInfo'] = ResolversParentTypes['ConfigKeyInfo']> = {
  distinct?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  jobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  numeric?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreateJobPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CreateJobPayload'] = ResolversParentTypes['CreateJobPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteJobPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DeleteJobPayload'] = ResolversParentTypes['DeleteJobPayload']> = {
  deletedItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deletedJobId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type EpochResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Epoch'] = ResolversParentTypes['Epoch']> = {
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  evalLoss?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  extra?: Resolver<Array<ResolversTypes['JobMetric']>, ParentType, ContextType>;
  isBest?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['LabelMetric']>, ParentType, ContextType>;
  learningRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  trainLoss?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  valF1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  valPrecision?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  valRecall?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type FinalizeJobPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['FinalizeJobPayload'] = ResolversParentTypes['FinalizeJobPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type GroupPointResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['GroupPoint'] = ResolversParentTypes['GroupPoint']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  stddev?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type GroupSeriesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['GroupSeries'] = ResolversParentTypes['GroupSeries']> = {
  jobIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['GroupPoint']>, ParentType, ContextType>;
};

export type HeartbeatPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['HeartbeatPayload'] = ResolversParentTypes['HeartbeatPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  bestEpoch?: Resolver<Maybe<ResolversTypes['Epoch']>, ParentType, ContextType>;
  config?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  configValue?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType, RequireFields<JobConfigValueArgs, 'path'>>;
  configValues?: Resolver<Array<Maybe<ResolversTypes['JSON']>>, ParentType, ContextType, RequireFields<JobConfigValuesArgs, 'paths'>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  datasetMetrics?: Resolver<Array<ResolversTypes['JobMetric']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  epochs?: Resolver<Array<ResolversTypes['Epoch']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labelMetrics?: Resolver<Array<ResolversTypes['LabelMetric']>, ParentType, ContextType, Partial<JobLabelMetricsArgs>>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  logs?: Resolver<ResolversTypes['JobLogConnection'], ParentType, ContextType, Partial<JobLogsArgs>>;
  metricNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['JobMetricConnection'], ParentType, ContextType, Partial<JobMetricsArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['JobPriority'], ParentType, ContextType>;
  results?: Resolver<Maybe<ResolversTypes['JobResults']>, ParentType, ContextType>;
  series?: Resolver<Array<ResolversTypes['JobMetric']>, ParentType, ContextType, RequireFields<JobSeriesArgs, 'name'>>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  statusHistory?: Resolver<Array<ResolversTypes['JobStatusChange']>, ParentType, ContextType>;
  summaries?: Resolver<Array<Maybe<ResolversTypes['MetricSummary']>>, ParentType, ContextType, RequireFields<JobSummariesArgs, 'metrics'>>;
  summary?: Resolver<Maybe<ResolversTypes['MetricSummary']>, ParentType, ContextType, RequireFields<JobSummaryArgs, 'metric'>>;
  tags?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type JobConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobConnection'] = ResolversParentTypes['JobConnection']> = {
  edges?: Resolver<Array<ResolversTypes['JobEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type JobEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobEdge'] = ResolversParentTypes['JobEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
};

export type JobFieldsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobFields'] = ResolversParentTypes['JobFields']> = {
  configKeys?: Resolver<Array<ResolversTypes['ConfigKeyInfo']>, ParentType, ContextType>;
  jobCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricKeyInfo']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['TagValueCount']>, ParentType, ContextType>;
};

export type JobGroupResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobGroup'] = ResolversParentTypes['JobGroup']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  jobIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  median?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  stddev?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type JobLogResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobLog'] = ResolversParentTypes['JobLog']> = {
  data?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['LogLevel'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type JobLogConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobLogConnection'] = ResolversParentTypes['JobLogConnection']> = {
  edges?: Resolver<Array<ResolversTypes['JobLogEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type JobLogEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobLogEdge'] = ResolversParentTypes['JobLogEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['JobLog'], ParentType, ContextType>;
};

export type JobMetricResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobMetric'] = ResolversParentTypes['JobMetric']> = {
  data?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type JobMetricConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobMetricConnection'] = ResolversParentTypes['JobMetricConnection']> = {
  edges?: Resolver<Array<ResolversTypes['JobMetricEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type JobMetricEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobMetricEdge'] = ResolversParentTypes['JobMetricEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['JobMetric'], ParentType, ContextType>;
};

export type JobResultsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobResults'] = ResolversParentTypes['JobResults']> = {
  bestCheckpointS3Path?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bestEpoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  bestF1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  earlyStoppingTriggered?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  raw?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  totalFlos?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  trainRuntime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type JobStatusChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JobStatusChange'] = ResolversParentTypes['JobStatusChange']> = {
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LabelMetricResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LabelMetric'] = ResolversParentTypes['LabelMetric']> = {
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  f1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  recall?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  support?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LabelMetricConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LabelMetricConnection'] = ResolversParentTypes['LabelMetricConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LabelMetricEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type LabelMetricEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LabelMetricEdge'] = ResolversParentTypes['LabelMetricEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LabelMetric'], ParentType, ContextType>;
};

export type LeaderboardEntryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LeaderboardEntry'] = ResolversParentTypes['LeaderboardEntry']> = {
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type LogMetricsPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['LogMetricsPayload'] = ResolversParentTypes['LogMetricsPayload']> = {
  replayed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  written?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MetricKeyInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MetricKeyInfo'] = ResolversParentTypes['MetricKeyInfo']> = {
  jobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MetricSeriesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MetricSeries'] = ResolversParentTypes['MetricSeries']> = {
  best?: Resolver<Maybe<ResolversTypes['JobMetric']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  last?: Resolver<Maybe<ResolversTypes['JobMetric']>, ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['JobMetric']>, ParentType, ContextType>;
};

export type MetricSummaryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MetricSummary'] = ResolversParentTypes['MetricSummary']> = {
  best?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epochOfBest?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  last?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  appendJobLog?: Resolver<ResolversTypes['AppendJobLogPayload'], ParentType, ContextType, RequireFields<MutationAppendJobLogArgs, 'input'>>;
  createJob?: Resolver<ResolversTypes['CreateJobPayload'], ParentType, ContextType, RequireFields<MutationCreateJobArgs, 'input'>>;
  deleteJob?: Resolver<ResolversTypes['DeleteJobPayload'], ParentType, ContextType, RequireFields<MutationDeleteJobArgs, 'input'>>;
  finalizeJob?: Resolver<ResolversTypes['FinalizeJobPayload'], ParentType, ContextType, RequireFields<MutationFinalizeJobArgs, 'input'>>;
  heartbeat?: Resolver<ResolversTypes['HeartbeatPayload'], ParentType, ContextType, RequireFields<MutationHeartbeatArgs, 'input'>>;
  logMetrics?: Resolver<ResolversTypes['LogMetricsPayload'], ParentType, ContextType, RequireFields<MutationLogMetricsArgs, 'input'>>;
  recordDatasetMetrics?: Resolver<ResolversTypes['RecordDatasetMetricsPayload'], ParentType, ContextType, RequireFields<MutationRecordDatasetMetricsArgs, 'input'>>;
  recordEpoch?: Resolver<ResolversTypes['RecordEpochPayload'], ParentType, ContextType, RequireFields<MutationRecordEpochArgs, 'input'>>;
  setJobTags?: Resolver<ResolversTypes['SetJobTagsPayload'], ParentType, ContextType, RequireFields<MutationSetJobTagsArgs, 'input'>>;
  updateJob?: Resolver<ResolversTypes['UpdateJobPayload'], ParentType, ContextType, RequireFields<MutationUpdateJobArgs, 'input'>>;
  updateJobStatus?: Resolver<ResolversTypes['UpdateJobStatusPayload'], ParentType, ContextType, RequireFields<MutationUpdateJobStatusArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  compareMetric?: Resolver<Array<ResolversTypes['MetricSeries']>, ParentType, ContextType, RequireFields<QueryCompareMetricArgs, 'name'>>;
  groupSeries?: Resolver<Array<ResolversTypes['GroupSeries']>, ParentType, ContextType, RequireFields<QueryGroupSeriesArgs, 'by' | 'name'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobFields?: Resolver<ResolversTypes['JobFields'], ParentType, ContextType, Partial<QueryJobFieldsArgs>>;
  jobGroups?: Resolver<Array<ResolversTypes['JobGroup']>, ParentType, ContextType, RequireFields<QueryJobGroupsArgs, 'by' | 'metric'>>;
  jobs?: Resolver<ResolversTypes['JobConnection'], ParentType, ContextType, Partial<QueryJobsArgs>>;
  labelHistory?: Resolver<ResolversTypes['LabelMetricConnection'], ParentType, ContextType, RequireFields<QueryLabelHistoryArgs, 'label'>>;
  leaderboard?: Resolver<Array<ResolversTypes['LeaderboardEntry']>, ParentType, ContextType, RequireFields<QueryLeaderboardArgs, 'first' | 'metric'>>;
  metricHistory?: Resolver<ResolversTypes['JobMetricConnection'], ParentType, ContextType, RequireFields<QueryMetricHistoryArgs, 'name'>>;
};

export type RecordDatasetMetricsPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RecordDatasetMetricsPayload'] = ResolversParentTypes['RecordDatasetMetricsPayload']> = {
  metrics?: Resolver<Array<ResolversTypes['JobMetric']>, ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RecordEpochPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['RecordEpochPayload'] = ResolversParentTypes['RecordEpochPayload']> = {
  epoch?: Resolver<Maybe<ResolversTypes['Epoch']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  replayed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SetJobTagsPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SetJobTagsPayload'] = ResolversParentTypes['SetJobTagsPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  epochRecorded?: SubscriptionResolver<ResolversTypes['Epoch'], "epochRecorded", ParentType, ContextType, Partial<SubscriptionEpochRecordedArgs>>;
  jobUpdated?: SubscriptionResolver<ResolversTypes['Job'], "jobUpdated", ParentType, ContextType, Partial<SubscriptionJobUpdatedArgs>>;
  metricPointsAdded?: SubscriptionResolver<Array<ResolversTypes['JobMetric']>, "metricPointsAdded", ParentType, ContextType, RequireFields<SubscriptionMetricPointsAddedArgs, 'jobId' | 'name'>>;
};

export type TagValueCountResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TagValueCount'] = ResolversParentTypes['TagValueCount']> = {
  jobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UpdateJobPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UpdateJobPayload'] = ResolversParentTypes['UpdateJobPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UpdateJobStatusPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UpdateJobStatusPayload'] = ResolversParentTypes['UpdateJobStatusPayload']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  AppendJobLogPayload?: AppendJobLogPayloadResolvers<ContextType>;
  ConfigKeyInfo?: ConfigKeyInfoResolvers<ContextType>;
  CreateJobPayload?: CreateJobPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteJobPayload?: DeleteJobPayloadResolvers<ContextType>;
  Epoch?: EpochResolvers<ContextType>;
  FinalizeJobPayload?: FinalizeJobPayloadResolvers<ContextType>;
  GroupPoint?: GroupPointResolvers<ContextType>;
  GroupSeries?: GroupSeriesResolvers<ContextType>;
  HeartbeatPayload?: HeartbeatPayloadResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobConnection?: JobConnectionResolvers<ContextType>;
  JobEdge?: JobEdgeResolvers<ContextType>;
  JobFields?: JobFieldsResolvers<ContextType>;
  JobGroup?: JobGroupResolvers<ContextType>;
  JobLog?: JobLogResolvers<ContextType>;
  JobLogConnection?: JobLogConnectionResolvers<ContextType>;
  JobLogEdge?: JobLogEdgeResolvers<ContextType>;
  JobMetric?: JobMetricResolvers<ContextType>;
  JobMetricConnection?: JobMetricConnectionResolvers<ContextType>;
  JobMetricEdge?: JobMetricEdgeResolvers<ContextType>;
  JobResults?: JobResultsResolvers<ContextType>;
  JobStatusChange?: JobStatusChangeResolvers<ContextType>;
  LabelMetric?: LabelMetricResolvers<ContextType>;
  LabelMetricConnection?: LabelMetricConnectionResolvers<ContextType>;
  LabelMetricEdge?: LabelMetricEdgeResolvers<ContextType>;
  LeaderboardEntry?: LeaderboardEntryResolvers<ContextType>;
  LogMetricsPayload?: LogMetricsPayloadResolvers<ContextType>;
  MetricKeyInfo?: MetricKeyInfoResolvers<ContextType>;
  MetricSeries?: MetricSeriesResolvers<ContextType>;
  MetricSummary?: MetricSummaryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordDatasetMetricsPayload?: RecordDatasetMetricsPayloadResolvers<ContextType>;
  RecordEpochPayload?: RecordEpochPayloadResolvers<ContextType>;
  SetJobTagsPayload?: SetJobTagsPayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TagValueCount?: TagValueCountResolvers<ContextType>;
  UpdateJobPayload?: UpdateJobPayloadResolvers<ContextType>;
  UpdateJobStatusPayload?: UpdateJobStatusPayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
};

