import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('creates a job and reads it back', async () => {
  const created = await server.gql(`mutation { createJob(input: { name: "smoke" }) { job { id status } userErrors { code } } }`);
  const id = created.data?.createJob.job.id;
  const read = await server.gql(`query($id: ID!) { job(id: $id) { name status priority createdBy } }`, { id });
  expect(read.data?.job).toEqual({ name: 'smoke', status: 'PENDING', priority: 'MEDIUM', createdBy: 'system' });
  expect(read.extensions?.dynamodb).toMatchObject({ calls: 1, commands: { BatchGetItem: 1 }, itemsRead: 1 });
  expect(read.extensions?.dynamodb?.readCapacityUnits).toBeGreaterThan(0);
});
