// Fake Binance Spot (`/api/v3/...`), after binance-spot-api-docs rest-api.md and
// errors.md: klines, 24h ticker, exchangeInfo, and the SIGNED account, openOrders and
// order (POST/DELETE) endpoints with HMAC-SHA256 and Ed25519 keys.
//
// SIGNED checks, in Binance's order: API key (-2014 missing, -2015 unknown, HTTP 401),
// timestamp/recvWindow (-1021: more than 1000 ms ahead of the server, or older than
// recvWindow, default 5000, max 60000), signature over "query without signature" +
// body (-1022, HTTP 400). HMAC signatures compare case-insensitively, Ed25519 ones are
// base64 (percent-encoded in the URL).

import { createPublicKey, verify } from 'node:crypto';

import { DAY, FIRST_MONDAY, HOUR, WEEK, window } from './candles.mjs';
import { decimalParam, f8, hmac, json, randomId, sameSecret } from './common.mjs';

export const NAME = 'binance';

const INTERVALS = {
  '1h': [HOUR, 0],
  '2h': [2 * HOUR, 0],
  '4h': [4 * HOUR, 0],
  '6h': [6 * HOUR, 0],
  '8h': [8 * HOUR, 0],
  '12h': [12 * HOUR, 0],
  '1d': [DAY, 0],
  '3d': [3 * DAY, 0],
  '1w': [WEEK, FIRST_MONDAY],
};
const SUB_HOUR = new Set(['1s', '1m', '3m', '5m', '15m', '30m']);
const DEFAULT_RECV_WINDOW = 5000;
const MAX_RECV_WINDOW = 60000;

/** The markets listed; only BTCUSDT has candles (the fixture is BTC/USD). */
const MARKETS = {
  BTCUSDT: { base: 'BTC', quote: 'USDT', tick: '0.01000000', step: '0.00001000', minQty: '0.00001000', candles: true },
  ETHUSDT: { base: 'ETH', quote: 'USDT', tick: '0.01000000', step: '0.00010000', minQty: '0.00010000', candles: false },
};

const error = (status, code, msg) => json(status, { code, msg });
const mandatory = (name) => error(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

export function createBinance({ keys, store }) {
  const accounts = [
    { apiKey: keys.binance.hmac.apiKey, kind: 'hmac', secret: keys.binance.hmac.secret },
    { apiKey: keys.binance.ed25519.apiKey, kind: 'ed25519', publicKey: createPublicKey(keys.binance.ed25519.publicKeyPem) },
  ];
  let nextOrderId = 5_000_000_001;
  /** Orders by id, shared by both keys (one fake account). */
  const orders = new Map();
  const seed = {
    symbol: 'BTCUSDT', orderId: 5_000_000_000, orderListId: -1, clientOrderId: 'fakeSeedOrder1', price: '150.00000000',
    origQty: '0.50000000', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', timeInForce: 'GTC',
    type: 'LIMIT', side: 'BUY', stopPrice: '0.00000000', icebergQty: '0.00000000', time: store.lastTime, updateTime: store.lastTime,
    isWorking: true, workingTime: store.lastTime, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  orders.set(seed.orderId, seed);

  /** Checks a SIGNED request; returns an error response, or null when it passes. */
  function authenticate(ctx) {
    const apiKey = ctx.headers['x-mbx-apikey'];
    if (!apiKey) return error(401, -2014, 'API-key format invalid.');
    const account = accounts.find((a) => sameSecret(a.apiKey, apiKey));
    if (!account) return error(401, -2015, 'Invalid API-key, IP, or permissions for action.');

    const form = ctx.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? ctx.body : '';
    const withoutSignature = (text) =>
      text.split('&').filter((pair) => pair !== '' && !pair.startsWith('signature=')).join('&');
    const signatureIn = (text) => text.split('&').find((pair) => pair.startsWith('signature='))?.slice('signature='.length);
    const signature = signatureIn(ctx.rawQuery) ?? signatureIn(form);
    const params = new URLSearchParams(`${ctx.rawQuery}&${form}`);

    const timestamp = Number(params.get('timestamp'));
    if (!params.get('timestamp') || !Number.isInteger(timestamp)) return mandatory('timestamp');
    if (!signature) return mandatory('signature');
    const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : DEFAULT_RECV_WINDOW;
    if (!(recvWindow > 0 && recvWindow <= MAX_RECV_WINDOW)) {
      return error(400, -1131, `recvWindow must be less than ${MAX_RECV_WINDOW}`);
    }
    if (timestamp >= ctx.now + 1000) return error(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (ctx.now - timestamp > recvWindow) return error(400, -1021, 'Timestamp for this request is outside of the recvWindow.');

    const payload = withoutSignature(ctx.rawQuery) + withoutSignature(form);
    let valid;
    if (account.kind === 'hmac') {
      valid = sameSecret(hmac('sha256', account.secret, payload, 'hex'), signature.toLowerCase());
    } else {
      let bytes;
      try {
        bytes = Buffer.from(decodeURIComponent(signature), 'base64');
      } catch {
        bytes = Buffer.alloc(0);
      }
      valid = bytes.length === 64 && verify(null, Buffer.from(payload), account.publicKey, bytes);
    }
    if (!valid) return error(400, -1022, 'Signature for this request is not valid.');
    ctx.params = params;
    return null;
  }

  function klines(ctx) {
    const q = ctx.query;
    const symbol = q.get('symbol');
    const interval = q.get('interval');
    if (!symbol) return mandatory('symbol');
    if (!interval) return mandatory('interval');
    const market = MARKETS[symbol];
    if (!market) return error(400, -1121, 'Invalid symbol.');
    if (SUB_HOUR.has(interval)) {
      return error(400, -1120, `Invalid interval. (fake exchange: ${interval} cannot be built from the hourly fixture)`);
    }
    if (!INTERVALS[interval]) return error(400, -1120, 'Invalid interval.');
    const limit = q.has('limit') ? Number(q.get('limit')) : 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
    }
    if (!market.candles) return json(200, []);
    const [ms, origin] = INTERVALS[interval];
    const from = q.has('startTime') ? Number(q.get('startTime')) : -Infinity;
    const to = q.has('endTime') ? Number(q.get('endTime')) : Infinity;
    const rows = window(store.series(ms, origin), { from, to, limit, oldestFirst: q.has('startTime') });
    return json(
      200,
      rows.map((c) => {
        const quoteVolume = c.volume * c.close;
        return [
          c.time, f8(c.open), f8(c.high), f8(c.low), f8(c.close), f8(c.volume), c.time + ms - 1, f8(quoteVolume),
          Math.max(1, Math.round(c.volume)), f8(c.volume / 2), f8(quoteVolume / 2), '0',
        ];
      }),
    );
  }

  function ticker(symbol) {
    const market = MARKETS[symbol];
    const s = market.candles
      ? store.last24h()
      : { open: 10, high: 10, low: 10, last: 10, volume: 0, quoteVolume: 0, openTime: store.lastTime - DAY + HOUR, closeTime: store.lastTime + HOUR - 1 };
    return {
      symbol, priceChange: f8(s.last - s.open), priceChangePercent: ((100 * (s.last - s.open)) / s.open).toFixed(3),
      weightedAvgPrice: f8(s.volume ? s.quoteVolume / s.volume : s.last), prevClosePrice: f8(s.open), lastPrice: f8(s.last),
      lastQty: '0.01000000', bidPrice: f8(s.last - 0.01), bidQty: '1.00000000', askPrice: f8(s.last + 0.01), askQty: '1.00000000',
      openPrice: f8(s.open), highPrice: f8(s.high), lowPrice: f8(s.low), volume: f8(s.volume), quoteVolume: f8(s.quoteVolume),
      openTime: s.openTime, closeTime: s.closeTime, firstId: 1, lastId: 100, count: 100,
    };
  }

  function exchangeInfo(ctx) {
    return json(200, {
      timezone: 'UTC',
      serverTime: ctx.now,
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
      ],
      exchangeFilters: [],
      symbols: Object.entries(MARKETS).map(([symbol, m]) => ({
        symbol, status: 'TRADING', baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote, quotePrecision: 8,
        quoteAssetPrecision: 8, orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: m.tick, maxPrice: '1000000.00000000', tickSize: m.tick },
          { filterType: 'LOT_SIZE', minQty: m.minQty, maxQty: '9000.00000000', stepSize: m.step },
        ],
        permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    });
  }

  function account(ctx) {
    const balances = [
      { asset: 'BTC', free: '1.25000000', locked: '0.00000000' },
      { asset: 'ETH', free: '0.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '20000.00000000', locked: '75.00000000' },
    ];
    const omitZero = ctx.params.get('omitZeroBalances') === 'true';
    return json(200, {
      makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true, canWithdraw: false, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
      updateTime: ctx.now, accountType: 'SPOT',
      balances: balances.filter((b) => !omitZero || Number(b.free) !== 0 || Number(b.locked) !== 0),
      permissions: ['SPOT'], uid: 1000001,
    });
  }

  function openOrders(ctx) {
    const symbol = ctx.params.get('symbol');
    if (symbol && !MARKETS[symbol]) return error(400, -1121, 'Invalid symbol.');
    const open = [...orders.values()].filter((o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (!symbol || o.symbol === symbol));
    return json(200, open);
  }

  function placeOrder(ctx) {
    const p = ctx.params;
    for (const name of ['symbol', 'side', 'type']) if (!p.get(name)) return mandatory(name);
    const symbol = p.get('symbol');
    if (!MARKETS[symbol]) return error(400, -1121, 'Invalid symbol.');
    const side = p.get('side');
    const type = p.get('type');
    if (side !== 'BUY' && side !== 'SELL') return error(400, -1100, "Illegal characters found in parameter 'side'; legal range is 'BUY, SELL'.");
    if (type !== 'LIMIT' && type !== 'MARKET') return error(400, -1116, 'Invalid orderType.');
    const quantity = decimalParam(p.get('quantity'));
    if (!(quantity > 0)) return mandatory('quantity');
    let price = 0;
    if (type === 'LIMIT') {
      if (!p.get('timeInForce')) return mandatory('timeInForce');
      price = decimalParam(p.get('price'));
      if (!(price > 0)) return mandatory('price');
    }
    const clientOrderId = p.get('newClientOrderId') || `fake${randomId(9)}`;
    if ([...orders.values()].some((o) => o.clientOrderId === clientOrderId && o.status === 'NEW')) {
      return error(400, -2010, 'Duplicate order sent.');
    }
    const market = type === 'MARKET';
    const fillPrice = market ? store.last24h().last : price;
    const order = {
      symbol, orderId: nextOrderId++, orderListId: -1, clientOrderId, transactTime: ctx.now, price: f8(price),
      origQty: f8(quantity), executedQty: f8(market ? quantity : 0), origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: f8(market ? quantity * fillPrice : 0), status: market ? 'FILLED' : 'NEW',
      timeInForce: market ? 'GTC' : p.get('timeInForce'), type, side, workingTime: ctx.now, selfTradePreventionMode: 'EXPIRE_MAKER',
    };
    orders.set(order.orderId, { ...order, time: ctx.now, updateTime: ctx.now, isWorking: true, stopPrice: '0.00000000', icebergQty: '0.00000000' });
    const fills = market ? [{ price: f8(fillPrice), qty: f8(quantity), commission: '0.00000000', commissionAsset: 'BNB', tradeId: order.orderId }] : [];
    return json(200, { ...order, fills });
  }

  function cancelOrder(ctx) {
    const p = ctx.params;
    const symbol = p.get('symbol');
    if (!symbol) return mandatory('symbol');
    if (!MARKETS[symbol]) return error(400, -1121, 'Invalid symbol.');
    if (!p.get('orderId') && !p.get('origClientOrderId')) return mandatory('orderId');
    const order = p.get('orderId')
      ? orders.get(Number(p.get('orderId')))
      : [...orders.values()].find((o) => o.clientOrderId === p.get('origClientOrderId'));
    if (!order || order.symbol !== symbol || (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED')) {
      return error(400, -2011, 'Unknown order sent.');
    }
    order.status = 'CANCELED';
    order.updateTime = ctx.now;
    return json(200, {
      symbol, origClientOrderId: order.clientOrderId, orderId: order.orderId, orderListId: -1,
      clientOrderId: p.get('newClientOrderId') || `cancel${randomId(8)}`, transactTime: ctx.now, price: order.price,
      origQty: order.origQty, executedQty: order.executedQty, origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: order.cummulativeQuoteQty, status: 'CANCELED', timeInForce: order.timeInForce, type: order.type,
      side: order.side, selfTradePreventionMode: 'EXPIRE_MAKER',
    });
  }

  const signed = (handler) => (ctx) => authenticate(ctx) ?? handler(ctx);
  const routes = {
    'GET /api/v3/klines': klines,
    'GET /api/v3/uiKlines': klines,
    'GET /api/v3/ticker/24hr': (ctx) => {
      const symbol = ctx.query.get('symbol');
      if (!symbol) return json(200, Object.keys(MARKETS).map(ticker));
      return MARKETS[symbol] ? json(200, ticker(symbol)) : error(400, -1121, 'Invalid symbol.');
    },
    'GET /api/v3/exchangeInfo': exchangeInfo,
    'GET /api/v3/time': (ctx) => json(200, { serverTime: ctx.now }),
    'GET /api/v3/ping': () => json(200, {}),
    'GET /api/v3/account': signed(account),
    'GET /api/v3/openOrders': signed(openOrders),
    'POST /api/v3/order': signed(placeOrder),
    'DELETE /api/v3/order': signed(cancelOrder),
  };

  return {
    name: NAME,
    handle(ctx) {
      const route = routes[`${ctx.method} ${ctx.path}`];
      const response = route ? route(ctx) : error(404, -1000, `fake exchange: no Binance endpoint ${ctx.method} ${ctx.path}`);
      response.headers['x-mbx-used-weight-1m'] = '1';
      return response;
    },
  };
}

/** Binance's bodies for the misbehaviour modes (rest-api.md "LIMITS", and the 451 text seen in the wild). */
export function binanceFault(mode, { retryAfter, now }) {
  if (mode === '429') {
    return json(429, { code: -1003, msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.' }, { 'retry-after': String(retryAfter), 'x-mbx-used-weight-1m': '6001' });
  }
  if (mode === '418') {
    const until = now + retryAfter * 1000;
    return json(418, { code: -1003, msg: `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use the websocket for live updates to avoid bans.` }, { 'retry-after': String(retryAfter) });
  }
  if (mode === '451') {
    return json(451, { code: 0, msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error." });
  }
  return null;
}
