/**
 * The in-server GraphiQL IDE: an HTML page plus its four vendored assets, served from node_modules so
 * the IDE works fully offline (no CDN; the page's CSP forbids every remote origin).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IDE_EXAMPLES } from './ide-examples';

const ASSET_PREFIX = '/ide/assets/';
const JS = 'application/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

interface Asset {
  pkg: string;
  file: string;
  contentType: string;
}

// These packages' `exports` maps hide their UMD builds from require.resolve, but all export
// ./package.json: resolve that and join, so the files come from whichever copy Node would load.
const ASSETS: Record<string, Asset> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: JS },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: JS },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: CSS },
  // The graphql-ws client (global `graphqlWs`): subscriptions run over a WebSocket to the same path.
  'graphql-ws.min.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js', contentType: JS },
};

// Script order matters: graphiql's UMD reads the React and ReactDOM globals when it loads.
const SCRIPT_ORDER = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'graphql-ws.min.js'];

// One promise per file, so concurrent first requests share a single disk read.
const assetCache = new Map<string, Promise<Buffer>>();

function loadAsset(asset: Asset): Promise<Buffer> {
  const key = `${asset.pkg}/${asset.file}`;
  let cached = assetCache.get(key);
  if (!cached) {
    const fullPath = path.join(path.dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
    cached = readFile(fullPath);
    // A failed read must not be cached forever: drop it so the next request retries.
    cached.catch(() => assetCache.delete(key));
    assetCache.set(key, cached);
  }
  return cached;
}

/** Registers GET /ide/assets/:file, which serves only the allow-listed IDE assets. */
export function registerIde(app: FastifyInstance, _opts: { graphqlPath: string }): void {
  // graphqlPath is taken so the server wires the IDE with one options object; the assets don't need it.
  app.get<{ Params: { file: string } }>(`${ASSET_PREFIX}:file`, async (request, reply) => {
    // Own-property lookup: a name such as "constructor" or "../x" must never reach the filesystem.
    const asset = Object.hasOwn(ASSETS, request.params.file) ? ASSETS[request.params.file] : undefined;
    if (!asset) return reply.callNotFound();
    const body = await loadAsset(asset);
    return reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
}

/** Whether a request is a browser opening the GraphQL URL (and so should get the IDE page). */
export function wantsIde(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  if (new URLSearchParams(search).has('query')) return false;
  const accept = request.headers.accept;
  if (typeof accept !== 'string' || accept === '') return false;
  const html = acceptRank(accept, 'text', 'html');
  // Compare against the JSON media types, the other things a GET on the GraphQL URL can return.
  const json = [acceptRank(accept, 'application', 'json'), acceptRank(accept, 'application', 'graphql-response+json')].sort((a, b) =>
    compareRank(b, a),
  )[0];
  return html.q > 0 && compareRank(html, json) > 0;
}

interface Rank {
  q: number;
  specificity: number;
  index: number;
}

// RFC 9110 negotiation as browsers and `negotiator` apply it: the most specific matching range sets
// the quality; ties go to higher quality, then the more specific range, then the earlier one.
function acceptRank(accept: string, type: string, subtype: string): Rank {
  let best: Rank = { q: 0, specificity: -1, index: Number.MAX_SAFE_INTEGER };
  accept.split(',').forEach((part, index) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const [t, s] = range.trim().split('/');
    const specificity = t === type && s === subtype ? 2 : t === type && s === '*' ? 1 : t === '*' && s === '*' ? 0 : -1;
    // Only a strictly more specific range overrides: among equals, the first one listed counts.
    if (specificity <= best.specificity) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    best = { q: Number.isFinite(q) ? q : 0, specificity, index };
  });
  return best;
}

function compareRank(a: Rank, b: Rank): number {
  return a.q - b.q || a.specificity - b.specificity || b.index - a.index;
}

// JSON inside an inline <script>: escape '<' so no value can close the script element early.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Renders the GraphiQL page: local assets, a same-origin JSON fetcher and the example tabs. */
export function renderIdePage(opts: { graphqlPath: string }): string {
  // Each tab carries its own headers: GraphiQL applies defaultHeaders only to tabs opened later.
  const headers = JSON.stringify({ Authorization: '' }, null, 2);
  const tabs = IDE_EXAMPLES.map((example) => ({
    query: `# ${example.title}\n${example.query}`,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
    headers,
  }));
  const scripts = SCRIPT_ORDER.map((file) => `<script src="${ASSET_PREFIX}${file}"></script>`).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Training metrics API - GraphiQL</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="${ASSET_PREFIX}graphiql.min.css" />
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL...</div>
    ${scripts}
    <script>
      (function () {
        var url = ${scriptJson(opts.graphqlPath)};
        // apollo-require-preflight satisfies Apollo's CSRF prevention; empty headers (the unfilled
        // Authorization template) are dropped so they never reach the server as blank credentials.
        // Subscriptions go over graphql-ws to the same path; the tab's Authorization header becomes the connection's
        // key (checked when the socket connects), one socket per key.
        var sockets = {};
        function socketFor(authorization) {
          var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + url;
          sockets[authorization] = sockets[authorization] || graphqlWs.createClient({
            url: wsUrl,
            connectionParams: authorization ? { authorization: authorization } : {}
          });
          return sockets[authorization];
        }
        // The operations of a document, read from its text: GraphiQL's own operation name (and parsed document) can
        // still be the previous tab's right after a tab switch, while the text is always the one shown.
        function operationsIn(query) {
          var text = String(query || '').replace(/#[^\\n]*/g, '');
          var found = [];
          var re = /^\\s*(query|mutation|subscription)\\b\\s*(\\w*)/gm;
          for (var m = re.exec(text); m; m = re.exec(text)) found.push({ type: m[1], name: m[2] || undefined });
          return found;
        }
        function fetcher(graphQLParams, options) {
          var ops = operationsIn(graphQLParams.query);
          // One operation in the text: that one, whatever name came along; several: the one GraphiQL names.
          var op = ops.length === 1 ? ops[0] : ops.filter(function (o) { return o.name === graphQLParams.operationName; })[0];
          var params = ops.length === 1 ? Object.assign({}, graphQLParams, { operationName: ops[0].name }) : graphQLParams;
          var headers = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
          var extra = (options && options.headers) || {};
          Object.keys(extra).forEach(function (name) {
            if (extra[name] !== '' && extra[name] != null) headers[name] = String(extra[name]);
          });
          if (op && op.type === 'subscription') return socketFor(headers.Authorization || headers.authorization || '').iterate(params);
          return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'same-origin' })
            .then(function (response) { return response.json(); });
        }
        var tabs = ${scriptJson(tabs)};
        // GraphiQL 3 fills the variables editor from the variables prop or storage, not from
        // defaultTabs[0]; so seed it on a first visit only, later visits restore their own tabs.
        var firstVisit = true;
        try { firstVisit = !window.localStorage.getItem('graphiql:tabState'); } catch (e) {}
        ReactDOM.createRoot(document.getElementById('graphiql')).render(
          React.createElement(GraphiQL, {
            fetcher: fetcher,
            defaultTabs: tabs,
            variables: firstVisit ? tabs[0].variables : undefined,
            defaultHeaders: ${scriptJson(headers)},
            isHeadersEditorEnabled: true,
            shouldPersistHeaders: false,
            defaultEditorToolsVisibility: 'variables'
          })
        );
      })();
    </script>
  </body>
</html>
`;
}
