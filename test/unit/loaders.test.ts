/**
 * The per-request loaders on a fake repository that counts its reads: where a metric read comes from (the job's
 * partition, or its own Query) follows the documented rule, the same with `load` and `loadMany`, in either order.
 */
import { JobPartition } from '../../src/modules/partition/job-partition';
import type { Item } from '../../src/db/batch';
import { jobToItem } from '../../src/modules/jobs/job-item';
import type { JobModel } from '../../src/modules/jobs/job-model';
import { createLoaders, forgetJob, type LoaderSources, type Loaders, type MetricOfJobRead } from '../../src/modules/loaders';
import { metricPointToItem, parseMetricItem } from '../../src/modules/metrics/metric-item';
import type { MetricPoint, StepSeriesDescriptor } from '../../src/modules/metrics/metric-model';
import { compareTrainingOrder } from '../../src/modules/metrics/metric-rules';
import { descriptorToItem, parseDescriptor } from '../../src/modules/metrics/step-items';

const JOB_A = '0b0e4b8e-3c37-4f4e-9d53-5d1f3e0a0001';
const JOB_B = '0b0e4b8e-3c37-4f4e-9d53-5d1f3e0a0002';

function job(id: string, name: string): JobModel {
  return {
    id,
    name,
    description: '',
    status: 'RUNNING',
    priority: 'MEDIUM',
    createdAt: '2026-01-02T10:00:00.000000+00:00',
    createdBy: 'system',
    config: {},
    tags: {},
    results: null,
  };
}

/** A job's stored items: the job, val_f1 and eval_loss of three epochs (recorded out of order), a step series' descriptor. */
function partitionOf(id: string, name: string): Item[] {
  const points = [2, 0, 1].flatMap((epoch) => [
    metricPointToItem({
      jobId: id,
      name: 'val_f1',
      value: 0.5 + epoch / 100,
      epoch,
      step: 10 * epoch,
      timestamp: `2026-01-02T10:0${epoch}:00.000000+00:00`,
    }),
    metricPointToItem({
      jobId: id,
      name: 'eval_loss',
      value: 1 - epoch / 10,
      epoch,
      step: 10 * epoch,
      timestamp: `2026-01-02T10:0${epoch}:00.000001+00:00`,
    }),
  ]);
  const descriptor: StepSeriesDescriptor = {
    jobId: id,
    name: 'train_loss',
    blockSteps: 100,
    minStep: 0,
    maxStep: 250,
    count: 26,
    packed: true,
    version: 3,
  };
  return [jobToItem(job(id, name)), ...points, descriptorToItem(descriptor)];
}

const TABLE = new Map<string, Item[]>([
  [JOB_A, partitionOf(JOB_A, 'run-a')],
  [JOB_B, partitionOf(JOB_B, 'run-b')],
]);

/** The repositories' read methods over TABLE, counting every call as one read of DynamoDB. */
function fakeSources() {
  const calls = { getMany: 0, partitionItems: 0, pointsOfJob: 0, descriptors: 0, seriesPoints: 0, seriesSummaries: 0, cards: 0 };
  const sources: LoaderSources = {
    jobs: {
      getMany: async (ids) => {
        calls.getMany++;
        return new Map(ids.filter((id) => TABLE.has(id)).map((id) => [id, job(id, id === JOB_A ? 'run-a' : 'run-b')]));
      },
    },
    partitions: {
      read: async (jobId) => {
        calls.partitionItems++;
        return new JobPartition(jobId, TABLE.get(jobId) ?? []);
      },
    },
    metrics: {
      pointsOfJob: async (jobId, name) => {
        calls.pointsOfJob++;
        const points = (TABLE.get(jobId) ?? []).map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
        return points.sort(compareTrainingOrder);
      },
    },
    steps: {
      descriptors: async (reads) => {
        calls.descriptors++;
        const found = reads.flatMap((r) =>
          (TABLE.get(r.jobId) ?? []).map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d?.name === r.name),
        );
        return new Map(found.map((d) => [`${d.jobId}\u0000${d.name}`, d]));
      },
      seriesPoints: async () => {
        calls.seriesPoints++;
        return [];
      },
      seriesSummaries: async () => {
        calls.seriesSummaries++;
        return [];
      },
      summariesOver: async () => {
        calls.seriesSummaries++;
        return [];
      },
      withinRange: async (_head, _range, summaries) => [...summaries],
      // Counted with `descriptors`: both read heads (this one a Query of a job's `SERIES#` items).
      descriptorsOfJob: async (jobId) => {
        calls.descriptors++;
        return (TABLE.get(jobId) ?? []).map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
      },
    },
    cards: {
      forOverview: async () => {
        calls.cards++;
        return { cards: new Map(), descriptors: new Map() };
      },
    },
  };
  return { sources, calls };
}

type Way = 'load' | 'loadMany';

function askPartitions(loaders: Loaders, ids: string[], way: Way) {
  return way === 'load' ? Promise.all(ids.map((id) => loaders.partition.load(id))) : loaders.partition.loadMany(ids);
}

function askMetrics(loaders: Loaders, reads: MetricOfJobRead[], way: Way) {
  return way === 'load' ? Promise.all(reads.map((r) => loaders.metricOfJob.load(r))) : loaders.metricOfJob.loadMany(reads);
}

const JOBS = [JOB_A, JOB_B];
const READS: MetricOfJobRead[] = [
  { jobId: JOB_A, name: 'val_f1' },
  { jobId: JOB_B, name: 'eval_loss' },
  { jobId: JOB_A, name: 'train_loss' },
];

type Order =
  | 'metrics then partitions, one tick'
  | 'partitions then metrics, one tick'
  | 'partitions, then metrics a tick later'
  | 'metrics, then partitions a tick later';

/** Asks for READS and for the partitions of JOBS in `order`, each by `way`; returns the answers and the reads made. */
async function run(order: Order, way: Way) {
  const { sources, calls } = fakeSources();
  const loaders = createLoaders(sources);
  let metrics: unknown[];
  let partitions: unknown[];
  switch (order) {
    case 'metrics then partitions, one tick': {
      const m = askMetrics(loaders, READS, way);
      const p = askPartitions(loaders, JOBS, way);
      [metrics, partitions] = await Promise.all([m, p]);
      break;
    }
    case 'partitions then metrics, one tick': {
      const p = askPartitions(loaders, JOBS, way);
      const m = askMetrics(loaders, READS, way);
      [metrics, partitions] = await Promise.all([m, p]);
      break;
    }
    case 'partitions, then metrics a tick later':
      partitions = await askPartitions(loaders, JOBS, way);
      metrics = await askMetrics(loaders, READS, way);
      break;
    case 'metrics, then partitions a tick later':
      metrics = await askMetrics(loaders, READS, way);
      partitions = await askPartitions(loaders, JOBS, way);
      break;
  }
  return { metrics, partitions, calls };
}

/** What each order costs: the partitions serve the metric reads unless those went out before anything asked for them. */
const COSTS: Record<Order, ReturnType<typeof fakeSources>['calls']> = {
  'metrics then partitions, one tick': {
    getMany: 0,
    partitionItems: 2,
    pointsOfJob: 0,
    descriptors: 0,
    seriesPoints: 0,
    seriesSummaries: 0,
    cards: 0,
  },
  'partitions then metrics, one tick': {
    getMany: 0,
    partitionItems: 2,
    pointsOfJob: 0,
    descriptors: 0,
    seriesPoints: 0,
    seriesSummaries: 0,
    cards: 0,
  },
  'partitions, then metrics a tick later': {
    getMany: 0,
    partitionItems: 2,
    pointsOfJob: 0,
    descriptors: 0,
    seriesPoints: 0,
    seriesSummaries: 0,
    cards: 0,
  },
  'metrics, then partitions a tick later': {
    getMany: 0,
    partitionItems: 2,
    pointsOfJob: 3,
    descriptors: 1,
    seriesPoints: 0,
    seriesSummaries: 0,
    cards: 0,
  },
};

const ORDERS = Object.keys(COSTS) as Order[];

describe('createLoaders: metricOfJob from the partition or its own Query', () => {
  it.each(ORDERS)('%s: the same reads and answers with load and with loadMany', async (order) => {
    const byLoad = await run(order, 'load');
    const byLoadMany = await run(order, 'loadMany');
    expect(byLoad.calls).toEqual(COSTS[order]);
    expect(byLoadMany.calls).toEqual(COSTS[order]);
    expect(byLoadMany.metrics).toEqual(byLoad.metrics);
    expect(byLoadMany.partitions).toEqual(byLoad.partitions);
  });

  it('every order and way answers the same: points in training order, and the step series descriptor', async () => {
    const answers = await Promise.all(ORDERS.flatMap((order) => (['load', 'loadMany'] as const).map((way) => run(order, way))));
    const [first] = answers;
    for (const answer of answers) expect(answer.metrics).toEqual(first.metrics);
    const [valF1, evalLoss, trainLoss] = first.metrics as { points: MetricPoint[]; descriptor: StepSeriesDescriptor | null }[];
    expect(valF1.points.map((p) => [p.jobId, p.epoch, p.value])).toEqual([
      [JOB_A, 0, 0.5],
      [JOB_A, 1, 0.51],
      [JOB_A, 2, 0.52],
    ]);
    expect(valF1.descriptor).toBeNull();
    expect(evalLoss.points.map((p) => [p.jobId, p.value])).toEqual([
      [JOB_B, 1],
      [JOB_B, 0.9],
      [JOB_B, 0.8],
    ]);
    expect(trainLoss.points).toEqual([]);
    expect(trainLoss.descriptor).toEqual({
      jobId: JOB_A,
      name: 'train_loss',
      blockSteps: 100,
      minStep: 0,
      maxStep: 250,
      count: 26,
      packed: true,
      version: 3,
    });
  });

  it('a batch mixes both: jobs whose partition was asked for read it, the others their metric (one descriptor read for them)', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const descriptors = jest.spyOn(sources.steps, 'descriptors');
    const [, metrics] = await Promise.all([loaders.partition.loadMany([JOB_A]), askMetrics(loaders, READS, 'loadMany')]);
    expect(calls).toEqual({ getMany: 0, partitionItems: 1, pointsOfJob: 1, descriptors: 1, seriesPoints: 0, seriesSummaries: 0, cards: 0 });
    expect(descriptors).toHaveBeenCalledWith([{ jobId: JOB_B, name: 'eval_loss' }]);
    expect(metrics).toEqual((await run('partitions, then metrics a tick later', 'load')).metrics);
  });

  it('a job forgotten after a write is no longer read from its partition, until the partition is asked for again', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    await loaders.partition.load(JOB_A);
    forgetJob(loaders, JOB_A);
    await loaders.metricOfJob.load({ jobId: JOB_A, name: 'val_f1' });
    expect(calls).toEqual({ getMany: 0, partitionItems: 1, pointsOfJob: 1, descriptors: 1, seriesPoints: 0, seriesSummaries: 0, cards: 0 });
    forgetJob(loaders, JOB_A);
    await Promise.all([loaders.metricOfJob.load({ jobId: JOB_A, name: 'val_f1' }), loaders.partition.load(JOB_A)]);
    expect(calls).toEqual({ getMany: 0, partitionItems: 2, pointsOfJob: 1, descriptors: 1, seriesPoints: 0, seriesSummaries: 0, cards: 0 });
  });

  it('a partition read holds the job: later job loads of it cost nothing', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const getMany = jest.spyOn(sources.jobs, 'getMany');
    await loaders.partition.load(JOB_A);
    const [a, b] = await loaders.job.loadMany([JOB_A, JOB_B]);
    expect(a).toMatchObject({ id: JOB_A, name: 'run-a' });
    expect(b).toMatchObject({ id: JOB_B, name: 'run-b' });
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledWith([JOB_B]);
    expect(calls.partitionItems).toBe(1);
  });
});

describe('createLoaders: stepHeadsOfJob', () => {
  it("reads a job's heads once and primes stepHead with them: the job's series asked for later cost nothing", async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const [heads] = await Promise.all([loaders.stepHeadsOfJob.load(JOB_A), loaders.stepHeadsOfJob.load(JOB_A)]);
    expect(heads.map((d) => d.name)).toEqual(['train_loss']);
    expect(await loaders.stepHead.load({ jobId: JOB_A, name: 'train_loss' })).toEqual(heads[0]);
    expect(calls).toMatchObject({ descriptors: 1, partitionItems: 0 });
  });

  it("takes them from the job's partition when the request asked for it", async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const [, heads] = await Promise.all([loaders.partition.load(JOB_B), loaders.stepHeadsOfJob.load(JOB_B)]);
    expect(heads.map((d) => [d.jobId, d.name])).toEqual([[JOB_B, 'train_loss']]);
    expect(calls).toMatchObject({ descriptors: 0, partitionItems: 1 });
  });
});
