import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startScriptFlags } from '../../bench/server-process';

/**
 * `npm start` and the Docker image run the server with the same node flags (the memory settings the benchmark measured
 * under W1), and node accepts them: a misspelt V8 flag makes node refuse to start with "bad option".
 */

const ROOT = resolve(__dirname, '../..');

const startFlags = () => startScriptFlags(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function dockerCmdFlags(): string[] {
  const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  if (!cmd) throw new Error('no CMD in the Dockerfile');
  const args = JSON.parse(cmd.slice(4)) as string[];
  expect(args[0]).toBe('node');
  expect(args[args.length - 1]).toBe('dist/app/index.js');
  return args.slice(1, -1);
}

describe('node flags of the server', () => {
  it('are the same in npm start and in the Dockerfile', () => {
    expect(startFlags().length).toBeGreaterThan(0);
    expect(dockerCmdFlags()).toEqual(startFlags());
  });

  it('are accepted by node', () => {
    const r = spawnSync(process.execPath, [...startFlags(), '-e', '0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
