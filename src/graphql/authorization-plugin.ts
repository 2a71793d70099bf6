import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import { authorize, requiredRole } from '../modules/auth/authenticator';
import type { RequestContext } from './context';

function rootFields(set: SelectionSetNode, fragments: Record<string, { selectionSet: SelectionSetNode }>): string[] {
  return set.selections.flatMap((s) =>
    s.kind === Kind.FIELD
      ? [s.name.value]
      : s.kind === Kind.INLINE_FRAGMENT
        ? rootFields(s.selectionSet, fragments)
        : fragments[s.name.value]
          ? rootFields(fragments[s.name.value].selectionSet, fragments)
          : [],
  );
}

/** Checks the caller's role against the operation's root fields once it is parsed, before any resolver runs. */
export function authorizationPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return; // Apollo rejects a document without a resolvable operation on its own
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
          ) as Record<string, { selectionSet: SelectionSetNode }>;
          authorize(contextValue.caller, requiredRole(operation.operation, rootFields(operation.selectionSet, fragments)));
        },
      };
    },
  };
}
