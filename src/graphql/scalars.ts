import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badUserInput } from '../platform/errors';
import { isIsoDateTime } from '../platform/time';

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDateTime(value)) {
    throw badUserInput('DateTime must be an ISO-8601 date-time string');
  }
  return value;
}

/** Stored timestamps as written (offset or, for old legacy items, naive UTC), validated on input. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => String(value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw badUserInput('JSON literal cannot hold an enum value');
  }
}

/** Any JSON value, passed through; storable shapes are checked by the services. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
