import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** GET /metrics: Prometheus text with requests and latency by operation and outcome, errors by code, DynamoDB by command. */

/** The value of one series in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('counts requests by operation and outcome, errors by code, DynamoDB calls and capacity by command', async () => {
    const id = await createJob(server);
    await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 2) });
    for (let i = 0; i < 3; i++) await server.gql(`query Overview { jobs(first: 5) { edges { node { id } } } }`);
    await server.gql(`query BadCursor { jobs(first: 5, after: "not-a-cursor") { edges { node { id } } } }`);
    const res = await fetch(server.url.replace('/graphql', '/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'graphql_requests_total', { operation: 'Overview', outcome: 'ok' })).toBe(3);
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'Overview', outcome: 'ok' })).toBe(3);
    expect(sample(text, 'graphql_requests_total', { operation: 'BadCursor', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'dynamodb_calls_total', { command: 'Query' })).toBeGreaterThanOrEqual(18);
    expect(sample(text, 'dynamodb_calls_total', { command: 'TransactWriteItems' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dynamodb_consumed_capacity_units_total', { command: 'Query', kind: 'read' })).toBeGreaterThan(0);
    expect(sample(text, 'dynamodb_consumed_capacity_units_total', { command: 'TransactWriteItems', kind: 'write' })).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
  });
});
