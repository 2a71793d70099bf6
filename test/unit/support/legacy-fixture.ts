/** The legacy writer's sample items (test/fixtures/legacy-items.json), unmarshalled as the document client reads them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from '../../../src/db/batch';

export const LEGACY_JOB_A = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
export const LEGACY_JOB_B = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

/** Every fixture item, in file order. */
export function legacyItems(): Item[] {
  const file = path.resolve(__dirname, '../../fixtures/legacy-items.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { items: Record<string, AttributeValue>[] };
  // The server's document client unmarshalls with wrapNumbers: false, so N becomes a JS number.
  return raw.items.map((item) => unmarshall(item, { wrapNumbers: false }));
}

/** Fixture items of one TYPE, optionally of one job. */
export function legacyItemsOf(type: string, jobId?: string): Item[] {
  return legacyItems().filter((i) => i.TYPE === type && (jobId === undefined || i.PK === `JOB#${jobId}`));
}

/** Items of other entities that share the table. */
export const FOREIGN_ITEMS: Item[] = [
  { PK: 'IMAGE#3f52804b-2fad-4e00-92c8-b593da3a8ed3', SK: 'RECEIPT#00001', TYPE: 'RECEIPT', width: 100, height: 200 },
  { PK: 'IMAGE#3f52804b-2fad-4e00-92c8-b593da3a8ed3', SK: 'RECEIPT#00001#LINE#00001#WORD#00001', TYPE: 'RECEIPT_WORD', text: 'TOTAL' },
  { PK: 'JOB#6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e', SK: 'JOB', TYPE: 'RECEIPT' },
  { PK: 'JOB#6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e', SK: 'RESOURCE#gpu-0', TYPE: 'JOB_RESOURCE', status: 'running' },
  { PK: 'JOB#6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e', SK: 'CHECKPOINT#2025-12-30T08:15:00.000123+00:00', TYPE: 'JOB_CHECKPOINT' },
  { PK: 'RECEIPT#1', SK: 'METRIC#val_f1#2025-12-30T08:15:00.000123+00:00', TYPE: 'RECEIPT_METRIC', value: 1 },
  {},
];
