import { randomUUID } from 'node:crypto';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyJob, legacyMetric, legacyTs, putOneByOne } from '../helpers/legacy-seed';
import { subscribe } from '../helpers/subscriber';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/** The job catalog over time: legacy writes, grouping, staleness, restarts and writes during its load. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function record(server: TestServer, jobId: string, epoch: number, valF1: number) {
  const res = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, epoch, 1, { valF1 }) });
  expect(res.errors).toBeUndefined();
  expect(res.data?.recordEpoch.userErrors).toEqual([]);
}

describe('the job catalog', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 300 }, catalog: { staleAfterMs: 2000 } });
  }, 60_000);
  afterAll(() => server?.close());

  it('finds a job the legacy writer put straight into the table, by config and metric, within 2 seconds', async () => {
    const jobId = randomUUID();
    const marker = randomUUID();
    const base = '2026-03-01T10:00:00';
    const written = Date.now();
    await putOneByOne(server.doc, server.tableName, [
      {
        ...legacyJob({ id: jobId, name: 'legacy-run', status: 'running', createdAt: `${base}.000000`, config: { marker, lr: 3e-5 } }),
        tags: { source: 'legacy' },
      },
      legacyMetric({ jobId, name: 'val_f1', ts: legacyTs(base, 1000), value: 0.61, epoch: 0, unit: 'ratio' }),
      legacyMetric({ jobId, name: 'val_f1', ts: legacyTs(base, 2000), value: 0.72, epoch: 1, unit: 'ratio' }),
      legacyMetric({ jobId, name: 'eval_loss', ts: legacyTs(base, 3000), value: 0.4, epoch: 1, unit: 'loss' }),
    ]);
    const query = `config.marker = "${marker}" and config.lr < 1e-4 and metrics.val_f1 > 0.7 and tags.source = "legacy"`;
    let found: any = null;
    for (; Date.now() - written < 5000; await sleep(50)) {
      const res = await server.gql(
        `query($q: String) { jobs(query: $q) { edges { node { id summary(metric: "val_f1") { best last count epochOfBest } } } } }`,
        { q: query },
      );
      expect(res.errors).toBeUndefined();
      found = res.data?.jobs.edges[0]?.node ?? null;
      if (found) break;
    }
    expect(Date.now() - written).toBeLessThan(2000);
    expect(found).toEqual({ id: jobId, summary: { best: 0.72, last: 0.72, count: 2, epochOfBest: 1 } });
  });

  it('groups jobs equal on config keys with the statistics of their best values, and their mean curves', async () => {
    const group = randomUUID();
    const plan = [
      { lr: 1e-4, seed: 0, f1s: [0.5, 0.7] },
      { lr: 1e-4, seed: 1, f1s: [0.6, 0.8] },
      { lr: 1e-4, seed: 2, f1s: [0.55, 0.9] },
      { lr: 5e-5, seed: 0, f1s: [0.4, 0.6] },
      { lr: 5e-5, seed: 1, f1s: [0.45] },
    ];
    const ids: string[] = [];
    for (const p of plan) {
      const id = await createJob(server, { config: { group, optimizer: { lr: p.lr }, seed: p.seed } });
      for (const [epoch, f1] of p.f1s.entries()) await record(server, id, epoch, f1);
      ids.push(id);
    }
    await until(
      () => ids.every((id, i) => server.catalog?.entry(id)?.summaries.get('val_f1')?.count === plan[i].f1s.length),
      'epochs in the catalog',
    );
    const res = await server.gql(
      `query($f: JobFilter) { jobGroups(filter: $f, by: ["optimizer.lr"], metric: "val_f1") { key count jobIds mean stddev min median max } }`,
      { f: { config: [{ path: 'group', op: 'EQ', value: group }] } },
    );
    expect(res.errors).toBeUndefined();
    // By hand: lr 1e-4 bests 0.7, 0.8, 0.9 (mean 0.8, sample sd 0.1); lr 5e-5 bests 0.6, 0.45 (mean 0.525, sd 0.106066).
    const [high, low] = res.data?.jobGroups ?? [];
    expect(high.key).toEqual({ 'optimizer.lr': 1e-4 });
    expect(high.count).toBe(3);
    expect(new Set(high.jobIds)).toEqual(new Set(ids.slice(0, 3)));
    expect(high.mean).toBeCloseTo(0.8, 12);
    expect(high.stddev).toBeCloseTo(0.1, 12);
    expect([high.min, high.median, high.max]).toEqual([0.7, 0.8, 0.9]);
    expect(low.key).toEqual({ 'optimizer.lr': 5e-5 });
    expect(low.mean).toBeCloseTo(0.525, 12);
    expect(low.stddev).toBeCloseTo(Math.sqrt(((0.6 - 0.525) ** 2 + (0.45 - 0.525) ** 2) / 1), 12);
    expect(low.median).toBeCloseTo(0.525, 12);

    const series = await server.gql(
      `query($f: JobFilter) { groupSeries(filter: $f, by: ["config.optimizer.lr"], name: "val_f1") { key jobIds points { epoch step mean min max stddev count } } }`,
      { f: { config: [{ path: 'group', op: 'EQ', value: group }] } },
    );
    expect(series.errors).toBeUndefined();
    const highSeries = series.data?.groupSeries.find((g: any) => g.key['config.optimizer.lr'] === 1e-4);
    expect(highSeries.points).toHaveLength(2);
    expect(highSeries.points[0]).toMatchObject({ epoch: 0, step: null, min: 0.5, max: 0.6, count: 3 });
    expect(highSeries.points[0].mean).toBeCloseTo(0.55, 12);
    expect(highSeries.points[0].stddev).toBeCloseTo(0.05, 12);
    expect(highSeries.points[1].mean).toBeCloseTo(0.8, 12);
    const lowSeries = series.data?.groupSeries.find((g: any) => g.key['config.optimizer.lr'] === 5e-5);
    expect(lowSeries.points.map((p: any) => p.count)).toEqual([2, 1]);
    expect(lowSeries.points[1]).toMatchObject({ epoch: 1, mean: 0.6, stddev: 0 });
  });

  it('averages step series by step', async () => {
    const group = randomUUID();
    const ids: string[] = [];
    for (const scale of [1, 3]) {
      const id = await createJob(server, { config: { group } });
      const points = [0, 10, 20].map((step) => ({ name: 'train_loss', step, value: scale * (1 + step / 10) }));
      const res = await server.gql(`mutation($input: LogMetricsInput!) { logMetrics(input: $input) { userErrors { message } } }`, {
        input: { jobId: id, points },
      });
      expect(res.data?.logMetrics.userErrors).toEqual([]);
      ids.push(id);
    }
    await until(() => ids.every((id) => server.catalog?.entry(id) !== undefined), 'jobs in the catalog');
    const res = await server.gql(
      `query($q: String) { groupSeries(query: $q, by: ["status"], name: "train_loss", maxPoints: 4) { key jobIds points { epoch step mean min max stddev count } } }`,
      { q: `config.group = "${group}"` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.groupSeries).toHaveLength(1);
    const [g] = res.data?.groupSeries ?? [];
    expect(g.key).toEqual({ status: 'PENDING' });
    expect(new Set(g.jobIds)).toEqual(new Set(ids));
    expect(g.points.map((p: any) => [p.step, p.epoch, p.mean, p.min, p.max, p.count])).toEqual([
      [0, null, 2, 1, 3, 2],
      [10, null, 4, 2, 6, 2],
      [20, null, 6, 3, 9, 2],
    ]);
    expect(g.points[0].stddev).toBeCloseTo(Math.SQRT2, 12);
  });

  it('marks a running job stale once not seen for STALE_AFTER_S, announces it on jobUpdated, and un-stales it on its next write', async () => {
    const jobId = await createJob(server);
    const s = await subscribe(server.url, `subscription($id: ID) { jobUpdated(jobId: $id) { id status stale lastSeenAt } }`, {
      id: jobId,
    });
    try {
      await record(server, jobId, 0, 0.5); // PENDING -> RUNNING
      const q = `query($id: ID!) { job(id: $id) { stale lastSeenAt } jobs(filter: { stale: true, name: { prefix: "job-${jobId.slice(0, 8)}" } }) { totalCount } }`;
      const fresh = await server.gql(q, { id: jobId });
      expect(fresh.data?.job.stale).toBe(false);
      await until(() => s.received.some((r) => r.data?.jobUpdated.stale === true), 'the stale announcement', 10_000);
      const stale = await server.gql(q, { id: jobId });
      expect(stale.data?.job.stale).toBe(true);
      expect(stale.data?.jobs.totalCount).toBe(1);
      expect(Date.now() - Date.parse(stale.data?.job.lastSeenAt)).toBeGreaterThan(2000);
      await record(server, jobId, 1, 0.6);
      const staleAt = s.received.findIndex((r) => r.data?.jobUpdated.stale === true);
      await until(() => s.received.slice(staleAt + 1).some((r) => r.data?.jobUpdated.stale === false), 'the job seen again', 10_000);
      expect((await server.gql(q, { id: jobId })).data?.job.stale).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('is rebuilt from the table by a restarted server', async () => {
    const q = `{ jobs(orderBy: [{ field: METRIC, metric: "val_f1" }], first: 500) { totalCount edges { node { id summary(metric: "val_f1") { best last min max count epochOfBest } } } } }`;
    const again = await startTestServer({ tableName: server.tableName, skipTableCreation: true, catalog: {} });
    try {
      // The running server's catalog has heard of every write by now (nothing is written meanwhile).
      await until(() => server.catalog?.size === again.catalog?.size, 'the running catalog to have every job');
      const before = await server.gql(q);
      expect(before.data?.jobs.totalCount).toBeGreaterThan(5);
      expect(again.catalog?.size).toBe(before.data?.jobs.totalCount);
      expect((await again.gql(q)).data).toEqual(before.data);
    } finally {
      await again.close();
    }
  });
});

describe('a catalog loading while trainers write', () => {
  it('loses no write made during its load', async () => {
    const writer = await startTestServer();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await createJob(writer, { config: { i } }));
    for (const id of ids) await record(writer, id, 0, 0.3);
    let epochs = 1;
    let stop = false;
    const writing = (async () => {
      for (let epoch = 1; !stop && epoch < 40; epoch++) {
        await Promise.all(ids.map((id) => record(writer, id, epoch, 0.3 + epoch / 100)));
        epochs = epoch + 1;
      }
    })();
    await sleep(300);
    const reader = await startTestServer({ tableName: writer.tableName, skipTableCreation: true, catalog: {} });
    try {
      await sleep(500);
      stop = true;
      await writing;
      const done = epochs;
      await until(
        () => ids.every((id) => reader.catalog?.entry(id)?.summaries.get('val_f1')?.count === done),
        `${done} epochs of every job`,
        10_000,
      );
      for (const id of ids)
        expect(reader.catalog?.entry(id)?.summaries.get('val_f1')).toMatchObject({ count: done, last: 0.3 + (done - 1) / 100 });
    } finally {
      await reader.close();
      await writer.close();
    }
  }, 60_000);
});
