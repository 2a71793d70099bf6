import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import {
  acquireDataDirLock,
  DataDirBusyError,
  holderState,
  isSameProcessAlive,
  lockFileOf,
  processStartTime,
  readHolder,
  type LockHolder,
} from '../../src/dev/data-dir-lock';

/** One DynamoDB Local per data directory: the lock every process that runs one takes, and its recovery after a crash. */

const deadPid = (): number => {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
};

const holderFile = (dir: string, holder: Partial<LockHolder>) =>
  writeFileSync(
    lockFileOf(dir),
    JSON.stringify({ token: 'old', host: hostname(), command: 'npm start', since: '2026-01-01T00:00:00Z', ...holder }),
  );

describe('the data directory lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the first taker holds it; a second is refused with a message naming the directory, the holder and what to do', async () => {
    const lock = await acquireDataDirLock(dir, 'npm start');
    lock.publish({ endpoint: 'http://127.0.0.1:8000', serverUrl: 'http://127.0.0.1:4000/graphql' });
    const refused = await acquireDataDirLock(dir, 'npm start').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirBusyError);
    const message = (refused as Error).message;
    expect(message).toContain(resolve(dir));
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toContain('`npm start`');
    expect(message).toContain('serving http://127.0.0.1:4000/graphql');
    expect(message).toMatch(/DATA_DIR=\S+ PORT=\S+ npm start/);
    expect(message).toContain(`kill ${process.pid}`);
    // Others read where its DynamoDB Local listens.
    expect(readHolder(dir)).toMatchObject({ pid: process.pid, endpoint: 'http://127.0.0.1:8000', command: 'npm start' });
    lock.release();
    lock.release(); // idempotent
    expect(existsSync(lockFileOf(dir))).toBe(false);
    expect(readHolder(dir)).toBeNull();
    (await acquireDataDirLock(dir, 'again')).release();
  });

  test('a lock left by a process that is gone (kill -9, a crash) is taken over', async () => {
    holderFile(dir, { pid: deadPid() });
    const said: string[] = [];
    const lock = await acquireDataDirLock(dir, 'npm start', (m) => said.push(m));
    expect(lock.holder().pid).toBe(process.pid);
    expect(said.join('\n')).toMatch(/taking over .* which is gone/);
    lock.release();
  });

  test('a live pid that started at another time is a reused pid, not the holder', async () => {
    const start = processStartTime(process.ppid);
    if (start === undefined) return; // no /proc here: the start time cannot be compared
    holderFile(dir, { pid: process.ppid, processStart: String(Number(start) + 1) });
    const lock = await acquireDataDirLock(dir, 'npm start');
    lock.release();
  });

  test('a lock naming this very pid but not held by this process (a restarted container) is stale', async () => {
    holderFile(dir, { pid: process.pid, token: 'from-a-previous-life' });
    (await acquireDataDirLock(dir, 'npm start')).release();
  });

  test('a live holder on this host is alive; a holder on another host cannot be checked and is respected', async () => {
    holderFile(dir, { pid: process.ppid });
    expect(holderState(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')))).toBe('alive');
    await expect(acquireDataDirLock(dir, 'x')).rejects.toBeInstanceOf(DataDirBusyError);
    holderFile(dir, { pid: deadPid(), host: 'another-host' });
    const refused = (await acquireDataDirLock(dir, 'x').catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(DataDirBusyError);
    expect(refused.message).toContain('on host another-host');
    expect(refused.message).toContain(`delete ${lockFileOf(dir)}`);
  });

  test('an empty lock file (its writer died between create and write) is stale once it is old, respected while fresh', async () => {
    writeFileSync(lockFileOf(dir), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lockFileOf(dir), past, past);
    (await acquireDataDirLock(dir, 'npm start')).release();
  });

  test("the gone holder's DynamoDB Local, if it still runs, is stopped before the directory is taken over", async () => {
    const orphan = spawn('sleep', ['60']);
    try {
      const pid = orphan.pid as number;
      holderFile(dir, { pid: deadPid(), javaPid: pid, javaStart: processStartTime(pid) });
      const lock = await acquireDataDirLock(dir, 'npm start');
      expect(isSameProcessAlive(pid, undefined)).toBe(false);
      lock.release();
    } finally {
      orphan.kill('SIGKILL');
    }
  }, 20_000);

  test('takers in one process racing over a stale lock whose DynamoDB Local is still exiting: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      // The gone holder's DynamoDB Local is still exiting: every taker that judged the lock stale waits for it.
      const orphan = spawn('sleep', ['0.3']);
      const pid = orphan.pid as number;
      holderFile(dir, { pid: deadPid(), javaPid: pid, javaStart: processStartTime(pid) });
      const outcomes = await Promise.all(
        Array.from({ length: 3 }, () =>
          acquireDataDirLock(dir, 'racer').then(
            (lock) => lock,
            (e: Error) => e.name,
          ),
        ),
      );
      const won = outcomes.filter((o) => typeof o !== 'string');
      expect(won).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'DataDirBusyError')).toHaveLength(2);
      for (const lock of won) if (typeof lock !== 'string') lock.release();
    }
  });

  test('processes racing to take over one stale lock: exactly one wins', async () => {
    // The module in separate Node processes (each its own pid): transpiled on the fly, as ts-jest exists only in Jest.
    const js = ts.transpileModule(readFileSync(resolve(__dirname, '../../src/dev/data-dir-lock.ts'), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const moduleJs = join(dir, 'lock.js');
    writeFileSync(moduleJs, js);
    const data = join(dir, 'data');
    mkdirSync(data);
    for (let round = 0; round < 2; round++) {
      holderFile(data, { pid: deadPid() });
      // The winner holds the lock until every racer has answered (a racer slowed down by a loaded machine must meet it
      // held, not find it released), then releases it when the test creates `release`.
      const releaseFile = join(dir, `release-${round}`);
      // Every racer loads the module, then spins until the same instant, so their reads of the stale file overlap.
      const startAt = Date.now() + 1500;
      const script = `const fs = require('fs'); const m = require(${JSON.stringify(moduleJs)}); while (Date.now() < ${startAt}); m.acquireDataDirLock(${JSON.stringify(data)}, 'racer').then(
        (l) => { process.stdout.write('WON'); const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(releaseFile)})) { clearInterval(t); l.release(); process.exit(0); } }, 20); },
        (e) => { process.stdout.write(e.name === 'DataDirBusyError' ? 'BUSY' : 'ERROR ' + e.message); process.exit(0); })`;
      const exits: Promise<void>[] = [];
      const outcomes = await Promise.all(
        Array.from(
          { length: 8 },
          () =>
            new Promise<string>((answered) => {
              const child = spawn(process.execPath, ['-e', script]);
              let out = '';
              child.stdout.on('data', (d) => {
                out += d;
                answered(out);
              });
              exits.push(new Promise((exited) => child.on('exit', () => exited())));
              child.on('exit', () => answered(out));
            }),
        ),
      );
      writeFileSync(releaseFile, '');
      await Promise.all(exits);
      expect(outcomes.filter((o) => o === 'WON')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'BUSY')).toHaveLength(7);
      expect(existsSync(lockFileOf(data))).toBe(false);
    }
  }, 60_000);
});
