/** The IDE page and its assets over HTTP, from the real server (buildServer, as `npm start` runs it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/test-server';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function vendored(pkg: string, file: string): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));
}

describe('IDE routes', () => {
  let server: TestServer;
  let base = '';

  async function get(url: string, accept?: string): Promise<{ status: number; type: string; cache: string | null; body: Buffer }> {
    const res = await fetch(base + url, { headers: accept ? { accept } : {} });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type') ?? '', cache: res.headers.get('cache-control'), body };
  }

  beforeAll(async () => {
    server = await startTestServer();
    base = new URL(server.url).origin;
  });

  afterAll(() => server.close());

  it('serves the page to a browser and not to an API client', async () => {
    const page = await get('/graphql', BROWSER);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body.toString()).toContain('/ide/assets/graphiql.min.js');

    const api = await get('/graphql', 'application/json');
    expect(api.status).toBe(400);
  });

  it.each([
    ['graphiql.min.js', 'graphiql', 'graphiql.min.js', /^application\/javascript/],
    ['graphiql.min.css', 'graphiql', 'graphiql.min.css', /^text\/css/],
    ['react.production.min.js', 'react', 'umd/react.production.min.js', /^application\/javascript/],
    ['react-dom.production.min.js', 'react-dom', 'umd/react-dom.production.min.js', /^application\/javascript/],
    ['graphql-ws.min.js', 'graphql-ws', 'umd/graphql-ws.min.js', /^application\/javascript/],
  ])('serves %s from node_modules, cacheable', async (file, pkg, rel, type) => {
    // Twice: the second answer comes from the in-memory cache and must be identical.
    for (let i = 0; i < 2; i++) {
      const res = await get(`/ide/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(type);
      expect(res.cache).toBe('public, max-age=86400');
      expect(res.body.length).toBeGreaterThan(1000);
      expect(res.body.equals(vendored(pkg, rel))).toBe(true);
    }
  });

  it.each(['/ide/assets/..%2F..%2Fpackage.json', '/ide/assets/graphiql.min.js.map', '/ide/assets/constructor', '/ide/assets/graphiql.js'])(
    'answers 404 for %s, which is not on the allow-list',
    async (url) => {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('"dependencies"');
    },
  );
});
