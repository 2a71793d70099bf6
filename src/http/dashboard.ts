import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The project root: the nearest directory above this file with a package.json (works from src/ and from dist/). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = projectRoot();
/** The page, from the repository; the bundle (its script and stylesheet), built from dashboard/src by `npm run build`. */
const PUBLIC_DIR = join(ROOT, 'dashboard/public');
const SCRIPTS_DIR = join(ROOT, 'dist/dashboard');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Scripts and styles from this origin only; the page talks to /graphql on the same origin, over HTTP and WebSocket
// (CSP 3: 'self' also matches ws:/wss: to the page's own host and port, so the live connection needs no other source).
const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files /dashboard/assets/ may serve, by their path under it: nothing else on disk is reachable. */
function assets(): Map<string, string> {
  const found = new Map<string, string>();
  for (const path of filesUnder(SCRIPTS_DIR).filter((p) => /\.(js|css|map|txt)$/.test(p))) found.set(relative(SCRIPTS_DIR, path), path);
  return found;
}

/**
 * GET /dashboard (the page) and GET /dashboard/assets/* (the bundle esbuild built from dashboard/src and node_modules).
 */
export function registerDashboard(app: FastifyInstance): void {
  const files = assets();
  const cache = new Map<string, Promise<Buffer>>();
  const load = (path: string) => {
    let body = cache.get(path);
    if (!body) {
      body = readFile(path);
      body.catch(() => cache.delete(path));
      cache.set(path, body);
    }
    return body;
  };
  app.get('/dashboard', async (_request, reply) => {
    if (!files.has('main.js')) return reply.code(503).send({ error: 'the dashboard is not built: run `npm run build`' });
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DASHBOARD_CSP)
      .send(await load(join(PUBLIC_DIR, 'index.html')));
  });
  // The pages link /favicon.svg; browsers ask for /favicon.ico on their own: both get the icon.
  const icon = () => load(join(PUBLIC_DIR, 'favicon.svg'));
  for (const url of ['/favicon.svg', '/favicon.ico']) {
    app.get(url, async (_request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .send(await icon()),
    );
  }
  app.get<{ Params: { '*': string } }>('/dashboard/assets/*', async (request, reply) => {
    const path = files.get(request.params['*']);
    if (!path) return reply.callNotFound();
    const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
    return reply
      .type(type)
      .header('cache-control', 'no-cache')
      .send(await load(resolve(path)));
  });
}
