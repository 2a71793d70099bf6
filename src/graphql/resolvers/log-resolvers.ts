import type { Resolvers } from '../generated/resolvers-types';

/** Logs: the append mutation. */
export const logResolvers: Resolvers = {
  Mutation: {
    appendJobLog: (_, { input }, ctx) => ctx.logs.append(input),
  },
};
