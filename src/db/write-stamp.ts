/** Adds `written_by` to every item a write command puts or updates, so each write can be traced to its API key. */
type Input = Record<string, unknown>;
type Update = {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

function stampItem(item: unknown, writer: string): void {
  if (item && typeof item === 'object') (item as Record<string, unknown>).written_by = writer;
}

/** The stamp joins the expression's SET clause, or comes as one of its own when it has none (a REMOVE alone). */
function stampUpdate(update: Update, writer: string): void {
  const expression = update.UpdateExpression;
  if (!expression) return;
  const set = /(^|\s)SET\s+/i.exec(expression);
  update.UpdateExpression = set
    ? `${expression.slice(0, set.index + set[0].length)}#written_by = :written_by, ${expression.slice(set.index + set[0].length)}`
    : `${expression} SET #written_by = :written_by`;
  update.ExpressionAttributeNames = { ...update.ExpressionAttributeNames, '#written_by': 'written_by' };
  update.ExpressionAttributeValues = { ...update.ExpressionAttributeValues, ':written_by': writer };
}

/** Stamps PutItem, UpdateItem, BatchWriteItem puts and TransactWriteItems puts/updates in place. */
export function stampWriter(operation: string, input: Input, writer: string): void {
  if (operation === 'PutItem') stampItem(input.Item, writer);
  else if (operation === 'UpdateItem') stampUpdate(input as Update, writer);
  else if (operation === 'BatchWriteItem') {
    for (const requests of Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: unknown } }[]>)) {
      for (const r of requests) stampItem(r.PutRequest?.Item, writer);
    }
  } else if (operation === 'TransactWriteItems') {
    for (const t of (input.TransactItems ?? []) as { Put?: { Item: unknown }; Update?: Update }[]) {
      stampItem(t.Put?.Item, writer);
      if (t.Update) stampUpdate(t.Update, writer);
    }
  }
}
