import type { Resolvers } from '../graphql/generated/resolvers-types';

/** Logs: the append mutation. */
export const logResolvers: Resolvers = {
  Mutation: {
    appendJobLog: (_, { input }, ctx) => ctx.logs.append(input),
  },
};
