import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpoints } from '../../src/stream/checkpoints';

/** The checkpoint file belongs to one stream: another stream's positions and state are never taken for this one's. */
describe('FileCheckpoints', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    path = join(dir, 'c.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-12-05T08:00:00.000';
  const RECREATED = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-12-05T09:30:00.000';

  test('positions, finished shards and state come back for the same stream, and the file names it', () => {
    const first = new FileCheckpoints(path, ARN);
    first.markStarted();
    first.set('s1', '000000000000000000042');
    first.finish('s0');
    first.saveState({ pending: [], announced: [['job', 3, 1]] });
    expect(JSON.parse(readFileSync(path, 'utf8')).stream).toBe(ARN);
    const again = new FileCheckpoints(path, ARN);
    expect([again.started(), again.get('s1'), again.finished('s0'), again.state()]).toEqual([
      true,
      '000000000000000000042',
      true,
      { pending: [], announced: [['job', 3, 1]] },
    ]);
  });

  test("another stream's file (a recreated table, another endpoint) or one naming no stream is set aside and replaced", () => {
    const old = new FileCheckpoints(path, ARN);
    old.set('s1', '000000000000000000042');
    old.saveState({ pending: [['job', 1, 5, 's1']], announced: [] });
    const said: string[] = [];
    const other = new FileCheckpoints(path, RECREATED, (m) => said.push(m));
    expect([other.started(), other.get('s1'), other.state()]).toEqual([false, undefined, undefined]);
    expect(said).toEqual([`stream: ${path} holds the checkpoints of ${ARN}, not of ${RECREATED}: starting afresh`]);
    other.markStarted();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stream: RECREATED, positions: {}, finished: [], started: true });

    // A file of the earlier format: positions of shards of some stream, no name.
    writeFileSync(path, JSON.stringify({ positions: { s9: '7' }, finished: ['s8'], started: true, state: { emitted: [['job#1', 5]] } }));
    const unnamed = new FileCheckpoints(path, ARN, (m) => said.push(m));
    expect([unnamed.started(), unnamed.get('s9'), unnamed.finished('s8'), unnamed.state()]).toEqual([false, undefined, false, undefined]);
    expect(said[1]).toBe(`stream: ${path} holds the checkpoints of an unnamed stream, not of ${ARN}: starting afresh`);
  });

  test('prune forgets the shards the stream no longer lists, and writes only when something went', () => {
    const c = new FileCheckpoints(path, ARN);
    c.set('a', '1');
    c.set('b', '2');
    c.finish('old');
    c.prune(new Set(['b', 'c']));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stream: ARN, positions: { b: '2' }, finished: [] });
    rmSync(path);
    c.prune(new Set(['b']));
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });
});
