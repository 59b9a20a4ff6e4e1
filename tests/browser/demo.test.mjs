// End-to-end check of the demo page in headless Debian Chromium (playwright-core):
// the edge worker (wrangler dev) serves real candles, the page loads the sigil-ta wasm
// package, computes ema:20 + rsi:14 in the browser and draws them on a canvas.
//
//   node --test tests/browser/
//
// Needs: `make npm` (dist/sigil-ta), /usr/bin/chromium, node_modules (playwright-core,
// wrangler). Writes artifacts/demo.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStatic } from '../../www/serve.mjs';
import { startWorker } from '../support/worker.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOT = path.join(ROOT, 'artifacts', 'demo.png');
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
];
const READY_TIMEOUT_MS = 60_000;

let worker;
let web;
let context;
let profileDir;

before(async () => {
  assert.ok(
    fs.existsSync(path.join(ROOT, 'dist/sigil-ta/index.js')),
    'dist/sigil-ta/index.js is missing: run `make npm` first',
  );
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-tools.sh --browser`);
  worker = await startWorker();
  web = await startStatic({ port: 0, host: '127.0.0.1' });
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
}, { timeout: 180_000 });

after(async () => {
  // Each step on its own, so one failure does not leave the others running.
  const steps = [() => context?.close(), () => web?.close(), () => worker?.stop()];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

/** Opens a page and records console errors, page errors and the wasm response. */
async function openDemo(query) {
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], console: [], wasm: null };
  page.on('console', (m) => {
    log.console.push(`[${m.type()}] ${m.text()}`);
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err?.stack ?? err)));
  page.on('crash', () => log.pageErrors.push('renderer crashed'));
  page.on('response', (res) => {
    if (res.url().endsWith('.wasm')) log.wasm = { url: res.url(), status: res.status(), type: res.headers()['content-type'] };
  });
  await page.goto(`${web.url}?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, null, {
    timeout: READY_TIMEOUT_MS,
  });
  return { page, log };
}

/** Counts pixels on the chart canvas, per region, in the page. */
function canvasStats(page) {
  return page.evaluate(() => {
    const { chart, indicators } = window.sigilDemo;
    const layout = chart.layout();
    const { dpr } = layout;
    const theme = chart.theme;
    const ctx = chart.canvas.getContext('2d');
    const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const bg = rgb(theme.background);
    const near = (d, i, c, tol) => Math.abs(d[i] - c[0]) <= tol && Math.abs(d[i + 1] - c[1]) <= tol && Math.abs(d[i + 2] - c[2]) <= tol;

    // Region in CSS px -> counts of non-background pixels, distinct colours and named colours.
    function scan(x, y, w, h, colors = {}, skipRows = () => false) {
      const X = Math.round(x * dpr);
      const Y = Math.round(y * dpr);
      const W = Math.max(1, Math.round(w * dpr));
      const H = Math.max(1, Math.round(h * dpr));
      const d = ctx.getImageData(X, Y, W, H).data;
      const out = { nonBackground: 0, distinct: 0, colors: {}, columns: {} };
      const distinct = new Set();
      const columns = Object.fromEntries(Object.keys(colors).map((k) => [k, new Set()]));
      for (const k of Object.keys(colors)) out.colors[k] = 0;
      for (let row = 0; row < H; row++) {
        if (skipRows((Y + row) / dpr)) continue;
        for (let col = 0; col < W; col++) {
          const i = (row * W + col) * 4;
          if (near(d, i, bg, 6)) continue;
          out.nonBackground++;
          distinct.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
          for (const [k, [c, tol]] of Object.entries(colors)) {
            if (near(d, i, c, tol)) {
              out.colors[k]++;
              columns[k].add(col);
            }
          }
        }
      }
      out.distinct = distinct.size;
      for (const k of Object.keys(colors)) out.columns[k] = columns[k].size;
      return out;
    }

    const price = layout.panes.find((p) => p.kind === 'price');
    const rsiPane = layout.panes.find((p) => p.id === 'rsi:14');
    const ema = indicators.find((i) => i.id === 'ema:20');
    const rsi = indicators.find((i) => i.id === 'rsi:14');
    const colorOf = (pane, id) => pane.series.find((x) => x.id === id)?.outputs[0].color;
    const candles = window.sigilDemo.candles;
    const last = candles[candles.length - 1];
    // The dotted last-price line is drawn in the up/down colour: leave its rows out.
    const lastY = price.top + ((price.max - last[4]) / (price.max - price.min)) * (price.bottom - price.top);
    const candleArea = scan(
      price.x,
      price.top,
      price.w,
      price.bottom - price.top,
      { up: [rgb(theme.up), 4], down: [rgb(theme.down), 4], ema: [rgb(colorOf(price, 'ema:20') ?? '#000000'), 40] },
      (y) => Math.abs(y - lastY) < 2,
    );
    const rsiArea = rsiPane
      ? scan(rsiPane.x, rsiPane.top, rsiPane.w, rsiPane.bottom - rsiPane.top, { rsi: [rgb(colorOf(rsiPane, 'rsi:14')), 40] })
      : { colors: { rsi: 0 } };
    const valueAxis = scan(layout.valueAxis.x + 1, 0, layout.valueAxis.w - 1, layout.timeAxis.y);
    const timeAxis = scan(0, layout.timeAxis.y + 1, layout.timeAxis.w, layout.timeAxis.h - 1);

    const finite = (values) => Array.from(values).filter(Number.isFinite);
    return {
      layout,
      candleArea,
      rsiArea,
      valueAxis,
      timeAxis,
      candleCount: candles.length,
      upCandles: candles.filter((c) => c[4] > c[1]).length,
      downCandles: candles.filter((c) => c[4] < c[1]).length,
      paneKinds: layout.panes.map((p) => `${p.kind}:${p.id}`),
      emaFinite: finite(ema.outputs[0].values).length,
      rsiFinite: finite(rsi.outputs[0].values),
      overlays: indicators.map((i) => [i.id, i.overlay]),
      status: document.getElementById('status').textContent,
    };
  });
}

test('demo page draws candles, EMA and RSI computed by the wasm core', async (t) => {
  const started = Date.now();
  const { page, log } = await openDemo({ api: worker.url, symbol: 'BTC/USD', interval: '1h', limit: '300' });
  try {
    const state = await page.evaluate(() => ({ ready: document.body.dataset.ready, error: document.body.dataset.error }));
    assert.equal(state.error, undefined, `page reported an error: ${state.error}\n${log.console.join('\n')}`);
    assert.equal(state.ready, '1');

    // The screenshot goes out first, so a failing pixel check still leaves evidence.
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    t.diagnostic(`screenshot: ${path.relative(ROOT, SCREENSHOT)} (${SCREENSHOT})`);

    // The wasm core was fetched with the type instantiateStreaming needs.
    assert.ok(log.wasm, 'the page never fetched sigil_ta_bg.wasm');
    assert.equal(log.wasm.status, 200, `wasm: ${JSON.stringify(log.wasm)}`);
    assert.equal(log.wasm.type, 'application/wasm');

    const s = await canvasStats(page);
    t.diagnostic(`status line: ${s.status}`);
    t.diagnostic(
      `candle area: ${s.candleArea.nonBackground} px, ${s.candleArea.distinct} colours, ` +
        `up ${s.candleArea.colors.up} px / ${s.candleArea.columns.up} cols, down ${s.candleArea.colors.down} px / ${s.candleArea.columns.down} cols, ` +
        `ema ${s.candleArea.colors.ema} px; rsi pane ${s.rsiArea.colors.rsi} px`,
    );

    // Data: real candles in, indicator warm-up as expected, RSI within its range.
    assert.ok(s.candleCount >= 100, `only ${s.candleCount} candles`);
    assert.equal(s.layout.bars.count, s.candleCount, 'every candle is laid out');
    assert.deepEqual(s.overlays, [['ema:20', true], ['rsi:14', false]], 'registry overlay flags');
    assert.deepEqual(s.paneKinds, ['price:price', 'indicator:rsi:14'], 'EMA overlays the price, RSI gets its own pane');
    assert.equal(s.emaFinite, s.candleCount - 19, 'EMA(20) has 19 warm-up bars');
    assert.equal(s.rsiFinite.length, s.candleCount - 14, 'RSI(14) has 14 warm-up bars');
    assert.ok(s.rsiFinite.every((v) => v >= 0 && v <= 100), 'RSI stays within 0..100');

    // Pixels: candles in both colours across the pane, the EMA line, the RSI line, labels.
    const area = s.candleArea;
    assert.ok(area.nonBackground > 5_000, `candle area nearly empty: ${area.nonBackground} px`);
    assert.ok(area.distinct >= 4, `candle area has only ${area.distinct} colours`);
    const minCols = (count) => Math.min(30, Math.floor(count / 3));
    assert.ok(s.upCandles > 0 && s.downCandles > 0, 'data has both up and down candles');
    assert.ok(area.colors.up > 300 && area.columns.up >= minCols(s.upCandles), `too few up-candle pixels: ${area.colors.up} px in ${area.columns.up} columns`);
    assert.ok(area.colors.down > 300 && area.columns.down >= minCols(s.downCandles), `too few down-candle pixels: ${area.colors.down} px in ${area.columns.down} columns`);
    assert.ok(area.colors.ema > 200, `EMA line not drawn: ${area.colors.ema} px`);
    assert.ok(s.rsiArea.colors.rsi > 200, `RSI line not drawn: ${s.rsiArea.colors.rsi} px`);
    assert.ok(s.valueAxis.nonBackground > 500, 'price axis labels missing');
    assert.ok(s.timeAxis.nonBackground > 200, 'time axis labels missing');

    assert.deepEqual(log.pageErrors, [], 'page errors');
    assert.deepEqual(log.consoleErrors, [], 'console errors');
    t.diagnostic(`browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await t.test('the wasm values in the page equal the worker\'s native /v1/indicators', async () => {
      const inPage = await page.evaluate(() => ({
        time: window.sigilDemo.candles.map((c) => c[0]),
        series: Object.fromEntries(window.sigilDemo.indicators.map((i) => [i.name, Array.from(i.outputs[0].values)])),
      }));
      const query = new URLSearchParams({ exchange: 'replay', symbol: 'BTC/USD', interval: '1h', limit: '300', ind: 'ema:20,rsi:14' });
      const res = await fetch(`${worker.url}/v1/indicators?${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      const native = await res.json();
      assert.deepEqual(native.time, inPage.time, 'same candles');
      for (const name of ['ema', 'rsi']) {
        const reference = native.series?.[name];
        assert.ok(Array.isArray(reference), `worker response has no series.${name}`);
        assert.equal(inPage.series[name].length, reference.length, `${name} length`);
        inPage.series[name].forEach((v, i) => {
          const r = reference[i];
          if (r === null) assert.ok(Number.isNaN(v), `${name}[${i}]: wasm ${v}, worker null`);
          else assert.ok(Math.abs(v - r) <= 1e-9 * Math.max(1, Math.abs(r)), `${name}[${i}]: wasm ${v}, worker ${r}`);
        });
      }
    });
  } finally {
    await page.close();
  }
});

test('demo page shows an error when the API is unreachable', async () => {
  const port = await freePort(); // nothing listens there
  const { page, log } = await openDemo({ api: `http://127.0.0.1:${port}` });
  try {
    const state = await page.evaluate(() => ({
      ready: document.body.dataset.ready,
      error: document.body.dataset.error,
      shown: !document.getElementById('error').hidden,
      text: document.getElementById('error').textContent,
    }));
    assert.equal(state.ready, undefined);
    assert.match(state.error ?? '', /Could not reach the Sigil API/);
    assert.ok(state.shown, 'error box is visible');
    assert.match(state.text, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(log.consoleErrors.some((m) => /Could not reach the Sigil API/.test(m)), 'error is logged with console.error');
    assert.deepEqual(log.pageErrors, [], 'no uncaught page errors');
  } finally {
    await page.close();
  }
});

/** A TCP port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
