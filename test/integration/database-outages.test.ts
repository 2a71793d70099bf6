import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/dev/embedded-dynamodb';
import { DynamoGateway } from '../../src/db/gateway';
import { auditWrites } from '../../soak/audit';
import { ApiClient } from '../../soak/client';
import { Ledger } from '../../soak/ledger';
import { killDynamo } from '../../soak/kill-dynamo';
import { TcpProxy } from '../../soak/tcp-proxy';
import { Trainer } from '../../soak/trainer';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { acknowledgedEpochs, until } from '../helpers/until';

/**
 * DynamoDB going away while trainers write and dashboards read: through a TCP proxy that resets, hangs or delays
 * connections, and by kill -9 of a DynamoDB Local that then restarts from its data directory. Requests fail fast with
 * SERVICE_UNAVAILABLE (never a 5xx), /readyz says so, the server recovers by itself, and what it acknowledged stays.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(server: TestServer): Promise<number> {
  return (await fetch(server.url.replace('/graphql', '/readyz'))).status;
}

async function waitForReady(server: TestServer, status: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await ready(server)) === status) return true;
    await sleep(100);
  }
  return false;
}

/** Trainer loads still running: a test that fails half way leaves its trainers to afterEach, never running forever. */
const loads: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(loads.splice(0).map((l) => l.stop()));
});

/** Trainers writing through the API until stopped; the ledger keeps what was acknowledged. */
function startTrainers(server: TestServer, count: number): { ledger: Ledger; stop(): Promise<void> } {
  const ledger = new Ledger();
  let running = true;
  const api = new ApiClient(server.url);
  const runs = Array.from({ length: count }, (_, i) =>
    new Trainer(
      api,
      ledger,
      { name: `trainer-${i}`, labels: 6, epochsPerJob: 4, pointsPerEpoch: 20, retryPauseMs: 100 },
      () => running,
    ).run(),
  );
  const load = {
    ledger,
    async stop() {
      running = false;
      await Promise.all(runs);
    },
  };
  loads.push(load);
  return load;
}

/** Nothing acknowledged is missing, nothing is stored twice, no epoch is half there. */
async function expectNothingLost(server: TestServer, ledger: Ledger): Promise<void> {
  const gw = new DynamoGateway(server.doc, server.tableName);
  const report = await auditWrites(gw, ledger);
  expect(report).toMatchObject({ missing: [], duplicates: [], partial: [] });
  expect(ledger.epochs.filter((e) => e.acknowledged).length).toBeGreaterThan(0);
}

/** Every failure was the database being unavailable (or a connection the proxy cut), never a 5xx or a bug. */
function expectOnlyOutageErrors(ledger: Ledger): void {
  expect(ledger.http5xx).toBe(0);
  expect(ledger.unexpected).toEqual([]);
}

describe('DynamoDB behind a proxy that resets, hangs and delays connections', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  beforeAll(async () => {
    const target = new URL(process.env.DYNAMODB_ENDPOINT as string);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
    server = await startTestServer({ endpoint: proxy.endpoint, timeoutMs: 1000 });
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  test('connections reset mid-load: fast SERVICE_UNAVAILABLE, /readyz 503, recovery without a restart, nothing lost', async () => {
    const load = startTrainers(server, 4);
    await until(() => acknowledgedEpochs(load.ledger) >= 2, 'two epochs acknowledged before the fault');
    const before = load.ledger.succeeded;
    proxy.setMode('reset');
    expect(await waitForReady(server, 503, 3000)).toBe(true);
    const api = new ApiClient(server.url);
    const during = await api.call(`{ jobs(first: 5) { edges { node { id } } } }`);
    expect(during.code).toBe('SERVICE_UNAVAILABLE');
    expect(during.ms).toBeLessThan(3000);
    expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
    await sleep(1000);
    proxy.setMode('pass');
    expect(await waitForReady(server, 200, 5000)).toBe(true);
    const recovered = load.ledger.succeeded;
    await until(() => load.ledger.succeeded > recovered, 'a call acknowledged after the recovery');
    await load.stop();
    expect(before).toBeGreaterThan(0);
    expect([...load.ledger.failures.keys()].some((k) => k.endsWith('SERVICE_UNAVAILABLE'))).toBe(true);
    expectOnlyOutageErrors(load.ledger);
    await expectNothingLost(server, load.ledger);
  });

  test('a hung database (connections accepted, never answered): requests fail within the time budget, then recover', async () => {
    proxy.setMode('blackhole');
    const api = new ApiClient(server.url);
    const hung = await api.call(`{ leaderboard(metric: "val_f1", first: 3) { jobId } }`);
    expect(hung.code).toBe('SERVICE_UNAVAILABLE');
    // 3 attempts of at most 1 s each, plus backoff.
    expect(hung.ms).toBeLessThan(6000);
    expect(await ready(server)).toBe(503);
    proxy.setMode('pass');
    expect(await waitForReady(server, 200, 5000)).toBe(true);
    expect((await api.call(`{ leaderboard(metric: "val_f1", first: 3) { jobId } }`)).code).toBeNull();
  });

  test('a slow database (every chunk 150 ms late): requests still succeed', async () => {
    proxy.delayMs = 150;
    proxy.setMode('delay');
    try {
      const load = startTrainers(server, 2);
      await until(() => acknowledgedEpochs(load.ledger) >= 2, 'two epochs acknowledged through the slow proxy');
      await load.stop();
      expect(load.ledger.failures.size).toBe(0);
      await expectNothingLost(server, load.ledger);
    } finally {
      proxy.setMode('pass');
    }
  });
});

describe('DynamoDB Local killed with kill -9 mid-load and restarted from its data directory', () => {
  let dataDir: string;
  let dynamo: EmbeddedDynamo;
  let proxy: TcpProxy;
  let server: TestServer;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'metrics-kill9-'));
    dynamo = await startEmbeddedDynamo({ dataDir });
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: dynamo.port });
    server = await startTestServer({ endpoint: proxy.endpoint, timeoutMs: 1000 });
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every epoch the server acknowledged is there and whole after the restart; none is half there', async () => {
    const load = startTrainers(server, 4);
    await until(() => acknowledgedEpochs(load.ledger) >= 2, 'two epochs acknowledged before the kill');
    await killDynamo(dynamo, server.tableName, proxy);
    expect(await waitForReady(server, 503, 5000)).toBe(true);
    await sleep(1000);
    dynamo = await startEmbeddedDynamo({ dataDir, port: dynamo.port });
    proxy.setMode('pass');
    expect(await waitForReady(server, 200, 10_000)).toBe(true);
    const back = acknowledgedEpochs(load.ledger);
    await until(() => acknowledgedEpochs(load.ledger) > back, 'an epoch acknowledged after the restart');
    await load.stop();
    expectOnlyOutageErrors(load.ledger);
    expect([...load.ledger.failures.keys()].some((k) => k.endsWith('SERVICE_UNAVAILABLE'))).toBe(true);
    await expectNothingLost(server, load.ledger);
  });
});
