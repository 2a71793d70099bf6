import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('when DynamoDB is unreachable', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Same server code, pointed at a dead endpoint after its table was created on the live one.
    await server.close();
    server = await startTestServer({ endpoint: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 500, skipTableCreation: true });
  });
  afterAll(() => server.close());

  test('requests fail within a few seconds with SERVICE_UNAVAILABLE and the server stays up', async () => {
    const started = Date.now();
    const res = await server.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: randomUUID() });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
    expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|stack|at /);
    const mutation = await server.gql(`mutation { createJob(input: { name: "x" }) { job { id } } }`);
    expect(mutation.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const health = await fetch(server.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable' });
  });
});

describe('error masking and health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('/readyz reports the table when it is reachable', async () => {
    const res = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', table: server.tableName, tableStatus: 'ACTIVE', catalog: { state: 'off' } });
  });

  test('an unexpected failure is masked, coded and carries a request id', async () => {
    const broken = await startTestServer({ tableName: `missing-${randomUUID()}`, skipTableCreation: true });
    try {
      const res = await broken.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: randomUUID() });
      expect(res.errors?.[0]).toEqual({
        message: 'Internal server error',
        path: ['job'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
    } finally {
      await broken.close();
    }
  });

  test('the icon browsers ask for on every page is there (no 404 per dashboard load), and the pages link it', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await fetch(server.url.replace('/graphql', path));
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'image/svg+xml']);
      expect(await res.text()).toMatch(/^<svg /);
    }
    const dashboard = await (await fetch(server.url.replace('/graphql', '/dashboard'))).text();
    expect(dashboard).toContain('<link rel="icon" href="/favicon.svg"');
    const ide = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
    expect(ide).toContain('<link rel="icon" href="/favicon.svg"');
  });

  test('a bad argument is BAD_USER_INPUT, not a 500', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ job(id: "1234") { id } }' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
