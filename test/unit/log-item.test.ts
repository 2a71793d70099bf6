/** Log items: the legacy JSON log parses field by field; what the server writes parses back the same. */
import { logToItem, parseLogData, parseLogItem } from '../../src/modules/logs/log-item';
import { FOREIGN_ITEMS, LEGACY_JOB_A, legacyItems, legacyItemsOf } from './support/legacy-fixture';

describe('parseLogItem', () => {
  it('reads the legacy JSON log line', () => {
    const items = legacyItemsOf('JOB_LOG');
    expect(items).toHaveLength(1);
    expect(parseLogItem(items[0])).toEqual({
      jobId: LEGACY_JOB_A,
      timestamp: '2025-12-30T08:00:00.800123+00:00',
      level: 'INFO',
      message: '{"type":"run_config","data":{"epochs":5,"batch_size":8}}',
      source: 'receipt_layoutlm.trainer',
      data: { type: 'run_config', data: { epochs: 5, batch_size: 8 } },
      sortKey: 'LOG#2025-12-30T08:00:00.800123+00:00',
    });
  });

  it('normalises levels: lower case, WARN, unknown', () => {
    const [item] = legacyItemsOf('JOB_LOG');
    expect(parseLogItem({ ...item, log_level: 'warning' })?.level).toBe('WARNING');
    expect(parseLogItem({ ...item, log_level: 'WARN' })?.level).toBe('WARNING');
    expect(parseLogItem({ ...item, log_level: 'error' })?.level).toBe('ERROR');
    expect(parseLogItem({ ...item, log_level: 'trace' })?.level).toBe('INFO');
    expect(parseLogItem({ ...item, log_level: undefined })?.level).toBe('INFO');
  });

  it('reads a plain-text message with no data and a missing source as null', () => {
    const [item] = legacyItemsOf('JOB_LOG');
    expect(parseLogItem({ ...item, message: 'epoch 1 done', source: undefined })).toMatchObject({
      message: 'epoch 1 done',
      data: null,
      source: null,
    });
    expect(parseLogItem({ ...item, message: undefined })).toMatchObject({ message: '', data: null });
  });

  it('is null for anything that is not a log item', () => {
    for (const item of [...FOREIGN_ITEMS, ...legacyItems().filter((i) => i.TYPE !== 'JOB_LOG')]) expect(parseLogItem(item)).toBeNull();
    const [item] = legacyItemsOf('JOB_LOG');
    expect(parseLogItem({ ...item, TYPE: 'RECEIPT_LOG' })).toBeNull();
    expect(parseLogItem({ ...item, SK: 'METRIC#x#t' })).toBeNull();
    expect(parseLogItem({ ...item, PK: 'IMAGE#1' })).toBeNull();
  });
});

describe('parseLogData', () => {
  it('parses JSON objects and arrays, with surrounding whitespace', () => {
    expect(parseLogData('{"a":1}')).toEqual({ a: 1 });
    expect(parseLogData('  [1, "x"]\n')).toEqual([1, 'x']);
  });

  it('is null for text, scalars and broken JSON', () => {
    expect(parseLogData('hello')).toBeNull();
    expect(parseLogData('42')).toBeNull();
    expect(parseLogData('"quoted"')).toBeNull();
    expect(parseLogData('{"a":')).toBeNull();
    expect(parseLogData('')).toBeNull();
  });
});

describe('logToItem', () => {
  const log = {
    jobId: LEGACY_JOB_A,
    timestamp: '2026-01-03T08:00:00.000001+00:00',
    level: 'WARNING' as const,
    message: '{"loss":"nan"}',
    source: 'trainer',
  };

  it('writes the legacy keys and attribute names', () => {
    expect(logToItem(log)).toEqual({
      PK: `JOB#${LEGACY_JOB_A}`,
      SK: 'LOG#2026-01-03T08:00:00.000001+00:00',
      GSI1PK: 'LOG',
      GSI1SK: `JOB#${LEGACY_JOB_A}#2026-01-03T08:00:00.000001+00:00`,
      TYPE: 'JOB_LOG',
      log_level: 'WARNING',
      message: '{"loss":"nan"}',
      source: 'trainer',
    });
  });

  it('round-trips through parseLogItem', () => {
    expect(parseLogItem(logToItem(log))).toEqual({ ...log, data: { loss: 'nan' }, sortKey: 'LOG#2026-01-03T08:00:00.000001+00:00' });
    const plain = { ...log, message: 'done', source: null };
    expect(logToItem(plain)).not.toHaveProperty('source');
    expect(parseLogItem(logToItem(plain))).toEqual({ ...plain, data: null, sortKey: 'LOG#2026-01-03T08:00:00.000001+00:00' });
  });
});
