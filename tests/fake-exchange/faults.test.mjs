// Misbehaviour on demand (POST /__control), and the CLI contract the Rust driver test
// relies on (port line on stdout, exit when stdin closes).
//
//   node --test tests/fake-exchange/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { exchangeOf, startFakeExchange } from './server.mjs';

const serverPath = join(dirname(fileURLToPath(import.meta.url)), 'server.mjs');
const KLINES = '/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2';
/** One public candle path per exchange. */
const CANDLES = {
  binance: KLINES,
  kraken: '/0/public/OHLC?pair=XBTUSD&interval=60',
  okx: '/api/v5/market/candles?instId=BTC-USDT&bar=1H&limit=2',
  bybit: '/v5/market/kline?category=spot&symbol=BTCUSDT&interval=60&limit=2',
  coinbase: '/products/BTC-USD/candles?granularity=3600',
};

let fake;
before(async () => {
  fake = await startFakeExchange();
});
after(() => fake.close());

async function control(fault) {
  const r = await fetch(`${fake.url}/__control`, { method: 'POST', body: JSON.stringify(fault) });
  return { status: r.status, body: await r.json() };
}
async function get(path) {
  const r = await fetch(`${fake.url}${path}`);
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test('paths map to exchanges', () => {
  assert.equal(exchangeOf('/api/v3/klines'), 'binance');
  assert.equal(exchangeOf('/api/v3/brokerage/accounts'), 'coinbase');
  assert.equal(exchangeOf('/products/BTC-USD/candles'), 'coinbase');
  assert.equal(exchangeOf('/0/public/OHLC'), 'kraken');
  assert.equal(exchangeOf('/api/v5/market/candles'), 'okx');
  assert.equal(exchangeOf('/v5/market/kline'), 'bybit');
  assert.equal(exchangeOf('/nothing'), null);
});

describe('faults', () => {
  test('429 hits the next `count` requests, then the real answer returns', async () => {
    assert.equal((await control({ mode: '429', retryAfter: 3, count: 2 })).status, 200);
    for (let i = 0; i < 2; i++) {
      const r = await get(KLINES);
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '3');
      assert.equal(JSON.parse(r.text).code, -1003);
    }
    assert.equal((await get(KLINES)).status, 200);
  });

  test('every exchange answers 429 in its own words, with Retry-After', async () => {
    const expected = {
      binance: (b) => b.code === -1003,
      kraken: (b) => b.error[0] === 'EAPI:Rate limit exceeded',
      okx: (b) => b.code === '50011',
      bybit: (b) => b.retCode === 10006,
      coinbase: (b) => /rate limit exceeded/.test(b.message),
    };
    for (const [exchange, path] of Object.entries(CANDLES)) {
      await control({ mode: '429', retryAfter: 7, exchange });
      const r = await get(path);
      assert.equal(r.status, 429, exchange);
      assert.equal(r.headers.get('retry-after'), '7', exchange);
      assert.ok(expected[exchange](JSON.parse(r.text)), `${exchange}: ${r.text}`);
    }
    const bybit = (await control({ mode: '429', retryAfter: 2, exchange: 'bybit' }), await get(CANDLES.bybit));
    const reset = Number(bybit.headers.get('x-bapi-limit-reset-timestamp'));
    assert.equal(reset - JSON.parse(bybit.text).time, 2000);
  });

  test('a fault scoped to one exchange leaves the others alone', async () => {
    await control({ mode: '503', exchange: 'okx' });
    assert.equal((await get(KLINES)).status, 200);
    assert.equal((await get(CANDLES.okx)).status, 503);
    assert.equal((await get(CANDLES.okx)).status, 200);
  });

  test('418 and 451 carry Binance bodies; 5xx are HTML error pages', async () => {
    await control({ mode: '418', retryAfter: 120 });
    const banned = await get(KLINES);
    assert.equal(banned.status, 418);
    assert.equal(banned.headers.get('retry-after'), '120');
    assert.match(JSON.parse(banned.text).msg, /banned until \d+/);
    await control({ mode: '451' });
    const geo = await get(KLINES);
    assert.equal(geo.status, 451);
    assert.match(JSON.parse(geo.text).msg, /restricted location/);
    for (const mode of ['500', '502', '503', '504']) {
      await control({ mode });
      const r = await get(CANDLES.kraken);
      assert.equal(r.status, Number(mode));
      assert.match(r.text, new RegExp(`<h1>${mode} `));
    }
  });

  test('slow delays the real answer', async () => {
    await control({ mode: 'slow', ms: 400 });
    const started = performance.now();
    const r = await get(KLINES);
    assert.ok(performance.now() - started >= 390, 'answered too early');
    assert.equal(JSON.parse(r.text).length, 2);
  });

  test('truncated and malformed bodies are not JSON; abort drops the connection', async () => {
    const whole = (await get(KLINES)).text;
    await control({ mode: 'truncated' });
    const cut = await get(KLINES);
    assert.equal(cut.status, 200);
    assert.ok(whole.startsWith(cut.text) && cut.text.length < whole.length);
    assert.throws(() => JSON.parse(cut.text));
    await control({ mode: 'malformed', exchange: 'okx' });
    const broken = await get(CANDLES.okx);
    assert.equal(broken.status, 200);
    assert.throws(() => JSON.parse(broken.text));
    await control({ mode: 'truncated', abort: true });
    await assert.rejects(get(KLINES));
    assert.equal((await get(KLINES)).status, 200);
  });

  test('reset forgets queued faults; bad control requests are refused', async () => {
    await control({ mode: '500', count: 5 });
    assert.equal((await control({ mode: 'reset' })).status, 200);
    assert.equal((await get(KLINES)).status, 200);
    for (const bad of [{ mode: '404' }, { mode: '429', count: 0 }, { mode: '429', retryAfter: -1 }, { mode: '429', exchange: 'mtgox' }, []]) {
      const r = await control(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.ok(r.body.error);
    }
    const state = await (await fetch(`${fake.url}/__control`)).json();
    assert.deepEqual(state.faults, []);
    assert.ok(state.requests.binance > 0);
  });
});

describe('command line', () => {
  test('prints its port as one JSON line and exits when stdin closes', async () => {
    const child = spawn(process.execPath, [serverPath, '--port', '0', '--watch-stdin'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const [line] = await once(createInterface({ input: child.stdout }), 'line');
    const { port, url } = JSON.parse(line);
    assert.ok(Number.isInteger(port) && port > 0);
    assert.equal(url, `http://127.0.0.1:${port}`);
    const r = await fetch(`${url}${KLINES}`);
    assert.equal(r.status, 200);
    const exited = once(child, 'exit');
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const [code] = await exited;
    clearTimeout(timer);
    assert.equal(code, 0, 'exited by itself after stdin closed');
  });

  test('refuses unknown arguments', async () => {
    const child = spawn(process.execPath, [serverPath, '--bogus'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /unknown argument --bogus/);
  });
});
