import { randomUUID } from 'node:crypto';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import { DynamoGateway } from '../../src/db/gateway';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** CSV exports: every point of a job, one metric across jobs; streamed, RFC 4180 quoting, same keys as queries. */

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written userErrors { code message } } }`;

/** A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

describe('CSV exports', () => {
  let server: TestServer;
  let jobA: string;
  let jobB: string;
  const base = () => server.url.replace('/graphql', '');
  beforeAll(async () => {
    server = await startTestServer();
    [jobA, jobB] = [await createJob(server), await createJob(server)];
    for (const job of [jobA, jobB])
      for (let epoch = 1; epoch <= 3; epoch++) await server.gql(RECORD_EPOCH, { input: epochInput(job, epoch, 2) });
    for (let from = 0; from < 2500; from += 1000) {
      const points = Array.from({ length: Math.min(1000, 2500 - from) }, (_, i) => ({
        name: 'train_loss',
        step: from + i,
        value: 1 / (1 + from + i),
        unit: 'loss, "smoothed"\nper step',
      }));
      const res = await server.gql(LOG, { input: { jobId: jobA, points } });
      expect(res.data?.logMetrics.userErrors).toEqual([]);
    }
    const dataset = await server.gql(
      `mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code message } } }`,
      {
        input: { jobId: jobA, numTrainSamples: 800, extra: [{ name: 'vocab_size', value: 30522 }] },
      },
    );
    expect(dataset.errors ?? dataset.data?.recordDatasetMetrics.userErrors).toEqual([]);
  });
  afterAll(() => server.close());

  test('a job: every point (epoch metrics, labels as four scores, dataset metrics, 2,500 step points), streamed, quoted', async () => {
    const res = await fetch(`${base()}/export/jobs/${jobA}/metrics.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="job-${jobA}-metrics.csv"`);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['name', 'epoch', 'step', 'value', 'unit', 'timestamp']);
    const named = (name: string) => rows.filter((r) => r[0] === name);
    expect(named('val_f1').map((r) => [r[1], r[3]])).toEqual([
      ['1', '0.51'],
      ['2', '0.52'],
      ['3', '0.53'],
    ]);
    expect(named('label_LABEL_1_support').map((r) => r[3])).toEqual(['11', '11', '11']);
    expect(named('label_LABEL_0_f1')).toHaveLength(3);
    expect(named('num_train_samples').map((r) => [r[1], r[3]])).toEqual([['', '800']]);
    expect(named('vocab_size').map((r) => r[3])).toEqual(['30522']);
    const steps = named('train_loss').filter((r) => r[2] !== '' && r[1] === '');
    expect(steps).toHaveLength(2500);
    expect(steps.map((r) => Number(r[2]))).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(steps[10]).toEqual(['train_loss', '', '10', String(1 / 11), 'loss, "smoothed"\nper step', expect.stringMatching(/^\d{4}-/)]);
    // The epoch-level train_loss of each epoch is there too.
    expect(named('train_loss').filter((r) => r[1] !== '')).toHaveLength(3);
  });

  test('one metric across chosen jobs, in their order, and across every job', async () => {
    const chosen = await fetch(`${base()}/export/metrics/val_f1.csv?jobIds=${jobB},${jobA}`);
    expect(chosen.status).toBe(200);
    const [header, ...rows] = parseCsv(await chosen.text());
    expect(header).toEqual(['job_id', 'name', 'epoch', 'step', 'value', 'unit', 'timestamp']);
    expect(rows.map((r) => `${r[0] === jobA ? 'A' : 'B'}${r[2]}`)).toEqual(['B1', 'B2', 'B3', 'A1', 'A2', 'A3']);
    const all = parseCsv(await (await fetch(`${base()}/export/metrics/train_loss.csv`)).text()).slice(1);
    expect(all.filter((r) => r[0] === jobA && r[2] === '')).toHaveLength(2500);
    expect(all.filter((r) => r[2] !== '')).toHaveLength(6);
  });

  test('bad requests are named: 400 for a bad id, name or jobIds, 404 for an unknown job', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${base()}${path}`);
      return { status: res.status, body: (await res.json()) as { error: string; message: string } };
    };
    expect(await get('/export/jobs/not-a-uuid/metrics.csv')).toMatchObject({ status: 400, body: { error: 'BAD_USER_INPUT' } });
    expect(await get(`/export/jobs/${randomUUID()}/metrics.csv`)).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    expect(await get('/export/metrics/a%23b.csv')).toMatchObject({ status: 400, body: { message: expect.stringContaining('#') } });
    expect(await get('/export/metrics/val_f1.csv?jobIds=x,y')).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('"x"') },
    });
    expect(await get('/export/metrics/val_f1.txt')).toMatchObject({ status: 404 });
  });

  test('with API keys on, an export needs a key like any query', async () => {
    const key = 'export-admin-key-0123456789abcdefghijklmn';
    const gw = new DynamoGateway(server.doc, server.tableName);
    const secured = await startTestServer({
      tableName: server.tableName,
      skipTableCreation: true,
      server: { auth: new Authenticator(new ApiKeyRepository(gw), { ttlMs: 1000, bootstrapAdminKey: key }) },
    });
    try {
      const url = `${secured.url.replace('/graphql', '')}/export/jobs/${jobB}/metrics.csv`;
      expect((await fetch(url)).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
      expect(ok.status).toBe(200);
      expect(parseCsv(await ok.text()).length).toBeGreaterThan(10);
    } finally {
      await secured.close();
    }
  });
});
