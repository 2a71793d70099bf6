#!/usr/bin/env node
// Bundles the dashboard (dashboard/src/main.tsx: Preact, uPlot, the graphql-ws client) with esbuild into
// dist/dashboard/main.js and main.css, every asset from node_modules at build time: the page loads nothing from
// elsewhere. Type checking is tsc's job (`npm run typecheck`); esbuild only strips the types.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildDashboard() {
  await build({
    entryPoints: { main: join(root, 'dashboard/src/main.tsx') },
    outdir: join(root, 'dist/dashboard'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDashboard();
