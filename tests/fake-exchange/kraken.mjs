// Fake Kraken Spot (`/0/public/...`, `/0/private/...`), after docs.kraken.com: OHLC,
// Ticker, AssetPairs, and the private Balance, BalanceEx, OpenOrders, AddOrder and
// CancelOrder. Kraken answers errors with HTTP 200 and strings in `error`.
//
// Private calls: `API-Key` must be a stored key (else EAPI:Invalid key); `API-Sign`
// must equal base64(HMAC-SHA512(base64decode(secret), path ‖ SHA256(nonce ‖ body)))
// (else EAPI:Invalid signature); the body's `nonce` must exceed the last one accepted
// for the key (else EAPI:Invalid nonce): Kraken's defence against replays.

import { createHash } from 'node:crypto';

import { DAY, FIRST_MONDAY, HOUR, WEEK } from './candles.mjs';
import { decimalParam, hmac, json, sameSecret } from './common.mjs';

export const NAME = 'kraken';

/** Interval in minutes → [bucket ms, origin]. */
const INTERVALS = { 60: [HOUR, 0], 240: [4 * HOUR, 0], 1440: [DAY, 0], 10080: [WEEK, FIRST_MONDAY] };
const KRAKEN_INTERVALS = new Set([1, 5, 15, 30, 60, 240, 1440, 10080, 21600]);
/** Kraken serves only the 720 most recent OHLC rows. */
const MAX_ROWS = 720;

const PAIRS = {
  XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', candles: true, ordermin: '0.0001', tick: '0.1', pairDecimals: 1 },
  XETHZUSD: { altname: 'ETHUSD', wsname: 'ETH/USD', base: 'XETH', quote: 'ZUSD', candles: false, ordermin: '0.002', tick: '0.01', pairDecimals: 2 },
};

const fail = (...errors) => json(200, { error: errors });
const ok = (result) => json(200, { error: [], result });
const str = (x, digits) => x.toFixed(digits);

/** The pair key for any name Kraken accepts: key, altname, wsname, or BTC spellings. */
function findPair(name) {
  if (!name) return null;
  const wanted = name.toUpperCase().replace('BTC', 'XBT');
  return Object.keys(PAIRS).find((key) => key === wanted || PAIRS[key].altname === wanted || PAIRS[key].wsname === wanted) ?? null;
}

export function createKraken({ keys, store }) {
  const accounts = [{ apiKey: keys.kraken.apiKey, secret: Buffer.from(keys.kraken.secret, 'base64'), lastNonce: 0n }];
  const orders = new Map();
  const txid = () => {
    const part = (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(Math.random() * 32)]).join('');
    return `O${part(5)}-${part(5)}-${part(6)}`;
  };
  const addOrder = (fields) => {
    const id = txid();
    orders.set(id, fields);
    return id;
  };
  addOrder({
    refid: null, userref: 0, cl_ord_id: 'fake-seed-order', status: 'open', opentm: store.lastTime / 1000, starttm: 0, expiretm: 0,
    descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '150.0', price2: '0', leverage: 'none', order: 'buy 0.50000000 XBTUSD @ limit 150.0', close: '' },
    vol: '0.50000000', vol_exec: '0.00000000', cost: '0.00000', fee: '0.00000', price: '0.00000', stopprice: '0.00000', limitprice: '0.00000', misc: '', oflags: 'fciq',
  });

  function ohlc(ctx) {
    const q = ctx.query;
    const pair = findPair(q.get('pair'));
    if (!q.get('pair')) return fail('EGeneral:Invalid arguments');
    if (!pair) return fail('EQuery:Unknown asset pair');
    const minutes = q.has('interval') ? Number(q.get('interval')) : 1;
    if (!KRAKEN_INTERVALS.has(minutes)) return fail('EGeneral:Invalid arguments');
    if (!INTERVALS[minutes]) return fail(`EGeneral:Invalid arguments:interval (fake exchange: ${minutes} min cannot be built from the hourly fixture)`);
    const [ms, origin] = INTERVALS[minutes];
    const rows = PAIRS[pair].candles ? store.series(ms, origin).slice(-MAX_ROWS) : [];
    const since = q.has('since') ? Number(q.get('since')) : -Infinity;
    const wanted = rows.filter((c) => c.time / 1000 > since);
    const result = {
      [pair]: wanted.map((c) => {
        const vwap = (c.high + c.low + c.close) / 3;
        return [c.time / 1000, str(c.open, 8), str(c.high, 8), str(c.low, 8), str(c.close, 8), str(vwap, 8), str(c.volume, 8), Math.max(1, Math.round(c.volume))];
      }),
      // The fixture lies in the past, so every row is committed and `last` is the newest.
      last: rows.length ? rows[rows.length - 1].time / 1000 : 0,
    };
    return ok(result);
  }

  function ticker(ctx) {
    const names = (ctx.query.get('pair') ?? '').split(',').filter(Boolean);
    const pairs = names.length ? names.map(findPair) : Object.keys(PAIRS);
    if (pairs.some((p) => !p)) return fail('EQuery:Unknown asset pair');
    const result = {};
    for (const pair of pairs) {
      const s = PAIRS[pair].candles ? store.last24h() : { open: 10, high: 10, low: 10, last: 10, volume: 0, quoteVolume: 0 };
      const vwap = s.volume ? s.quoteVolume / s.volume : s.last;
      result[pair] = {
        a: [str(s.last + 0.1, 5), '1', '1.000'], b: [str(s.last - 0.1, 5), '2', '2.000'], c: [str(s.last, 5), '0.01000000'],
        v: [str(s.volume, 8), str(s.volume, 8)], p: [str(vwap, 5), str(vwap, 5)], t: [100, 100],
        l: [str(s.low, 5), str(s.low, 5)], h: [str(s.high, 5), str(s.high, 5)], o: str(s.open, 5),
      };
    }
    return ok(result);
  }

  function assetPairs() {
    const result = {};
    for (const [key, p] of Object.entries(PAIRS)) {
      result[key] = {
        altname: p.altname, wsname: p.wsname, aclass_base: 'currency', base: p.base, aclass_quote: 'currency', quote: p.quote,
        lot: 'unit', cost_decimals: 5, pair_decimals: p.pairDecimals, lot_decimals: 8, lot_multiplier: 1,
        fee_volume_currency: 'ZUSD', ordermin: p.ordermin, costmin: '0.5', tick_size: p.tick, status: 'online',
      };
    }
    return ok(result);
  }

  /** Error response, or null when the private call is authentic and fresh. */
  function authenticate(ctx) {
    const account = accounts.find((a) => sameSecret(a.apiKey, ctx.headers['api-key'] ?? ''));
    if (!account) return fail('EAPI:Invalid key');
    const form = new URLSearchParams(ctx.body);
    const nonceText = form.get('nonce') ?? '';
    if (!/^\d{1,20}$/.test(nonceText)) return fail('EAPI:Invalid nonce');
    const digest = createHash('sha256').update(nonceText + ctx.body).digest();
    const expected = hmac('sha512', account.secret, Buffer.concat([Buffer.from(ctx.path), digest]), 'base64');
    if (!sameSecret(expected, ctx.headers['api-sign'] ?? '')) return fail('EAPI:Invalid signature');
    const nonce = BigInt(nonceText);
    if (nonce <= account.lastNonce) return fail('EAPI:Invalid nonce');
    account.lastNonce = nonce;
    ctx.form = form;
    return null;
  }

  const balances = () => ({ ZUSD: { balance: '20075.0000', hold_trade: '75.0000' }, XXBT: { balance: '1.2500000000', hold_trade: '0.0000000000' } });

  function placeOrder(ctx) {
    const f = ctx.form;
    const pair = findPair(f.get('pair'));
    if (!f.get('pair') || !f.get('type') || !f.get('ordertype') || !f.get('volume')) return fail('EGeneral:Invalid arguments');
    if (!pair) return fail('EQuery:Unknown asset pair');
    const side = f.get('type');
    const kind = f.get('ordertype');
    if (side !== 'buy' && side !== 'sell') return fail('EGeneral:Invalid arguments:type');
    if (kind !== 'limit' && kind !== 'market') return fail('EGeneral:Invalid arguments:ordertype');
    const volume = decimalParam(f.get('volume'));
    if (!(volume > 0)) return fail('EGeneral:Invalid arguments:volume');
    if (volume < Number(PAIRS[pair].ordermin)) return fail('EOrder:Order minimum not met');
    const price = kind === 'limit' ? decimalParam(f.get('price')) : 0;
    if (kind === 'limit' && !(price > 0)) return fail('EGeneral:Invalid arguments:price');
    const altname = PAIRS[pair].altname;
    const description = `${side} ${volume.toFixed(8)} ${altname} @ ${kind === 'limit' ? `limit ${f.get('price')}` : 'market'}`;
    const id = addOrder({
      refid: null, userref: Number(f.get('userref') ?? 0), cl_ord_id: f.get('cl_ord_id') ?? undefined,
      status: kind === 'market' ? 'closed' : 'open', opentm: ctx.now / 1000, starttm: 0, expiretm: 0,
      descr: { pair: altname, type: side, ordertype: kind, price: kind === 'limit' ? f.get('price') : '0', price2: '0', leverage: 'none', order: description, close: '' },
      vol: volume.toFixed(8), vol_exec: kind === 'market' ? volume.toFixed(8) : '0.00000000', cost: '0.00000', fee: '0.00000',
      price: '0.00000', stopprice: '0.00000', limitprice: '0.00000', misc: '', oflags: 'fciq',
    });
    return ok({ descr: { order: description }, txid: [id] });
  }

  function cancelOrder(ctx) {
    const id = ctx.form.get('txid');
    if (!id) return fail('EGeneral:Invalid arguments');
    const order = orders.get(id) ?? [...orders.values()].find((o) => o.cl_ord_id === id);
    if (!order || order.status !== 'open') return fail('EOrder:Unknown order');
    order.status = 'canceled';
    return ok({ count: 1 });
  }

  const signed = (handler) => (ctx) => authenticate(ctx) ?? handler(ctx);
  const routes = {
    'GET /0/public/OHLC': ohlc,
    'GET /0/public/Ticker': ticker,
    'GET /0/public/AssetPairs': assetPairs,
    'GET /0/public/Time': (ctx) => ok({ unixtime: Math.floor(ctx.now / 1000), rfc1123: new Date(ctx.now).toUTCString() }),
    'POST /0/private/Balance': signed(() => ok(Object.fromEntries(Object.entries(balances()).map(([k, v]) => [k, v.balance])))),
    'POST /0/private/BalanceEx': signed(() => ok(balances())),
    'POST /0/private/OpenOrders': signed(() => ok({ open: Object.fromEntries([...orders].filter(([, o]) => o.status === 'open')) })),
    'POST /0/private/AddOrder': signed(placeOrder),
    'POST /0/private/CancelOrder': signed(cancelOrder),
  };

  return {
    name: NAME,
    handle(ctx) {
      const route = routes[`${ctx.method} ${ctx.path}`];
      if (route) return route(ctx);
      return json(404, { error: ['EGeneral:Unknown method'] });
    },
  };
}

export function krakenFault(mode, { retryAfter }) {
  if (mode === '429') return json(429, { error: ['EAPI:Rate limit exceeded'] }, { 'retry-after': String(retryAfter) });
  return null;
}
