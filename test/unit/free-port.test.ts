/** The embedded DynamoDB Local's port: free, and never the port the server is about to listen on. */
import { findFreePort } from '../../src/dev/dynamodb-local-process';

test("a port the OS offers that is reserved (the server's own) is passed over", async () => {
  const offers = [4000, 4000, 38529, 41000];
  const pick = async () => offers.shift() as number;
  expect(await findFreePort([4000, 38529], pick)).toBe(41000);
  expect(offers).toEqual([]);
});

test('gives up with an error rather than looping when only reserved ports come back', async () => {
  await expect(findFreePort([5000], async () => 5000)).rejects.toThrow(/could not pick a free port other than 5000/);
});

test('asks the OS by default: a real, usable port', async () => {
  const port = await findFreePort([]);
  expect(port).toBeGreaterThan(0);
  expect(port).toBeLessThan(65536);
});
