// Fake OKX v5 (`/api/v5/...`): market candles and ticker, SPOT instruments, account
// balance, pending orders, place and cancel. Responses are
// {"code":"0","msg":"","data":[...]}; auth failures are HTTP 401 with OKX's 501xx codes.
//
// Signed calls: OK-ACCESS-KEY (50103 missing, 50111 unknown), OK-ACCESS-PASSPHRASE
// (50104 missing, 50105 wrong), OK-ACCESS-TIMESTAMP ISO-8601 with ms (50107 missing,
// 50112 malformed, 50102 more than 30 s from the server's clock), OK-ACCESS-SIGN =
// base64(HMAC-SHA256(secret text, timestamp ‖ METHOD ‖ path?query ‖ body)) (50106
// missing, 50113 wrong).

import { DAY, FIRST_MONDAY, HOUR, WEEK, window } from './candles.mjs';
import { decimalParam, hmac, json, plain, sameSecret } from './common.mjs';

export const NAME = 'okx';

const HK = -8 * HOUR; // OKX's plain daily/weekly bars start at 00:00 Hong Kong time
const BARS = {
  '1H': [HOUR, 0], '2H': [2 * HOUR, 0], '4H': [4 * HOUR, 0],
  '6H': [6 * HOUR, HK], '12H': [12 * HOUR, HK], '1D': [DAY, HK], '2D': [2 * DAY, HK], '3D': [3 * DAY, HK], '1W': [WEEK, FIRST_MONDAY + HK],
  '6Hutc': [6 * HOUR, 0], '12Hutc': [12 * HOUR, 0], '1Dutc': [DAY, 0], '2Dutc': [2 * DAY, 0], '3Dutc': [3 * DAY, 0], '1Wutc': [WEEK, FIRST_MONDAY],
};
const SUB_HOUR = new Set(['1m', '3m', '5m', '15m', '30m']);
/** /market/candles serves only the latest 1,440 rows. */
const MAX_ROWS = 1440;
const EXPIRY_MS = 30_000;

const INSTRUMENTS = {
  'BTC-USDT': { base: 'BTC', quote: 'USDT', tick: '0.1', lot: '0.00000001', min: '0.00001', candles: true },
  'ETH-USDT': { base: 'ETH', quote: 'USDT', tick: '0.01', lot: '0.000001', min: '0.0001', candles: false },
};

const ok = (data, extra = {}) => json(200, { code: '0', msg: '', data, ...extra });
const fail = (code, msg, status = 200) => json(status, { code, msg, data: [] });
const authFail = (code, msg) => json(401, { msg, code });

export function createOkx({ keys, store }) {
  const account = keys.okx;
  let nextOrderId = 700_000_000_000_000_000n;
  const orders = new Map();
  const seed = {
    accFillSz: '0', avgPx: '', cTime: String(store.lastTime), category: 'normal', ccy: '', clOrdId: 'fakeseed1', fee: '0', feeCcy: 'BTC',
    fillPx: '', fillSz: '0', fillTime: '', instId: 'BTC-USDT', instType: 'SPOT', lever: '', ordId: String(nextOrderId++), ordType: 'limit',
    pnl: '0', posSide: '', px: '150', rebate: '0', rebateCcy: 'USDT', side: 'buy', slOrdPx: '', slTriggerPx: '', state: 'live',
    sz: '0.5', tag: '', tdMode: 'cash', tgtCcy: '', tpOrdPx: '', tpTriggerPx: '', tradeId: '', uTime: String(store.lastTime),
  };
  orders.set(seed.ordId, seed);

  function authenticate(ctx) {
    const h = ctx.headers;
    if (!h['ok-access-key']) return authFail('50103', 'Request header OK-ACCESS-KEY cannot be empty.');
    if (!h['ok-access-passphrase']) return authFail('50104', 'Request header OK-ACCESS-PASSPHRASE cannot be empty.');
    if (!h['ok-access-sign']) return authFail('50106', 'Request header OK-ACCESS-SIGN cannot be empty.');
    if (!h['ok-access-timestamp']) return authFail('50107', 'Request header OK-ACCESS-TIMESTAMP cannot be empty.');
    if (!sameSecret(h['ok-access-key'], account.apiKey)) return authFail('50111', 'Invalid OK-ACCESS-KEY');
    if (!sameSecret(h['ok-access-passphrase'], account.passphrase)) return authFail('50105', 'Invalid OK-ACCESS-PASSPHRASE');
    const timestamp = h['ok-access-timestamp'];
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
      return authFail('50112', 'Invalid OK-ACCESS-TIMESTAMP');
    }
    if (Math.abs(ctx.now - Date.parse(timestamp)) > EXPIRY_MS) return authFail('50102', 'Timestamp request expired');
    const requestPath = ctx.rawQuery ? `${ctx.path}?${ctx.rawQuery}` : ctx.path;
    const expected = hmac('sha256', account.secret, `${timestamp}${ctx.method}${requestPath}${ctx.body}`, 'base64');
    if (!sameSecret(expected, h['ok-access-sign'])) return authFail('50113', 'Invalid Sign');
    return null;
  }

  function candles(ctx) {
    const q = ctx.query;
    const instId = q.get('instId');
    if (!instId) return fail('50014', 'Parameter instId can not be empty.', 400);
    const instrument = INSTRUMENTS[instId];
    if (!instrument) return fail('51001', "Instrument ID doesn't exist.");
    const bar = q.get('bar') ?? '1m';
    if (SUB_HOUR.has(bar)) return fail('51000', `Parameter bar error (fake exchange: ${bar} cannot be built from the hourly fixture)`, 400);
    if (!BARS[bar]) return fail('51000', 'Parameter bar error', 400);
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    if (!Number.isInteger(limit) || limit < 1) return fail('51000', 'Parameter limit error', 400);
    const [ms, origin] = BARS[bar];
    const series = instrument.candles ? store.series(ms, origin).slice(-MAX_ROWS) : [];
    // after: records earlier than ts; before: records newer than ts (both exclusive).
    const to = q.has('after') ? Number(q.get('after')) - 1 : Infinity;
    const from = q.has('before') ? Number(q.get('before')) + 1 : -Infinity;
    const rows = window(series, { from, to, limit: Math.min(limit, 300) });
    return ok(
      rows.reverse().map((c) => [String(c.time), plain(c.open), plain(c.high), plain(c.low), plain(c.close), plain(c.volume), plain(c.volume * c.close), plain(c.volume * c.close), '1']),
    );
  }

  function ticker(ctx) {
    const instId = ctx.query.get('instId');
    const instrument = INSTRUMENTS[instId];
    if (!instrument) return fail('51001', "Instrument ID doesn't exist.");
    const s = instrument.candles ? store.last24h() : { open: 10, high: 10, low: 10, last: 10, volume: 0, quoteVolume: 0 };
    return ok([{
      instType: 'SPOT', instId, last: plain(s.last), lastSz: '0.01', askPx: plain(s.last + 0.1), askSz: '1', bidPx: plain(s.last - 0.1), bidSz: '2',
      open24h: plain(s.open), high24h: plain(s.high), low24h: plain(s.low), volCcy24h: plain(s.quoteVolume), vol24h: plain(s.volume),
      sodUtc0: plain(s.open), sodUtc8: plain(s.open), ts: String(ctx.now),
    }]);
  }

  function instruments(ctx) {
    if (ctx.query.get('instType') !== 'SPOT') return fail('51000', 'Parameter instType error (fake exchange lists SPOT only)', 400);
    return ok(Object.entries(INSTRUMENTS).map(([instId, i]) => ({
      instType: 'SPOT', instId, uly: '', instFamily: '', baseCcy: i.base, quoteCcy: i.quote, settleCcy: '', ctVal: '', ctMult: '', ctValCcy: '',
      optType: '', stk: '', listTime: '1606468572000', expTime: '', lever: '', tickSz: i.tick, lotSz: i.lot, minSz: i.min, ctType: '',
      alias: '', state: 'live', maxLmtSz: '9999999999', maxMktSz: '1000000',
    })));
  }

  function balance(ctx) {
    const details = [
      { ccy: 'BTC', availBal: '1.25', cashBal: '1.25', frozenBal: '0', eq: '1.25', ordFrozen: '0', uTime: String(ctx.now) },
      { ccy: 'USDT', availBal: '20000', cashBal: '20075', frozenBal: '75', eq: '20075', ordFrozen: '75', uTime: String(ctx.now) },
    ];
    const ccy = ctx.query.get('ccy');
    const wanted = ccy ? details.filter((d) => ccy.split(',').includes(d.ccy)) : details;
    return ok([{ adjEq: '', imr: '', isoEq: '0', mgnRatio: '', mmr: '', notionalUsd: '', ordFroz: '', totalEq: '20300', uTime: String(ctx.now), details: wanted }]);
  }

  function pending(ctx) {
    const type = ctx.query.get('instType');
    const instId = ctx.query.get('instId');
    const open = [...orders.values()].filter(
      (o) => (o.state === 'live' || o.state === 'partially_filled') && (!type || o.instType === type) && (!instId || o.instId === instId),
    );
    return ok(open);
  }

  const orderFailed = (sCode, sMsg, ids = {}) =>
    json(200, { code: '1', msg: 'All operations failed', data: [{ clOrdId: ids.clOrdId ?? '', ordId: ids.ordId ?? '', tag: '', ts: String(Date.now()), sCode, sMsg }] });

  function parseBody(ctx) {
    try {
      const body = JSON.parse(ctx.body);
      return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
    } catch {
      return null;
    }
  }

  function place(ctx) {
    const b = parseBody(ctx);
    if (!b) return fail('50002', 'Json data format error', 400);
    if (!INSTRUMENTS[b.instId]) return orderFailed('51001', "Instrument ID doesn't exist.", b);
    if (b.tdMode !== 'cash') return orderFailed('51000', 'Parameter tdMode error', b);
    if (b.side !== 'buy' && b.side !== 'sell') return orderFailed('51000', 'Parameter side error', b);
    if (b.ordType !== 'limit' && b.ordType !== 'market') return orderFailed('51000', 'Parameter ordType error', b);
    const size = decimalParam(b.sz);
    if (!(size > 0)) return orderFailed('51000', 'Parameter sz error', b);
    if (b.ordType === 'limit' && !(decimalParam(b.px) > 0)) return orderFailed('51000', 'Parameter px error', b);
    const ordId = String(nextOrderId++);
    const market = b.ordType === 'market';
    orders.set(ordId, {
      ...seed, accFillSz: market ? b.sz : '0', cTime: String(ctx.now), uTime: String(ctx.now), clOrdId: b.clOrdId ?? '', instId: b.instId,
      ordId, ordType: b.ordType, px: market ? '' : b.px, side: b.side, state: market ? 'filled' : 'live', sz: b.sz, tgtCcy: b.tgtCcy ?? '',
    });
    return ok([{ clOrdId: b.clOrdId ?? '', ordId, tag: '', ts: String(ctx.now), sCode: '0', sMsg: 'Order placed' }], {
      inTime: `${ctx.now}000`, outTime: `${ctx.now}000`,
    });
  }

  function cancel(ctx) {
    const b = parseBody(ctx);
    if (!b) return fail('50002', 'Json data format error', 400);
    if (!INSTRUMENTS[b.instId]) return orderFailed('51001', "Instrument ID doesn't exist.", b);
    const order = b.ordId ? orders.get(String(b.ordId)) : [...orders.values()].find((o) => o.clOrdId && o.clOrdId === b.clOrdId);
    if (!order || order.instId !== b.instId || (order.state !== 'live' && order.state !== 'partially_filled')) {
      return orderFailed('51400', 'Order cancellation failed as the order has been filled, canceled or does not exist.', b);
    }
    order.state = 'canceled';
    order.uTime = String(ctx.now);
    return ok([{ clOrdId: order.clOrdId, ordId: order.ordId, ts: String(ctx.now), sCode: '0', sMsg: '' }], {
      inTime: `${ctx.now}000`, outTime: `${ctx.now}000`,
    });
  }

  const signed = (handler) => (ctx) => authenticate(ctx) ?? handler(ctx);
  const routes = {
    'GET /api/v5/market/candles': candles,
    'GET /api/v5/market/history-candles': candles,
    'GET /api/v5/market/ticker': ticker,
    'GET /api/v5/public/instruments': instruments,
    'GET /api/v5/public/time': (ctx) => ok([{ ts: String(ctx.now) }]),
    'GET /api/v5/account/balance': signed(balance),
    'GET /api/v5/trade/orders-pending': signed(pending),
    'POST /api/v5/trade/order': signed(place),
    'POST /api/v5/trade/cancel-order': signed(cancel),
  };

  return {
    name: NAME,
    handle(ctx) {
      const route = routes[`${ctx.method} ${ctx.path}`];
      return route ? route(ctx) : json(404, { msg: `fake exchange: no OKX endpoint ${ctx.method} ${ctx.path}`, code: '404' });
    },
  };
}

export function okxFault(mode, { retryAfter }) {
  if (mode === '429') return json(429, { msg: 'Too Many Requests', code: '50011' }, { 'retry-after': String(retryAfter) });
  return null;
}
