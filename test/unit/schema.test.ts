import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, findBreakingChanges, isEnumType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';

const read = (path: string) => buildSchema(readFileSync(resolve(__dirname, path), 'utf8'));
const schema = read('../../schema.graphql');

/** Every named type, field, argument and enum value without a description. */
function undescribed(s: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(s.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

test('schema.graphql contains all of the public API contract (no breaking change against it)', () => {
  expect(findBreakingChanges(read('../fixtures/contract.graphql'), schema)).toEqual([]);
});

test('every type, field, argument and enum value is described', () => {
  expect(undescribed(schema)).toEqual([]);
});
