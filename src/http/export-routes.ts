import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../modules/auth/authenticator';
import type { DynamoGateway } from '../db/gateway';
import { isDatabaseUnavailable } from '../platform/errors';
import { ExportService } from '../modules/exports/export-service';
import { JobRepository } from '../modules/jobs/job-repository';
import { MetricRepository } from '../modules/metrics/metric-repository';
import { StepRepository } from '../modules/metrics/step-repository';
import { argumentProblem, jobIdRule, jobIdsProblem, MAX_NAME_LENGTH, metricNameRule } from '../platform/names';

type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'SERVICE_UNAVAILABLE';
const STATUS: Record<ErrorCode, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503 };

/**
 * Longest path parameter the server routes: `{name}.csv` with a metric name of MAX_NAME_LENGTH characters, each up to
 * 12 when percent-encoded (4 UTF-8 bytes). Fastify's default (100) answered 414 for names of about 97 characters and
 * up, which writes and every other read accept.
 */
export const MAX_EXPORT_PARAM_LENGTH = MAX_NAME_LENGTH * 12 + '.csv'.length;

class ExportError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts a CSV download once its first page is in hand (so a database outage is a 503, not a cut-off 200), then
 * streams the rest page by page.
 */
async function sendCsv(reply: FastifyReply, file: string, chunks: AsyncGenerator<string>): Promise<FastifyReply> {
  const head: string[] = [];
  for (let i = 0; i < 2; i++) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
  }
  async function* rest(): AsyncGenerator<string> {
    yield head.join('');
    yield* chunks;
  }
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file}"`)
    .send(Readable.from(rest()));
}

/**
 * GET /export/jobs/{id}/metrics.csv and GET /export/metrics/{name}.csv?jobIds=a,b: CSV downloads, streamed, with the
 * same API keys as queries (any role reads).
 */
export function registerExports(app: FastifyInstance, opts: { db: DynamoGateway; auth?: Authenticator }): void {
  const exports = new ExportService(new MetricRepository(opts.db), new StepRepository(opts.db));
  const jobs = new JobRepository(opts.db);

  const handle =
    <R extends FastifyRequest>(run: (request: R, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (request: R, reply: FastifyReply) => {
      try {
        if (opts.auth && !(await opts.auth.authenticate(request.headers.authorization))) {
          throw new ExportError('UNAUTHENTICATED', 'a valid API key is required: send `Authorization: Bearer <key>`');
        }
        return await run(request, reply);
      } catch (error) {
        const known =
          error instanceof ExportError
            ? error
            : isDatabaseUnavailable(error)
              ? new ExportError('SERVICE_UNAVAILABLE', 'The database is unavailable right now; retry shortly.')
              : null;
        if (!known) throw error;
        return reply.code(STATUS[known.code]).send({ error: known.code, message: known.message });
      }
    };

  app.get<{ Params: { id: string } }>(
    '/export/jobs/:id/metrics.csv',
    handle(async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const id = request.params.id.toLowerCase();
      const badId = argumentProblem(jobIdRule, id, 'the job id');
      if (badId) throw new ExportError('BAD_USER_INPUT', badId);
      if (!(await jobs.getMany([id])).has(id)) throw new ExportError('NOT_FOUND', `no job ${id}`);
      return sendCsv(reply, `job-${id}-metrics.csv`, exports.jobMetrics(id));
    }),
  );

  app.get<{ Params: { file: string }; Querystring: { jobIds?: string } }>(
    '/export/metrics/:file',
    handle(async (request: FastifyRequest<{ Params: { file: string }; Querystring: { jobIds?: string } }>, reply) => {
      const { file } = request.params;
      if (!file.endsWith('.csv')) throw new ExportError('NOT_FOUND', 'exports end in .csv: /export/metrics/{name}.csv');
      const name = file.slice(0, -'.csv'.length);
      const raw = request.query.jobIds;
      const jobIds = raw === undefined || raw === '' ? null : [...new Set(raw.split(',').map((id) => id.trim().toLowerCase()))];
      const problem = argumentProblem(metricNameRule, name, 'the metric name') ?? (jobIds && jobIdsProblem(jobIds, 'jobIds'));
      if (problem) throw new ExportError('BAD_USER_INPUT', problem);
      return sendCsv(reply, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`, exports.metric(name, jobIds));
    }),
  );
}
