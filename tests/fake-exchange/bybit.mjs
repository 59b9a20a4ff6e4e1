// Fake Bybit v5 (`/v5/...`), spot category: kline, tickers, instruments-info,
// wallet-balance, order/realtime, order/create and order/cancel. Responses are
// {"retCode":0,"retMsg":"OK","result":{...},"retExtInfo":{},"time":...}, errors too
// (HTTP 200 with a non-zero retCode).
//
// Signed calls: X-BAPI-API-KEY (10003 unknown), X-BAPI-TIMESTAMP within
// server - recvWindow <= ts < server + 1000 (10002, recvWindow from X-BAPI-RECV-WINDOW,
// default 5000), X-BAPI-SIGN = hex(HMAC-SHA256(secret, ts ‖ key ‖ recvWindow ‖ payload))
// where payload is the GET query string or the raw POST body (10004).

import { DAY, FIRST_MONDAY, HOUR, WEEK, window } from './candles.mjs';
import { decimalParam, hmac, json, plain, sameSecret } from './common.mjs';

export const NAME = 'bybit';

const INTERVALS = { 60: [HOUR, 0], 120: [2 * HOUR, 0], 240: [4 * HOUR, 0], 360: [6 * HOUR, 0], 720: [12 * HOUR, 0], D: [DAY, 0], W: [WEEK, FIRST_MONDAY] };
const BYBIT_INTERVALS = new Set(['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M']);

const SYMBOLS = {
  BTCUSDT: { base: 'BTC', quote: 'USDT', tick: '0.01', precision: '0.000001', min: '0.000048', candles: true },
  ETHUSDT: { base: 'ETH', quote: 'USDT', tick: '0.01', precision: '0.00001', min: '0.00062', candles: false },
};

export function createBybit({ keys, store }) {
  const account = keys.bybit;
  let nextOrderId = 1_900_000_000_000_000_000n;
  const orders = new Map();
  const envelope = (ctx, retCode, retMsg, result = {}) => json(200, { retCode, retMsg, result, retExtInfo: {}, time: ctx.now });
  const ok = (ctx, result) => envelope(ctx, 0, 'OK', result);
  const seed = {
    orderId: String(nextOrderId++), orderLinkId: 'fake-seed-order', blockTradeId: '', symbol: 'BTCUSDT', price: '150', qty: '0.5', side: 'Buy',
    isLeverage: '0', positionIdx: 0, orderStatus: 'New', cancelType: 'UNKNOWN', rejectReason: 'EC_NoError', avgPrice: '', leavesQty: '0.5',
    leavesValue: '75', cumExecQty: '0', cumExecValue: '0', cumExecFee: '0', timeInForce: 'GTC', orderType: 'Limit', stopOrderType: '',
    orderIv: '', triggerPrice: '0.00', takeProfit: '', stopLoss: '', tpTriggerBy: '', slTriggerBy: '', triggerDirection: 0, triggerBy: '',
    lastPriceOnCreated: '', reduceOnly: false, closeOnTrigger: false, smpType: 'None', smpGroup: 0, smpOrderId: '',
    createdTime: String(store.lastTime), updatedTime: String(store.lastTime),
  };
  orders.set(seed.orderId, seed);

  function authenticate(ctx) {
    const h = ctx.headers;
    const apiKey = h['x-bapi-api-key'] ?? '';
    if (!sameSecret(apiKey, account.apiKey)) return envelope(ctx, 10003, 'API key is invalid.');
    const timestamp = Number(h['x-bapi-timestamp']);
    const recvWindow = h['x-bapi-recv-window'] ? Number(h['x-bapi-recv-window']) : 5000;
    if (!Number.isInteger(timestamp) || !(ctx.now - recvWindow <= timestamp && timestamp < ctx.now + 1000)) {
      return envelope(
        ctx,
        10002,
        `invalid request, please check your server timestamp or recv_window param. req_timestamp[${h['x-bapi-timestamp']}],server_timestamp[${ctx.now}],recv_window[${recvWindow}]`,
      );
    }
    const payload = ctx.method === 'GET' ? ctx.rawQuery : ctx.body;
    const origin = `${h['x-bapi-timestamp']}${apiKey}${h['x-bapi-recv-window'] ?? ''}${payload}`;
    if (!sameSecret(hmac('sha256', account.secret, origin, 'hex'), (h['x-bapi-sign'] ?? '').toLowerCase())) {
      return envelope(ctx, 10004, `error sign! origin_string[${origin}]`);
    }
    return null;
  }

  const spotOnly = (ctx, category) => (category === 'spot' ? null : envelope(ctx, 10001, `Illegal category (fake exchange serves spot only, got ${category ?? 'none'})`));

  function kline(ctx) {
    const q = ctx.query;
    const bad = spotOnly(ctx, q.get('category') ?? 'linear');
    if (bad) return bad;
    const symbol = SYMBOLS[q.get('symbol')];
    if (!symbol) return envelope(ctx, 10001, 'Not supported symbols');
    const interval = q.get('interval');
    if (!BYBIT_INTERVALS.has(interval)) return envelope(ctx, 10001, 'Invalid period!');
    if (!INTERVALS[interval]) return envelope(ctx, 10001, `Invalid period! (fake exchange: ${interval} cannot be built from the hourly fixture)`);
    const limit = q.has('limit') ? Number(q.get('limit')) : 200;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return envelope(ctx, 10001, 'params error: limit must be in [1, 1000]');
    const [ms, origin] = INTERVALS[interval];
    const from = q.has('start') ? Number(q.get('start')) : -Infinity;
    const to = q.has('end') ? Number(q.get('end')) : Infinity;
    const rows = symbol.candles ? window(store.series(ms, origin), { from, to, limit }) : [];
    return ok(ctx, {
      symbol: q.get('symbol'),
      category: 'spot',
      list: rows.reverse().map((c) => [String(c.time), plain(c.open), plain(c.high), plain(c.low), plain(c.close), plain(c.volume), plain(c.volume * c.close)]),
    });
  }

  function tickers(ctx) {
    const bad = spotOnly(ctx, ctx.query.get('category'));
    if (bad) return bad;
    const name = ctx.query.get('symbol');
    if (name && !SYMBOLS[name]) return envelope(ctx, 10001, 'Not supported symbols');
    const list = (name ? [name] : Object.keys(SYMBOLS)).map((symbol) => {
      const s = SYMBOLS[symbol].candles ? store.last24h() : { open: 10, high: 10, low: 10, last: 10, volume: 0, quoteVolume: 0 };
      return {
        symbol, bid1Price: plain(s.last - 0.01), bid1Size: '2', ask1Price: plain(s.last + 0.01), ask1Size: '1', lastPrice: plain(s.last),
        prevPrice24h: plain(s.open), price24hPcnt: ((s.last - s.open) / s.open).toFixed(4), highPrice24h: plain(s.high),
        lowPrice24h: plain(s.low), turnover24h: plain(s.quoteVolume), volume24h: plain(s.volume), usdIndexPrice: plain(s.last),
      };
    });
    return ok(ctx, { category: 'spot', list });
  }

  function instruments(ctx) {
    const bad = spotOnly(ctx, ctx.query.get('category'));
    if (bad) return bad;
    return ok(ctx, {
      category: 'spot',
      list: Object.entries(SYMBOLS).map(([symbol, s]) => ({
        symbol, baseCoin: s.base, quoteCoin: s.quote, innovation: '0', status: 'Trading', marginTrading: 'none',
        lotSizeFilter: { basePrecision: s.precision, quotePrecision: '0.00000001', minOrderQty: s.min, maxOrderQty: '71.73956243', minOrderAmt: '1', maxOrderAmt: '2000000' },
        priceFilter: { tickSize: s.tick }, riskParameters: { limitParameter: '0.05', marketParameter: '0.05' },
      })),
    });
  }

  function wallet(ctx) {
    if (ctx.query.get('accountType') !== 'UNIFIED') return envelope(ctx, 10001, 'accountType only support UNIFIED.');
    return ok(ctx, {
      list: [{
        totalEquity: '20300', accountType: 'UNIFIED', coin: [
          { coin: 'BTC', walletBalance: '1.25', locked: '0', equity: '1.25', usdValue: '254', borrowAmount: '0', availableToWithdraw: '' },
          { coin: 'USDT', walletBalance: '20075', locked: '75', equity: '20075', usdValue: '20075', borrowAmount: '0', availableToWithdraw: '' },
        ],
      }],
    });
  }

  function realtime(ctx) {
    const bad = spotOnly(ctx, ctx.query.get('category'));
    if (bad) return bad;
    const symbol = ctx.query.get('symbol');
    const list = [...orders.values()].filter((o) => (o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled') && (!symbol || o.symbol === symbol));
    return ok(ctx, { category: 'spot', nextPageCursor: '', list });
  }

  function body(ctx) {
    try {
      const value = JSON.parse(ctx.body);
      return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch {
      return null;
    }
  }

  function create(ctx) {
    const b = body(ctx);
    if (!b) return envelope(ctx, 10001, 'params error: body is not a JSON object');
    const bad = spotOnly(ctx, b.category);
    if (bad) return bad;
    if (!SYMBOLS[b.symbol]) return envelope(ctx, 10001, 'Not supported symbols');
    if (b.side !== 'Buy' && b.side !== 'Sell') return envelope(ctx, 10001, 'params error: side invalid');
    if (b.orderType !== 'Limit' && b.orderType !== 'Market') return envelope(ctx, 10001, 'params error: orderType invalid');
    if (!(decimalParam(b.qty) > 0)) return envelope(ctx, 170136, 'Order quantity exceeded lower limit.');
    if (b.orderType === 'Limit' && !(decimalParam(b.price) > 0)) return envelope(ctx, 170132, 'Order price too low.');
    const market = b.orderType === 'Market';
    const orderId = String(nextOrderId++);
    orders.set(orderId, {
      ...seed, orderId, orderLinkId: b.orderLinkId ?? '', symbol: b.symbol, price: market ? '0' : b.price, qty: b.qty, side: b.side,
      orderType: b.orderType, orderStatus: market ? 'Filled' : 'New', leavesQty: market ? '0' : b.qty, cumExecQty: market ? b.qty : '0',
      createdTime: String(ctx.now), updatedTime: String(ctx.now),
    });
    return ok(ctx, { orderId, orderLinkId: b.orderLinkId ?? '' });
  }

  function cancel(ctx) {
    const b = body(ctx);
    if (!b) return envelope(ctx, 10001, 'params error: body is not a JSON object');
    const bad = spotOnly(ctx, b.category);
    if (bad) return bad;
    const order = b.orderId ? orders.get(String(b.orderId)) : [...orders.values()].find((o) => o.orderLinkId && o.orderLinkId === b.orderLinkId);
    if (!order || order.symbol !== b.symbol || order.orderStatus !== 'New') return envelope(ctx, 170213, 'Order does not exist.');
    order.orderStatus = 'Cancelled';
    order.updatedTime = String(ctx.now);
    return ok(ctx, { orderId: order.orderId, orderLinkId: order.orderLinkId });
  }

  const signed = (handler) => (ctx) => authenticate(ctx) ?? handler(ctx);
  const routes = {
    'GET /v5/market/kline': kline,
    'GET /v5/market/tickers': tickers,
    'GET /v5/market/instruments-info': instruments,
    'GET /v5/market/time': (ctx) => ok(ctx, { timeSecond: String(Math.floor(ctx.now / 1000)), timeNano: `${ctx.now}000000` }),
    'GET /v5/account/wallet-balance': signed(wallet),
    'GET /v5/order/realtime': signed(realtime),
    'POST /v5/order/create': signed(create),
    'POST /v5/order/cancel': signed(cancel),
  };

  return {
    name: NAME,
    handle(ctx) {
      const route = routes[`${ctx.method} ${ctx.path}`];
      return route ? route(ctx) : json(404, { retCode: 10017, retMsg: `fake exchange: route not found ${ctx.method} ${ctx.path}`, result: {}, retExtInfo: {}, time: ctx.now });
    },
  };
}

/** Bybit's per-UID limit answer carries the reset time in X-Bapi-Limit-Reset-Timestamp. */
export function bybitFault(mode, { retryAfter, now }) {
  if (mode === '429') {
    return json(429, { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: now }, {
      'retry-after': String(retryAfter),
      'x-bapi-limit-status': '0',
      'x-bapi-limit': '20',
      'x-bapi-limit-reset-timestamp': String(now + retryAfter * 1000),
    });
  }
  return null;
}
