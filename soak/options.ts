/** Command-line options of `npm run soak`. */
import { UsageError } from '../bench/options';

export { UsageError };

/** The fault injected half way: DynamoDB Local killed (kill -9) and restarted from its data directory, or the proxy
 * between server and database resetting or swallowing every connection for a while. */
export type FaultKind = 'kill' | 'reset' | 'blackhole';

export interface SoakOptions {
  durationMs: number;
  trainers: number;
  dashboards: number;
  /** A dashboard's pause between two views (randomised +-50 %). */
  thinkMs: number;
  /** A trainer's pause after each epoch. */
  epochPauseMs: number;
  fault: FaultKind;
  /** How long the database stays away. */
  faultMs: number;
  /** RSS is compared between this warm-up (a third of the run) and the fault half way, and the last sixth of the run. */
  warmupMs: number;
  jsonFile: string | null;
}

const USAGE =
  'usage: npm run soak -- [--duration SECONDS] [--trainers N] [--dashboards N] [--think-ms MS] [--epoch-pause-ms MS] [--fault kill|reset|blackhole] [--fault-seconds S] [--json FILE]';

/** Parses `argv` (without node and the script). */
export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help') throw new UsageError(USAGE);
    if (
      !['--duration', '--trainers', '--dashboards', '--think-ms', '--epoch-pause-ms', '--fault', '--fault-seconds', '--json'].includes(arg)
    )
      throw new UsageError(`unknown argument ${arg}\n${USAGE}`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
    flags.set(arg, value);
  }
  const number = (flag: string, fallback: number, min: number): number => {
    const raw = flags.get(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number >= ${min}\n${USAGE}`);
    return n;
  };
  const fault = (flags.get('--fault') ?? 'kill') as FaultKind;
  if (!['kill', 'reset', 'blackhole'].includes(fault)) throw new UsageError(`--fault must be kill, reset or blackhole\n${USAGE}`);
  const durationMs = number('--duration', 60, 10) * 1000;
  return {
    durationMs,
    trainers: number('--trainers', 16, 1),
    dashboards: number('--dashboards', 32, 0),
    thinkMs: number('--think-ms', 2000, 0),
    epochPauseMs: number('--epoch-pause-ms', 1000, 0),
    fault,
    faultMs: number('--fault-seconds', Math.min(5, durationMs / 10_000), 0.5) * 1000,
    warmupMs: durationMs / 3,
    jsonFile: flags.get('--json') ?? null,
  };
}
