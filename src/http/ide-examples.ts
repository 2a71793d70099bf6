/**
 * Example operations preloaded as GraphiQL tabs: the trainer's write flow, then the dashboard's reads.
 * They share one job id so that running the tabs top to bottom works against an empty table.
 */

/** One GraphiQL tab: a titled operation and the variables it needs. */
export interface IdeExample {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** The job every example writes to and reads from (a fixed UUID v4, so re-running is a replay). */
export const EXAMPLE_JOB_ID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';

const USER_ERRORS = 'userErrors { code field message }';

/** Example operations in trainer-flow order, each valid against the public API contract. */
export const IDE_EXAMPLES: IdeExample[] = [
  {
    title: '1. Trainer: create the job',
    query: `mutation CreateJob($input: CreateJobInput!) {
  createJob(input: $input) {
    job { id name status priority createdAt createdBy config tags }
    replayed
    ${USER_ERRORS}
  }
}`,
    variables: {
      input: {
        id: EXAMPLE_JOB_ID,
        name: 'layoutlm-receipts-demo',
        description: 'LayoutLM fine-tuning on receipt words (IDE example)',
        createdBy: 'graphiql',
        priority: 'MEDIUM',
        status: 'RUNNING',
        config: {
          model: 'microsoft/layoutlm-base-uncased',
          learning_rate: 5e-5,
          num_train_epochs: 10,
          per_device_train_batch_size: 8,
          label_list: ['O', 'B-MERCHANT_NAME', 'I-MERCHANT_NAME', 'B-TOTAL', 'I-TOTAL'],
        },
        tags: { dataset: 'receipts-v3', owner: 'ml-team' },
      },
    },
  },
  {
    title: '2. Trainer: record an epoch',
    query: `mutation RecordEpoch($input: RecordEpochInput!) {
  recordEpoch(input: $input) {
    epoch {
      epoch step valF1 valPrecision valRecall evalLoss trainLoss learningRate isBest
      labels { label f1 precision recall support }
    }
    job { id bestEpoch { epoch valF1 } }
    replayed
    ${USER_ERRORS}
  }
}`,
    variables: {
      input: {
        jobId: EXAMPLE_JOB_ID,
        epoch: 1,
        step: 230,
        valF1: 0.912,
        valPrecision: 0.905,
        valRecall: 0.919,
        evalLoss: 0.231,
        trainLoss: 0.287,
        learningRate: 4.5e-5,
        labels: [
          { label: 'MERCHANT_NAME', f1: 0.94, precision: 0.93, recall: 0.95, support: 156 },
          { label: 'TOTAL', f1: 0.89, precision: 0.88, recall: 0.9, support: 148 },
        ],
        extra: [{ name: 'samples_per_second', value: 12.7, unit: 'samples/s' }],
      },
    },
  },
  {
    title: '3. Trainer: record dataset metrics',
    query: `mutation RecordDatasetMetrics($input: RecordDatasetMetricsInput!) {
  recordDatasetMetrics(input: $input) {
    metrics { name value unit epoch timestamp }
    ${USER_ERRORS}
  }
}`,
    variables: {
      input: {
        jobId: EXAMPLE_JOB_ID,
        numTrainSamples: 1840,
        numValSamples: 460,
        oEntityRatioTrain: 0.71,
        oEntityRatioVal: 0.69,
        extra: [{ name: 'run_metrics_comparable', value: 1, unit: 'flag' }],
      },
    },
  },
  {
    title: '4. Trainer: append a JSON log line',
    query: `mutation AppendJobLog($input: AppendJobLogInput!) {
  appendJobLog(input: $input) {
    # data is the message parsed as JSON, so dashboards need not parse it themselves
    log { jobId timestamp level message source data }
    ${USER_ERRORS}
  }
}`,
    variables: {
      input: {
        jobId: EXAMPLE_JOB_ID,
        level: 'INFO',
        message: JSON.stringify({ event: 'epoch_end', epoch: 1, val_f1: 0.912 }),
        source: 'trainer',
      },
    },
  },
  {
    title: '5. Trainer: finalize the job',
    query: `mutation FinalizeJob($input: FinalizeJobInput!) {
  finalizeJob(input: $input) {
    job {
      id status
      results { bestF1 bestEpoch trainRuntime totalFlos earlyStoppingTriggered bestCheckpointS3Path raw }
    }
    ${USER_ERRORS}
  }
}`,
    variables: {
      input: {
        jobId: EXAMPLE_JOB_ID,
        status: 'SUCCEEDED',
        trainRuntime: 1834.5,
        totalFlos: 2.1e15,
        earlyStoppingTriggered: false,
        bestCheckpointS3Path: `s3://example-bucket/checkpoints/${EXAMPLE_JOB_ID}/checkpoint-230`,
        extra: { checkpoint_metric: 'val_f1' },
      },
    },
  },
  {
    title: '6. Dashboard: jobs with their best epoch',
    query: `query Jobs($status: JobStatus, $first: Int = 20, $after: String) {
  jobs(status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        id name status priority createdAt createdBy tags
        bestEpoch { epoch valF1 evalLoss }
        results { bestF1 bestEpoch trainRuntime earlyStoppingTriggered }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { first: 20 },
  },
  {
    title: '7. Dashboard: training curve of a job',
    query: `query TrainingCurve($id: ID!) {
  job(id: $id) {
    id name status
    series(name: "val_f1") { epoch step value timestamp }
    epochs { epoch valF1 evalLoss trainLoss learningRate isBest }
  }
}`,
    variables: { id: EXAMPLE_JOB_ID },
  },
  {
    title: '8. Dashboard: compare val_f1 across jobs',
    query: `# Omit jobIds to compare every job that has the metric.
query CompareMetric($name: String!, $jobIds: [ID!]) {
  compareMetric(name: $name, jobIds: $jobIds) {
    jobId
    job { name status }
    best { epoch value }
    last { epoch value }
    points { epoch step value }
  }
}`,
    variables: { name: 'val_f1', jobIds: [EXAMPLE_JOB_ID] },
  },
  {
    title: '9. Dashboard: leaderboard',
    query: `# direction defaults to ASC for *loss metrics, DESC otherwise.
query Leaderboard($metric: String!, $direction: RankDirection, $first: Int) {
  leaderboard(metric: $metric, direction: $direction, first: $first) {
    rank jobId value epoch
    job { name status createdAt }
  }
}`,
    variables: { metric: 'val_f1', first: 10 },
  },
  {
    title: '10. Search: runs by config, tags and results',
    query: `# Succeeded runs with a learning rate below 1e-4 and val_f1 above 0.85, best val_f1 first. The same search as
# text: set "query" to config.learning_rate < 1e-4 and metrics.val_f1 > 0.85 and status = SUCCEEDED (and drop "filter").
query SearchJobs($filter: JobFilter, $query: String, $orderBy: [JobOrder!], $after: String) {
  jobs(filter: $filter, query: $query, orderBy: $orderBy, first: 20, after: $after) {
    totalCount
    edges {
      node {
        id name status createdAt lastSeenAt stale
        summary(metric: "val_f1") { best last epochOfBest count }
        configValue(path: "learning_rate")
        tags
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: {
      filter: {
        status: ['SUCCEEDED'],
        config: [{ path: 'learning_rate', op: 'LT', value: 1e-4 }],
        metric: [{ name: 'val_f1', op: 'GT', value: 0.85 }],
      },
      orderBy: [{ field: 'METRIC', metric: 'val_f1' }],
    },
  },
  {
    title: '11. Search: seed-averaged groups of runs',
    query: `# Runs equal on the \`by\` keys (config paths, tags.KEY, status, name) form a group: the spread of their best val_f1,
# and their mean val_f1 curve with its band.
query JobGroups($query: String, $by: [String!]!) {
  jobGroups(query: $query, by: $by, metric: "val_f1") {
    key count jobIds mean stddev min median max
  }
  groupSeries(query: $query, by: $by, name: "val_f1", maxPoints: 200) {
    key jobIds
    points { epoch mean min max stddev count }
  }
}`,
    variables: { query: 'tags.dataset = "receipts-v3"', by: ['model', 'learning_rate'] },
  },
  {
    title: '12. Dashboard: one label across runs and in one job',
    query: `query LabelHistory($label: String!, $id: ID!) {
  labelHistory(label: $label, first: 50) {
    edges { node { jobId epoch f1 precision recall support timestamp job { name } } }
    pageInfo { hasNextPage endCursor }
  }
  job(id: $id) {
    id name
    labelMetrics(label: $label) { epoch label f1 precision recall support }
  }
}`,
    variables: { label: 'MERCHANT_NAME', id: EXAMPLE_JOB_ID },
  },
  {
    title: '13. Live: epochs and status changes as they happen',
    query: `# A subscription: run it, then record an epoch (tab 2) or finalize (tab 5); results stream in here.
# Over graphql-ws on this same path; the Authorization header of this tab is sent when the socket connects.
subscription Live($id: ID) {
  epochRecorded(jobId: $id) {
    epoch valF1 evalLoss isBest recordedAt
    labels { label f1 support }
  }
}`,
    variables: { id: EXAMPLE_JOB_ID },
  },
];
