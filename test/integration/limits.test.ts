import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let locked: TestServer;
beforeAll(async () => {
  server = await startTestServer({ server: { corsOrigins: ['https://dash.example.com'] } });
  locked = await startTestServer({ server: { ide: false, introspection: false } });
});
afterAll(async () => {
  await server.close();
  await locked.close();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('a query deeper than the depth limit is rejected with a message naming the limit', async () => {
  const deep = `{ jobs { edges { node { epochs { labels { job { epochs { labels { job { epochs { epoch } } } } } } } } } } }`;
  const res = await server.gql(deep);
  expect(res.errors?.[0].message).toMatch(/depth limit of 10 exceeded/i);
  expect(res.data).toBeUndefined();
});

test('too many aliases or tokens are rejected, each naming its limit', async () => {
  const aliases = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: jobs { edges { cursor } }`).join(' ')} }`;
  expect((await server.gql(aliases)).errors?.[0].message).toMatch(/aliases limit of 20/i);
  const tokens = `{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`;
  expect((await server.gql(tokens)).errors?.[0].message).toMatch(/token limit of 5000/i);
});

test('batched requests are refused and bodies over 2 MB are 413', async () => {
  const batch = await post(server.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
  expect(batch.status).toBe(400);
  const huge = await post(server.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(2.5 * 1024 * 1024) } });
  expect(huge.status).toBe(413);
});

test('CSRF prevention: a simple GET query without a preflight header is refused', async () => {
  const res = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/CSRF/i);
  const allowed = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(allowed.status).toBe(200);
});

test('security headers on API responses; CORS only for configured origins', async () => {
  const res = await post(server.url, { query: '{ __typename }' }, { origin: 'https://dash.example.com' });
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
  const other = await post(server.url, { query: '{ __typename }' }, { origin: 'https://evil.example.com' });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
  const preflight = await fetch(server.url, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(403);
  const good = await fetch(server.url, {
    method: 'OPTIONS',
    headers: { origin: 'https://dash.example.com', 'access-control-request-method': 'POST' },
  });
  expect(good.status).toBe(204);
  expect(good.headers.get('access-control-allow-headers')).toMatch(/authorization/);
});

test('the IDE and introspection can be switched off', async () => {
  const page = await fetch(locked.url, { headers: { accept: 'text/html' } });
  expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
  const intro = await locked.gql('{ __schema { queryType { name } } }');
  expect(intro.errors?.[0].message).toMatch(/introspection/i);
  const onByDefault = await server.gql('{ __schema { queryType { name } } }');
  expect(onByDefault.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
});
