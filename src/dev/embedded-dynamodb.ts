import { relative, resolve } from 'node:path';
import { acquireDataDirLock, processStartTime, type DataDirLock } from './data-dir-lock';
import { isTraceNoise, storageProblemOf } from './dynamodb-local-output';
import { findFreePort, spawnDynamoLocal, type DynamoLocalProcess } from './dynamodb-local-process';

export interface EmbeddedDynamoOptions {
  /** Absolute or relative to cwd; undefined = in memory. A data directory is locked for as long as this runs. */
  dataDir?: string;
  /** Default: a free port picked by listening on 127.0.0.1:0. */
  port?: number;
  /** Ports a free port must not be: the server's own, which it binds only after DynamoDB Local is up. */
  reservedPorts?: readonly number[];
  /** What holds the data directory, as other processes are told (default: this process's script). */
  command?: string;
  /** Start DynamoDB Local again (same port, same files) when it exits on its own; the server's choice. */
  restartOnExit?: boolean;
  log?: (msg: string) => void;
}

/** What the embedded database is doing; `problem` says what went wrong, in words a person can act on. */
export interface EmbeddedHealth {
  state: 'running' | 'restarting' | 'stopped';
  problem?: string;
}

export interface EmbeddedDynamo {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** Pid of the Java process now running (a restart changes it). */
  readonly pid: number;
  /** Tells other processes (through the lock file) which server runs on this database. */
  announce(update: { serverUrl: string }): void;
  health(): EmbeddedHealth;
  /** Stops DynamoDB Local and lets the data directory go. Idempotent. */
  stop(): Promise<void>;
}

/** DynamoDB Local did not start because of something it printed (a damaged database file...): the message says what. */
export class EmbeddedStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedStartError';
  }
}

/** A problem printed by DynamoDB Local counts for readiness this long after it was last seen. */
const PROBLEM_FRESH_MS = 30_000;
/** The same problem is logged again at most this often. */
const PROBLEM_LOG_EVERY_MS = 30_000;
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;

function defaultCommand(): string {
  const npmScript = process.env.npm_lifecycle_event;
  if (npmScript) return npmScript === 'start' || npmScript === 'test' ? `npm ${npmScript}` : `npm run ${npmScript}`;
  const script = process.argv[1];
  return script ? `node ${relative(process.cwd(), script) || script}` : 'node';
}

/**
 * Starts DynamoDB Local for this process: on a data directory, after taking its lock (DataDirBusyError when another
 * process holds it), publishing the endpoint there for other processes to use. It sums up storage failures that
 * DynamoDB Local prints (a damaged or locked database file) as one log line and in `health()`, and with
 * `restartOnExit` starts it again when it dies.
 */
export async function startEmbeddedDynamo(opts: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const log = opts.log ?? (() => undefined);
  const dataDir = opts.dataDir === undefined ? undefined : resolve(opts.dataDir);
  const lock: DataDirLock | undefined = dataDir ? await acquireDataDirLock(dataDir, opts.command ?? defaultCommand(), log) : undefined;
  if (dataDir) log(`starting DynamoDB Local (data in ${dataDir})`);
  let problem: { text: string; at: number } | undefined;
  const logged = new Map<string, number>();
  let ready = false;
  const onLine = (line: string) => {
    const found = storageProblemOf(line, dataDir);
    if (found) {
      problem = { text: found, at: Date.now() };
      if (Date.now() - (logged.get(found) ?? 0) > PROBLEM_LOG_EVERY_MS) {
        logged.set(found, Date.now());
        log(`DynamoDB Local: ${found}`);
      }
      return;
    }
    // Before it answers, its banner is kept for error messages only; after, stack traces are summed up above.
    if (ready && !isTraceNoise(line)) log(`[dynamodb-local] ${line}`);
  };

  const port = opts.port ?? (await findFreePort(opts.reservedPorts));
  const spawnOne = async (): Promise<DynamoLocalProcess> => {
    ready = false;
    const proc = await spawnDynamoLocal({ port, dbPath: dataDir, onLine }).catch((error: Error) => {
      // A database that cannot be read fails the start-up check: say why, not only that it did not start.
      throw problem ? new EmbeddedStartError(`DynamoDB Local did not start: ${problem.text}`, { cause: error }) : error;
    });
    ready = true;
    lock?.publish({ endpoint: proc.endpoint, javaPid: proc.pid, javaStart: processStartTime(proc.pid) });
    return proc;
  };

  let current: DynamoLocalProcess;
  try {
    current = await spawnOne();
  } catch (error) {
    lock?.release();
    throw error;
  }
  log(`DynamoDB Local ready at ${current.endpoint} (java pid ${current.pid}, data ${dataDir ?? 'in memory'})`);

  let state: EmbeddedHealth['state'] = 'running';
  let exitProblem: string | undefined;
  let stopping = false;
  let supervising: Promise<void> = Promise.resolve();
  // The pause between restart attempts, cut short by stop().
  let wake = () => undefined as void;
  const pause = (ms: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(r, ms);
      wake = () => (clearTimeout(timer), r());
    });

  const watch = (proc: DynamoLocalProcess) => {
    void proc.exited.then((exit) => {
      if (stopping || proc !== current) return;
      exitProblem = `DynamoDB Local (java pid ${proc.pid}) exited unexpectedly (${exit.text})`;
      const last = proc
        .tail()
        .filter((l) => !isTraceNoise(l.replace(/^\[\w+\] /, '')))
        .slice(-3);
      if (!opts.restartOnExit) {
        state = 'stopped';
        log(`${exitProblem}${last.length ? `; last output: ${last.join(' | ')}` : ''}`);
        return;
      }
      state = 'restarting';
      log(`${exitProblem}; restarting it on port ${port}${last.length ? ` (last output: ${last.join(' | ')})` : ''}`);
      supervising = restart();
    });
  };
  const restart = async () => {
    for (let wait = RESTART_FIRST_MS; !stopping; wait = Math.min(wait * 2, RESTART_MAX_MS)) {
      await pause(wait);
      if (stopping) return;
      try {
        current = await spawnOne();
        state = 'running';
        exitProblem = undefined;
        log(`DynamoDB Local restarted at ${current.endpoint} (java pid ${current.pid})`);
        watch(current);
        return;
      } catch (error) {
        log(
          `DynamoDB Local could not be restarted (${(error as Error).message.split('\n')[0]}); trying again in ${Math.min(wait * 2, RESTART_MAX_MS) / 1000} s`,
        );
      }
    }
  };
  watch(current);

  let stopped: Promise<void> | undefined;
  return {
    endpoint: current.endpoint,
    port,
    get pid() {
      return current.pid;
    },
    announce: (update) => lock?.publish(update),
    health: () => {
      const recent = problem && Date.now() - problem.at < PROBLEM_FRESH_MS ? problem.text : undefined;
      return { state, ...(exitProblem || recent ? { problem: exitProblem ?? recent } : {}) };
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wake();
        await supervising;
        await current.stop();
        state = 'stopped';
        lock?.release();
      })()),
  };
}
