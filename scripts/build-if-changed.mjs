#!/usr/bin/env node
// `npm run build` (with --always) and the step before `npm start` and the scripts (without): compiles the server and
// the dashboard (bundled by esbuild, scripts/build-dashboard.mjs) only when the compiled output is missing or its sources changed since the last build, so a start takes
// a second instead of recompiling for ~12 s every time. What was built from is a SHA-256 of every input file (paths and
// contents), kept in dist/.build-inputs; a failed build leaves none, so the next start builds again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard } from './build-dashboard.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist/.build-inputs');
// What `npm run build` reads: the server's and the dashboard's sources, their compiler settings, the locked packages.
const INPUT_DIRS = ['src', 'dashboard/src'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build-dashboard.mjs', 'package-lock.json'];
// What a finished build leaves: the server's entry point and the dashboard's.
const OUTPUTS = ['dist/app/index.js', 'dist/dashboard/main.js'];

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function inputsHash() {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap((d) => filesUnder(join(root, d))), ...INPUT_FILES.map((f) => join(root, f)).filter(existsSync)];
  for (const file of files)
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}

const always = process.argv.includes('--always');
const wanted = inputsHash();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
if (!always && built === wanted && OUTPUTS.every((f) => existsSync(join(root, f)))) process.exit(0);

if (!always)
  process.stderr.write(
    built ? 'sources changed since the last build: building\n' : 'building the server and the dashboard (once; later starts reuse it)\n',
  );
const started = Date.now();
const tsc = join(root, 'node_modules/typescript/bin/tsc');
// A clean output: a file moved or deleted in src/ must not leave its old compiled copy behind to be run.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(STAMP, { force: true });
  process.exit(result.status ?? 1);
}
try {
  await buildDashboard();
} catch {
  rmSync(STAMP, { force: true });
  process.exit(1);
}
writeFileSync(STAMP, `${wanted}\n`);
if (!always) process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
