import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { JavaNotFoundError } from '../../src/dev/dynamodb-local-process';
import { DataDirBusyError, readHolder } from '../../src/dev/data-dir-lock';
import { EmbeddedStartError, startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/dev/embedded-dynamodb';

const ROOT = resolve(__dirname, '../..');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  return !isAlive(pid);
}

const clientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

describe('embedded DynamoDB Local', () => {
  let tmp: string;
  const started: EmbeddedDynamo[] = [];
  const start = async (dataDir?: string): Promise<EmbeddedDynamo> => {
    const d = await startEmbeddedDynamo({ dataDir });
    started.push(d);
    return d;
  };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'embedded-ddb-'));
  });
  afterAll(async () => {
    await Promise.all(started.map((d) => d.stop()));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps data in dataDir across a restart, and leaves no Java process after stop()', async () => {
    const dataDir = join(tmp, 'data');
    const first = await start(dataDir);
    const c1 = clientFor(first.endpoint);
    await c1.send(
      new CreateTableCommand({
        TableName: 'Persist',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await c1.send(new PutItemCommand({ TableName: 'Persist', Item: { pk: { S: 'a' }, v: { N: '42' } } }));
    c1.destroy();
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    await first.stop(); // idempotent

    const second = await start(dataDir);
    const c2 = clientFor(second.endpoint);
    const got = await c2.send(new GetItemCommand({ TableName: 'Persist', Key: { pk: { S: 'a' } }, ConsistentRead: true }));
    c2.destroy();
    expect(got.Item).toEqual({ pk: { S: 'a' }, v: { N: '42' } });
    await second.stop();
    expect(isAlive(second.pid)).toBe(false);
  });

  it('kills Java when the Node parent is SIGKILLed', async () => {
    // The real module in a separate Node: the compiled one (npm test builds dist/ before the tests).
    const moduleJs = join(ROOT, 'dist/dev/embedded-dynamodb.js');
    const script = `require(process.env.EMBEDDED_MODULE).startEmbeddedDynamo().then(
      (d) => { process.stdout.write('READY ' + d.pid + '\\n'); setInterval(() => {}, 1000); },
      (e) => { console.error(e); process.exit(1); });`;
    const node = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, EMBEDDED_MODULE: moduleJs, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    node.stdout.on('data', (b: Buffer) => (out += b.toString()));
    node.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const javaPid = await new Promise<number>((res, rej) => {
      node.stdout.on('data', () => {
        const m = /READY (\d+)/.exec(out);
        if (m) res(Number(m[1]));
      });
      node.once('exit', () => rej(new Error(`child exited before ready:\n${out}`)));
    });
    expect(isAlive(javaPid)).toBe(true);

    node.kill('SIGKILL');
    expect(await waitGone(javaPid, 10_000)).toBe(true);
  });

  it('holds its data directory: a second DynamoDB Local on it is refused, the first one published in the lock file', async () => {
    const dataDir = join(tmp, 'locked');
    const first = await start(dataDir);
    expect(readHolder(dataDir)).toMatchObject({ pid: process.pid, endpoint: first.endpoint, javaPid: first.pid });
    await expect(startEmbeddedDynamo({ dataDir })).rejects.toBeInstanceOf(DataDirBusyError);
    // In memory needs no lock.
    await start();
    await first.stop();
    expect(readHolder(dataDir)).toBeNull();
  });

  it('restarts a DynamoDB Local that dies (kill -9) on the same port and files, saying so in health() and the log', async () => {
    const dataDir = join(tmp, 'restart');
    const said: string[] = [];
    const d = await startEmbeddedDynamo({ dataDir, restartOnExit: true, log: (m) => said.push(m) });
    started.push(d);
    const c = clientFor(d.endpoint);
    try {
      await c.send(
        new CreateTableCommand({
          TableName: 'Kept',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await c.send(new PutItemCommand({ TableName: 'Kept', Item: { pk: { S: 'a' } } }));
      await c.send(new GetItemCommand({ TableName: 'Kept', Key: { pk: { S: 'a' } }, ConsistentRead: true })); // makes the put durable
      const killed = d.pid;
      process.kill(killed, 'SIGKILL');
      for (const end = Date.now() + 5000; d.health().state === 'running' && Date.now() < end;) await sleep(20);
      expect(d.health()).toEqual({
        state: 'restarting',
        problem: `DynamoDB Local (java pid ${killed}) exited unexpectedly (killed by SIGKILL)`,
      });
      for (const end = Date.now() + 30_000; d.health().state !== 'running' && Date.now() < end;) await sleep(100);
      expect(d.health()).toEqual({ state: 'running' });
      expect(d.pid).not.toBe(killed);
      expect(readHolder(dataDir)).toMatchObject({ javaPid: d.pid, endpoint: d.endpoint });
      const got = await c.send(new GetItemCommand({ TableName: 'Kept', Key: { pk: { S: 'a' } }, ConsistentRead: true }));
      expect(got.Item).toEqual({ pk: { S: 'a' } });
      expect(said.join('\n')).toMatch(/exited unexpectedly \(killed by SIGKILL\); restarting it on port \d+/);
      expect(said.join('\n')).toMatch(/DynamoDB Local restarted at/);
    } finally {
      c.destroy();
      await d.stop();
    }
    expect(isAlive(d.pid)).toBe(false);
  });

  it('damaged database files: requests fail, health() and the log say the files are damaged (once), and a start on them says why', async () => {
    const dataDir = join(tmp, 'damaged');
    const said: string[] = [];
    const d = await startEmbeddedDynamo({ dataDir, log: (m) => said.push(m) });
    started.push(d);
    const c = clientFor(d.endpoint);
    try {
      await c.send(
        new CreateTableCommand({
          TableName: 'Damaged',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const file = join(dataDir, 'shared-local-instance.db');
      writeFileSync(file, randomBytes(statSync(file).size));
      for (let i = 0; i < 3; i++) {
        const failed = await c
          .send(new GetItemCommand({ TableName: 'Damaged', Key: { pk: { S: 'a' } } }))
          .catch((e: unknown) => e as { name: string; $fault: string });
        expect(failed).toMatchObject({ name: 'InternalFailure', $fault: 'server' });
      }
      for (const end = Date.now() + 5000; !d.health().problem && Date.now() < end;) await sleep(20);
      expect(d.health()).toEqual({
        state: 'running',
        problem: expect.stringMatching(
          new RegExp(`^the database files in ${dataDir} are damaged \\(SQLite \\[26\\] file is encrypted or is not a database\\)`),
        ),
      });
      expect(said.filter((m) => m.includes('are damaged'))).toHaveLength(1);
      expect(said.join('\n')).not.toMatch(/\tat |SQLiteException/);
    } finally {
      c.destroy();
      await d.stop();
    }
    const refused = await startEmbeddedDynamo({ dataDir }).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(EmbeddedStartError);
    expect((refused as Error).message).toMatch(/DynamoDB Local did not start: the database files in .* are damaged/);
    expect(readHolder(dataDir)).toBeNull();
  });

  it('throws JavaNotFoundError when java is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(tmp, 'empty-bin');
    try {
      await expect(startEmbeddedDynamo()).rejects.toBeInstanceOf(JavaNotFoundError);
    } finally {
      process.env.PATH = path;
    }
  });
});
