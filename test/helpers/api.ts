import { randomUUID } from 'node:crypto';
import type { TestServer } from './test-server';

export const CREATE_JOB = `mutation($input: CreateJobInput!) {
  createJob(input: $input) { job { id name description status priority createdBy createdAt config tags } replayed userErrors { code field message } }
}`;

export const RECORD_EPOCH = `mutation($input: RecordEpochInput!) {
  recordEpoch(input: $input) { replayed userErrors { code field message } }
}`;

/** Creates a job with a fresh id through the API and returns the id. */
export async function createJob(server: TestServer, input: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const res = await server.gql(CREATE_JOB, { input: { id, name: `job-${id.slice(0, 8)}`, ...input } });
  // Any refusal or failure (SERVICE_UNAVAILABLE under load too) stops the test here, never later as a missing job.
  if (res.errors || res.data?.createJob.userErrors.length || res.data?.createJob.job?.id !== id)
    throw new Error(`createJob failed: ${JSON.stringify(res.errors ?? res.data)}`);
  return id;
}

/** A recordEpoch input with plausible values and `labels` labels. */
export function epochInput(jobId: string, epoch: number, labels = 3, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jobId,
    epoch,
    step: epoch * 100,
    valF1: 0.5 + epoch / 100,
    valPrecision: 0.6,
    valRecall: 0.55,
    evalLoss: 1 / (epoch + 1),
    trainLoss: 1.2 / (epoch + 1),
    learningRate: 0.00005,
    labels: Array.from({ length: labels }, (_, i) => ({ label: `LABEL_${i}`, f1: 0.5, precision: 0.6, recall: 0.4, support: 10 + i })),
    extra: [{ name: 'samples_per_second', value: 12.5, unit: 'samples/s' }],
    ...overrides,
  };
}
