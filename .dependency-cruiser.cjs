/**
 * The layer rule of src/ (README, "How the code is organised"), checked by `npm run lint:layers` in `npm test`.
 * From the bottom: platform -> db -> modules -> live -> stream | graphql -> http -> app. A folder imports only
 * folders below it (and itself); dev/ (the embedded DynamoDB Local, fault injection) and observability/ sit beside
 * db/ for the entry points and tests; nothing imports app/.
 */
const layer = (name, path, mayImport) => ({
  name: `layer-${name}`,
  comment: `${path} imports only ${mayImport.join(', ')}`,
  severity: 'error',
  from: { path: `^src/${path}/` },
  to: { path: '^src/', pathNot: [`^src/${path}/`, ...mayImport.map((p) => `^src/${p}/`)] },
});

module.exports = {
  forbidden: [
    layer('platform', 'platform', []),
    layer('db', 'db', ['platform']),
    layer('dev', 'dev', ['db', 'platform']),
    layer('observability', 'observability', ['db', 'platform']),
    layer('modules', 'modules', ['db', 'platform']),
    layer('live', 'live', ['modules', 'db', 'platform']),
    layer('stream', 'stream', ['live', 'modules', 'db', 'platform']),
    layer('graphql', 'graphql', ['live', 'modules', 'observability', 'db', 'platform']),
    layer('http', 'http', ['graphql', 'live', 'modules', 'observability', 'db', 'platform']),
    {
      name: 'nothing-imports-app',
      comment: 'app/ holds the entry points: nothing imports them',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'no-circular',
      comment: 'files that import each other in a loop',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/graphql/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
