import type { DelayStats, LiveModeResult, LiveRun } from '../../bench/live/live-delay';
import { failedGates, notRunTargets } from '../../bench/report';
import { MissingToolError, missingTool, startProcess, startRedis } from '../../bench/server-process';
import { liveTargets } from '../../bench/targets';

/**
 * `npm run bench` without redis-server: the spawn's ENOENT (an 'error' event, which unheard would end the bench) becomes
 * a MissingToolError saying how to install it, and LV's redis mode is a NOT RUN gate that neither passes nor fails.
 */

test('a command not on PATH fails startProcess with a MissingToolError naming it and its install command', async () => {
  const start = startProcess('tool', 'no-such-bench-tool-3f9c', [], process.env, 'ready', {
    install: 'apt-get install no-such-bench-tool',
  });
  await expect(start).rejects.toThrow(MissingToolError);
  await expect(start).rejects.toThrow(
    'no-such-bench-tool-3f9c is not installed (not found on PATH); install it with `apt-get install no-such-bench-tool`',
  );
  expect(missingTool('no-such-bench-tool-3f9c')?.message).toBe('no-such-bench-tool-3f9c is not installed (not found on PATH)');
  expect(missingTool(process.execPath)).toBeNull();
});

test('a command that starts and exits before it is ready is still a plain "did not start" error with its output', async () => {
  const start = startProcess('node', process.execPath, ['-e', 'console.log("bye")'], process.env, 'ready');
  await expect(start).rejects.toThrow(/^the node did not start:\nbye/);
  await expect(start).rejects.not.toThrow(MissingToolError);
});

test('startRedis without redis-server on PATH says to apt-get install redis-server', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent-bench-path';
  try {
    await expect(startRedis()).rejects.toThrow(
      'redis-server is not installed (not found on PATH); install it with `apt-get install redis-server`',
    );
  } finally {
    process.env.PATH = path;
  }
});

const delivered = (n: number): DelayStats => {
  const q = { p50: 100, p99: 200, max: 300 };
  return { epochs: n, expected: n, received: n, duplicated: 0, wrong: 0, firstWrong: null, fromAck: q, fromStart: q, beforeAck: 0 };
};

const localMode: LiveModeResult = {
  mode: 'local',
  setup: '1 server',
  server: delivered(16),
  legacy: delivered(2),
  errors: [],
  foreignCpu: null,
  legacyRows: 60,
  legacyLongestRowMs: 10,
  notes: [],
};

const liveRun = (modes: LiveModeResult[], notRun: LiveRun['notRun']): LiveRun => ({
  plan: { subscribers: 50, trainers: 4, warmupEpochs: 2, epochs: 4, intervalMs: 500, legacyEpochs: 2 },
  labels: 12,
  jobs: 5,
  pollMs: 250,
  quietMs: 1000,
  legacyPauseMs: 2500,
  modes,
  notRun,
});

test('LV with its redis mode not run: the local mode gates as measured, the redis mode is NOT RUN with the reason and fails nothing', () => {
  const reason = 'redis-server is not installed (not found on PATH); install it with `apt-get install redis-server`';
  const targets = liveTargets(liveRun([localMode], [{ mode: 'redis', reason }]));
  expect(targets.filter((t) => t.kind === 'gate').map((t) => ({ target: t.target, pass: t.pass, notRun: t.notRun }))).toEqual([
    { target: 'every subscriber received every epoch exactly once (local mode only)', pass: true, notRun: undefined },
    { target: 'redis: every subscriber received every epoch exactly once, p99 delay < 2 s', pass: false, notRun: reason },
  ]);
  expect(failedGates(targets)).toEqual([]);
  expect(notRunTargets(targets)).toEqual([
    `  NOT RUN gate   LV   redis: every subscriber received every epoch exactly once, p99 delay < 2 s: ${reason}`,
  ]);
  // With both modes run nothing is NOT RUN, and the gate keeps its plain wording.
  const full = liveTargets(liveRun([localMode, { ...localMode, mode: 'redis' }], []));
  expect(notRunTargets(full)).toEqual([]);
  expect(full[0]).toMatchObject({ target: 'every subscriber received every epoch exactly once', pass: true });
});
