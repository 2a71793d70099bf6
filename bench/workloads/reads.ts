import { rawCompare, rawJobDetail, rawLabelHistory, rawLeaderboard, rawOverview } from '../raw/reads';
import type { BenchContext, Workload } from './workload';

/** The dashboard reads W1-W5: each GraphQL operation next to its raw-SDK baseline. */

const OVERVIEW = `query Overview($first: Int!) {
  jobs(first: $first) { edges { node {
    id name status
    results { bestF1 bestEpoch trainRuntime }
    bestEpoch { epoch valF1 }
    series(name: "val_f1") { epoch step value }
  } } }
}`;

const JOB_DETAIL = `query JobDetail($id: ID!, $logs: Int!) {
  job(id: $id) {
    id name status
    epochs { epoch step valF1 valPrecision valRecall evalLoss trainLoss learningRate isBest recordedAt labels { label f1 precision recall support } }
    datasetMetrics { name value unit }
    logs(first: $logs) { edges { node { timestamp level message } } }
  }
}`;

const COMPARE = `query Compare($name: String!, $ids: [ID!]) {
  compareMetric(name: $name, jobIds: $ids) { jobId best { epoch value } last { epoch value } points { epoch step value } }
}`;

export const LEADERBOARD = `query Leaderboard($metric: String!, $first: Int!) {
  leaderboard(metric: $metric, first: $first) { rank jobId value epoch job { name } }
}`;

const LABEL_HISTORY = `query LabelHistory($label: String!, $first: Int!) {
  labelHistory(label: $label, first: $first) { edges { node { jobId epoch f1 precision recall support timestamp } } }
}`;

const OVERVIEW_JOBS = 50;
const DETAIL_LOGS = 100;
const COMPARED_JOBS = 20;
export const LEADERS = 10;
const HISTORY_ROWS = 500;

/** W1..W5 on the seeded table. */
export function readWorkloads(ctx: BenchContext): Workload[] {
  const { db, gql, jobs } = ctx;
  const ids = jobs.map((j) => j.id);
  const jobOf = (i: number) => ids[i % ids.length];
  // A window of 20 jobs moving through the table (7 is prime to the job count, so windows differ request to request).
  const windowOf = (i: number) => Array.from({ length: Math.min(COMPARED_JOBS, ids.length) }, (_, k) => ids[(i * 7 + k) % ids.length]);
  // Every legacy, step-series and tenth job is checked in W2: all shapes of partition.
  const detailChecks = jobs.map((j, i) => ((j.legacy && i % 3 === 0) || j.stepPoints > 0 || i % 10 === 5 ? i : -1)).filter((i) => i >= 0);
  const data = async (query: string, variables: Record<string, unknown>) => {
    const { data: answer, stats } = await gql.request(query, variables);
    return { answer, stats };
  };
  return [
    {
      id: 'W1',
      title: `overview: jobs(first: ${OVERVIEW_JOBS}) with status, results, bestEpoch, val_f1 series`,
      graphql: () => data(OVERVIEW, { first: OVERVIEW_JOBS }),
      raw: () => rawOverview(db, OVERVIEW_JOBS),
      checkIterations: [0],
    },
    {
      id: 'W2',
      title: 'job detail: epochs with labels, datasetMetrics, logs',
      graphql: (i) => data(JOB_DETAIL, { id: jobOf(i), logs: DETAIL_LOGS }),
      raw: (i) => rawJobDetail(db, jobOf(i), DETAIL_LOGS),
      checkIterations: detailChecks,
    },
    {
      id: 'W3',
      title: `compare: compareMetric("val_f1") over ${COMPARED_JOBS} jobs`,
      graphql: (i) => data(COMPARE, { name: 'val_f1', ids: windowOf(i) }),
      raw: (i) => rawCompare(db, 'val_f1', windowOf(i)),
      checkIterations: [0, 1, 2],
    },
    {
      id: 'W4',
      title: `leaderboard: top ${LEADERS} by val_f1`,
      graphql: () => data(LEADERBOARD, { metric: 'val_f1', first: LEADERS }),
      raw: () => rawLeaderboard(db, 'val_f1', LEADERS),
      checkIterations: [0],
    },
    {
      id: 'W5',
      title: `one label across all jobs: labelHistory("MERCHANT_NAME", first: ${HISTORY_ROWS})`,
      graphql: () => data(LABEL_HISTORY, { label: 'MERCHANT_NAME', first: HISTORY_ROWS }),
      raw: () => rawLabelHistory(db, 'MERCHANT_NAME', HISTORY_ROWS),
      checkIterations: [0],
    },
  ];
}
