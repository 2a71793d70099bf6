import type { ApiClient } from './client';
import type { Ledger } from './ledger';

/** The views a dashboard cycles through, each given a few of the jobs trainers have created. */
const VIEWS: { name: string; query: string; variables: (jobs: string[]) => Record<string, unknown> }[] = [
  {
    name: 'overview',
    query: `{ jobs(first: 20) { edges { node { id name status bestEpoch { epoch valF1 } series(name: "val_f1") { value } } } } }`,
    variables: () => ({}),
  },
  {
    name: 'jobDetail',
    query: `query($id: ID!) { job(id: $id) { id status epochs { epoch valF1 labels { label f1 support } } results { bestF1 } logs(first: 20) { edges { node { message } } } } }`,
    variables: (jobs) => ({ id: jobs[0] }),
  },
  {
    name: 'compare',
    query: `query($ids: [ID!]) { compareMetric(name: "val_f1", jobIds: $ids) { jobId points { epoch value } } }`,
    variables: (jobs) => ({ ids: jobs.slice(0, 10) }),
  },
  { name: 'leaderboard', query: `{ leaderboard(metric: "val_f1", first: 10) { rank jobId value epoch } }`, variables: () => ({}) },
  { name: 'labelHistory', query: `{ labelHistory(label: "LABEL_1", first: 100) { edges { node { jobId epoch f1 } } } }`, variables: () => ({}) },
  {
    name: 'longSeries',
    query: `query($id: ID!) { job(id: $id) { series(name: "train_loss", maxPoints: 100) { step value } } }`,
    variables: (jobs) => ({ id: jobs[0] }),
  },
];

/** A dashboard: one view after another, with a think time between them, until the run stops. */
export class Dashboard {
  constructor(
    private readonly api: ApiClient,
    private readonly ledger: Ledger,
    private readonly thinkMs: number,
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
      this.ledger.record(`query ${view.name}`, await this.api.call(view.query, view.variables(jobs)));
      await new Promise((r) => setTimeout(r, this.thinkMs * (0.5 + this.random())));
    }
  }
}
