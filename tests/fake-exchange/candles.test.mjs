// Candles of every fake exchange equal the fixture (hourly) or an independent
// resampling of it (longer intervals), in each exchange's own layout and order.
//
//   node --test tests/fake-exchange/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startFakeExchange } from './server.mjs';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data', 'btcusd_bitfinex_1h_2013.csv');
const hours = readFileSync(fixture, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
const H = 3_600_000;

/** Independent resampling by calendar: the key of a row's bucket from Date's UTC fields. */
function byCalendar(key) {
  const groups = new Map();
  for (const [t, o, h, l, c, v] of hours) {
    const k = key(new Date(t));
    const g = groups.get(k);
    if (g) {
      g[2] = Math.max(g[2], h);
      g[3] = Math.min(g[3], l);
      g[4] = c;
      g[5] += v;
    } else {
      groups.set(k, [k, o, h, l, c, v]);
    }
  }
  return [...groups.values()];
}
const utcDay = (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
const days = byCalendar(utcDay);
const fourHours = byCalendar((d) => utcDay(d) + Math.floor(d.getUTCHours() / 4) * 4 * H);
const mondays = byCalendar((d) => utcDay(d) - ((d.getUTCDay() + 6) % 7) * 24 * H);
/** OKX's plain 1D bar: a day in Hong Kong (UTC+8), starting 16:00 UTC. */
const hkDays = byCalendar((d) => utcDay(new Date(d.getTime() + 8 * H)) - 8 * H);

function assertRows(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  actual.forEach((row, i) => {
    assert.equal(row[0], expected[i][0], `${what}[${i}] time`);
    for (let j = 1; j < 6; j++) {
      const tolerance = j === 5 ? 1e-6 : 0;
      assert.ok(Math.abs(row[j] - expected[i][j]) <= tolerance, `${what}[${i}][${j}]: ${row[j]} vs ${expected[i][j]}`);
    }
  });
}

let fake;
before(async () => {
  fake = await startFakeExchange();
});
after(() => fake.close());
const get = async (path) => {
  const r = await fetch(`${fake.url}${path}`);
  const text = await r.text();
  return { status: r.status, body: r.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
};

describe('binance klines', () => {
  const rows = (body) => body.map((k) => [k[0], ...k.slice(1, 6).map(Number)]);
  test('hourly rows are the fixture, ascending, 12 fields, closeTime = open + 1h - 1', async () => {
    const { body } = await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1000');
    assertRows(rows(body), hours, '1h');
    assert.ok(body.every((k) => k.length === 12 && k[6] === k[0] + H - 1 && typeof k[1] === 'string'));
  });
  test('4h, 1d and Monday weeks', async () => {
    assertRows(rows((await get('/api/v3/klines?symbol=BTCUSDT&interval=4h&limit=1000')).body), fourHours, '4h');
    assertRows(rows((await get('/api/v3/klines?symbol=BTCUSDT&interval=1d')).body), days, '1d');
    assertRows(rows((await get('/api/v3/klines?symbol=BTCUSDT&interval=1w')).body), mondays, '1w');
  });
  test('limit, endTime and startTime select like Binance', async () => {
    assertRows(rows((await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=5')).body), hours.slice(-5), 'latest 5');
    const end = hours[100][0];
    assertRows(rows((await get(`/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3&endTime=${end}`)).body), hours.slice(98, 101), 'endTime');
    assertRows(rows((await get(`/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3&startTime=${end}`)).body), hours.slice(100, 103), 'startTime');
  });
  test('errors are Binance error bodies', async () => {
    assert.deepEqual((await get('/api/v3/klines?symbol=NOPE&interval=1h')).body.code, -1121);
    assert.deepEqual((await get('/api/v3/klines?symbol=BTCUSDT&interval=7h')).body.code, -1120);
    assert.deepEqual((await get('/api/v3/klines?symbol=BTCUSDT&interval=1m')).body.code, -1120);
    assert.deepEqual((await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1001')).body.code, -1130);
    assert.deepEqual((await get('/api/v3/klines?interval=1h')).body.code, -1102);
  });
});

describe('kraken OHLC', () => {
  const rows = (body) => body.result.XXBTZUSD.map((k) => [k[0] * 1000, ...k.slice(1, 5).map(Number), Number(k[6])]);
  test('hourly rows are the fixture (the latest 720), ascending, seconds, 8 fields', async () => {
    const { body } = await get('/0/public/OHLC?pair=XBTUSD&interval=60');
    assertRows(rows(body), hours.slice(-720), '60');
    assert.equal(body.result.last, hours[hours.length - 1][0] / 1000);
    assert.ok(body.result.XXBTZUSD.every((k) => k.length === 8));
  });
  test('since is exclusive; daily and weekly', async () => {
    const since = hours[700][0] / 1000;
    assertRows(rows((await get(`/0/public/OHLC?pair=XXBTZUSD&interval=60&since=${since}`)).body), hours.slice(701), 'since');
    assertRows(rows((await get('/0/public/OHLC?pair=XBTUSD&interval=1440')).body), days, '1440');
    assertRows(rows((await get('/0/public/OHLC?pair=XBTUSD&interval=10080')).body), mondays, '10080');
  });
  test('errors ride in error[] with HTTP 200', async () => {
    const unknown = await get('/0/public/OHLC?pair=NOPE&interval=60');
    assert.deepEqual([unknown.status, unknown.body.error], [200, ['EQuery:Unknown asset pair']]);
    assert.match((await get('/0/public/OHLC?pair=XBTUSD&interval=7')).body.error[0], /^EGeneral:Invalid arguments/);
  });
});

describe('okx candles', () => {
  const rows = (body) => body.data.map((k) => [Number(k[0]), ...k.slice(1, 6).map(Number)]).reverse();
  test('newest first, 9 string fields, confirm "1"; limit defaults to 100 and caps at 300', async () => {
    const { body } = await get('/api/v5/market/candles?instId=BTC-USDT&bar=1H');
    assert.equal(body.code, '0');
    assertRows(rows(body), hours.slice(-100), '1H');
    assert.ok(body.data.every((k) => k.length === 9 && k[8] === '1'));
    assert.equal((await get('/api/v5/market/candles?instId=BTC-USDT&bar=1H&limit=1000')).body.data.length, 300);
  });
  test('after and before are exclusive', async () => {
    const t = hours[200][0];
    assertRows(rows((await get(`/api/v5/market/candles?instId=BTC-USDT&bar=1H&after=${t}&limit=2`)).body), hours.slice(198, 200), 'after');
    assertRows(rows((await get(`/api/v5/market/candles?instId=BTC-USDT&bar=1H&before=${t}&after=${hours[203][0]}`)).body), hours.slice(201, 203), 'before');
  });
  test('1Dutc is UTC days, 1D Hong Kong days, 4H UTC', async () => {
    assertRows(rows((await get('/api/v5/market/candles?instId=BTC-USDT&bar=1Dutc')).body), days, '1Dutc');
    assertRows(rows((await get('/api/v5/market/candles?instId=BTC-USDT&bar=1D')).body), hkDays, '1D');
    assertRows(rows((await get('/api/v5/market/candles?instId=BTC-USDT&bar=4H&limit=300')).body), fourHours, '4H');
  });
  test('unknown instrument is 51001', async () => {
    assert.equal((await get('/api/v5/market/candles?instId=NOPE-USDT&bar=1H')).body.code, '51001');
  });
});

describe('bybit kline', () => {
  const rows = (body) => body.result.list.map((k) => [Number(k[0]), ...k.slice(1, 6).map(Number)]).reverse();
  test('newest first, 7 string fields; end is inclusive; limit default 200', async () => {
    const { body } = await get('/v5/market/kline?category=spot&symbol=BTCUSDT&interval=60');
    assertRows(rows(body), hours.slice(-200), '60');
    assert.ok(body.result.list.every((k) => k.length === 7));
    const end = hours[300][0];
    assertRows(rows((await get(`/v5/market/kline?category=spot&symbol=BTCUSDT&interval=60&end=${end}&limit=4`)).body), hours.slice(297, 301), 'end');
    assertRows(rows((await get('/v5/market/kline?category=spot&symbol=BTCUSDT&interval=D')).body), days, 'D');
    assertRows(rows((await get('/v5/market/kline?category=spot&symbol=BTCUSDT&interval=W')).body), mondays, 'W');
  });
  test('errors are retCode envelopes', async () => {
    assert.equal((await get('/v5/market/kline?category=spot&symbol=NOPE&interval=60')).body.retCode, 10001);
    assert.equal((await get('/v5/market/kline?category=linear&symbol=BTCUSDT&interval=60')).body.retCode, 10001);
  });
});

describe('coinbase', () => {
  test('exchange: [time_s, low, high, open, close, volume] numbers, newest first, at most 300', async () => {
    const { body } = await get('/products/BTC-USD/candles?granularity=3600');
    assert.equal(body.length, 300);
    const asRows = body.map(([t, l, h, o, c, v]) => [t * 1000, o, h, l, c, v]).reverse();
    assertRows(asRows, hours.slice(-300), '3600');
    const daily = (await get('/products/BTC-USD/candles?granularity=86400')).body.map(([t, l, h, o, c, v]) => [t * 1000, o, h, l, c, v]).reverse();
    assertRows(daily, days, '86400');
    const start = new Date(hours[10][0]).toISOString();
    const end = new Date(hours[12][0]).toISOString();
    const ranged = (await get(`/products/BTC-USD/candles?granularity=3600&start=${start}&end=${end}`)).body;
    assertRows(ranged.map(([t, l, h, o, c, v]) => [t * 1000, o, h, l, c, v]).reverse(), hours.slice(10, 13), 'range');
    assert.equal((await get('/products/BTC-USD/candles?granularity=120')).status, 400);
    const tooMany = await get(`/products/BTC-USD/candles?granularity=3600&start=${new Date(hours[0][0]).toISOString()}&end=${end.replace('10-01', '10-30')}`);
    assert.equal(tooMany.status, 400);
  });
  test('advanced trade: {candles:[{start,...}]} strings, newest first, start/end required', async () => {
    const start = hours[0][0] / 1000;
    const end = hours[49][0] / 1000;
    const { status, body } = await get(`/api/v3/brokerage/market/products/BTC-USD/candles?granularity=ONE_HOUR&start=${start}&end=${end}`);
    assert.equal(status, 200);
    const asRows = body.candles.map((c) => [Number(c.start) * 1000, Number(c.open), Number(c.high), Number(c.low), Number(c.close), Number(c.volume)]).reverse();
    assertRows(asRows, hours.slice(0, 50), 'ONE_HOUR');
    assert.equal((await get('/api/v3/brokerage/market/products/BTC-USD/candles?granularity=ONE_HOUR')).status, 400);
    assert.equal((await get(`/api/v3/brokerage/products/BTC-USD/candles?granularity=ONE_HOUR&start=${start}&end=${end}`)).status, 401, 'the private twin needs a JWT');
  });
});
