/** The IDE page and its assets over HTTP, from the real server (buildServer, as `npm start` runs it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_JOB_ID, IDE_EXAMPLES } from '../../src/http/ide-examples';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

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

describe('the IDE example tabs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ catalog: {} });
  });
  afterAll(() => server.close());

  const operationOf = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;
  const firstField = (query: string) => {
    const first = operationOf(query).selectionSet.selections[0];
    return first.kind === Kind.FIELD ? first.name.value : '';
  };

  it('run top to bottom against an empty table: the writes succeed, the reads answer, the search and groups find the job', async () => {
    const writes = IDE_EXAMPLES.filter((e) => operationOf(e.query).operation === 'mutation');
    const reads = IDE_EXAMPLES.filter((e) => operationOf(e.query).operation === 'query');
    expect(writes.length).toBeGreaterThanOrEqual(5);
    for (const example of writes) {
      const res = await server.gql(example.query, example.variables);
      expect({ tab: example.title, errors: res.errors }).toEqual({ tab: example.title, errors: undefined });
      const payload = res.data?.[firstField(example.query)] as { userErrors: unknown[] };
      expect({ tab: example.title, userErrors: payload.userErrors }).toEqual({ tab: example.title, userErrors: [] });
    }
    // The search tabs read the job catalog, which hears of the writes through the table's stream.
    const catalog = server.catalog;
    if (!catalog) throw new Error('the server runs without a catalog');
    await until(() => {
      const entry = catalog.entry(EXAMPLE_JOB_ID);
      return entry?.status === 'SUCCEEDED' && entry.summaries.has('val_f1');
    }, 'the job catalog to hold the finalized example job');

    const answers = new Map<string, Record<string, any>>();
    for (const example of reads) {
      const res = await server.gql(example.query, example.variables);
      expect({ tab: example.title, errors: res.errors }).toEqual({ tab: example.title, errors: undefined });
      answers.set(firstField(example.query), res.data as Record<string, any>);
    }
    const search = reads.find((e) => e.variables?.filter) as (typeof IDE_EXAMPLES)[number];
    const found = (await server.gql(search.query, search.variables)).data?.jobs;
    expect(found.totalCount).toBe(1);
    expect(found.edges[0].node).toMatchObject({ id: EXAMPLE_JOB_ID, stale: false, summary: { best: 0.912, epochOfBest: 1 } });
    const groups = answers.get('jobGroups') as { jobGroups: any[]; groupSeries: any[] };
    expect(groups.jobGroups).toEqual([
      expect.objectContaining({ count: 1, jobIds: [EXAMPLE_JOB_ID], mean: 0.912, stddev: 0, median: 0.912 }),
    ]);
    expect(groups.groupSeries[0].points).toEqual([expect.objectContaining({ epoch: 1, mean: 0.912, count: 1 })]);
  });
});
