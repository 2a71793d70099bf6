#!/usr/bin/env node
// `node scripts/screenshots.mjs [http://127.0.0.1:4000]`: the README's dashboard screenshots (docs/dashboard/*.png),
// taken in headless Chromium (Debian's /usr/bin/chromium) from a running server with the demo seeded
// (`npm start`, then `npm run seed:demo`). With API keys on, give a reader key in READER_KEY.
/* global fetch, sessionStorage */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const base = (process.argv[2] ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const out = join(root, 'docs/dashboard');
mkdirSync(out, { recursive: true });

const key = process.env.READER_KEY;
async function gql(query) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const { jobs } = await gql('{ jobs(first: 50, orderBy: [{ field: METRIC, metric: "val_f1" }]) { edges { node { id name } } } }');
const runs = jobs.edges.map((e) => e.node);
if (runs.length < 3) throw new Error(`${base} has ${runs.length} runs: seed the demo first (npm run seed:demo)`);
const sel = runs
  .slice(0, 5)
  .map((r) => r.id)
  .join(',');

/** Each view: its file, its URL, what to wait for, what to scroll to the top, the theme. */
const VIEWS = [
  {
    file: 'runs',
    search: '?cols=metric:eval_loss:best,config:learning_rate,config:batch_size&sel=' + sel.split(',').slice(0, 3).join(','),
    wait: 'table.runs tbody tr[data-job]',
  },
  { file: 'groups', search: '?group=batch_size&metrics=val_f1,train_loss', wait: '.chart-panel canvas' },
  { file: 'compare', search: `?view=compare&sel=${sel}`, wait: '.chart-panel canvas' },
  {
    file: 'charts',
    search: `?view=compare&sel=${sel}&metrics=train_loss,val_f1&x=step&smooth=0.6`,
    wait: '.chart-panel canvas',
    scrollTo: '.metric-charts',
  },
  { file: 'hparams', search: '?view=hparams', wait: 'canvas' },
  { file: 'run', search: `?view=run&run=${runs[0].id}&metrics=val_f1,eval_loss,train_loss`, wait: '.chart-panel canvas' },
  { file: 'run-panels', search: `?view=run&run=${runs[0].id}`, wait: '.chart-panel canvas', scrollTo: '#heatmap' },
  { file: 'runs-dark', search: `?sel=${sel}`, wait: 'table.runs tbody tr[data-job]', dark: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const view of VIEWS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: view.dark ? 'dark' : 'light' });
    if (key) await page.addInitScript((k) => sessionStorage.setItem('training-metrics-reader-key', k), key);
    await page.goto(`${base}/dashboard${view.search}`);
    await page.waitForSelector(view.wait, { timeout: 30_000 });
    // The charts fetch and draw after their panels appear; live badges settle.
    await page.waitForTimeout(2500);
    const path = join(out, `${view.file}.png`);
    if (view.scrollTo)
      await page
        .locator(view.scrollTo)
        .first()
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path });
    process.stdout.write(`${path}\n`);
    await page.close();
  }
} finally {
  await browser.close();
}
