// sigil-ta in headless Chromium (Debian's, via playwright-core): a page loads the
// package with <script type="module"> and no bundler, runs the chart's indicator code
// (www/chart/indicators.js) over it, and round-trips closes through a module Web Worker
// with transferred (not copied) buffers. Numbers must equal the Node entry's.
// Skipped when /usr/bin/chromium is absent (`make tools-browser` installs it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pkgDir, root, fixtureData } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
// URL prefix → folder; nothing else is served.
const MOUNTS = { '/pkg/sigil-ta/': pkgDir, '/www/': path.join(root, 'www'), '/t/': path.join(root, 'tests/npm/browser') };

let server;
let browser;
let base;

before(async () => {
  if (!haveChromium) return;
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const prefix = Object.keys(MOUNTS).find((p) => url.pathname.startsWith(p));
    const file = prefix && path.resolve(MOUNTS[prefix], '.' + path.posix.normalize('/' + url.pathname.slice(prefix.length)));
    if (!file || !file.startsWith(MOUNTS[prefix]) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test('page via <script type="module">, the chart code, and a Web Worker with transferred buffers', { skip: !haveChromium && `${CHROMIUM} missing`, timeout: 120_000 }, async () => {
  const { compute } = await import(`${pkgDir}/node.js`);
  const data = fixtureData();
  const rows = data.time.slice(0, 400).map((t, i) => [t, data.open[i], data.high[i], data.low[i], data.close[i], data.volume[i]]);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Failed loads are reported by URL below; the console only says "404".
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  try {
    await page.goto(`${base}/t/page.html`);
    await page.waitForFunction(() => document.getElementById('out').textContent === 'ready', null, { timeout: 30_000 });
    const result = await page.evaluate((r) => window.run(r), rows);
    const strings = (column) => Array.from(column, String);
    const expected = compute('ema:20,rsi:14,macd', rows);

    assert.equal(result.before, 'NOT_INITIALIZED');
    assert.deepEqual(result.chart.map((s) => [s.name, s.label, s.overlay]), [['ema', 'EMA 20', true], ['rsi', 'RSI 14', false], ['macd', 'MACD 12 26 9', false]]);
    assert.deepEqual(result.chart[0].outputs[0].values, strings(expected.ema));
    assert.deepEqual(result.chart[1].outputs[0].values, strings(expected.rsi));
    assert.deepEqual(result.chart[2].outputs.map((o) => o.name), ['macd_macd', 'macd_macdsignal', 'macd_macdhist']);
    assert.deepEqual(result.chart[2].outputs[2].values, strings(expected.macd_macdhist));

    assert.equal(result.worker.detachedAfterSend, true, 'the closes were transferred, not copied');
    assert.equal(result.worker.returned, rows.length);
    assert.deepEqual(result.worker.rsi, strings(expected.rsi));
    assert.equal(result.worker.errorCode, 'INVALID_PARAMETER');
    assert.deepEqual(result.streamed, strings(expected.rsi));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
