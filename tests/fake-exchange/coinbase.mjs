// Fake Coinbase, both APIs Sigil may speak:
//
// Coinbase Exchange (api.exchange.coinbase.com shape: /products, /accounts, /orders):
// candles are rows [time_s, low, high, open, close, volume] of numbers, newest first,
// granularity ∈ {60,300,900,3600,21600,86400}, at most 300 per request. Private calls
// carry CB-ACCESS-KEY / -SIGN / -TIMESTAMP / -PASSPHRASE; SIGN = base64(HMAC-SHA256(
// base64decode(secret), timestamp ‖ METHOD ‖ path?query ‖ body)), timestamp in seconds
// (decimals allowed) within 30 s of the server. Failures are 401 {"message": ...}.
//
// Coinbase Advanced Trade (/api/v3/brokerage/...): candles {"candles":[{start, low,
// high, open, close, volume}]} (strings, newest first), start/end/granularity required,
// at most 350. Private calls carry `Authorization: Bearer <JWT>` signed ES256 (P-256,
// raw r‖s) or EdDSA with kid = key name; claims sub = key name, iss = "cdp",
// nbf <= now < exp, exp - nbf <= 120 s, uri = "<METHOD> api.coinbase.com<path>".
// Failures are 401 "Unauthorized".

import { createPublicKey, verify } from 'node:crypto';

import { DAY, HOUR, window } from './candles.mjs';
import { decimalParam, hmac, json, plain, randomId, sameSecret, text } from './common.mjs';

export const NAME = 'coinbase';
const EXPIRY_S = 30;
const JWT_MAX_LIFETIME_S = 120;
const CLOCK_SKEW_S = 5;
/**
 * The host every JWT's `uri` claim must name, although this server runs on 127.0.0.1:
 * the token authorizes a call to Coinbase, so clients name the production host even when
 * a test (or a proxy) redirects their base URL; the method and path in the claim are
 * still checked against the request received.
 */
const ADVANCED_HOST = 'api.coinbase.com';

const GRANULARITY = { 3600: HOUR, 21600: 6 * HOUR, 86400: DAY };
const EXCHANGE_GRANULARITIES = new Set([60, 300, 900, 3600, 21600, 86400]);
const ADVANCED_GRANULARITY = { ONE_HOUR: HOUR, TWO_HOUR: 2 * HOUR, FOUR_HOUR: 4 * HOUR, SIX_HOUR: 6 * HOUR, ONE_DAY: DAY };
const ADVANCED_SUB_HOUR = new Set(['ONE_MINUTE', 'FIVE_MINUTE', 'FIFTEEN_MINUTE', 'THIRTY_MINUTE']);

const PRODUCTS = {
  'BTC-USD': { base: 'BTC', quote: 'USD', quoteIncrement: '0.01', baseIncrement: '0.00000001', candles: true },
  'ETH-USD': { base: 'ETH', quote: 'USD', quoteIncrement: '0.01', baseIncrement: '0.00000001', candles: false },
};

const message = (status, text) => json(status, { message: text });
const advancedError = (status, error, details) => json(status, { error, code: status === 404 ? 5 : 3, message: details, error_details: details, details: [] });

/** ISO 8601 or Unix seconds, as Coinbase Exchange accepts for start/end; ms or NaN. */
function timeParam(value) {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

function base64urlJson(part) {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export function createCoinbase({ keys, store }) {
  const exchangeKey = keys.coinbaseExchange;
  const exchangeSecret = Buffer.from(exchangeKey.secret, 'base64');
  const cdpKeys = [keys.coinbaseAdvanced.es256, keys.coinbaseAdvanced.ed25519].map((k) => ({
    keyName: k.keyName,
    publicKey: createPublicKey(k.publicKeyPem),
    alg: k.privateKeyPem.includes('EC PRIVATE KEY') ? 'ES256' : 'EdDSA',
  }));
  const orders = new Map(); // Exchange orders by id
  const advancedOrders = new Map();
  const seedTime = new Date(store.lastTime).toISOString();
  const seedId = '7b1e3c4a-0000-4000-8000-000000000001';
  orders.set(seedId, {
    id: seedId, price: '150.00', size: '0.50000000', product_id: 'BTC-USD', profile_id: 'fake-profile', side: 'buy', type: 'limit',
    time_in_force: 'GTC', post_only: false, created_at: seedTime, fill_fees: '0.0000000000000000', filled_size: '0.00000000',
    executed_value: '0.0000000000000000', status: 'open', settled: false,
  });
  advancedOrders.set(seedId, {
    order_id: seedId, product_id: 'BTC-USD', user_id: 'fake-user', side: 'BUY', client_order_id: 'fake-seed-order', status: 'OPEN',
    time_in_force: 'GOOD_UNTIL_CANCELLED', created_time: seedTime, completion_percentage: '0', filled_size: '0', average_filled_price: '0',
    number_of_fills: '0', filled_value: '0', order_type: 'LIMIT', product_type: 'SPOT',
    order_configuration: { limit_limit_gtc: { base_size: '0.5', limit_price: '150', post_only: false } },
  });
  const uuid = () => {
    const h = randomId(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };

  // ---- Coinbase Exchange ----

  function authenticateExchange(ctx) {
    const h = ctx.headers;
    if (!h['cb-access-key'] || !h['cb-access-sign'] || !h['cb-access-timestamp'] || !h['cb-access-passphrase']) {
      return message(401, 'invalid signature');
    }
    if (!sameSecret(h['cb-access-key'], exchangeKey.apiKey)) return message(401, 'Invalid API Key');
    if (!sameSecret(h['cb-access-passphrase'], exchangeKey.passphrase)) return message(401, 'invalid passphrase');
    const seconds = Number(h['cb-access-timestamp']);
    if (!/^\d+(\.\d+)?$/.test(h['cb-access-timestamp']) || Math.abs(ctx.now / 1000 - seconds) > EXPIRY_S) {
      return message(401, 'request timestamp expired');
    }
    const requestPath = ctx.rawQuery ? `${ctx.path}?${ctx.rawQuery}` : ctx.path;
    const expected = hmac('sha256', exchangeSecret, `${h['cb-access-timestamp']}${ctx.method}${requestPath}${ctx.body}`, 'base64');
    if (!sameSecret(expected, h['cb-access-sign'])) return message(401, 'invalid signature');
    return null;
  }

  function exchangeCandles(ctx, id) {
    const product = PRODUCTS[id];
    if (!product) return message(404, 'NotFound');
    const q = ctx.query;
    const granularity = q.has('granularity') ? Number(q.get('granularity')) : 60;
    if (!EXCHANGE_GRANULARITIES.has(granularity)) return message(400, 'Unsupported granularity');
    if (!GRANULARITY[granularity]) return message(400, `Unsupported granularity (fake exchange: ${granularity} s cannot be built from the hourly fixture)`);
    const ms = GRANULARITY[granularity];
    // Only one of start/end given: both are ignored (the docs' rule).
    const bounded = q.has('start') && q.has('end');
    const from = bounded ? timeParam(q.get('start')) : -Infinity;
    const to = bounded ? timeParam(q.get('end')) : Infinity;
    if (bounded && (Number.isNaN(from) || Number.isNaN(to) || to < from)) return message(400, 'Invalid start/end');
    if (bounded && (to - from) / ms > 300) return message(400, 'granularity too small for the requested time range. Count of aggregations requested exceeds 300');
    const rows = product.candles ? window(store.series(ms), { from, to, limit: 300 }) : [];
    return json(200, rows.reverse().map((c) => [c.time / 1000, c.low, c.high, c.open, c.close, Number(c.volume.toFixed(8))]));
  }

  function exchangeTicker(ctx, id) {
    const product = PRODUCTS[id];
    if (!product) return message(404, 'NotFound');
    const s = product.candles ? store.last24h() : { last: 10, volume: 0 };
    return json(200, {
      ask: plain(s.last + 0.01), bid: plain(s.last - 0.01), volume: plain(s.volume), trade_id: 86326522, price: plain(s.last), size: '0.01',
      time: new Date(ctx.now).toISOString(), rfq_volume: '0', conversions_volume: '0',
    });
  }

  function exchangeProducts() {
    return json(200, Object.entries(PRODUCTS).map(([id, p]) => ({
      id, base_currency: p.base, quote_currency: p.quote, quote_increment: p.quoteIncrement, base_increment: p.baseIncrement,
      display_name: `${p.base}-${p.quote}`, min_market_funds: '1', margin_enabled: false, post_only: false, limit_only: false,
      cancel_only: false, status: 'online', status_message: '', trading_disabled: false, fx_stablecoin: false,
      max_slippage_percentage: '0.02000000', auction_mode: false, high_bid_limit_percentage: '',
    })));
  }

  function exchangeAccounts() {
    return json(200, [
      { id: '71452118-efc7-4cc4-8780-a5e22d4baa53', currency: 'BTC', balance: '1.2500000000000000', hold: '0.0000000000000000', available: '1.25', profile_id: 'fake-profile', trading_enabled: true },
      { id: 'e316cb9a-0808-4fd7-8914-97829c1925de', currency: 'USD', balance: '20075.0000000000000000', hold: '75.0000000000000000', available: '20000', profile_id: 'fake-profile', trading_enabled: true },
    ]);
  }

  function exchangePlace(ctx) {
    let b;
    try {
      b = JSON.parse(ctx.body);
    } catch {
      return message(400, 'Invalid JSON');
    }
    if (!b || !PRODUCTS[b.product_id]) return message(400, 'Invalid product_id');
    if (b.side !== 'buy' && b.side !== 'sell') return message(400, 'Invalid side');
    const type = b.type ?? 'limit';
    if (type !== 'limit' && type !== 'market') return message(400, 'Invalid order type');
    if (!(decimalParam(b.size) > 0)) return message(400, 'size is too small');
    if (type === 'limit' && !(decimalParam(b.price) > 0)) return message(400, 'Invalid price');
    const id = uuid();
    const order = {
      id, price: type === 'limit' ? b.price : undefined, size: b.size, product_id: b.product_id, profile_id: 'fake-profile', side: b.side,
      type, time_in_force: 'GTC', post_only: false, created_at: new Date(ctx.now).toISOString(), fill_fees: '0', filled_size: '0',
      executed_value: '0', status: type === 'market' ? 'done' : 'pending', settled: false, client_oid: b.client_oid,
    };
    orders.set(id, { ...order, status: type === 'market' ? 'done' : 'open' });
    return json(200, order);
  }

  function exchangeOpenOrders(ctx) {
    const product = ctx.query.get('product_id');
    return json(200, [...orders.values()].filter((o) => o.status === 'open' && (!product || o.product_id === product)));
  }

  function exchangeCancel(ctx, id) {
    const order = orders.get(id) ?? (id.startsWith('client:') ? [...orders.values()].find((o) => o.client_oid === id.slice(7)) : undefined);
    if (!order || order.status !== 'open') return message(404, 'order not found');
    order.status = 'done';
    order.done_reason = 'canceled';
    return json(200, order.id);
  }

  // ---- Coinbase Advanced Trade ----

  function authenticateAdvanced(ctx) {
    const unauthorized = text(401, 'Unauthorized\n');
    const auth = ctx.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(auth);
    if (!match) return unauthorized;
    const [, headerPart, claimsPart, signaturePart] = match;
    const header = base64urlJson(headerPart);
    const claims = base64urlJson(claimsPart);
    if (!header || !claims) return unauthorized;
    const key = cdpKeys.find((k) => k.keyName === header.kid);
    if (!key || header.alg !== key.alg || claims.sub !== key.keyName || claims.iss !== 'cdp') return unauthorized;
    const signed = Buffer.from(`${headerPart}.${claimsPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    const valid =
      key.alg === 'ES256'
        ? signature.length === 64 && verify('sha256', signed, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
        : signature.length === 64 && verify(null, signed, key.publicKey, signature);
    if (!valid) return unauthorized;
    const now = ctx.now / 1000;
    const { nbf, exp } = claims;
    if (!Number.isFinite(nbf) || !Number.isFinite(exp) || nbf > now + CLOCK_SKEW_S || exp <= now || exp - nbf > JWT_MAX_LIFETIME_S) {
      return unauthorized;
    }
    if (claims.uri !== `${ctx.method} ${ADVANCED_HOST}${ctx.path}`) return unauthorized;
    return null;
  }

  function advancedCandles(ctx, id) {
    const product = PRODUCTS[id];
    if (!product) return advancedError(404, 'NOT_FOUND', 'ProductID is invalid');
    const q = ctx.query;
    const granularity = q.get('granularity');
    if (!q.get('start') || !q.get('end')) return advancedError(400, 'INVALID_ARGUMENT', 'start and end are required');
    if (ADVANCED_SUB_HOUR.has(granularity)) {
      return advancedError(400, 'INVALID_ARGUMENT', `fake exchange: ${granularity} cannot be built from the hourly fixture`);
    }
    const ms = ADVANCED_GRANULARITY[granularity];
    if (!ms) return advancedError(400, 'INVALID_ARGUMENT', `invalid granularity ${granularity}`);
    const from = Number(q.get('start')) * 1000;
    const to = Number(q.get('end')) * 1000;
    const limit = q.has('limit') ? Number(q.get('limit')) : 350;
    if (!Number.isInteger(limit) || limit < 1 || limit > 350) return advancedError(400, 'INVALID_ARGUMENT', 'limit must be between 1 and 350');
    if (!(to >= from)) return advancedError(400, 'INVALID_ARGUMENT', 'end must be after start');
    if ((to - from) / ms > 350) return advancedError(400, 'INVALID_ARGUMENT', 'number of candles requested should be less than 350');
    const rows = product.candles ? window(store.series(ms), { from, to, limit }) : [];
    return json(200, {
      candles: rows.reverse().map((c) => ({
        start: String(c.time / 1000), low: plain(c.low), high: plain(c.high), open: plain(c.open), close: plain(c.close), volume: plain(c.volume),
      })),
    });
  }

  function advancedProduct(id) {
    const p = PRODUCTS[id];
    const s = p.candles ? store.last24h() : { last: 10, open: 10, volume: 0 };
    return {
      product_id: id, price: plain(s.last), price_percentage_change_24h: (((s.last - s.open) / s.open) * 100).toFixed(8), volume_24h: plain(s.volume),
      volume_percentage_change_24h: '0', base_increment: p.baseIncrement, quote_increment: p.quoteIncrement, quote_min_size: '1',
      quote_max_size: '150000000', base_min_size: '0.00000001', base_max_size: '3400', base_name: p.base, quote_name: p.quote,
      watched: false, is_disabled: false, new: false, status: 'online', cancel_only: false, limit_only: false, post_only: false,
      trading_disabled: false, auction_mode: false, product_type: 'SPOT', quote_currency_id: p.quote, base_currency_id: p.base,
      base_display_symbol: p.base, quote_display_symbol: p.quote, price_increment: p.quoteIncrement, display_name: `${p.base}-${p.quote}`,
      product_venue: 'CBE', approximate_quote_24h_volume: plain(s.volume * s.last),
    };
  }

  function advancedTicker(ctx, id) {
    if (!PRODUCTS[id]) return advancedError(404, 'NOT_FOUND', 'ProductID is invalid');
    const s = PRODUCTS[id].candles ? store.last24h() : { last: 10 };
    return json(200, {
      trades: [{ trade_id: '1', product_id: id, price: plain(s.last), size: '0.01', time: new Date(ctx.now).toISOString(), side: 'BUY', exchange: 'CBE' }],
      best_bid: plain(s.last - 0.01), best_ask: plain(s.last + 0.01),
    });
  }

  function advancedAccounts() {
    const account = (currency, available, hold) => ({
      uuid: uuid(), name: `${currency} Wallet`, currency, available_balance: { value: available, currency }, default: true, active: true,
      created_at: seedTime, updated_at: seedTime, deleted_at: null, type: currency === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
      ready: true, hold: { value: hold, currency }, retail_portfolio_id: 'fake-portfolio', platform: 'ACCOUNT_PLATFORM_CONSUMER',
    });
    return json(200, { accounts: [account('BTC', '1.25', '0'), account('USD', '20000', '75')], has_next: false, cursor: '', size: 2 });
  }

  function advancedOpenOrders(ctx) {
    const statuses = ctx.query.getAll('order_status');
    const product = ctx.query.getAll('product_ids');
    const list = [...advancedOrders.values()].filter(
      (o) => (!statuses.length || statuses.includes(o.status)) && (!product.length || product.includes(o.product_id)),
    );
    return json(200, { orders: list, sequence: '0', has_next: false, cursor: '' });
  }

  function advancedPlace(ctx) {
    let b;
    try {
      b = JSON.parse(ctx.body);
    } catch {
      return advancedError(400, 'INVALID_ARGUMENT', 'invalid JSON');
    }
    const failure = (error, message) => json(200, { success: false, failure_reason: 'UNKNOWN_FAILURE_REASON', order_id: '', error_response: { error, message, error_details: message }, order_configuration: b?.order_configuration ?? {} });
    if (!b || !PRODUCTS[b.product_id]) return failure('INVALID_PRODUCT_ID', 'Invalid product_id');
    if (b.side !== 'BUY' && b.side !== 'SELL') return failure('INVALID_SIDE', 'Invalid side');
    if (!b.client_order_id) return advancedError(400, 'INVALID_ARGUMENT', 'client_order_id is required');
    const config = b.order_configuration ?? {};
    const limit = config.limit_limit_gtc;
    const market = config.market_market_ioc;
    if (!limit && !market) return failure('UNSUPPORTED_ORDER_CONFIGURATION', 'fake exchange supports limit_limit_gtc and market_market_ioc');
    const size = decimalParam((limit ?? market).base_size);
    if (!(size > 0)) return failure('INVALID_SIZE_PRECISION', 'Invalid base_size');
    if (limit && !(decimalParam(limit.limit_price) > 0)) return failure('INVALID_LIMIT_PRICE', 'Invalid limit_price');
    const id = uuid();
    advancedOrders.set(id, {
      order_id: id, product_id: b.product_id, user_id: 'fake-user', side: b.side, client_order_id: b.client_order_id,
      status: market ? 'FILLED' : 'OPEN', time_in_force: market ? 'IMMEDIATE_OR_CANCEL' : 'GOOD_UNTIL_CANCELLED',
      created_time: new Date(ctx.now).toISOString(), completion_percentage: market ? '100' : '0', filled_size: market ? (market.base_size) : '0',
      average_filled_price: '0', number_of_fills: '0', filled_value: '0', order_type: market ? 'MARKET' : 'LIMIT', product_type: 'SPOT',
      order_configuration: config,
    });
    return json(200, {
      success: true, success_response: { order_id: id, product_id: b.product_id, side: b.side, client_order_id: b.client_order_id },
      order_configuration: config,
    });
  }

  function advancedCancel(ctx) {
    let b;
    try {
      b = JSON.parse(ctx.body);
    } catch {
      return advancedError(400, 'INVALID_ARGUMENT', 'invalid JSON');
    }
    if (!b || !Array.isArray(b.order_ids)) return advancedError(400, 'INVALID_ARGUMENT', 'order_ids is required');
    const results = b.order_ids.map((id) => {
      const order = advancedOrders.get(id);
      if (!order || order.status !== 'OPEN') return { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: id };
      order.status = 'CANCELLED';
      return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: id };
    });
    return json(200, { results });
  }

  const exchangeSigned = (handler) => (ctx, ...args) => authenticateExchange(ctx) ?? handler(ctx, ...args);
  const advancedSigned = (handler) => (ctx, ...args) => authenticateAdvanced(ctx) ?? handler(ctx, ...args);

  /** [method, path pattern, handler]; `([^/]+)` groups become handler arguments. */
  const routes = [
    ['GET', /^\/products$/, exchangeProducts],
    ['GET', /^\/products\/([^/]+)\/candles$/, exchangeCandles],
    ['GET', /^\/products\/([^/]+)\/ticker$/, exchangeTicker],
    ['GET', /^\/time$/, (ctx) => json(200, { iso: new Date(ctx.now).toISOString(), epoch: ctx.now / 1000 })],
    ['GET', /^\/accounts$/, exchangeSigned(exchangeAccounts)],
    ['GET', /^\/orders$/, exchangeSigned(exchangeOpenOrders)],
    ['POST', /^\/orders$/, exchangeSigned(exchangePlace)],
    ['DELETE', /^\/orders\/([^/]+)$/, exchangeSigned(exchangeCancel)],
    ['GET', /^\/api\/v3\/brokerage\/market\/products$/, () => json(200, { products: Object.keys(PRODUCTS).map(advancedProduct), num_products: 2 })],
    ['GET', /^\/api\/v3\/brokerage\/market\/products\/([^/]+)\/candles$/, advancedCandles],
    ['GET', /^\/api\/v3\/brokerage\/market\/products\/([^/]+)\/ticker$/, advancedTicker],
    ['GET', /^\/api\/v3\/brokerage\/products$/, advancedSigned(() => json(200, { products: Object.keys(PRODUCTS).map(advancedProduct), num_products: 2 }))],
    ['GET', /^\/api\/v3\/brokerage\/products\/([^/]+)\/candles$/, advancedSigned(advancedCandles)],
    ['GET', /^\/api\/v3\/brokerage\/products\/([^/]+)\/ticker$/, advancedSigned(advancedTicker)],
    ['GET', /^\/api\/v3\/brokerage\/accounts$/, advancedSigned(advancedAccounts)],
    ['GET', /^\/api\/v3\/brokerage\/orders\/historical\/batch$/, advancedSigned(advancedOpenOrders)],
    ['POST', /^\/api\/v3\/brokerage\/orders$/, advancedSigned(advancedPlace)],
    ['POST', /^\/api\/v3\/brokerage\/orders\/batch_cancel$/, advancedSigned(advancedCancel)],
  ];

  return {
    name: NAME,
    handle(ctx) {
      for (const [method, pattern, handler] of routes) {
        const match = method === ctx.method && pattern.exec(ctx.path);
        if (match) return handler(ctx, ...match.slice(1).map(decodeURIComponent));
      }
      return ctx.path.startsWith('/api/v3/brokerage/') ? advancedError(404, 'NOT_FOUND', 'Not Found') : message(404, 'NotFound');
    },
  };
}

export function coinbaseFault(mode, { retryAfter, path }) {
  if (mode !== '429') return null;
  const headers = { 'retry-after': String(retryAfter) };
  if (path.startsWith('/api/v3/brokerage/')) {
    return json(429, { error: 'RESOURCE_EXHAUSTED', code: 8, message: 'Too many requests', error_details: 'Too many requests', details: [] }, headers);
  }
  const isPrivate = path.startsWith('/accounts') || path.startsWith('/orders');
  return json(429, { message: isPrivate ? 'Private rate limit exceeded' : 'Public rate limit exceeded' }, headers);
}
