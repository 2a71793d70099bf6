/** The writer stamp (`written_by`) joins every kind of update: a SET first or later, or a REMOVE alone. */
import { stampWriter } from '../../src/db/write-stamp';

function stamped(UpdateExpression: string, values?: Record<string, unknown>) {
  const input: Record<string, unknown> = { UpdateExpression, ExpressionAttributeNames: { '#a': 'a' }, ExpressionAttributeValues: values };
  stampWriter('UpdateItem', input, 'trainer');
  return input;
}

describe('stampWriter on UpdateItem', () => {
  it('joins a leading SET clause', () => {
    expect(stamped('SET #a = :a', { ':a': 1 })).toEqual({
      UpdateExpression: 'SET #written_by = :written_by, #a = :a',
      ExpressionAttributeNames: { '#a': 'a', '#written_by': 'written_by' },
      ExpressionAttributeValues: { ':a': 1, ':written_by': 'trainer' },
    });
  });

  it('joins a SET clause after a REMOVE', () => {
    expect(stamped('REMOVE #a SET #b = :b', { ':b': 2 }).UpdateExpression).toBe('REMOVE #a SET #written_by = :written_by, #b = :b');
  });

  it('adds a SET clause to a REMOVE alone (no values before)', () => {
    expect(stamped('REMOVE #a')).toMatchObject({
      UpdateExpression: 'REMOVE #a SET #written_by = :written_by',
      ExpressionAttributeValues: { ':written_by': 'trainer' },
    });
  });

  it('stamps transaction updates and puts', () => {
    const input = {
      TransactItems: [
        { Update: { UpdateExpression: 'REMOVE #a', ExpressionAttributeNames: { '#a': 'a' } } },
        { Put: { Item: { PK: 'x' } } },
      ],
    };
    stampWriter('TransactWriteItems', input, 'trainer');
    expect(input.TransactItems[0].Update?.UpdateExpression).toBe('REMOVE #a SET #written_by = :written_by');
    expect(input.TransactItems[1].Put?.Item).toEqual({ PK: 'x', written_by: 'trainer' });
  });
});
