// Demo page: candles from the Sigil edge worker, indicators computed in the browser
// by the sigil-ta wasm core, drawn by SigilChart.
//
// Query parameters (all optional):
//   api       worker base URL            default http://127.0.0.1:8787
//   exchange  candle source              default replay
//   symbol    market                     default BTC/USD
//   interval  bar interval               default 1h
//   limit     number of candles          default 300
//   ind       indicator specs            default ema:20,rsi:14
//
// When the chart is drawn, <body data-ready="1">; on failure <body data-error="...">
// and the message is shown on the page.

import { SigilChart } from './chart/chart.js';
import { computeIndicators, splitSpecs } from './chart/indicators.js';

const PKG_URL = '/pkg/sigil-ta/index.js';
const FETCH_TIMEOUT_MS = 20_000;

const $ = (id) => document.getElementById(id);

function readParams() {
  const q = new URLSearchParams(location.search);
  const get = (key, fallback) => q.get(key)?.trim() || fallback;
  return {
    api: get('api', 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    exchange: get('exchange', 'replay'),
    symbol: get('symbol', 'BTC/USD'),
    interval: get('interval', '1h'),
    limit: get('limit', '300'),
    specs: splitSpecs(get('ind', 'ema:20,rsi:14')),
    // 'talib' (default) or 'tradingview': whose definition to follow where they differ.
    mode: get('mode', 'talib'),
  };
}

/** An Error whose message is meant for the page, with a short headline. */
class DemoError extends Error {
  constructor(headline, detail, cause) {
    super(`${headline}: ${detail}`, { cause });
    this.headline = headline;
    this.detail = detail;
  }
}

async function loadPackage() {
  let sigil;
  try {
    sigil = await import(PKG_URL);
  } catch (err) {
    throw new DemoError('Could not load the sigil-ta package', `${PKG_URL} (${err.message}). Build it with \`make npm\`.`, err);
  }
  try {
    await sigil.init();
  } catch (err) {
    throw new DemoError('Could not initialise the sigil-ta wasm module', err.message, err);
  }
  return sigil;
}

async function fetchCandles({ api, exchange, symbol, interval, limit }) {
  const url = new URL(`${api}/v1/candles`);
  url.search = new URLSearchParams({ exchange, symbol, interval, limit }).toString();
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    const why = err.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : err.message;
    throw new DemoError('Could not reach the Sigil API', `${url.origin} (${why}). Is the worker running? Set another base URL with ?api=…`, err);
  }
  const body = await res.text();
  if (!res.ok) {
    let detail = body.slice(0, 300);
    try {
      const json = JSON.parse(body);
      detail = json.error?.message ?? json.error ?? json.message ?? detail;
    } catch {
      /* not JSON: show the text */
    }
    throw new DemoError(`The Sigil API answered ${res.status} ${res.statusText}`.trim(), String(detail) || url.pathname);
  }
  let candles;
  try {
    candles = JSON.parse(body);
  } catch (err) {
    throw new DemoError('The Sigil API sent invalid JSON', err.message, err);
  }
  if (!Array.isArray(candles)) candles = candles?.candles; // tolerate a wrapped answer
  if (!Array.isArray(candles) || candles.length === 0) {
    throw new DemoError('No candles', `${url.pathname}${url.search} returned no rows`);
  }
  return candles;
}

function showError(err) {
  console.error(err);
  const box = $('error');
  box.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = err.headline ?? 'Error';
  box.append(strong, document.createElement('br'), err.detail ?? err.message ?? String(err));
  box.hidden = false;
  $('status').textContent = 'Failed';
  document.body.dataset.error = err.message || String(err);
}

async function main() {
  const params = readParams();
  const market = `${params.symbol} · ${params.interval}`;
  $('market').textContent = `${market} · ${params.exchange}`;
  document.title = `${market} · Sigil`;

  const status = $('status');
  status.textContent = 'Loading wasm core and candles…';
  // The package and the candles load in parallel.
  const [sigil, candles] = await Promise.all([loadPackage(), fetchCandles(params)]);

  const t0 = performance.now();
  let indicators;
  try {
    indicators = computeIndicators(sigil, params.specs, candles, { mode: params.mode });
  } catch (err) {
    throw new DemoError('Could not compute the indicators', err.message, err);
  }
  const computeMs = performance.now() - t0;

  const chart = new SigilChart($('chart'), { title: market });
  chart.setData({ candles, indicators });

  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const range = `${day(candles[0][0] ?? candles[0].time)} – ${day(candles.at(-1)[0] ?? candles.at(-1).time)}`;
  status.textContent =
    `${candles.length} candles (${range} UTC) from ${new URL(params.api).host} · ` +
    `${params.specs.join(', ')} computed in-browser by sigil-ta (wasm) in ${computeMs.toFixed(1)} ms`;
  // For tests and the console.
  window.sigilDemo = { chart, candles, indicators, params, computeMs };
  document.body.dataset.ready = '1';
}

main().catch(showError);
