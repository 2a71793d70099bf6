import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { startTestServer, type TestServer } from '../helpers/test-server';

/*
 * The README walk-through: its curl examples, extracted and run in bash in the README's own order against a fresh
 * server, then its dashboard queries with the job that flow created. The README cannot drift from the API: a renamed
 * field, a missing required argument or an example that asks for data its own flow never wrote fails here.
 */

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const blocks = (lang: string): string[] => [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const SEPARATOR = '@@@ end of answer @@@';

/** Every array in an answer has something in it, and no `job` is null: an example that finds nothing shows nothing. */
function emptyPlaces(value: unknown, path = 'data'): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((v, i) => emptyPlaces(v, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'userErrors' ? [] : v === null && k === 'job' ? [`${path}.${k}`] : emptyPlaces(v, `${path}.${k}`),
    );
  }
  return [];
}

function userErrorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(userErrorsIn);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === 'userErrors' ? (v as unknown[]) : userErrorsIn(v)));
  return [];
}

describe('the README walk-through', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'readme-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("its curl examples run as written, in order, and every answer is a success; then its dashboard queries find the flow's data", async () => {
    const origin = new URL(server.url).origin;
    const curlBlocks = blocks('bash').filter((b) => /\bcurl\b/.test(b));
    expect(curlBlocks.length).toBeGreaterThanOrEqual(3); // the trainer flow, a dashboard query, the exports
    const script = [
      'set -euo pipefail',
      // Each answer is followed by a separator, so the test can judge every one; an HTTP error fails the script.
      `curl() { command curl --fail-with-body "$@"; printf '\\n${SEPARATOR}\\n'; }`,
      ...curlBlocks.map((b) => b.replaceAll('http://localhost:4000', origin)),
      'echo "JOB=$JOB"',
    ].join('\n');
    // Not spawnSync: the server answers from this very process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn('bash', ['-c', script], { cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (status) => done({ status, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const answers = run.stdout
      .split(SEPARATOR)
      .map((a) => a.trim())
      .filter((a) => a.startsWith('{'));
    const calls = curlBlocks.join('\n').match(/curl -s \$API/g) ?? [];
    expect(answers).toHaveLength(calls.length);
    for (const answer of answers) {
      const body = JSON.parse(answer) as { data?: unknown; errors?: unknown[] };
      expect({ answer: body, errors: body.errors }).toEqual({ answer: body, errors: undefined });
      expect({ answer: body, userErrors: userErrorsIn(body.data) }).toEqual({ answer: body, userErrors: [] });
      expect({ answer: body, empty: emptyPlaces(body.data) }).toEqual({ answer: body, empty: [] });
    }
    const finalized = answers.map((a) => JSON.parse(a).data).find((d) => d.finalizeJob);
    expect(finalized.finalizeJob.job).toEqual({ status: 'SUCCEEDED', results: { bestF1: 0.851, bestEpoch: 2, trainRuntime: 842.5 } });

    // The exports wrote their files.
    const jobCsv = readFileSync(join(dir, 'run.csv'), 'utf8').trim().split(/\r?\n/);
    expect(jobCsv[0]).toBe('name,epoch,step,value,unit,timestamp');
    expect(jobCsv.length).toBeGreaterThan(20);
    const metricCsv = readFileSync(join(dir, 'f1.csv'), 'utf8').trim().split(/\r?\n/);
    expect(metricCsv[0]).toBe('job_id,name,epoch,step,value,unit,timestamp');
    expect(metricCsv).toHaveLength(3); // val_f1 of epochs 1 and 2

    const job = /^JOB=(\S+)$/m.exec(run.stdout)?.[1] as string;
    const dashboards = blocks('graphql').filter((b) => /^query /m.test(b));
    expect(dashboards).toHaveLength(1);
    const document = dashboards[0];
    const operations = parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThanOrEqual(5);
    for (const op of operations) {
      const declared = new Set(op.variableDefinitions?.map((v) => v.variable.name.value));
      const variables = Object.fromEntries(Object.entries({ id: job, ids: [job] }).filter(([k]) => declared.has(k)));
      const res = (await (
        await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: document, operationName: op.name?.value, variables }),
        })
      ).json()) as { data?: unknown; errors?: unknown[] };
      expect({ operation: op.name?.value, errors: res.errors }).toEqual({ operation: op.name?.value, errors: undefined });
      expect({ operation: op.name?.value, empty: emptyPlaces(res.data) }).toEqual({ operation: op.name?.value, empty: [] });
    }
  }, 120_000);
});
