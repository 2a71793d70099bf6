import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Bounds on what one GraphQL document may ask for. The deepest useful query of this API (jobs -> edges -> node ->
 * epochs -> labels -> job -> name) is 7 levels; a 1,000-point logMetrics call is one variable, so tokens stay few.
 */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 20,
  maxTokens: 5000,
  maxDirectives: 20,
  maxCost: 50_000,
} as const;

/** graphql-armor's validation rules and plugins for these limits; each rejection names the limit it hit. */
export function queryLimitProtection(blockFieldSuggestions: boolean) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: blockFieldSuggestions },
  }).protect();
  return { plugins, validationRules };
}
