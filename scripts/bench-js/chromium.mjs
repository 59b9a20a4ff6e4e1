#!/usr/bin/env node
// `make bench-js`, part 2: the same bench in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core, the recipe of tests/browser/). Stages a page in
// target/bench/chromium-page/ (page.mjs bundled with esbuild, the built sigil-ta package,
// the TA-Lib fixture), serves it on 127.0.0.1 with www/serve.mjs, waits for the result,
// prints the markdown table and writes target/bench/js-chromium.json. Exits 1 if sigil-ta
// disagrees with TA-Lib's golden outputs in the browser.
// Env: BENCH_BARS, BENCH_RUNS, BENCH_ONLY as for node.mjs; CHROMIUM_PATH.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { startStatic } from '../../www/serve.mjs';
import { buildReport } from './report.mjs';
import { versions } from './versions.mjs';
import { machine } from './options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const stage = path.join(root, 'target/bench/chromium-page');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Timers and rendering of a page nobody looks at must not be throttled mid-bench.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--js-flags=--expose-gc',
];
const BENCH_TIMEOUT_MS = 60 * 60_000;

for (const [what, file] of [['dist/sigil-ta (run `make npm`)', path.join(root, 'dist/sigil-ta/index.js')], [`${CHROMIUM} (run \`make tools-browser\`)`, CHROMIUM]]) {
  if (!fs.existsSync(file)) {
    console.error(`bench-js: missing ${what}`);
    process.exit(1);
  }
}

// The page: bundle, package, fixture.
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(here, 'page.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: path.join(stage, 'bench.js'),
  external: ['./sigil-ta/*'],
  logLevel: 'warning',
});
fs.cpSync(path.join(root, 'dist/sigil-ta'), path.join(stage, 'sigil-ta'), { recursive: true });
const talib = path.join(root, 'tests/fixtures/talib');
const seriesNames = fs.readdirSync(talib).filter((d) => fs.existsSync(path.join(talib, d, 'manifest.json')));
for (const series of seriesNames) {
  const manifest = JSON.parse(fs.readFileSync(path.join(talib, series, 'manifest.json'), 'utf8'));
  const files = ['manifest.json', ...manifest.cases.map((c) => c.file)];
  for (const file of files) fs.cpSync(path.join(talib, series, file), path.join(stage, 'tests/fixtures/talib', series, file));
  fs.cpSync(path.join(root, 'tests/fixtures/data', manifest.series), path.join(stage, 'tests/fixtures/data', manifest.series));
}
fs.writeFileSync(path.join(stage, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>sigil-ta bench</title>\n<script type="module" src="./bench.js"></script>\n<p>sigil-ta JS bench: results go to the console and window.__bench.</p>\n');

// startStatic serves `pkgDir` at /pkg/sigil-ta/; the staged page is served there.
const web = await startStatic({ port: 0, host: '127.0.0.1', pkgDir: stage });
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-bench-chromium-'));
let context;
let exitCode = 0;
try {
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await context.newPage();
  page.on('console', (m) => console.error(`[chromium] ${m.text()}`));
  page.on('pageerror', (err) => console.error(`[chromium] page error: ${err?.stack ?? err}`));
  page.on('crash', () => console.error('[chromium] renderer crashed'));
  const query = new URLSearchParams({ series: JSON.stringify(seriesNames) });
  for (const [env, key] of [['BENCH_BARS', 'BENCH_BARS'], ['BENCH_RUNS', 'BENCH_RUNS'], ['BENCH_ONLY', 'BENCH_ONLY']]) if (process.env[env]) query.set(key, process.env[env]);
  await page.goto(`${web.url}pkg/sigil-ta/index.html?${query}`);
  await page.waitForFunction(() => window.__bench?.done === true, null, { timeout: BENCH_TIMEOUT_MS, polling: 1000 });
  const outcome = await page.evaluate(() => window.__bench);
  if (outcome.error) throw new Error(`the page failed: ${outcome.error}`);
  const { golden, streamBatch, raw, options, userAgent, cores } = outcome.result;
  if (!raw) {
    for (const f of [...golden.failures, ...streamBatch.failures].slice(0, 30)) console.error(`FAIL ${f}`);
    console.error('bench-js: sigil-ta disagrees with TA-Lib or with itself in Chromium; not timed');
    exitCode = 1;
  } else {
    // The user agent string carries a reduced version (156.0.0.0); the binary says the real one.
    const version = /[\d.]+/.exec(execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[0] ?? 'unknown';
    const runtime = { name: 'chromium', version, userAgent, browserCores: cores, ...machine(os) };
    const { json, text } = buildReport({ title: `Chromium ${version} (headless), ${raw.bars.toLocaleString('en')} bars, best of ${options.runs}`, runtime, versions: versions(root), raw, golden, streamBatch });
    fs.writeFileSync(path.join(root, 'target/bench/js-chromium.json'), JSON.stringify(json, null, 2) + '\n');
    console.log(text);
    console.error('wrote target/bench/js-chromium.json');
  }
} catch (err) {
  console.error(`bench-js (chromium): ${err?.stack ?? err}`);
  exitCode = 1;
} finally {
  for (const step of [() => context?.close(), () => web.close()]) {
    try {
      await step();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
  fs.rmSync(profileDir, { recursive: true, force: true });
}
process.exit(exitCode);
