import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiKey } from '../bench/api-keys';
import { startServer, type ServerProcess } from '../bench/server-process';
import { quantile } from '../bench/stats';
import { createDocumentClient } from '../src/db/client';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../src/dev/embedded-dynamodb';
import { DynamoGateway } from '../src/db/gateway';
import { ensureTable } from '../src/db/table';
import { auditWrites } from './audit';
import { ApiClient } from './client';
import { Dashboard } from './dashboard';
import { observeFault, type FaultWindow } from './fault-window';
import { killDynamo } from './kill-dynamo';
import { Ledger } from './ledger';
import { parseSoakOptions, UsageError, type SoakOptions } from './options';
import { renderSoak, type SoakResult } from './report';
import { TcpProxy } from './tcp-proxy';
import { Trainer } from './trainer';
import { prepareProcess } from '../src/app/process-setup';

/*
 * `npm run soak [-- --duration 60]`: trainers and dashboards against one server (the built dist/app/index.js, API keys on)
 * on a DynamoDB Local with a data directory, behind a TCP proxy; half way the database goes away (kill -9 and a
 * restart from its data directory by default). At the end it checks the table against every client's ledger and prints
 * 5xx, missing, duplicates, partial epochs, whether the trainers saw the fault, whether dashboard answers showed the
 * writes acknowledged before them, p50/p99 per operation and the server's RSS. Exits 1 when a check fails.
 */

const TABLE = 'training-metrics-soak';
const started = performance.now();
const say = (msg: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const running: { dynamo?: EmbeddedDynamo; proxy?: TcpProxy; server?: ServerProcess; dataDir?: string } = {};
async function shutdown(): Promise<void> {
  await running.server?.stop().catch(() => undefined);
  await running.proxy?.close().catch(() => undefined);
  await running.dynamo?.stop().catch(() => undefined);
  if (running.dataDir) rmSync(running.dataDir, { recursive: true, force: true });
}

/** The server's RSS, sampled every 250 ms while the run goes on. */
class RssTimeline {
  readonly samples: { at: number; bytes: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    server: ServerProcess,
    private readonly t0: number,
  ) {
    this.timer = setInterval(() => this.samples.push({ at: Date.now() - t0, bytes: server.rss() }), 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Median over [fromMs, toMs) of the run: single samples mostly show where the garbage collector happens to be. */
  median(fromMs: number, toMs: number): number {
    return quantile(
      this.samples
        .filter((s) => s.at >= fromMs && s.at < toMs)
        .map((s) => s.bytes)
        .sort((a, b) => a - b),
      0.5,
    );
  }

  /** One figure per 5 s, for the log. */
  summary(): string {
    return this.samples
      .filter((s, i) => i % 20 === 19)
      .map((s) => `${Math.round(s.at / 1000)}s ${Math.round(s.bytes / 1e6)}`)
      .join(', ');
  }
}

/**
 * Takes the database away for `opts.faultMs`, then brings it back (same port, same data); returns the database and
 * the fault's window: from the moment the proxy stops passing traffic to the moment it passes it again.
 */
async function injectFault(
  opts: SoakOptions,
  dynamo: EmbeddedDynamo,
  proxy: TcpProxy,
): Promise<{ dynamo: EmbeddedDynamo; window: FaultWindow }> {
  const injectedAt = performance.now();
  const healed = (back: EmbeddedDynamo) => {
    proxy.setMode('pass');
    return { dynamo: back, window: { kind: opts.fault, injectedAt, healedAt: performance.now() } };
  };
  if (opts.fault === 'kill') {
    say(`fault: kill -9 of DynamoDB Local (pid ${dynamo.pid}) for ${opts.faultMs / 1000} s`);
    await killDynamo(dynamo, TABLE, proxy);
    await sleep(opts.faultMs);
    const out = healed(await startEmbeddedDynamo({ dataDir: running.dataDir, port: dynamo.port }));
    say('fault over: DynamoDB Local restarted from its data directory');
    return out;
  }
  say(`fault: the proxy ${opts.fault === 'reset' ? 'resets' : 'swallows'} every connection for ${opts.faultMs / 1000} s`);
  proxy.setMode(opts.fault);
  await sleep(opts.faultMs);
  const out = healed(dynamo);
  say('fault over: the proxy passes traffic again');
  return out;
}

async function soak(opts: SoakOptions): Promise<SoakResult> {
  // In memory-backed /dev/shm when there is one: the fault is a killed process, not a lost disk, and DynamoDB Local's
  // SQLite on this VM's disk would make the run measure fsync. The files outlive the killed Java process either way.
  running.dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'metrics-soak-'));
  let dynamo = (running.dynamo = await startEmbeddedDynamo({ dataDir: running.dataDir }));
  const proxy = (running.proxy = await TcpProxy.start({ host: '127.0.0.1', port: dynamo.port }));
  const setupClient = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: 10_000 });
  await ensureTable(setupClient, TABLE);
  const setup = new DynamoGateway(setupClient, TABLE);
  const [readerKey, writerKey] = [
    await createApiKey(setup, 'reader', 'soak-dashboard'),
    await createApiKey(setup, 'writer', 'soak-trainer'),
  ];
  setupClient.destroy();
  // The server as production runs it (no stats), reaching DynamoDB through the proxy. DynamoDB Local writing to disk
  // on 2 shared cores answers a loaded write in seconds, so the per-attempt time-out is 10 s rather than 2 s: a
  // killed or reset database still fails at once, and overload shows as latency, not as errors.
  const server = (running.server = await startServer(proxy.endpoint, TABLE, { DYNAMODB_STATS: '0', DYNAMODB_TIMEOUT_MS: '10000' }));
  say(
    `server pid ${server.pid}, DynamoDB Local pid ${dynamo.pid} (data in ${running.dataDir}); ${opts.trainers} trainers, ${opts.dashboards} dashboards for ${opts.durationMs / 1000} s`,
  );

  const ledger = new Ledger();
  let live = true;
  const isLive = () => live;
  const trainerApi = new ApiClient(server.url, writerKey);
  const dashboardApi = new ApiClient(server.url, readerKey);
  const trainers = Array.from(
    { length: opts.trainers },
    (_, i) =>
      new Trainer(
        trainerApi,
        ledger,
        { name: `trainer-${i}`, labels: 12, epochsPerJob: 10, pointsPerEpoch: 100, retryPauseMs: 250, epochPauseMs: opts.epochPauseMs },
        isLive,
      ),
  );
  const dashboards = Array.from(
    { length: opts.dashboards },
    (_, i) => new Dashboard(dashboardApi, ledger, { name: `dashboard-${i}`, thinkMs: opts.thinkMs }, isLive),
  );
  const clients = [...trainers.map((t) => t.run()), ...dashboards.map((d) => d.run())];

  const t0 = Date.now();
  const rss = new RssTimeline(server, t0);
  const faultAt = opts.durationMs / 2;
  await sleep(faultAt);
  const fault = await injectFault(opts, dynamo, proxy);
  dynamo = running.dynamo = fault.dynamo;
  await sleep(Math.max(0, t0 + opts.durationMs - Date.now()));
  rss.stop();
  // After the warm-up and before the fault, against the last sixth of the run.
  const warmBytes = rss.median(opts.warmupMs, faultAt);
  const endBytes = rss.median((opts.durationMs * 5) / 6, opts.durationMs);
  say(`server RSS every 5 s: ${rss.summary()} MB`);
  live = false;
  await Promise.all(clients);
  say(`clients stopped: ${ledger.succeeded} calls answered; auditing the table`);

  const auditClient = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: 10_000 });
  const gw = new DynamoGateway(auditClient, TABLE);
  const audit = await auditWrites(gw, ledger);
  auditClient.destroy();

  const operations = [...ledger.latencies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([operation, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return { operation, ok: ms.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
    });
  return {
    options: opts,
    operations,
    failures: Object.fromEntries(ledger.failures),
    http5xx: ledger.http5xx,
    unexpected: ledger.unexpected,
    audit,
    faults: [observeFault(fault.window, ledger.spans)],
    answers: ledger.answers,
    rss: { warmBytes, endBytes, growth: (endBytes - warmBytes) / warmBytes },
    jobs: ledger.jobIds.length,
  };
}

async function main(): Promise<number> {
  prepareProcess();
  const opts = parseSoakOptions(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown().then(() => process.exit(130)));
  }
  try {
    const result = await soak(opts);
    const { text, failed } = renderSoak(result, started);
    process.stdout.write(`${text}\n`);
    if (opts.jsonFile) writeFileSync(opts.jsonFile, `${JSON.stringify(result, null, 2)}\n`);
    if (failed.length) process.stderr.write(`soak failed (exit 1):\n${failed.join('\n')}\n`);
    return failed.length ? 1 : 0;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof UsageError
        ? `${error.message}\n`
        : `soak failed: ${(error as Error).stack ?? String(error)}\n${running.server ? `server output:\n${running.server.output()}\n` : ''}`,
    );
    void shutdown().then(() => process.exit(1));
  },
);
