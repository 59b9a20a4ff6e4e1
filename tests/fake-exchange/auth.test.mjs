// Signature verification of every fake exchange: requests signed with the stored test
// keys (by sign.mjs, from the documented rules) are accepted; a wrong secret, a stale
// timestamp or a replayed nonce is rejected with that exchange's own error.
//
//   node --test tests/fake-exchange/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { loadKeys } from './common.mjs';
import { startFakeExchange } from './server.mjs';
import { binanceQuery, bybitHeaders, coinbaseExchangeHeaders, coinbaseJwt, krakenRequest, okxHeaders } from './sign.mjs';

const keys = loadKeys();
let fake;
before(async () => {
  fake = await startFakeExchange();
});
after(() => fake.close());

async function call(method, path, { headers = {}, body } = {}) {
  const response = await fetch(`${fake.url}${path}`, { method, headers, body });
  const text = await response.text();
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return { status: response.status, body: value, headers: response.headers };
}

const wrongSecret = randomBytes(32).toString('hex');

describe('binance', () => {
  const hmacKey = keys.binance.hmac;
  const edKey = keys.binance.ed25519;
  const signed = (method, path, params, signer, apiKey) =>
    call(method, `${path}?${binanceQuery(params, { timestamp: Date.now(), ...signer })}`, { headers: { 'X-MBX-APIKEY': apiKey } });

  test('HMAC and Ed25519 signatures are accepted', async () => {
    for (const [signer, apiKey] of [[{ secret: hmacKey.secret }, hmacKey.apiKey], [{ privateKeyPem: edKey.privateKeyPem }, edKey.apiKey]]) {
      const account = await signed('GET', '/api/v3/account', { omitZeroBalances: 'true' }, signer, apiKey);
      assert.equal(account.status, 200, JSON.stringify(account.body));
      assert.ok(account.body.balances.every((b) => Number(b.free) + Number(b.locked) > 0));
      const open = await signed('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, signer, apiKey);
      assert.equal(open.status, 200);
      assert.ok(Array.isArray(open.body));
    }
  });

  test('HMAC signatures compare case-insensitively', async () => {
    const query = binanceQuery({}, { secret: hmacKey.secret, timestamp: Date.now() });
    const [payload, signature] = query.split('&signature=');
    const r = await call('GET', `/api/v3/account?${payload}&signature=${signature.toUpperCase()}`, { headers: { 'X-MBX-APIKEY': hmacKey.apiKey } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  test('a wrong secret is -1022, an unknown or missing key -2015 / -2014', async () => {
    const bad = await signed('GET', '/api/v3/account', {}, { secret: wrongSecret }, hmacKey.apiKey);
    assert.deepEqual([bad.status, bad.body.code], [400, -1022]);
    const otherEd = await signed('GET', '/api/v3/account', {}, { privateKeyPem: keys.coinbaseAdvanced.ed25519.privateKeyPem }, edKey.apiKey);
    assert.deepEqual([otherEd.status, otherEd.body.code], [400, -1022]);
    const unknown = await signed('GET', '/api/v3/account', {}, { secret: hmacKey.secret }, 'not-a-key');
    assert.deepEqual([unknown.status, unknown.body.code], [401, -2015]);
    const missing = await call('GET', `/api/v3/account?${binanceQuery({}, { secret: hmacKey.secret, timestamp: Date.now() })}`);
    assert.deepEqual([missing.status, missing.body.code], [401, -2014]);
  });

  test('stale and future timestamps are -1021', async () => {
    const headers = { 'X-MBX-APIKEY': hmacKey.apiKey };
    const stale = await call('GET', `/api/v3/account?${binanceQuery({}, { secret: hmacKey.secret, timestamp: Date.now() - 6000 })}`, { headers });
    assert.deepEqual([stale.status, stale.body.code], [400, -1021]);
    assert.match(stale.body.msg, /outside of the recvWindow/);
    const wider = await call('GET', `/api/v3/account?${binanceQuery({}, { secret: hmacKey.secret, timestamp: Date.now() - 6000, recvWindow: 10000 })}`, { headers });
    assert.equal(wider.status, 200, 'a wider recvWindow admits the same age');
    const ahead = await call('GET', `/api/v3/account?${binanceQuery({}, { secret: hmacKey.secret, timestamp: Date.now() + 5000 })}`, { headers });
    assert.deepEqual([ahead.status, ahead.body.code], [400, -1021]);
  });

  test('a tampered parameter breaks the signature', async () => {
    const query = binanceQuery({ symbol: 'BTCUSDT' }, { secret: hmacKey.secret, timestamp: Date.now() }).replace('BTCUSDT', 'ETHUSDT');
    const r = await call('GET', `/api/v3/openOrders?${query}`, { headers: { 'X-MBX-APIKEY': hmacKey.apiKey } });
    assert.equal(r.body.code, -1022);
  });

  test('place then cancel an order', async () => {
    const signer = { secret: hmacKey.secret };
    const placed = await signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '100', newClientOrderId: 'authtest1' }, signer, hmacKey.apiKey);
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    assert.equal(placed.body.status, 'NEW');
    const canceled = await signed('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: String(placed.body.orderId) }, signer, hmacKey.apiKey);
    assert.equal(canceled.body.status, 'CANCELED');
    assert.equal(canceled.body.origClientOrderId, 'authtest1');
    const again = await signed('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: String(placed.body.orderId) }, signer, hmacKey.apiKey);
    assert.deepEqual([again.status, again.body.code], [400, -2011]);
  });
});

describe('kraken', () => {
  const key = keys.kraken;
  let nonce = Date.now() * 1000;
  const post = (path, params, options = {}) => {
    const { body, headers } = krakenRequest(path, params, { ...key, nonce: ++nonce, ...options });
    return call('POST', path, { headers, body });
  };

  test('a valid signature is accepted', async () => {
    const r = await post('/0/private/BalanceEx', {});
    assert.deepEqual(r.body.error, []);
    assert.ok(r.body.result.XXBT);
  });

  test('a wrong secret, an unknown key, a reused or lower nonce are refused', async () => {
    assert.deepEqual((await post('/0/private/Balance', {}, { secret: randomBytes(64).toString('base64') })).body.error, ['EAPI:Invalid signature']);
    assert.deepEqual((await post('/0/private/Balance', {}, { apiKey: 'nobody' })).body.error, ['EAPI:Invalid key']);
    const fixed = ++nonce;
    const first = krakenRequest('/0/private/Balance', {}, { ...key, nonce: fixed });
    assert.deepEqual((await call('POST', '/0/private/Balance', first)).body.error, []);
    assert.deepEqual((await call('POST', '/0/private/Balance', first)).body.error, ['EAPI:Invalid nonce'], 'a replay is refused');
    const lower = krakenRequest('/0/private/Balance', {}, { ...key, nonce: fixed - 10 });
    assert.deepEqual((await call('POST', '/0/private/Balance', lower)).body.error, ['EAPI:Invalid nonce']);
  });

  test('the signature covers the path', async () => {
    const { body, headers } = krakenRequest('/0/private/Balance', {}, { ...key, nonce: ++nonce });
    assert.deepEqual((await call('POST', '/0/private/BalanceEx', { body, headers })).body.error, ['EAPI:Invalid signature']);
  });

  test('place then cancel an order', async () => {
    const placed = await post('/0/private/AddOrder', { ordertype: 'limit', pair: 'XBTUSD', price: '100', type: 'buy', volume: '0.01' });
    assert.deepEqual(placed.body.error, []);
    const [txid] = placed.body.result.txid;
    assert.match(txid, /^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    assert.ok((await post('/0/private/OpenOrders', {})).body.result.open[txid]);
    assert.deepEqual((await post('/0/private/CancelOrder', { txid })).body.result, { count: 1 });
    assert.deepEqual((await post('/0/private/CancelOrder', { txid })).body.error, ['EOrder:Unknown order']);
  });
});

describe('okx', () => {
  const key = keys.okx;
  const get = (requestPath, options = {}) => call('GET', requestPath, { headers: okxHeaders('GET', requestPath, '', { ...key, timestamp: Date.now(), ...options }) });

  test('a valid signature is accepted, with the query signed', async () => {
    const r = await get('/api/v5/account/balance?ccy=BTC');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.code, '0');
    assert.deepEqual(r.body.data[0].details.map((d) => d.ccy), ['BTC']);
  });

  test('wrong secret, passphrase, key and stale timestamps are 401 with OKX codes', async () => {
    const cases = [
      [{ secret: wrongSecret }, '50113'],
      [{ passphrase: 'wrong' }, '50105'],
      [{ apiKey: 'nobody' }, '50111'],
      [{ timestamp: Date.now() - 31_000 }, '50102'],
      [{ timestamp: Date.now() + 31_000 }, '50102'],
    ];
    for (const [options, code] of cases) {
      const r = await get('/api/v5/account/balance', options);
      assert.deepEqual([r.status, r.body.code], [401, code], JSON.stringify(options));
    }
    const headers = okxHeaders('GET', '/api/v5/account/balance', '', { ...key, timestamp: Date.now() });
    delete headers['OK-ACCESS-SIGN'];
    assert.equal((await call('GET', '/api/v5/account/balance', { headers })).body.code, '50106');
  });

  test('place then cancel an order; the body is signed', async () => {
    const body = JSON.stringify({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', sz: '0.01', px: '100', clOrdId: 'okxauth1' });
    const placed = await call('POST', '/api/v5/trade/order', { headers: okxHeaders('POST', '/api/v5/trade/order', body, { ...key, timestamp: Date.now() }), body });
    assert.equal(placed.body.code, '0', JSON.stringify(placed.body));
    const { ordId } = placed.body.data[0];
    const tampered = body.replace('0.01', '0.02');
    const refused = await call('POST', '/api/v5/trade/order', { headers: okxHeaders('POST', '/api/v5/trade/order', body, { ...key, timestamp: Date.now() }), body: tampered });
    assert.equal(refused.body.code, '50113');
    const cancelBody = JSON.stringify({ instId: 'BTC-USDT', ordId });
    const canceled = await call('POST', '/api/v5/trade/cancel-order', { headers: okxHeaders('POST', '/api/v5/trade/cancel-order', cancelBody, { ...key, timestamp: Date.now() }), body: cancelBody });
    assert.equal(canceled.body.data[0].sCode, '0');
  });
});

describe('bybit', () => {
  const key = keys.bybit;
  test('a valid signature is accepted; wrong secret 10004, unknown key 10003, stale 10002', async () => {
    const query = 'accountType=UNIFIED';
    const get = (options = {}) => call('GET', `/v5/account/wallet-balance?${query}`, { headers: bybitHeaders(query, { ...key, timestamp: Date.now(), ...options }) });
    const good = await get();
    assert.equal(good.body.retCode, 0, JSON.stringify(good.body));
    assert.equal((await get({ secret: wrongSecret })).body.retCode, 10004);
    assert.equal((await get({ apiKey: 'nobody' })).body.retCode, 10003);
    const stale = await get({ timestamp: Date.now() - 6000 });
    assert.equal(stale.body.retCode, 10002);
    assert.match(stale.body.retMsg, /recv_window\[5000\]/);
    assert.equal((await get({ timestamp: Date.now() - 6000, recvWindow: 10000 })).body.retCode, 0);
    assert.equal((await get({ timestamp: Date.now() + 2000 })).body.retCode, 10002, 'more than 1 s ahead');
  });

  test('place then cancel; the JSON body is signed', async () => {
    const body = JSON.stringify({ category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '100', orderLinkId: 'bybitauth1' });
    const placed = await call('POST', '/v5/order/create', { headers: bybitHeaders(body, { ...key, timestamp: Date.now() }), body });
    assert.equal(placed.body.retCode, 0, JSON.stringify(placed.body));
    const cancelBody = JSON.stringify({ category: 'spot', symbol: 'BTCUSDT', orderId: placed.body.result.orderId });
    const canceled = await call('POST', '/v5/order/cancel', { headers: bybitHeaders(cancelBody, { ...key, timestamp: Date.now() }), body: cancelBody });
    assert.equal(canceled.body.retCode, 0);
    const again = await call('POST', '/v5/order/cancel', { headers: bybitHeaders(cancelBody, { ...key, timestamp: Date.now() }), body: cancelBody });
    assert.equal(again.body.retCode, 170213);
  });
});

describe('coinbase exchange', () => {
  const key = keys.coinbaseExchange;
  const get = (requestPath, options = {}) =>
    call('GET', requestPath, { headers: coinbaseExchangeHeaders('GET', requestPath, '', { ...key, timestamp: Date.now(), ...options }) });

  test('a valid signature is accepted', async () => {
    const r = await get('/accounts');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.map((a) => a.currency), ['BTC', 'USD']);
  });

  test('wrong secret, passphrase, key and stale timestamps are 401 with Coinbase messages', async () => {
    const cases = [
      [{ secret: randomBytes(64).toString('base64') }, 'invalid signature'],
      [{ passphrase: 'wrong' }, 'invalid passphrase'],
      [{ apiKey: 'nobody' }, 'Invalid API Key'],
      [{ timestamp: Date.now() - 31_000 }, 'request timestamp expired'],
    ];
    for (const [options, message] of cases) {
      const r = await get('/accounts', options);
      assert.deepEqual([r.status, r.body.message], [401, message], JSON.stringify(options));
    }
  });

  test('place then cancel an order', async () => {
    const body = JSON.stringify({ product_id: 'BTC-USD', side: 'buy', type: 'limit', price: '100.00', size: '0.01' });
    const placed = await call('POST', '/orders', { headers: coinbaseExchangeHeaders('POST', '/orders', body, { ...key, timestamp: Date.now() }), body });
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    const path = `/orders/${placed.body.id}`;
    const canceled = await call('DELETE', path, { headers: coinbaseExchangeHeaders('DELETE', path, '', { ...key, timestamp: Date.now() }) });
    assert.deepEqual([canceled.status, canceled.body], [200, placed.body.id]);
  });
});

describe('coinbase advanced trade', () => {
  const path = '/api/v3/brokerage/accounts';
  const bearer = (jwt) => ({ Authorization: `Bearer ${jwt}` });
  for (const kind of ['es256', 'ed25519']) {
    const key = keys.coinbaseAdvanced[kind];
    const jwt = (options = {}) => coinbaseJwt('GET', path, { ...key, now: Date.now(), ...options });

    test(`${kind}: a valid JWT is accepted`, async () => {
      const r = await call('GET', path, { headers: bearer(jwt()) });
      assert.equal(r.status, 200, String(r.body));
      assert.deepEqual(r.body.accounts.map((a) => a.currency), ['BTC', 'USD']);
    });

    test(`${kind}: wrong key, uri, expiry, nbf and lifetime are 401`, async () => {
      const now = Math.floor(Date.now() / 1000);
      const fresh = kind === 'es256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
      const freshPem = fresh.privateKey.export({ type: kind === 'es256' ? 'sec1' : 'pkcs8', format: 'pem' });
      const wrongKey = coinbaseJwt('GET', path, { ...key, privateKeyPem: freshPem, now: Date.now() });
      const cases = {
        'signed by another key': wrongKey,
        'uri of another path': jwt({ claims: { uri: 'GET api.coinbase.com/api/v3/brokerage/orders' } }),
        'uri with the query string': coinbaseJwt('GET', `${path}?limit=1`, { ...key, now: Date.now() }),
        'expired': jwt({ claims: { nbf: now - 200, exp: now - 80 } }),
        'not yet valid': jwt({ claims: { nbf: now + 60, exp: now + 180 } }),
        'lifetime over 2 minutes': jwt({ claims: { exp: now + 600 } }),
        'wrong issuer': jwt({ claims: { iss: 'coinbase-cloud' } }),
        'unknown kid': jwt({ kid: 'organizations/x/apiKeys/y' }),
      };
      for (const [what, token] of Object.entries(cases)) {
        const r = await call('GET', path, { headers: bearer(token) });
        assert.equal(r.status, 401, what);
      }
      assert.equal((await call('GET', path)).status, 401, 'no Authorization header');
    });
  }

  test('place then cancel an order', async () => {
    const key = keys.coinbaseAdvanced.es256;
    const body = JSON.stringify({ client_order_id: 'cbauth1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '100', post_only: false } } });
    const placed = await call('POST', '/api/v3/brokerage/orders', { headers: { ...bearer(coinbaseJwt('POST', '/api/v3/brokerage/orders', { ...key, now: Date.now() })), 'Content-Type': 'application/json' }, body });
    assert.equal(placed.body.success, true, JSON.stringify(placed.body));
    const id = placed.body.success_response.order_id;
    const cancelBody = JSON.stringify({ order_ids: [id] });
    const cancelPath = '/api/v3/brokerage/orders/batch_cancel';
    const canceled = await call('POST', cancelPath, { headers: bearer(coinbaseJwt('POST', cancelPath, { ...key, now: Date.now() })), body: cancelBody });
    assert.deepEqual(canceled.body.results.map((r) => [r.order_id, r.success]), [[id, true]]);
  });
});
