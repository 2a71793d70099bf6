import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand as LowLevelQueryCommand,
  type AttributeValue,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { MARSHALL_OPTIONS } from './client';

type Values = Record<string, unknown>;
type LowLevelRead = LowLevelQueryCommand | GetItemCommand | BatchGetItemCommand;

function wire(values: Values): Record<string, AttributeValue>;
function wire(values: Values | undefined): Record<string, AttributeValue> | undefined;
function wire(values: Values | undefined) {
  return values === undefined ? undefined : marshall(values, MARSHALL_OPTIONS);
}

/**
 * The low-level command for a document client's read (Query, GetItem, BatchGetItem: the server never scans), its
 * values marshalled as the document client marshalls them; undefined for any other command, and for the legacy
 * parameters (KeyConditions, QueryFilter) that the document client also converts. Sent on a client with
 * `NativeReadsProtocol`, its output is what the document client's command returns.
 */
export function lowLevelRead(command: object): LowLevelRead | undefined {
  if (command instanceof QueryCommand) {
    const { ExpressionAttributeValues, ExclusiveStartKey, KeyConditions, QueryFilter, ...rest } = command.input;
    if (KeyConditions || QueryFilter) return undefined;
    return new LowLevelQueryCommand({
      ...rest,
      ExpressionAttributeValues: wire(ExpressionAttributeValues),
      ExclusiveStartKey: wire(ExclusiveStartKey),
    });
  }
  if (command instanceof GetCommand) {
    return new GetItemCommand({ ...command.input, Key: wire(command.input.Key) });
  }
  if (command instanceof BatchGetCommand) {
    const requestItems: Record<string, KeysAndAttributes> = {};
    for (const [table, entry] of Object.entries(command.input.RequestItems ?? {})) {
      requestItems[table] = { ...entry, Keys: entry.Keys?.map((key) => wire(key)) };
    }
    return new BatchGetItemCommand({ ...command.input, RequestItems: requestItems });
  }
  return undefined;
}
