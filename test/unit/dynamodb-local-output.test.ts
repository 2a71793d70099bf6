import { isTraceNoise, storageProblemOf } from '../../src/dev/dynamodb-local-output';

/** DynamoDB Local's storage failures, as it prints them, summed up in one line a person can act on. */
describe("what DynamoDB Local's output says went wrong", () => {
  const DIR = '/srv/metrics/data';

  test.each([
    [
      'com.almworks.sqlite4java.SQLiteException: [26] DB[1] reset [file is encrypted or is not a database]',
      `the database files in ${DIR} are damaged (SQLite [26] file is encrypted or is not a database); stop the server, move ${DIR} aside`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteException: [26] DB[1] step() [SELECT TableName, TableInfo FROM dm;]DB[1][C] [file is encrypted or is not a database]',
      `the database files in ${DIR} are damaged (SQLite [26] file is encrypted or is not a database)`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteException: [11] DB[1] step() [SELECT * FROM x] [database disk image is malformed]',
      `the database files in ${DIR} are damaged (SQLite [11] database disk image is malformed)`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteBusyException: [5] DB[1] exec() [database is locked]',
      `the database file in ${DIR} is locked by another process (SQLite [5] database is locked)`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteException: [5] DB[1] exec() [database is locked]',
      `the database file in ${DIR} is locked by another process (SQLite [5] database is locked); is a second DynamoDB Local running on it?`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteException: [19] DB[1] exec() UNIQUE constraint failed: us.SequenceNumber',
      `another DynamoDB Local wrote to the files in ${DIR} (SQLite [19] DB[1] exec() UNIQUE constraint failed: us.SequenceNumber); run only one per data directory`,
    ],
    [
      'com.almworks.sqlite4java.SQLiteException: [13] DB[1] exec() [database or disk is full]',
      `the disk holding ${DIR} is full (SQLite [13] database or disk is full)`,
    ],
    [
      'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
      'DynamoDB Local ran out of memory (java.lang.OutOfMemoryError)',
    ],
    ['Port:\t8000', undefined],
  ])('%s', (line, expected) => {
    const found = storageProblemOf(line, DIR);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found?.startsWith(expected)).toBe(true);
  });

  test('stack traces, log headers, the banner and the shell are noise; other lines are not', () => {
    for (const line of [
      '\tat com.almworks.sqlite4java.SQLiteConnection.throwResult(SQLiteConnection.java:1436)',
      '',
      'Dec 05, 2026 3:38:18 AM com.almworks.sqlite4java.Internal log',
      'WARNING: [sqlite] SQLiteDBAccess$25@641837a5: job exception',
      'CorsParams:\tnull',
      'Killed',
      '\t... 12 more',
    ]) {
      expect([line, isTraceNoise(line)]).toEqual([line, true]);
    }
    expect(isTraceNoise('Listening on port 8000')).toBe(false);
  });
});
