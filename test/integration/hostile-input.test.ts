import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createJob } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let jobId: string;
beforeAll(async () => {
  server = await startTestServer();
  jobId = await createJob(server);
});
afterAll(() => server.close());

/** Every item of the suite's table (compared before and after each rejected input). */
async function snapshot(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await server.doc.send(new ScanCommand({ TableName: server.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
}

// JSON text tokens, written by hand so that NaN, Infinity and out-of-range literals reach the server as a client sends them.
const numberToken = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '1e400', '"NaN"', '"Infinity"', '"1e309"', '9007199254740993', '-1', '0', '1', '0.5', '2', '1e125', '1e-200'),
);
const stringToken = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.string({ unit: 'grapheme' }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"a#b"', '"#"', '""', '" "', '"\\u0000"', '"MERCHANT_NAME"', '"🚀 ünïcödé"', JSON.stringify('x'.repeat(300)), JSON.stringify('y'.repeat(200_000))),
);
const deepJson = fc.integer({ min: 1, max: 60 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
const anyToken: fc.Arbitrary<string> = fc.oneof(
  numberToken,
  stringToken,
  deepJson,
  fc.constantFrom('true', 'false', 'null', '[]', '{}', '[1,2,3]', '{"k":"v"}', `[${'1,'.repeat(5000)}1]`),
);
const idToken = fc.oneof(fc.constant('JOB'), stringToken, fc.constantFrom('"not-a-uuid"', '"a8098c1a-f86e-11da-bd1a-00112444be1e"'));

/** An input object with each field absent, hostile, or (for ids) the real job. */
function inputOf(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, arb]) => fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? '' : `"${name}":${v}`)));
  return fc.tuple(...entries).map((parts) => `{${parts.filter(Boolean).join(',')}}`.replace(/"JOB"|JOB/g, JSON.stringify(jobId)));
}
const labelToken = inputOf({ label: stringToken, f1: numberToken, precision: numberToken, recall: numberToken, support: anyToken });
const labelsToken = fc.array(labelToken, { maxLength: 4 }).map((l) => `[${l.join(',')}]`);
const extraToken = fc.array(inputOf({ name: stringToken, value: numberToken, unit: anyToken }), { maxLength: 3 }).map((l) => `[${l.join(',')}]`);

const MUTATIONS: [string, string, fc.Arbitrary<string>][] = [
  ['createJob', 'CreateJobInput', inputOf({ id: idToken, name: stringToken, description: anyToken, createdBy: anyToken, priority: anyToken, status: anyToken, config: anyToken, tags: anyToken })],
  ['updateJobStatus', 'UpdateJobStatusInput', inputOf({ jobId: idToken, status: anyToken })],
  [
    'recordEpoch',
    'RecordEpochInput',
    inputOf({ jobId: idToken, epoch: numberToken, step: numberToken, valF1: numberToken, evalLoss: numberToken, learningRate: numberToken, labels: fc.oneof(labelsToken, anyToken), extra: fc.oneof(extraToken, anyToken) }),
  ],
  ['recordDatasetMetrics', 'RecordDatasetMetricsInput', inputOf({ jobId: idToken, numTrainSamples: numberToken, oEntityRatioTrain: numberToken, extra: fc.oneof(extraToken, anyToken) })],
  [
    'logMetrics',
    'LogMetricsInput',
    inputOf({ jobId: idToken, points: fc.array(inputOf({ name: stringToken, value: numberToken, step: numberToken, epoch: numberToken, timestamp: anyToken }), { maxLength: 4 }).map((l) => `[${l.join(',')}]`) }),
  ],
  ['finalizeJob', 'FinalizeJobInput', inputOf({ jobId: idToken, status: anyToken, trainRuntime: numberToken, totalFlos: numberToken, earlyStoppingTriggered: anyToken, extra: anyToken })],
  ['appendJobLog', 'AppendJobLogInput', inputOf({ jobId: idToken, level: anyToken, message: stringToken, source: anyToken })],
  ['deleteJob', 'DeleteJobInput', inputOf({ jobId: fc.oneof(stringToken, fc.constantFrom('"not-a-uuid"', '"00000000-0000-4000-8000-000000000000"')) })],
];

describe.each(MUTATIONS)('%s with generated and hostile input', (field, type, input) => {
  test('never a 5xx or an internal error, and a rejected input leaves the table exactly as it was', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const before = await snapshot();
        const body = `{"query":"mutation($input: ${type}!) { ${field}(input: $input) { userErrors { code field message } } }","variables":{"input":${raw}}}`;
        const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|Internal server error/);
        const parsed = JSON.parse(text) as { errors?: unknown[]; data?: Record<string, { userErrors: unknown[] } | null> };
        const rejected = res.status >= 400 || (parsed.errors?.length ?? 0) > 0 || (parsed.data?.[field]?.userErrors.length ?? 0) > 0;
        if (rejected) expect(await snapshot()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});

test('cursor and id arguments: never a 5xx, always BAD_USER_INPUT or data', async () => {
  await fc.assert(
    fc.asyncProperty(stringToken, idToken, async (cursor, id) => {
      const body = `{"query":"query($c: String, $id: ID!) { jobs(after: $c) { edges { cursor } } metricHistory(name: \\"val_f1\\", after: $c) { edges { cursor } } job(id: $id) { id } }","variables":{"c":${cursor},"id":${id.replace(/JOB/g, JSON.stringify(jobId))}}}`;
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBeLessThan(500);
      const parsed = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      for (const e of parsed.errors ?? []) expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']).toContain(e.extensions?.code);
    }),
    { numRuns: 100 },
  );
});
