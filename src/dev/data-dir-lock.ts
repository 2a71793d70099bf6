import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * One DynamoDB Local per data directory. Two of them on the same files corrupt each other's SQLite state (stream
 * sequence numbers clash, writes acknowledged by one are lost by the other), so the process that runs the embedded
 * database holds this lock for as long as it runs: a file created exclusively (O_EXCL) in the directory, naming the
 * holder and, once it answers, where its DynamoDB Local listens. Other processes read it to use that database instead
 * of starting their own.
 *
 * A holder that is gone (kill -9, a crash, a reboot) leaves the file behind; the next process finds its pid dead (or
 * reused by another program: the Linux start time differs) and takes the directory over, under a short second lock so
 * that two processes recovering at once cannot both win.
 */

/** The lock file's name inside the data directory. */
export const LOCK_FILE_NAME = 'dynamodb-local.lock';
const RECOVERY_SUFFIX = '.recovering';
/** A lock or recovery file with no readable holder (its writer died between create and write) counts as stale after this. */
const UNREADABLE_STALE_MS = 10_000;
/** How long a recovering process waits for the gone holder's DynamoDB Local to exit before killing it. */
const ORPHAN_GRACE_MS = 5_000;

/** Who holds a data directory, as its lock file says. */
export interface LockHolder {
  /** This hold's random id: tells one holder's file from the next one's. */
  token: string;
  pid: number;
  host: string;
  /** Linux: the process's start time (/proc/PID/stat) and the boot id, so a pid reused after a crash is not taken for the holder. */
  processStart?: string;
  bootId?: string;
  /** What the holder runs, as a person would type it: `npm start`, `npm run seed:demo`... */
  command: string;
  /** When it took the directory (ISO 8601). */
  since: string;
  /** DynamoDB Local's endpoint, once it answers. */
  endpoint?: string;
  /** The DynamoDB Local (Java) process it runs. */
  javaPid?: number;
  javaStart?: string;
  /** The API it serves, when the holder is a server. */
  serverUrl?: string;
}

/** What a holder may publish after taking the directory. */
export type HolderUpdate = Partial<Pick<LockHolder, 'endpoint' | 'javaPid' | 'javaStart' | 'serverUrl'>>;

/** The directory is held by a live process (or one on another host that cannot be checked). */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
    readonly lockFile: string,
  ) {
    super(busyMessage(dataDir, holder, lockFile));
    this.name = 'DataDirBusyError';
  }
}

function busyMessage(dataDir: string, holder: LockHolder | null, lockFile: string): string {
  if (!holder) return `DATA_DIR ${dataDir} is being taken by another process right now (${lockFile}); try again in a moment.`;
  const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
  const serving = [holder.serverUrl && `serving ${holder.serverUrl}`, holder.endpoint && `DynamoDB Local at ${holder.endpoint}`]
    .filter(Boolean)
    .join(', ');
  const lines = [
    `DATA_DIR ${dataDir} is in use by another process: \`${holder.command}\` (${where}${serving ? `, ${serving}` : ''}, since ${holder.since}).`,
    'Only one DynamoDB Local may run on a data directory. Either stop that process' +
      (holder.host === hostname() ? ` (Ctrl-C in its terminal, or \`kill ${holder.pid}\`)` : '') +
      ', or give this one its own directory, e.g. `DATA_DIR=./data-2 PORT=4001 npm start`.',
  ];
  if (holder.host !== hostname()) lines.push(`If that host no longer runs it, delete ${lockFile}.`);
  return lines.join('\n');
}

/** A data directory this process holds. */
export interface DataDirLock {
  holder(): LockHolder;
  /** Adds to what the lock file says (where DynamoDB Local listens, the server's URL); atomic for readers. */
  publish(update: HolderUpdate): void;
  /** Lets the directory go (removes the file if it is still this hold's). Idempotent. */
  release(): void;
}

// Tokens of the holds this process has, so a lock file naming this very pid is told from one left by a previous process
// that had the same pid (a restarted container), and released at exit.
const heldHere = new Map<string, () => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const release of [...heldHere.values()]) release();
  });
}

let bootIdCache: string | undefined | null = null;
function bootId(): string | undefined {
  if (bootIdCache === null) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootIdCache = undefined;
    }
  }
  return bootIdCache;
}

/** A process's state letter and start time in clock ticks since boot (Linux), or undefined where /proc is not there. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces; the state is field 3, the start time field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks since boot (Linux), or undefined where /proc is not there. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.start;
}

function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while the process `pid` started at `start` (when known) still runs; a zombie (killed, not yet reaped) does not. */
export function isSameProcessAlive(pid: number | undefined, start: string | undefined): boolean {
  if (pid === undefined || !pidExists(pid)) return false;
  const now = procStat(pid);
  if (now?.state === 'Z' || now?.state === 'X') return false;
  return start === undefined || now === undefined || now.start === start;
}

/** Whether the holder a lock file names still runs: `unknown` for another host, which cannot be checked from here. */
export function holderState(holder: LockHolder): 'alive' | 'gone' | 'unknown' {
  if (holder.host !== hostname()) return 'unknown';
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return 'gone';
  if (holder.pid === process.pid) return heldHere.has(holder.token) ? 'alive' : 'gone';
  return isSameProcessAlive(holder.pid, holder.processStart) ? 'alive' : 'gone';
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.token !== 'string' || typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return { command: '?', since: '?', ...value } as LockHolder;
  } catch {
    return null;
  }
}

type FileRead =
  { kind: 'none' } | { kind: 'unreadable'; ageMs: number; text: string } | { kind: 'holder'; holder: LockHolder; text: string };

function readLockFile(file: string): FileRead {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(file, 'utf8');
    mtimeMs = statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const holder = parseHolder(text);
  return holder ? { kind: 'holder', holder, text } : { kind: 'unreadable', ageMs: Date.now() - mtimeMs, text };
}

/** The lock file of a data directory. */
export function lockFileOf(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE_NAME);
}

/** The live holder of a data directory, if any (a stale lock file counts as none). */
export function readHolder(dataDir: string): LockHolder | null {
  const read = readLockFile(lockFileOf(dataDir));
  return read.kind === 'holder' && holderState(read.holder) !== 'gone' ? read.holder : null;
}

function writeWhole(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
  fsyncSync(fd);
}

/** Creates `file` with `text` unless it exists; true when this call created it. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeWhole(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Stops a gone holder's DynamoDB Local if it still runs (its watchdog normally does it within seconds). */
async function stopOrphan(holder: LockHolder, log: (msg: string) => void): Promise<void> {
  if (!isSameProcessAlive(holder.javaPid, holder.javaStart)) return;
  log(`data dir: waiting for DynamoDB Local (java pid ${holder.javaPid}) left by pid ${holder.pid} to exit`);
  const deadline = Date.now() + ORPHAN_GRACE_MS;
  while (Date.now() < deadline && isSameProcessAlive(holder.javaPid, holder.javaStart)) await sleep(100);
  if (isSameProcessAlive(holder.javaPid, holder.javaStart)) {
    process.kill(holder.javaPid as number, 'SIGKILL');
    while (isSameProcessAlive(holder.javaPid, holder.javaStart)) await sleep(50);
  }
}

/**
 * Removes the lock file left by a gone holder, unless another process changed it meanwhile. Returns once the caller may
 * try to create the lock again (which may still fail, when someone else was quicker).
 */
async function recoverStale(file: string, staleText: string, stale: LockHolder | null, log: (msg: string) => void): Promise<void> {
  const guard = file + RECOVERY_SUFFIX;
  if (!createExclusive(guard, `${process.pid}\n`)) {
    // Someone else is recovering; a guard whose owner died mid-recovery is cleared after a while.
    const read = readLockFile(guard);
    if (read.kind === 'unreadable' && read.ageMs > UNREADABLE_STALE_MS) unlinkQuietly(guard);
    await sleep(100);
    return;
  }
  try {
    const now = readLockFile(file);
    if (now.kind === 'none' || now.text !== staleText) return;
    if (stale) {
      await stopOrphan(stale, log);
      log(`data dir: taking over ${file} from pid ${stale.pid} (\`${stale.command}\`), which is gone`);
    } else {
      log(`data dir: removing an unreadable lock file ${file}`);
    }
    unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

/**
 * Takes the data directory for this process, or throws DataDirBusyError naming the live holder. A lock left by a gone
 * holder is taken over (its DynamoDB Local stopped first if it still runs).
 */
export async function acquireDataDirLock(
  dataDir: string,
  command: string,
  log: (msg: string) => void = () => undefined,
): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = lockFileOf(dir);
  const processStart = processStartTime(process.pid);
  let holder: LockHolder = {
    token: randomUUID(),
    pid: process.pid,
    host: hostname(),
    ...(processStart ? { processStart } : {}),
    ...(bootId() ? { bootId: bootId() } : {}),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(file, JSON.stringify(holder))) break;
    const read = readLockFile(file);
    if (read.kind === 'none') continue;
    if (read.kind === 'unreadable') {
      // Being written right now, or left empty by a process killed between create and write.
      if (read.ageMs < UNREADABLE_STALE_MS) {
        if (attempt > 50) throw new DataDirBusyError(dir, null, file);
        await sleep(100);
        continue;
      }
      await recoverStale(file, read.text, null, log);
      continue;
    }
    if (holderState(read.holder) !== 'gone') throw new DataDirBusyError(dir, read.holder, file);
    await recoverStale(file, read.text, read.holder, log);
  }

  installExitHook();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(holder.token);
    const read = readLockFile(file);
    if (read.kind === 'holder' && read.holder.token === holder.token) unlinkQuietly(file);
  };
  heldHere.set(holder.token, release);
  return {
    holder: () => holder,
    publish(update) {
      if (released) return;
      holder = { ...holder, ...update };
      // Readers see the old or the new file, never a half-written one.
      const temp = `${file}.${holder.token}.tmp`;
      const fd = openSync(temp, 'w');
      try {
        writeWhole(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    },
    release,
  };
}
