// End-to-end tests of the edge worker: the release build in worker/build (make it with
// scripts/build-worker.sh) served by `wrangler dev` (workerd) on 127.0.0.1, exercised
// over real HTTP. Expected values come from the embedded CSV and from computations in
// this file, never from earlier worker output.
//
//   node --test tests/worker/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startWorker } from '../support/worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const FIRST_MONDAY = 4 * DAY; // 1970-01-05, the first Monday after the epoch

/** The replay fixture, the same file the worker embeds with include_str!. */
function readFixture() {
  const text = readFileSync(join(root, 'crates', 'exchange', 'data', 'btcusd_coinbase_1h.csv'), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  assert.equal(header, 'time,open,high,low,close,volume');
  return lines.map((line) => {
    const [time, open, high, low, close, volume] = line.split(',').map(Number);
    return { time, open, high, low, close, volume };
  });
}

/** Independent resampler: UTC buckets of `ms` counted from `origin`. */
function resample(bars, ms, origin = 0) {
  const out = [];
  for (const b of bars) {
    const start = b.time - (((b.time - origin) % ms) + ms) % ms;
    const last = out[out.length - 1];
    if (last && last.time === start) {
      last.high = Math.max(last.high, b.high);
      last.low = Math.min(last.low, b.low);
      last.close = b.close;
      last.volume += b.volume;
    } else {
      out.push({ ...b, time: start });
    }
  }
  return out;
}

const asRow = (b) => [b.time, b.open, b.high, b.low, b.close, b.volume];

function sma(values, period) {
  return values.map((_, i) => {
    if (i < period - 1) return null;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += values[j];
    return sum / period;
  });
}

function leadingNulls(column) {
  const n = column.findIndex((v) => v !== null);
  return n === -1 ? column.length : n;
}

let worker;
let fixture;

async function get(path, init) {
  const res = await fetch(`${worker.url}${path}`, init);
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    assert.fail(`${path}: body is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body };
}

async function getOk(path) {
  const r = await get(path);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  fixture = readFixture();
  worker = await startWorker();
});

after(async () => {
  await worker?.stop();
});

describe('GET /v1/health', () => {
  test('answers ok with the crate version', async () => {
    const { status, headers, body } = await get('/v1/health');
    assert.equal(status, 200);
    assert.match(headers.get('content-type'), /^application\/json/);
    const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
    const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)[1];
    assert.deepEqual(body, { ok: true, version });
  });
});

describe('GET /v1/candles', () => {
  test('rows are [ms, o, h, l, c, v] numbers with ascending hourly times', async () => {
    const rows = await getOk('/v1/candles?exchange=replay&symbol=BTC/USD&interval=1h&limit=1000');
    assert.equal(rows.length, 1000);
    for (const row of rows) {
      assert.equal(row.length, 6);
      assert.ok(Number.isInteger(row[0]), `time ${row[0]}`);
      assert.ok(row.every((v) => typeof v === 'number' && Number.isFinite(v)));
      const [, open, high, low, close, volume] = row;
      assert.ok(low <= Math.min(open, close) && Math.max(open, close) <= high && volume >= 0, JSON.stringify(row));
    }
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i][0] - rows[i - 1][0], HOUR);
  });

  test('1h rows equal the last rows of the embedded CSV', async () => {
    const rows = await getOk('/v1/candles?exchange=replay&symbol=BTC/USD&interval=1h&limit=1000');
    assert.deepEqual(rows, fixture.slice(-1000).map(asRow));
  });

  test('limit is honoured; default 500; exchange defaults to replay', async () => {
    for (const limit of [1, 7, 999]) {
      const rows = await getOk(`/v1/candles?exchange=replay&symbol=BTC/USD&interval=1h&limit=${limit}`);
      assert.deepEqual(rows, fixture.slice(-limit).map(asRow), `limit=${limit}`);
    }
    const byDefault = await getOk('/v1/candles?symbol=BTC/USD&interval=1h');
    assert.equal(byDefault.length, 500);
    assert.deepEqual(byDefault, fixture.slice(-500).map(asRow));
    // A percent-encoded slash is the same symbol.
    assert.deepEqual(await getOk('/v1/candles?symbol=BTC%2FUSD&interval=1h&limit=3'), fixture.slice(-3).map(asRow));
  });

  test('4h, 1d and 1w are resampled from the 1h rows into UTC buckets', async () => {
    for (const [interval, ms, origin] of [['4h', 4 * HOUR, 0], ['1d', DAY, 0], ['1w', WEEK, FIRST_MONDAY]]) {
      const expected = resample(fixture, ms, origin).map(asRow);
      const rows = await getOk(`/v1/candles?symbol=BTC/USD&interval=${interval}&limit=1000`);
      assert.equal(rows.length, Math.min(1000, expected.length), interval);
      assert.deepEqual(rows, expected.slice(-rows.length), interval);
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i][0] - rows[i - 1][0], ms, interval);
    }
    // Known sizes: 2938 hours = 735 4h buckets, 123 days, 18 weeks (each starting Monday 00:00 UTC).
    assert.equal((await getOk('/v1/candles?symbol=BTC/USD&interval=4h&limit=1000')).length, 735);
    const weeks = await getOk('/v1/candles?symbol=BTC/USD&interval=1w&limit=1000');
    assert.equal(weeks.length, 18);
    for (const [time] of weeks) {
      const d = new Date(time);
      assert.deepEqual([d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes()], [1, 0, 0], d.toISOString());
    }
    // Hand-checked first 4h bucket (2019-06-17 00:00-03:00 UTC).
    const [first] = await getOk('/v1/candles?symbol=BTC/USD&interval=4h&limit=735');
    assert.deepEqual(first.slice(0, 5), [1560729600000, 8975, 9209, 8975, 9175]);
    assert.ok(Math.abs(first[5] - 2641.04) < 1e-9);
  });

  test('market data is cacheable and CORS-enabled', async () => {
    const { headers } = await get('/v1/candles?symbol=BTC/USD&interval=1h&limit=2', {
      headers: { Origin: 'https://example.com' },
    });
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.match(headers.get('cache-control'), /max-age=\d+/);
    assert.match(headers.get('content-type'), /^application\/json/);
  });
});

describe('GET /v1/indicators', () => {
  test('sma:20 equals an SMA of the /v1/candles closes', async () => {
    const query = 'exchange=replay&symbol=BTC/USD&interval=1h&limit=500';
    const candles = await getOk(`/v1/candles?${query}`);
    const body = await getOk(`/v1/indicators?${query}&ind=sma:20`);
    assert.equal(body.exchange, 'replay');
    assert.equal(body.symbol, 'BTC/USD');
    assert.equal(body.interval, '1h');
    assert.deepEqual(body.time, candles.map((r) => r[0]));
    assert.deepEqual(body.columns, ['sma']);
    assert.deepEqual(Object.keys(body.series), ['sma']);
    const expected = sma(candles.map((r) => r[4]), 20);
    const got = body.series.sma;
    assert.equal(got.length, expected.length);
    assert.equal(leadingNulls(got), 19);
    for (let i = 0; i < expected.length; i++) {
      if (expected[i] === null) {
        assert.equal(got[i], null, `index ${i}`);
      } else {
        const tolerance = 1e-9 * Math.max(1, Math.abs(expected[i]));
        assert.ok(Math.abs(got[i] - expected[i]) <= tolerance, `index ${i}: ${got[i]} vs ${expected[i]}`);
      }
    }
  });

  test('rsi:14 and ema:20 have exactly their warm-up nulls, in column order', async () => {
    const body = await getOk('/v1/indicators?symbol=BTC/USD&interval=4h&limit=300&ind=rsi:14,ema:20');
    assert.deepEqual(body.columns, ['rsi', 'ema']);
    assert.deepEqual(Object.keys(body.series), ['rsi', 'ema']);
    assert.equal(body.time.length, 300);
    const { rsi, ema } = body.series;
    assert.equal(rsi.length, 300);
    assert.equal(ema.length, 300);
    assert.equal(leadingNulls(rsi), 14);
    assert.equal(leadingNulls(ema), 19);
    assert.ok(rsi.slice(14).every((v) => typeof v === 'number' && v >= 0 && v <= 100));
    assert.ok(ema.slice(19).every((v) => typeof v === 'number' && v > 0));

    const swapped = await getOk('/v1/indicators?symbol=BTC/USD&interval=4h&limit=300&ind=ema:20,rsi:14');
    assert.deepEqual(swapped.columns, ['ema', 'rsi']);
    assert.deepEqual(Object.keys(swapped.series), ['ema', 'rsi']);
    assert.deepEqual(swapped.series.ema, ema);
  });

  test('mode=tradingview is accepted; indicators TradingView defines alike are unchanged', async () => {
    const query = '/v1/indicators?symbol=BTC/USD&interval=1d&limit=50&ind=sma:5';
    const talib = await getOk(query);
    const tradingview = await getOk(`${query}&mode=tradingview`);
    assert.deepEqual(tradingview.series, talib.series);
  });

  test('one indicator with two parameter sets gets two columns', async () => {
    const body = await getOk('/v1/indicators?symbol=BTC/USD&interval=1d&limit=50&ind=sma:5,sma:10');
    assert.deepEqual(body.columns, ['sma:5', 'sma:10']);
    assert.equal(leadingNulls(body.series['sma:5']), 4);
    assert.equal(leadingNulls(body.series['sma:10']), 9);
  });
});

describe('errors', () => {
  const market = 'symbol=BTC/USD&interval=1h';
  const cases = [
    // [path, status, code, parameter, substring of the message]
    [`/v1/candles?exchange=binance&${market}`, 400, 'unknown_exchange', 'exchange', 'not available yet'],
    [`/v1/candles?exchange=nope&${market}`, 400, 'unknown_exchange', 'exchange', "unknown exchange 'nope'"],
    ['/v1/candles?symbol=ETH/USD&interval=1h', 400, 'invalid_symbol', 'symbol', 'available: BTC/USD'],
    ['/v1/candles?symbol=btc/usd&interval=1h', 400, 'invalid_symbol', 'symbol', 'did you mean BTC/USD'],
    ['/v1/candles?symbol=BTCUSD&interval=1h', 400, 'invalid_symbol', 'symbol', 'BASE/QUOTE'],
    ['/v1/candles?symbol=BTC/USD&interval=5m', 400, 'invalid_interval', 'interval', 'supported: 1h, 4h, 1d, 1w'],
    ['/v1/candles?symbol=BTC/USD&interval=2h', 400, 'invalid_interval', 'interval', '1m, 5m, 15m, 1h, 4h, 1d, 1w'],
    [`/v1/candles?${market}&limit=0`, 400, 'bad_parameter', 'limit', '1..=1000'],
    [`/v1/candles?${market}&limit=1001`, 400, 'bad_parameter', 'limit', '1..=1000'],
    [`/v1/candles?${market}&limit=ten`, 400, 'bad_parameter', 'limit', "'ten'"],
    [`/v1/candles?${market}&limit=2.5`, 400, 'bad_parameter', 'limit', "'2.5'"],
    [`/v1/candles?${market}&limit=-1`, 400, 'bad_parameter', 'limit', "'-1'"],
    ['/v1/candles?interval=1h', 400, 'bad_parameter', 'symbol', "missing parameter 'symbol'"],
    ['/v1/candles?symbol=BTC/USD', 400, 'bad_parameter', 'interval', "missing parameter 'interval'"],
    [`/v1/candles?${market}&limt=5`, 400, 'bad_parameter', 'query', "unknown parameter 'limt'"],
    [`/v1/indicators?${market}&ind=foo:3`, 400, 'invalid_indicator', 'ind', "unknown indicator 'foo'"],
    [`/v1/indicators?${market}&ind=sma:0`, 400, 'invalid_indicator', 'ind', '1..=100000'],
    [`/v1/indicators?${market}&ind=rsi:14,`, 400, 'invalid_indicator', 'ind', 'empty indicator spec'],
    [`/v1/indicators?${market}&ind=mavp`, 400, 'invalid_indicator', 'ind', 'periods column'],
    [`/v1/indicators?${market}&ind=macdext:12:sma:26:sma:9:sma,mavp:5:2`, 400, 'invalid_indicator', 'ind', 'periods column'],
    [`/v1/indicators?${market}`, 400, 'bad_parameter', 'ind', "missing parameter 'ind'"],
    [`/v1/indicators?${market}&ind=sma:5&mode=pine`, 400, 'bad_parameter', 'mode', "unknown mode 'pine'"],
    [`/v1/indicators?symbol=BTC/USD&interval=1M&ind=rsi`, 400, 'invalid_interval', 'interval', "'1M'"],
    ['/v1/nope', 404, 'not_found', undefined, '/v1/candles'],
    ['/', 404, 'not_found', undefined, '/v1/health'],
    ['/v1/candles/', 404, 'not_found', undefined, 'no route /v1/candles/'],
  ];

  for (const [path, status, code, parameter, needle] of cases) {
    test(`${path} → ${status} ${code}`, async () => {
      const { status: got, headers, body } = await get(path);
      assert.equal(got, status, JSON.stringify(body));
      assert.match(headers.get('content-type'), /^application\/json/);
      assert.equal(headers.get('access-control-allow-origin'), '*');
      assert.equal(headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(body), ['error']);
      assert.equal(body.error.code, code);
      assert.equal(body.error.parameter, parameter);
      assert.equal(typeof body.error.message, 'string');
      assert.ok(body.error.message.includes(needle), `message: ${body.error.message}`);
    });
  }

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    test(`${method} /v1/candles → 405`, async () => {
      const { status, headers, body } = await get(`/v1/candles?${market}`, { method });
      assert.equal(status, 405);
      assert.equal(headers.get('allow'), 'GET, HEAD, OPTIONS');
      assert.equal(headers.get('access-control-allow-origin'), '*');
      assert.equal(body.error.code, 'method_not_allowed');
      assert.ok(body.error.message.includes(method));
    });
  }

  test('POST to an unknown route is 404', async () => {
    const { status, body } = await get('/v2/candles', { method: 'POST' });
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
  });
});

describe('CORS', () => {
  test('preflight answers 204 with the allowed methods', async () => {
    const res = await fetch(`${worker.url}/v1/indicators`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-requested-with',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods'), /\bGET\b/);
    assert.equal(res.headers.get('access-control-allow-headers'), '*');
    assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
  });

  test('HEAD answers like GET without a body', async () => {
    const res = await fetch(`${worker.url}/v1/candles?symbol=BTC/USD&interval=1h&limit=5`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(await res.text(), '');
  });
});
