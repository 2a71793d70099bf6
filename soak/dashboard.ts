import type { ApiClient } from './client';
import { checkAnswer, type ShownEpoch, type ShownJob } from './dashboard-check';
import type { Ledger } from './ledger';

type Data = Record<string, any>;

/** A view a dashboard shows: its query on a few of the jobs trainers have created, and what its answer shows of them. */
interface View {
  name: string;
  query: string;
  variables: (jobs: string[]) => Record<string, unknown>;
  /** The jobs' epochs in the answer, for the views checked against the ledger (see dashboard-check.ts). */
  shows?: (data: Data, variables: Record<string, unknown>) => ShownJob[];
}

/** A val_f1 series as the epochs it shows. */
const valF1Epochs = (points: readonly { epoch: number; value: number }[]): ShownEpoch[] =>
  points.map((p) => ({ epoch: p.epoch, valF1: p.value }));

const VIEWS: View[] = [
  {
    name: 'overview',
    query: `{ jobs(first: 20) { edges { node { id name status bestEpoch { epoch valF1 } series(name: "val_f1") { epoch value } } } } }`,
    variables: () => ({}),
    shows: (data) =>
      (data.jobs.edges as { node: { id: string; series: { epoch: number; value: number }[] } }[]).map(({ node }) => ({
        jobId: node.id,
        epochs: valF1Epochs(node.series),
      })),
  },
  {
    name: 'jobDetail',
    query: `query($id: ID!) { job(id: $id) { id status epochs { epoch valF1 labels { label f1 support } } results { bestF1 } logs(first: 20) { edges { node { message } } } } }`,
    variables: (jobs) => ({ id: jobs[0] }),
    shows: (data, variables) => {
      const job = data.job as { status: string; epochs: ShownEpoch[]; results: { bestF1: number | null } | null } | null;
      return [
        {
          jobId: variables.id as string,
          epochs: job?.epochs ?? null,
          state: job ? { status: job.status, bestF1: job.results?.bestF1 ?? null } : undefined,
        },
      ];
    },
  },
  {
    name: 'compare',
    query: `query($ids: [ID!]) { compareMetric(name: "val_f1", jobIds: $ids) { jobId points { epoch value } } }`,
    variables: (jobs) => ({ ids: jobs.slice(0, 10) }),
    shows: (data, variables) => {
      const series = new Map(
        (data.compareMetric as { jobId: string; points: { epoch: number; value: number }[] }[]).map((s) => [s.jobId, s.points]),
      );
      return (variables.ids as string[]).map((jobId) => ({ jobId, epochs: valF1Epochs(series.get(jobId) ?? []) }));
    },
  },
  { name: 'leaderboard', query: `{ leaderboard(metric: "val_f1", first: 10) { rank jobId value epoch } }`, variables: () => ({}) },
  {
    name: 'labelHistory',
    query: `{ labelHistory(label: "LABEL_1", first: 100) { edges { node { jobId epoch f1 } } } }`,
    variables: () => ({}),
  },
  {
    name: 'longSeries',
    query: `query($id: ID!) { job(id: $id) { series(name: "train_loss", maxPoints: 100) { step value } } }`,
    variables: (jobs) => ({ id: jobs[0] }),
  },
];

/**
 * A dashboard: one view after another, with a think time between them, until the run stops. Every answer of a view
 * that shows epochs (overview, job detail, compare) is checked against what trainers had been acknowledged when it
 * was asked.
 */
export class Dashboard {
  constructor(
    private readonly api: ApiClient,
    private readonly ledger: Ledger,
    private readonly opts: { name: string; thinkMs: number },
    private readonly running: () => boolean,
    private readonly random: () => number = Math.random,
  ) {}

  async run(): Promise<void> {
    for (let turn = Math.floor(this.random() * VIEWS.length); this.running(); turn++) {
      const known = this.ledger.jobIds;
      if (known.length === 0) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const view = VIEWS[turn % VIEWS.length];
      const start = Math.floor(this.random() * known.length);
      const jobs = [...known.slice(start), ...known.slice(0, start)];
      const variables = view.variables(jobs);
      const result = await this.api.call(view.query, variables);
      this.ledger.record(`query ${view.name}`, result, { role: 'dashboard', name: this.opts.name });
      if (view.shows && result.code === null && result.data)
        checkAnswer(this.ledger, view.name, view.shows(result.data, variables), result.startedAt);
      await new Promise((r) => setTimeout(r, this.opts.thinkMs * (0.5 + this.random())));
    }
  }
}
