#!/usr/bin/env node
// Fails (exit 1) when the committed resolver types differ from what `npm run codegen` would generate now.
// Generates in memory with @graphql-codegen/cli's programmatic API (`generate(config, false)` writes nothing)
// from the same codegen.yml the CLI uses, then compares each output with the file on disk.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  // Relative paths in codegen.yml (schema, outputs, mappers) are relative to the project root.
  process.chdir(root);
  const { config, filepath } = await loadCodegenConfig({ configFilePath: resolve(root, 'codegen.yml') });
  const outputs = await generate({ ...config, cwd: root, silent: true, watch: false }, false);
  if (!Array.isArray(outputs) || outputs.length === 0) {
    process.stderr.write(`codegen:check: ${relative(root, filepath)} generated nothing\n`);
    return 1;
  }
  const stale = [];
  for (const output of outputs) {
    const path = isAbsolute(output.filename) ? output.filename : resolve(root, output.filename);
    const onDisk = await readFile(path, 'utf8').catch((error) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    if (onDisk !== output.content) stale.push(`${relative(root, path)}${onDisk === null ? ' (missing)' : ''}`);
  }
  if (stale.length > 0) {
    process.stderr.write(`stale: run npm run codegen\n${stale.map((f) => `  differs: ${f}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(`codegen:check: ${outputs.map((o) => relative(root, resolve(root, o.filename))).join(', ')} up to date\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`codegen:check failed: ${error?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
