/** Command-line options of `npm run bench` and the data sizes and durations they imply. */

/** How big the seeded table is and how long each workload runs. */
export interface BenchOptions {
  quick: boolean;
  /** Write the results as JSON to this file too. */
  jsonFile: string | null;
  /**
   * Only these workloads (W1..W8, LB for the leaderboard scaling check, EX for the export, LV for live updates, SR for
   * the job search, UI for the dashboard in a browser); all when empty.
   */
  only: string[];
  /** Jobs with epochs, labels, dataset metrics, logs and results. */
  jobs: number;
  epochs: number;
  labels: number;
  /** Share of the jobs written in the legacy writer's flat per-label shape. */
  legacyShare: number;
  /** Jobs with one long step-level train_loss series each (one item per point, and a packed copy of each), and its length. */
  stepJobs: number;
  stepPoints: number;
  /**
   * W8's maxPoints: quick runs ask for fewer of their shorter series, so summaries serve them as in a full run (a
   * 10,000-point packed series has 40 parts: summaries serve up to 2 x (2 x 40 + 2) = 164 points).
   */
  seriesMaxPoints: number;
  /** Jobs in the table for the second leaderboard measurement. */
  leaderboardJobs: number;
  /** Timed run of each side of each workload, split into `rounds` alternating GraphQL/raw slices. */
  durationMs: number;
  warmupMs: number;
  rounds: number;
  concurrency: number;
  /** LV: subscribers, spread evenly over the trainers' jobs and the legacy writer's; how much each writer writes. */
  live: LivePlan;
  /** SR: jobs in its own table, and the freshness probes (each a createJob and a recordEpoch; a legacy pair is added). */
  searchJobs: number;
  freshnessPairs: number;
  /** UI: jobs in its own table, and the runs of a step-level train_loss series drawn on one chart, and their length. */
  uiJobs: number;
  uiStepRuns: number;
  uiStepPoints: number;
}

/** The live-delay workload (LV): who subscribes, who writes, how much and how fast. */
export interface LivePlan {
  subscribers: number;
  /** Trainers recording epochs through recordEpoch, one job each, one epoch per `intervalMs` each (staggered). */
  trainers: number;
  /** Epochs of each trainer at that rate before the measured ones (servers and DynamoDB Local warm up). */
  warmupEpochs: number;
  epochs: number;
  intervalMs: number;
  /** Epochs the legacy writer puts straight into its own job, row by row. */
  legacyEpochs: number;
}

const FULL = {
  jobs: 200,
  epochs: 20,
  labels: 12,
  stepJobs: 5,
  stepPoints: 100_000,
  seriesMaxPoints: 500,
  leaderboardJobs: 2_000,
  // Each side warms up for 5 s first: the server is started just before W1 and DynamoDB Local's JIT has only seen
  // the seeding's writes, so a 1 s warm-up left W1's first GraphQL slice paying for both warming up.
  durationMs: 20_000,
  warmupMs: 5_000,
  rounds: 4,
  concurrency: 8,
  live: { subscribers: 50, trainers: 4, warmupEpochs: 5, epochs: 30, intervalMs: 1_000, legacyEpochs: 10 },
  searchJobs: 10_000,
  freshnessPairs: 20,
  uiJobs: 10_000,
  uiStepRuns: 20,
  uiStepPoints: 10_000,
};
// Small enough for CI to finish in well under two minutes on 2 cores; it checks answers, not times.
const QUICK = {
  jobs: 20,
  epochs: 10,
  labels: 12,
  stepJobs: 1,
  stepPoints: 10_000,
  seriesMaxPoints: 100,
  leaderboardJobs: 120,
  durationMs: 600,
  warmupMs: 100,
  rounds: 1,
  concurrency: 2,
  live: { subscribers: 50, trainers: 4, warmupEpochs: 2, epochs: 4, intervalMs: 500, legacyEpochs: 2 },
  searchJobs: 1_000,
  freshnessPairs: 5,
  uiJobs: 1_000,
  uiStepRuns: 20,
  uiStepPoints: 1_000,
};

/** Thrown for a command line the bench does not understand. */
export class UsageError extends Error {}

const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--only W1,W4,LB,LV,SR,UI] [--duration SECONDS] [--concurrency N]`;

/** Parses `argv` (without node and the script). */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const args = [...argv];
  const flags = new Map<string, string | true>();
  while (args.length) {
    const arg = args.shift() as string;
    if (arg === '--quick' || arg === '--help') flags.set(arg, true);
    else if (['--json', '--only', '--duration', '--concurrency'].includes(arg)) {
      const value = args.shift();
      if (value === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      flags.set(arg, value);
    } else throw new UsageError(`unknown argument ${arg}\n${USAGE}`);
  }
  if (flags.has('--help')) throw new UsageError(USAGE);
  const quick = flags.has('--quick');
  const size = quick ? QUICK : FULL;
  const number = (flag: string, fallback: number): number => {
    const raw = flags.get(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number\n${USAGE}`);
    return n;
  };
  const only = String(flags.get('--only') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  return {
    quick,
    jsonFile: typeof flags.get('--json') === 'string' ? (flags.get('--json') as string) : null,
    only,
    ...size,
    legacyShare: 0.1,
    durationMs: number('--duration', size.durationMs / 1000) * 1000,
    concurrency: Math.trunc(number('--concurrency', size.concurrency)),
  };
}

/** Whether a workload (or the leaderboard check, `LB`) is selected. */
export function selected(opts: BenchOptions, id: string): boolean {
  return opts.only.length === 0 || opts.only.includes(id);
}

/** Whether the run needs the seeded table: LV, SR and UI bring their own DynamoDB Local and jobs. */
export function needsSeed(opts: BenchOptions): boolean {
  return !(opts.only.length > 0 && opts.only.every((id) => id === 'LV' || id === 'SR' || id === 'UI'));
}
