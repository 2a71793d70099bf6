/** The IDE's example operations are valid against the schema, and the page is offline-only. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { buildSchema, getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_JOB_ID, IDE_EXAMPLES } from '../../src/http/ide-examples';
import { renderIdePage, wantsIde } from '../../src/http/ide';

// The contract copy keeps the examples to the public API; the project's schema, once it exists, must
// accept them too (it is a superset of the contract).
const schemaPaths = [path.resolve(__dirname, '../fixtures/contract.graphql'), path.resolve(__dirname, '../../schema.graphql')].filter((p) =>
  existsSync(p),
);
const schemas = schemaPaths.map((p) => [path.basename(p), buildSchema(readFileSync(p, 'utf8'))] as const);

describe('IDE_EXAMPLES', () => {
  it('covers the trainer flow, the dashboard queries (search and groups included) and a subscription, in order', () => {
    const fields = IDE_EXAMPLES.map((example) => {
      const op = parse(example.query).definitions[0] as OperationDefinitionNode;
      const first = op.selectionSet.selections[0];
      return first.kind === Kind.FIELD ? first.name.value : '';
    });
    expect(fields).toEqual([
      'createJob',
      'recordEpoch',
      'recordDatasetMetrics',
      'appendJobLog',
      'finalizeJob',
      'jobs',
      'job',
      'compareMetric',
      'leaderboard',
      'jobs',
      'jobGroups',
      'labelHistory',
      'epochRecorded',
    ]);
  });

  // Subscriptions are the project's addition to the contract: their example is checked against schema.graphql only
  // (graphql-js would pass it vacuously against a schema without a Subscription type).
  const isSubscription = (query: string) => (parse(query).definitions[0] as OperationDefinitionNode).operation === 'subscription';
  const cases = schemas.flatMap(([file, schema]) =>
    IDE_EXAMPLES.filter((example) => file !== 'contract.graphql' || !isSubscription(example.query)).map(
      (example) => [file, example.title, schema, example] as const,
    ),
  );
  it.each(cases)('%s: "%s" validates and its variables coerce', (_file, _title, schema, example) => {
    const document = parse(example.query);
    expect(validate(schema, document)).toEqual([]);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    // One named operation per tab: GraphiQL titles the tab with it and needs no operationName.
    expect(operations).toHaveLength(1);
    expect(operations[0].name?.value).toBeTruthy();
    const coerced = getVariableValues(schema, operations[0].variableDefinitions ?? [], example.variables ?? {});
    expect(coerced.errors).toBeUndefined();
  });

  it('uses the one example job id wherever an id is given', () => {
    const ids = JSON.stringify(IDE_EXAMPLES.map((e) => e.variables)).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g);
    expect(ids?.length).toBeGreaterThanOrEqual(8);
    expect(new Set(ids)).toEqual(new Set([EXAMPLE_JOB_ID]));
    expect(EXAMPLE_JOB_ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('renderIdePage', () => {
  const html = renderIdePage({ graphqlPath: '/graphql' });

  it('names no absolute or protocol-relative URL, so nothing loads from another host', () => {
    expect(html.match(/https?:\/\/[^\s"'<>)]*/gi)).toBeNull();
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs).toHaveLength(6);
    // Same-origin paths, or inline data: (the empty favicon).
    for (const ref of refs) expect(ref).toMatch(/^(\/(?!\/)|data:)/);
  });

  it('references the four local assets', () => {
    for (const file of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js']) {
      expect(html).toContain(`"/ide/assets/${file}"`);
    }
  });

  it('carries a CSP that forbids remote origins', () => {
    expect(html).toContain(
      `content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:"`,
    );
  });

  it('posts JSON with the preflight header to the given path, and preloads every example tab', () => {
    const page = renderIdePage({ graphqlPath: '/api/graphql' });
    expect(page).toContain('var url = "/api/graphql";');
    expect(page).toContain("'apollo-require-preflight': 'true'");
    expect(page).toContain("'content-type': 'application/json'");
    expect(page).toContain('isHeadersEditorEnabled: true');
    for (const example of IDE_EXAMPLES) expect(page).toContain(JSON.stringify(`# ${example.title}`).slice(1, -1));
  });

  it('cannot be broken out of its inline script by the graphql path', () => {
    const page = renderIdePage({ graphqlPath: '/x</script><script>alert(1)</script>' });
    expect(page).not.toContain('</script><script>alert');
  });
});

describe('wantsIde', () => {
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
  const fake = (method: string, url: string, accept?: string): FastifyRequest =>
    ({ method, url, headers: accept === undefined ? {} : { accept } }) as unknown as FastifyRequest;

  it.each([
    ['a browser opening the URL', true, fake('GET', '/graphql', BROWSER)],
    ['a browser with an unrelated search parameter', true, fake('GET', '/graphql?tab=2', BROWSER)],
    ['text/html only', true, fake('GET', '/graphql', 'text/html')],
    ['a GET query from a browser', false, fake('GET', '/graphql?query=%7B__typename%7D', BROWSER)],
    ['an empty query parameter', false, fake('GET', '/graphql?query=', BROWSER)],
    ['a POST from a browser', false, fake('POST', '/graphql', BROWSER)],
    ['curl (*/*)', false, fake('GET', '/graphql', '*/*')],
    ['no Accept header', false, fake('GET', '/graphql')],
    ['a JSON client', false, fake('GET', '/graphql', 'application/json')],
    ['JSON preferred over HTML', false, fake('GET', '/graphql', 'text/html;q=0.5, application/json')],
    ['GraphQL-over-HTTP media type first', false, fake('GET', '/graphql', 'application/graphql-response+json, text/html')],
    ['HTML refused', false, fake('GET', '/graphql', 'text/html;q=0, */*')],
    ['HTML listed before JSON at equal quality', true, fake('GET', '/graphql', 'text/html, application/json')],
  ])('%s -> %s', (_name, expected, request) => {
    expect(wantsIde(request)).toBe(expected);
  });
});
