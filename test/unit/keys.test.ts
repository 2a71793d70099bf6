/** Key templates: the exact formats of docs/storage.md, so legacy and server items share partitions and sort orders. */
import {
  ALL_METRIC_POINTS,
  CREATED_PREFIX,
  Index,
  ItemType,
  LEGACY_REQUIRED_KEYS,
  LOGS_OF_JOB,
  STATUS_HISTORY_OF_JOB,
  WRITE_MARKERS_OF_JOB,
  isJobItem,
  isWriteMarkerSortKey,
  jobIdOfPartition,
  jobIndexKeys,
  jobKey,
  jobPartition,
  jobsByStatus,
  logKeys,
  logTimestampOf,
  metricOverTime,
  metricOverTimeKey,
  metricPointKeys,
  metricPointsOfJob,
  metricTimestampOf,
  ofJobPrefix,
  seriesNameOfSortKey,
  statusHistoryKeys,
  statusTimestampOf,
  stepSeriesDescriptorKey,
  writeMarkerKey,
} from '../../src/db/schema';

const ID = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
const TS = '2025-12-30T08:15:00.000123+00:00';

describe('item types', () => {
  it("uses the legacy TYPE values and distinct ones for the server's own items", () => {
    expect(ItemType).toEqual({
      job: 'JOB',
      metric: 'JOB_METRIC',
      log: 'JOB_LOG',
      status: 'JOB_STATUS',
      writeMarker: 'JOB_WRITE_MARKER',
      stepSeries: 'JOB_STEP_SERIES',
      stepPoint: 'JOB_STEP_METRIC',
      stepBlock: 'JOB_STEP_BLOCK',
      leaderboard: 'JOB_LEADERBOARD',
      apiKey: 'API_KEY',
    });
  });
});

describe('index names and required keys', () => {
  it('names the indexes of the table definition', () => {
    expect(Index).toEqual({ gsi1: 'GSI1', gsi2: 'GSI2', gsi3: 'GSI3', gsi4: 'GSI4', byType: 'GSITYPE' });
  });

  it('lists the keys the legacy library requires of each legacy kind', () => {
    expect(LEGACY_REQUIRED_KEYS).toEqual({
      JOB: ['PK', 'SK', 'TYPE', 'name', 'description', 'created_at', 'created_by', 'status', 'priority', 'job_config'],
      JOB_METRIC: ['PK', 'SK', 'job_id', 'metric_name', 'timestamp', 'value'],
      JOB_LOG: ['PK', 'SK', 'TYPE', 'log_level', 'message'],
      JOB_STATUS: ['PK', 'SK', 'TYPE', 'status', 'updated_at'],
    });
  });
});

describe('job keys', () => {
  it('job item: PK JOB#{id}, SK JOB', () => {
    expect(jobPartition(ID)).toBe(`JOB#${ID}`);
    expect(jobKey(ID)).toEqual({ PK: `JOB#${ID}`, SK: 'JOB' });
  });

  it('GSI1 STATUS#{status} -> CREATED#{created_at}; GSI2 JOB_NAME#{name} -> CREATED#{created_at}', () => {
    expect(jobIndexKeys('running', 'layoutlm-receipts-v12', TS)).toEqual({
      GSI1PK: 'STATUS#running',
      GSI1SK: `CREATED#${TS}`,
      GSI2PK: 'JOB_NAME#layoutlm-receipts-v12',
      GSI2SK: `CREATED#${TS}`,
    });
    expect(CREATED_PREFIX).toBe('CREATED#');
  });

  it('stores status partitions lower-case whatever case the API uses', () => {
    expect(jobsByStatus('SUCCEEDED')).toBe('STATUS#succeeded');
    expect(jobIndexKeys('FAILED', 'n', TS).GSI1PK).toBe('STATUS#failed');
  });

  it('tells a job item by its TYPE and sort key', () => {
    expect(isJobItem({ ...jobKey(ID), TYPE: 'JOB' })).toBe(true);
    expect(isJobItem({ ...jobKey(ID), TYPE: 'JOB_STATUS' })).toBe(false);
    expect(isJobItem({ PK: jobPartition(ID), SK: 'JOB#extra', TYPE: 'JOB' })).toBe(false);
    expect(isJobItem({})).toBe(false);
  });

  it('recovers the job id from a partition key, and null for foreign keys', () => {
    expect(jobIdOfPartition(`JOB#${ID}`)).toBe(ID);
    expect(jobIdOfPartition(jobPartition(ID))).toBe(ID);
    expect(jobIdOfPartition('JOB#')).toBeNull();
    expect(jobIdOfPartition('RECEIPT#1')).toBeNull();
    expect(jobIdOfPartition('IMAGE#abc')).toBeNull();
    expect(jobIdOfPartition('')).toBeNull();
  });
});

describe('metric point keys', () => {
  it('PK JOB#{id}, SK METRIC#{name}#{ts}, GSI1 METRIC#{name} -> {ts}, GSI2 METRIC#{name} -> JOB#{id}#{ts}', () => {
    expect(metricPointKeys(ID, 'val_f1', TS)).toEqual({
      PK: `JOB#${ID}`,
      SK: `METRIC#val_f1#${TS}`,
      GSI1PK: 'METRIC#val_f1',
      GSI1SK: TS,
      GSI2PK: 'METRIC#val_f1',
      GSI2SK: `JOB#${ID}#${TS}`,
    });
  });

  it('keeps underscores of label names intact', () => {
    const keys = metricPointKeys(ID, 'label_MERCHANT_NAME_f1', TS);
    expect(keys.SK).toBe(`METRIC#label_MERCHANT_NAME_f1#${TS}`);
    expect(keys.GSI1PK).toBe('METRIC#label_MERCHANT_NAME_f1');
  });

  it('query prefixes end with # so one name never matches another that extends it', () => {
    expect(metricPointsOfJob('val_f1')).toBe('METRIC#val_f1#');
    expect(metricPointKeys(ID, 'val_f1', TS).SK.startsWith(metricPointsOfJob('val_f1'))).toBe(true);
    expect(metricPointKeys(ID, 'val_f1_macro', TS).SK.startsWith(metricPointsOfJob('val_f1'))).toBe(false);
    expect(metricPointKeys(ID, 'label_TOTAL_f1', TS).SK.startsWith(metricPointsOfJob('label_TOTAL'))).toBe(false);
    expect(ofJobPrefix(ID)).toBe(`JOB#${ID}#`);
    expect(metricPointKeys(ID, 'x', TS).GSI2SK.startsWith(ofJobPrefix(ID))).toBe(true);
    expect(metricOverTime('eval_loss')).toBe('METRIC#eval_loss');
    expect(ALL_METRIC_POINTS).toBe('METRIC#');
  });

  it('reads the timestamp back from the sort key, and gives the GSI1 key of a stored point', () => {
    expect(metricTimestampOf(metricPointKeys(ID, 'val_f1', TS).SK)).toBe(TS);
    expect(metricTimestampOf(`METRIC#val_f1#2026-01-03T08:00:00.500123`)).toBe('2026-01-03T08:00:00.500123');
    const { PK, SK, GSI1PK, GSI1SK } = metricPointKeys(ID, 'val_f1', TS);
    expect(metricOverTimeKey('val_f1', { jobId: ID, sortKey: SK, timestamp: TS })).toEqual({ PK, SK, GSI1PK, GSI1SK });
  });

  it('points of one metric sort by timestamp inside the job partition and in GSI1', () => {
    const times = ['2025-12-30T08:15:00.000123+00:00', '2025-12-30T08:15:00.007123+00:00', '2025-12-30T09:00:00.000000+00:00'];
    const sks = [...times]
      .reverse()
      .map((t) => metricPointKeys(ID, 'val_f1', t).SK)
      .sort();
    expect(sks).toEqual(times.map((t) => `METRIC#val_f1#${t}`));
  });
});

describe('log keys', () => {
  it('PK JOB#{id}, SK LOG#{ts}, GSI1 LOG -> JOB#{id}#{ts}', () => {
    expect(logKeys(ID, TS)).toEqual({ PK: `JOB#${ID}`, SK: `LOG#${TS}`, GSI1PK: 'LOG', GSI1SK: `JOB#${ID}#${TS}` });
    expect(LOGS_OF_JOB).toBe('LOG#');
  });

  it('reads the timestamp back from the sort key; null for another sort key', () => {
    expect(logTimestampOf(logKeys(ID, TS).SK)).toBe(TS);
    expect(logTimestampOf(`STATUS#${TS}`)).toBeNull();
  });
});

describe('status history keys', () => {
  it('PK JOB#{id}, SK STATUS#{ts}, GSI1 STATUS#{status} -> UPDATED#{ts}', () => {
    expect(statusHistoryKeys(ID, 'RUNNING', TS)).toEqual({
      PK: `JOB#${ID}`,
      SK: `STATUS#${TS}`,
      GSI1PK: 'STATUS#running',
      GSI1SK: `UPDATED#${TS}`,
    });
    expect(STATUS_HISTORY_OF_JOB).toBe('STATUS#');
  });

  it('reads the timestamp back from the sort key; null for another sort key', () => {
    expect(statusTimestampOf(statusHistoryKeys(ID, 'running', TS).SK)).toBe(TS);
    expect(statusTimestampOf(`LOG#${TS}`)).toBeNull();
    expect(statusTimestampOf('JOB')).toBeNull();
  });
});

describe('write marker keys', () => {
  it('live in the job partition under WRITE#', () => {
    expect(writeMarkerKey(ID, 3)).toEqual({ PK: `JOB#${ID}`, SK: 'WRITE#EPOCH#0000000003' });
    expect(writeMarkerKey(ID, null)).toEqual({ PK: `JOB#${ID}`, SK: 'WRITE#DATASET' });
    expect(WRITE_MARKERS_OF_JOB).toBe('WRITE#');
    expect(isWriteMarkerSortKey(writeMarkerKey(ID, 3).SK)).toBe(true);
    expect(isWriteMarkerSortKey(`LOG#${TS}`)).toBe(false);
  });

  it('sort by epoch number, not by digits', () => {
    const epochs = [100, 2, 10, 0, 1, 99, 1000000];
    const sorted = epochs.map((e) => writeMarkerKey(ID, e).SK).sort();
    expect(sorted).toEqual([...epochs].sort((a, b) => a - b).map((e) => writeMarkerKey(ID, e).SK));
  });

  it('never collide with metric, log or status sort keys', () => {
    const marker = writeMarkerKey(ID, 1).SK;
    for (const prefix of [ALL_METRIC_POINTS, LOGS_OF_JOB, STATUS_HISTORY_OF_JOB, 'JOB']) {
      expect(marker.startsWith(prefix)).toBe(false);
    }
  });
});

describe('step series descriptor keys', () => {
  it('live in the job partition under SERIES#{name}, and give the name back', () => {
    expect(stepSeriesDescriptorKey(ID, 'loss')).toEqual({ PK: `JOB#${ID}`, SK: 'SERIES#loss' });
    expect(seriesNameOfSortKey(stepSeriesDescriptorKey(ID, 'loss').SK)).toBe('loss');
    expect(seriesNameOfSortKey('STEP#000000000001')).toBeNull();
  });
});
