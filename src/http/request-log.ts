import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Paths that monitoring calls every few seconds (and the icon browsers fetch on every page): logged at debug, not info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico', '/favicon.svg']);

/**
 * One log line per request, when it completes (method, URL, status, milliseconds, request id), instead of Fastify's two
 * (incoming, completed); health checks and scrapes at debug.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (QUIET_PATHS.has(request.url.split('?')[0])) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}
