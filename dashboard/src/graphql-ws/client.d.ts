// The graphql-ws browser client is not compiled here: src/http/dashboard.ts serves the package's own file from
// node_modules at /dashboard/assets/graphql-ws/client.js, next to this module's compiled output. These are its types.
export * from 'graphql-ws/client';
