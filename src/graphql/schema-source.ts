import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The SDL of schema.graphql at the project root (two levels up from both src/graphql and dist/graphql). */
export function loadSchemaSource(): string {
  return readFileSync(resolve(__dirname, '..', '..', 'schema.graphql'), 'utf8');
}
