import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Headers every response carries: no sniffing, no framing, no referrer leaks, same-origin resources. */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Responses that are not the IDE page or its assets (those carry their own policy) get a deny-all CSP. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function allowOrigin(request: FastifyRequest, reply: FastifyReply, origins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (!origin || !origins.has(origin)) return false;
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
  return true;
}

/**
 * Security headers on every response, and CORS for the configured origins only (none by default: same-origin
 * dashboards need none). A preflight from an allowed origin is answered here; others get no CORS headers.
 */
export function registerSecurity(app: FastifyInstance, opts: { corsOrigins: readonly string[] }): void {
  const origins = new Set(opts.corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      if (!allowOrigin(request, reply, origins)) return reply.code(403).send({ error: 'origin not allowed' });
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
    allowOrigin(request, reply, origins);
  });
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (!reply.getHeader('content-security-policy') && !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', API_CSP);
    }
  });
}
