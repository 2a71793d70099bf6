import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tableDefinition } from '../../src/db/table';

/** deploy/table.yaml is the table the code creates, with the production extras, and a policy of exactly what the server calls. */

const ROOT = resolve(__dirname, '../..');

function template(): any {
  // The template is JSON (valid YAML too) after its comment lines.
  const text = readFileSync(join(ROOT, 'deploy/table.yaml'), 'utf8');
  return JSON.parse(
    text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n'),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * IAM actions behind the commands the running server and the stream worker send (the stream consumer runs in one of
 * them): scripts and the embedded DynamoDB Local left aside.
 */
function actionsTheServerNeeds(): Set<string> {
  const server = sources(join(ROOT, 'src')).filter(
    (p) =>
      !/^src\/(app\/scripts|graphql\/generated)\//.test(relative(ROOT, p)) && !/(embedded-dynamodb|dynamodb-local-process)\.ts$/.test(p),
  );
  const text = server.map((p) => readFileSync(p, 'utf8')).join('\n');
  const commands = new Set([...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]));
  // CreateTable is sent only to local endpoints (DynamoDB Local, a container), never to AWS.
  commands.delete('CreateTable');
  const action: Record<string, string[]> = {
    Get: ['GetItem'],
    BatchGet: ['BatchGetItem'],
    Query: ['Query'],
    // The low-level commands the gateway sends reads as (src/db/read-commands.ts).
    GetItem: ['GetItem'],
    BatchGetItem: ['BatchGetItem'],
    LowLevelQuery: ['Query'],
    Put: ['PutItem'],
    Update: ['UpdateItem'],
    BatchWrite: ['BatchWriteItem'],
    DescribeTable: ['DescribeTable'],
    DescribeStream: ['DescribeStream'],
    GetShardIterator: ['GetShardIterator'],
    GetRecords: ['GetRecords'],
    // A transaction needs the action of each kind of item it holds.
    TransactWrite: [
      ...(/\bPut: \{/.test(text) ? ['PutItem'] : []),
      ...(/\bUpdate: \{/.test(text) ? ['UpdateItem'] : []),
      ...(/\bConditionCheck: \{/.test(text) ? ['ConditionCheckItem'] : []),
      ...(/\bDelete: \{/.test(text) ? ['DeleteItem'] : []),
    ],
  };
  const needed = new Set<string>();
  for (const c of commands) {
    if (!action[c]) throw new Error(`the server sends ${c}Command: add its IAM action to this test and to deploy/table.yaml`);
    for (const a of action[c]) needed.add(`dynamodb:${a}`);
  }
  return needed;
}

describe('deploy/table.yaml', () => {
  const t = template();
  const table = t.Resources.MetricsTable.Properties;
  const code = tableDefinition('x');

  test('defines the table exactly as the code creates it', () => {
    expect(table.AttributeDefinitions).toEqual(code.AttributeDefinitions);
    expect(table.KeySchema).toEqual(code.KeySchema);
    expect(table.GlobalSecondaryIndexes).toEqual(code.GlobalSecondaryIndexes);
    expect(table.BillingMode).toBe(code.BillingMode);
    expect(table.StreamSpecification.StreamViewType).toBe(code.StreamSpecification?.StreamViewType);
  });

  test('has the production extras: point-in-time recovery, TTL on time_to_live, kept on stack deletion', () => {
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'time_to_live', Enabled: true });
    expect(t.Resources.MetricsTable.DeletionPolicy).toBe('Retain');
  });

  test('grants the server exactly the actions it calls, on the table and its indexes only', () => {
    const statements = t.Resources.ServerPolicy.Properties.PolicyDocument.Statement as {
      Action: string[];
      Resource: unknown[];
      Effect: string;
    }[];
    const granted = new Set(statements.flatMap((s) => s.Action));
    expect([...granted].sort()).toEqual([...actionsTheServerNeeds()].sort());
    expect([...granted].some((a) => a.includes('*'))).toBe(false);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(JSON.stringify(s.Resource)).toContain('MetricsTable');
      expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"/);
    }
  });
});
