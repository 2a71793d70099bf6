import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { JavaNotFoundError, startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/db/embedded-dynamodb';

const ROOT = resolve(__dirname, '../..');
const MODULE_TS = join(ROOT, 'src/db/embedded-dynamodb.ts');

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
    // Run the real module in a separate Node: transpile it on the fly since ts-jest only exists inside Jest.
    const js = ts.transpileModule(readFileSync(MODULE_TS, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const moduleJs = join(tmp, 'embedded-dynamodb.js');
    writeFileSync(moduleJs, js);
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
