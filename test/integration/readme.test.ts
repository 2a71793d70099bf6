import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSchema, getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/*
 * The README walk-through: its curl examples, extracted and run in bash in the README's own order against a fresh
 * server, then its dashboard queries with the job that flow created; then its search section's operations with their
 * variables against runs that fit them, and its error examples. The README cannot drift from the API: a renamed
 * field, a missing required argument or an example that asks for data its own flow never wrote fails here.
 */

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const blocks = (lang: string): string[] => [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const SEPARATOR = '@@@ end of answer @@@';
const SCHEMA = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));

/** The search section: from its heading to the next `### ` heading (its own subsections are `####`). */
const SEARCH_HEADING = '\n### Search, group and compare runs\n';
const SEARCH_SECTION = README.slice(README.indexOf(SEARCH_HEADING), README.indexOf('\n### ', README.indexOf(SEARCH_HEADING) + 1));

/** The search section's GraphQL blocks, each with the JSON variable blocks that follow it. */
function searchExamples(): { document: string; variableSets: Record<string, unknown>[] }[] {
  const out: { document: string; variableSets: Record<string, unknown>[] }[] = [];
  for (const m of SEARCH_SECTION.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    if (m[1] === 'graphql') out.push({ document: m[2], variableSets: [] });
    else if (m[1] === 'json') out[out.length - 1].variableSets.push(JSON.parse(m[2]) as Record<string, unknown>);
  }
  return out;
}

const operationsOf = (document: string) =>
  parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** The variables of `variables` that `op` declares. */
const declaredBy = (op: OperationDefinitionNode, variables: Record<string, unknown>) => {
  const declared = new Set(op.variableDefinitions?.map((v) => v.variable.name.value));
  return Object.fromEntries(Object.entries(variables).filter(([k]) => declared.has(k)));
};

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
    server = await startTestServer({ catalog: {} });
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
    const dashboards = blocks('graphql').filter((b) => /^query /m.test(b) && !SEARCH_SECTION.includes(b));
    expect(dashboards).toHaveLength(1);
    const document = dashboards[0];
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(5);
    for (const op of operations) {
      const variables = declaredBy(op, { id: job, ids: [job] });
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

  test('its search section: every operation validates, the queries find the runs that fit them, and the errors read as shown', async () => {
    const examples = searchExamples();
    expect(examples.length).toBeGreaterThanOrEqual(4); // the search, the groups, tags and notes, the heartbeat
    for (const { document, variableSets } of examples) {
      expect({ document, problems: validate(SCHEMA, parse(document)).map((e) => e.message) }).toEqual({ document, problems: [] });
      for (const op of operationsOf(document))
        for (const variables of variableSets)
          expect(getVariableValues(SCHEMA, op.variableDefinitions ?? [], declaredBy(op, variables)).errors).toBeUndefined();
    }

    // Runs the examples are about: layoutlmv3-base at two learning rates below 1e-4 with two seeds each, and one run
    // failing each condition of the search (learning rate, val_f1, status, model).
    const run = async (model: string, lr: number, seed: number, valF1s: number[], finish = true) => {
      const id = await createJob(server, {
        name: `${model}-lr${lr}-seed${seed}`,
        config: { model_name: model, optimizer: { lr }, seed },
        tags: { sweep: 'lr' },
      });
      for (const [i, valF1] of valF1s.entries()) {
        const res = await server.gql(RECORD_EPOCH, { input: epochInput(id, i + 1, 2, { valF1 }) });
        expect(res.data?.recordEpoch.userErrors).toEqual([]);
      }
      if (finish) {
        const res = await server.gql(
          'mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code field message } } }',
          { input: { jobId: id, status: 'SUCCEEDED' } },
        );
        expect(res.data?.finalizeJob.userErrors).toEqual([]);
      }
      return { id, epochs: valF1s.length, status: finish ? 'SUCCEEDED' : 'RUNNING' };
    };
    const runs = {
      a: await run('layoutlmv3-base', 5e-5, 1, [0.8, 0.86, 0.87]),
      b: await run('layoutlmv3-base', 5e-5, 2, [0.81, 0.88, 0.86]),
      c: await run('layoutlmv3-base', 3e-5, 1, [0.84, 0.9]),
      d: await run('layoutlmv3-base', 3e-5, 2, [0.83, 0.89]),
      highLr: await run('layoutlmv3-base', 2e-4, 1, [0.86, 0.91]),
      lowF1: await run('layoutlmv3-base', 5e-5, 3, [0.78, 0.8]),
      running: await run('layoutlmv3-base', 5e-5, 4, [0.92], false),
      otherModel: await run('layoutlmv3-large', 5e-5, 1, [0.95]),
    };
    const catalog = server.catalog;
    if (!catalog) throw new Error('the README server runs without a catalog');
    // The catalog hears of the runs through the stream (about a second).
    await until(
      () =>
        Object.values(runs).every(({ id, epochs, status }) => {
          const entry = catalog.entry(id);
          return entry?.status === status && entry.summaries.get('val_f1')?.count === epochs;
        }),
      'the job catalog to hold every run with its epochs',
      30_000,
    );

    const answers = new Map<string, unknown[]>();
    for (const { document, variableSets } of examples) {
      for (const op of operationsOf(document)) {
        if (op.operation !== 'query') continue; // the mutations are validated above
        for (const variables of variableSets.length ? variableSets : [{}]) {
          const res = (await (
            await fetch(server.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: document, operationName: op.name?.value, variables: declaredBy(op, variables) }),
            })
          ).json()) as { data?: Record<string, any>; errors?: unknown[] };
          const name = op.name?.value as string;
          expect({ operation: name, errors: res.errors }).toEqual({ operation: name, errors: undefined });
          expect({ operation: name, empty: emptyPlaces(res.data) }).toEqual({ operation: name, empty: [] });
          answers.set(name, [...(answers.get(name) ?? []), res.data]);
        }
      }
    }

    // The search finds exactly the runs that fit, best val_f1 first, as a filter and as text alike.
    const searches = answers.get('Search') as { jobs: { totalCount: number; edges: { node: { id: string } }[] } }[];
    expect(searches).toHaveLength(2);
    expect(searches[0].jobs.edges.map((e) => e.node.id)).toEqual([runs.c.id, runs.d.id, runs.b.id, runs.a.id]);
    expect(searches[0].jobs.totalCount).toBe(4);
    // (Their cursors differ: a cursor belongs to its exact search.)
    expect({ ...searches[1].jobs, pageInfo: null }).toEqual({ ...searches[0].jobs, pageInfo: null });
    // The groups: one per learning rate of layoutlmv3-base's succeeded runs, best mean of their best val_f1 first.
    const [groups] = answers.get('Groups') as { jobGroups: { key: unknown; count: number; mean: number }[] }[];
    expect(groups.jobGroups.map((g) => [g.key, g.count])).toEqual([
      [{ model_name: 'layoutlmv3-base', 'optimizer.lr': 2e-4 }, 1],
      [{ model_name: 'layoutlmv3-base', 'optimizer.lr': 3e-5 }, 2],
      [{ model_name: 'layoutlmv3-base', 'optimizer.lr': 5e-5 }, 3],
    ]);

    // What the succeeded layoutlmv3-base runs carry: their config keys, metrics and tag.
    const [fields] = answers.get('Fields') as { jobFields: Record<string, unknown> }[];
    expect(fields.jobFields).toMatchObject({
      jobCount: 6,
      configKeys: [
        { path: 'model_name', jobs: 6, distinct: 1, numeric: false },
        { path: 'optimizer.lr', jobs: 6, distinct: 3, numeric: true },
        { path: 'seed', jobs: 6, distinct: 3, numeric: true },
      ],
      tags: [{ key: 'sweep', value: 'lr', jobs: 6 }],
    });
    expect(fields.jobFields.metrics).toContainEqual({ name: 'val_f1', jobs: 6 });

    // The error examples, sent as written, answer the message shown (the first with the extensions shown).
    const errors = [...SEARCH_SECTION.matchAll(/^(jobs\(.*\))\n\s+-> BAD_USER_INPUT {2}(.+)$/gm)];
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const [, call, message] of errors) {
      const res = await server.gql(`{ ${call} { totalCount } }`);
      expect({ call, errors: res.errors?.map((e) => e.message) }).toEqual({ call, errors: [message] });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const shown = /\(`extensions`: `(\{.*?\})` for the first\.\)/.exec(SEARCH_SECTION)?.[1] as string;
    expect((await server.gql(`{ ${errors[0][1]} { totalCount } }`)).errors?.[0].extensions).toMatchObject(JSON.parse(shown));
  }, 120_000);
});
