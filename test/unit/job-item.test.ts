/** Job and status-history items: legacy items parse field by field; what the server writes parses back the same. */
import {
  jobToItem,
  parseJobItem,
  parseStatus,
  parseStatusChange,
  statusChangeToItem,
  statusTimestampMissingUpdatedAt,
} from '../../src/modules/jobs/job-item';
import { JobPartition } from '../../src/modules/partition/job-partition';
import type { JobModel, StatusChangeModel } from '../../src/modules/jobs/job-model';
import { LEGACY_REQUIRED_KEYS } from '../../src/db/schema';
import { FOREIGN_ITEMS, LEGACY_JOB_A, LEGACY_JOB_B, legacyItems, legacyItemsOf } from './support/legacy-fixture';

describe('parseJobItem on legacy items', () => {
  it('reads job A (offset timestamps, full results) field by field', () => {
    const [item] = legacyItemsOf('JOB', LEGACY_JOB_A);
    expect(parseJobItem(item)).toEqual({
      id: LEGACY_JOB_A,
      name: 'layoutlm-receipts-v12',
      description: 'LayoutLM receipt token classification',
      status: 'SUCCEEDED',
      priority: 'MEDIUM',
      createdAt: '2025-12-30T08:00:00.000123+00:00',
      createdBy: 'system',
      config: {
        model_name: 'layoutlm-v12',
        epochs: 5,
        batch_size: 8,
        learning_rate: 0.00005,
        label_list: ['ADDRESS', 'PHONE_NUMBER', 'TOTAL'],
      },
      tags: {},
      results: {
        best_f1: 0.874,
        best_epoch: 2,
        best_f1_epoch: 2,
        checkpoint_metric: 'eval_f1',
        best_checkpoint_metric_value: 0.874,
        best_checkpoint_metric_epoch: 2,
        early_stopping_triggered: false,
        metrics_comparable: true,
        comparability_reason: null,
        num_labels: 7,
        label_list: ['O', 'B-ADDRESS', 'I-ADDRESS', 'B-PHONE_NUMBER', 'I-PHONE_NUMBER', 'B-TOTAL', 'I-TOTAL'],
        train_runtime: 1812.25,
        total_flos: 830000000000000,
        best_checkpoint_s3_path: 's3://training-bucket/runs/layoutlm-receipts-v12/best/',
      },
    });
  });

  it('reads job B (naive created_at, no results)', () => {
    const [item] = legacyItemsOf('JOB', LEGACY_JOB_B);
    const job = parseJobItem(item);
    expect(job).toMatchObject({
      id: LEGACY_JOB_B,
      name: 'layoutlm-receipts-v13',
      status: 'RUNNING',
      priority: 'MEDIUM',
      createdAt: '2026-01-03T08:00:00.000123',
      results: null,
      tags: {},
    });
    expect(job?.config.label_list).toEqual(['ADDRESS', 'PHONE_NUMBER', 'TOTAL']);
  });

  it('parses exactly the two JOB items of the fixture, and nothing else there', () => {
    const jobs = legacyItems()
      .map(parseJobItem)
      .filter((j): j is JobModel => j !== null);
    expect(jobs.map((j) => j.id)).toEqual([LEGACY_JOB_A, LEGACY_JOB_B]);
  });
});

describe('parseJobItem on other items', () => {
  it.each(FOREIGN_ITEMS.map((item) => [String(item.TYPE), item]))('a foreign %s item is null', (_type, item) => {
    expect(parseJobItem(item)).toBeNull();
  });

  it('a JOB item without a usable status, created_at or id is null', () => {
    const [item] = legacyItemsOf('JOB', LEGACY_JOB_A);
    expect(parseJobItem({ ...item, TYPE: 'RECEIPT' })).toBeNull();
    expect(parseJobItem({ ...item, TYPE: undefined })).toBeNull();
    expect(parseJobItem({ ...item, status: 'queued' })).toBeNull();
    expect(parseJobItem({ ...item, status: undefined })).toBeNull();
    expect(parseJobItem({ ...item, created_at: undefined })).toBeNull();
    expect(parseJobItem({ ...item, PK: 'JOB#' })).toBeNull();
    expect(parseJobItem({ ...item, SK: 'JOB#extra' })).toBeNull();
  });

  it('defaults a missing or unknown priority to MEDIUM and created_by to system; reads upper-case status', () => {
    const [item] = legacyItemsOf('JOB', LEGACY_JOB_A);
    expect(parseJobItem({ ...item, priority: 'urgent', created_by: undefined, status: 'FAILED' })).toMatchObject({
      priority: 'MEDIUM',
      createdBy: 'system',
      status: 'FAILED',
    });
    expect(parseJobItem({ ...item, priority: 'critical' })?.priority).toBe('CRITICAL');
  });

  it('turns sets into arrays in config and keeps tag maps', () => {
    const [item] = legacyItemsOf('JOB', LEGACY_JOB_A);
    const job = parseJobItem({ ...item, job_config: { tags: new Set(['a', 'b']) }, tags: { team: 'ml' } });
    expect(job?.config).toEqual({ tags: ['a', 'b'] });
    expect(job?.tags).toEqual({ team: 'ml' });
  });
});

describe('parseStatus', () => {
  it('upper-cases the six known statuses and rejects others', () => {
    for (const s of ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']) expect(parseStatus(s)).toBe(s.toUpperCase());
    expect(parseStatus('queued')).toBeNull();
    expect(parseStatus(3)).toBeNull();
    expect(parseStatus(undefined)).toBeNull();
  });
});

describe('jobToItem', () => {
  const job: JobModel = {
    id: 'c0ffee00-1234-4abc-9def-0123456789ab',
    name: 'layoutlm-receipts-v14',
    description: 'desc',
    status: 'PENDING',
    priority: 'HIGH',
    createdAt: '2026-02-01T10:00:00.000001+00:00',
    createdBy: 'trainer',
    config: { epochs: 3, nested: { list: [1, 'a', null, true] } },
    tags: { team: 'ml' },
    results: null,
  };

  it('writes the legacy keys, attribute names and lower-case encodings', () => {
    expect(jobToItem(job)).toEqual({
      PK: `JOB#${job.id}`,
      SK: 'JOB',
      TYPE: 'JOB',
      GSI1PK: 'STATUS#pending',
      GSI1SK: 'CREATED#2026-02-01T10:00:00.000001+00:00',
      GSI2PK: 'JOB_NAME#layoutlm-receipts-v14',
      GSI2SK: 'CREATED#2026-02-01T10:00:00.000001+00:00',
      name: 'layoutlm-receipts-v14',
      description: 'desc',
      created_at: '2026-02-01T10:00:00.000001+00:00',
      created_by: 'trainer',
      status: 'pending',
      priority: 'high',
      job_config: { epochs: 3, nested: { list: [1, 'a', null, true] } },
      tags: { team: 'ml' },
    });
  });

  it('round-trips through parseJobItem, with and without results', () => {
    expect(parseJobItem(jobToItem(job))).toEqual(job);
    const finished: JobModel = { ...job, status: 'SUCCEEDED', results: { best_f1: 0.9, best_epoch: 2, reason: null } };
    expect(jobToItem(finished).results).toEqual({ best_f1: 0.9, best_epoch: 2, reason: null });
    expect(parseJobItem(jobToItem(finished))).toEqual(finished);
  });

  it('writes the same keys as the legacy writer for a legacy job', () => {
    const [legacy] = legacyItemsOf('JOB', LEGACY_JOB_A);
    const written = jobToItem(parseJobItem(legacy) as JobModel);
    for (const key of [
      'PK',
      'SK',
      'TYPE',
      'GSI1PK',
      'GSI1SK',
      'GSI2PK',
      'GSI2SK',
      'name',
      'description',
      'created_at',
      'created_by',
      'status',
      'priority',
      'job_config',
      'results',
    ]) {
      expect([key, written[key]]).toEqual([key, legacy[key]]);
    }
  });
});

describe('status history items', () => {
  it('reads the legacy STATUS# item', () => {
    const items = legacyItemsOf('JOB_STATUS');
    expect(items).toHaveLength(1);
    expect(parseStatusChange(items[0])).toEqual({
      jobId: LEGACY_JOB_A,
      status: 'RUNNING',
      timestamp: '2025-12-30T08:00:00.300123+00:00',
      message: 'started',
    });
  });

  it('writes the legacy keys and round-trips', () => {
    const change: StatusChangeModel = {
      jobId: LEGACY_JOB_B,
      status: 'INTERRUPTED',
      timestamp: '2026-01-03T09:00:00.000001+00:00',
      message: 'node lost',
    };
    const item = statusChangeToItem(change);
    expect(item).toEqual({
      PK: `JOB#${LEGACY_JOB_B}`,
      SK: 'STATUS#2026-01-03T09:00:00.000001+00:00',
      GSI1PK: 'STATUS#interrupted',
      GSI1SK: 'UPDATED#2026-01-03T09:00:00.000001+00:00',
      TYPE: 'JOB_STATUS',
      status: 'interrupted',
      updated_at: '2026-01-03T09:00:00.000001+00:00',
      message: 'node lost',
    });
    expect(parseStatusChange(item)).toEqual(change);
    const silent = { ...change, message: null };
    expect(statusChangeToItem(silent)).not.toHaveProperty('message');
    expect(parseStatusChange(statusChangeToItem(silent))).toEqual(silent);
  });

  it('carries every key the legacy library requires, updated_by only with an API key name', () => {
    const change: StatusChangeModel = {
      jobId: LEGACY_JOB_B,
      status: 'RUNNING',
      timestamp: '2026-01-03T09:00:00.000001+00:00',
      message: null,
    };
    for (const item of [statusChangeToItem(change), statusChangeToItem(change, 'trainer-1')]) {
      for (const key of LEGACY_REQUIRED_KEYS.JOB_STATUS) expect([key, item[key]]).toEqual([key, expect.anything()]);
      expect(item.updated_at).toBe(String(item.SK).slice('STATUS#'.length));
    }
    expect(statusChangeToItem(change)).not.toHaveProperty('updated_by');
    expect(statusChangeToItem(change, 'trainer-1').updated_by).toBe('trainer-1');
  });

  it('reads an item with or without updated_at the same way (the timestamp comes from the sort key)', () => {
    const [legacy] = legacyItemsOf('JOB_STATUS');
    expect(legacy).not.toHaveProperty('updated_at');
    const withUpdatedAt = { ...legacy, updated_at: '2025-12-30T08:00:00.300123+00:00', updated_by: 'trainer' };
    expect(parseStatusChange(withUpdatedAt)).toEqual(parseStatusChange(legacy));
  });

  it('finds the items stored without updated_at (the SK timestamp, to backfill), whatever their status; none the server writes', () => {
    const [legacy] = legacyItemsOf('JOB_STATUS');
    expect(statusTimestampMissingUpdatedAt(legacy)).toBe('2025-12-30T08:00:00.300123+00:00');
    expect(statusTimestampMissingUpdatedAt({ ...legacy, status: 'paused' })).toBe('2025-12-30T08:00:00.300123+00:00');
    expect(statusTimestampMissingUpdatedAt({ ...legacy, updated_at: '2025-12-30T08:00:00.300123+00:00' })).toBeNull();
    const change: StatusChangeModel = {
      jobId: LEGACY_JOB_A,
      status: 'FAILED',
      timestamp: '2026-01-03T09:00:00.000001+00:00',
      message: null,
    };
    expect(statusTimestampMissingUpdatedAt(statusChangeToItem(change))).toBeNull();
    for (const item of [...FOREIGN_ITEMS, ...legacyItems().filter((i) => i.TYPE !== 'JOB_STATUS')])
      expect(statusTimestampMissingUpdatedAt(item)).toBeNull();
    expect(statusTimestampMissingUpdatedAt({ ...legacy, SK: 'JOB' })).toBeNull();
    const partition = new JobPartition(LEGACY_JOB_A, [
      ...legacyItems().filter((i) => i.PK === `JOB#${LEGACY_JOB_A}`),
      statusChangeToItem(change),
    ]);
    expect(partition.statusMissingUpdatedAt).toEqual(['2025-12-30T08:00:00.300123+00:00']);
    expect(partition.statusHistory).toHaveLength(2);
  });

  it('is null for anything that is not a status item', () => {
    for (const item of [...FOREIGN_ITEMS, ...legacyItems().filter((i) => i.TYPE !== 'JOB_STATUS')])
      expect(parseStatusChange(item)).toBeNull();
    const [item] = legacyItemsOf('JOB_STATUS');
    expect(parseStatusChange({ ...item, TYPE: 'RECEIPT_STATUS' })).toBeNull();
    expect(parseStatusChange({ ...item, status: 'paused' })).toBeNull();
    expect(parseStatusChange({ ...item, SK: 'JOB' })).toBeNull();
    expect(parseStatusChange({ ...item, PK: 'RECEIPT#1' })).toBeNull();
  });
});
