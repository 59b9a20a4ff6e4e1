// Client-side signing for the fake exchange's own tests, written from the exchanges'
// documented rules with node:crypto (independently of the server's verifiers, which
// live in the per-exchange modules).

import { createHash, createHmac, createPrivateKey, randomBytes, sign } from 'node:crypto';

export const iso = (ms) => new Date(ms).toISOString();

/** Binance SIGNED query: params + recvWindow + timestamp + signature (HMAC hex or Ed25519 base64, percent-encoded). */
export function binanceQuery(params, { secret, privateKeyPem, timestamp, recvWindow = 5000 }) {
  const query = new URLSearchParams({ ...params, recvWindow: String(recvWindow), timestamp: String(timestamp) }).toString();
  const signature = privateKeyPem
    ? encodeURIComponent(sign(null, Buffer.from(query), createPrivateKey(privateKeyPem)).toString('base64'))
    : createHmac('sha256', secret).update(query).digest('hex');
  return `${query}&signature=${signature}`;
}

/** Kraken private call: headers and body. */
export function krakenRequest(path, params, { apiKey, secret, nonce }) {
  const body = new URLSearchParams({ nonce: String(nonce), ...params }).toString();
  const digest = createHash('sha256').update(`${nonce}${body}`).digest();
  const signature = createHmac('sha512', Buffer.from(secret, 'base64')).update(Buffer.concat([Buffer.from(path), digest])).digest('base64');
  return { body, headers: { 'API-Key': apiKey, 'API-Sign': signature, 'Content-Type': 'application/x-www-form-urlencoded' } };
}

export function okxHeaders(method, requestPath, body, { apiKey, secret, passphrase, timestamp }) {
  const ts = iso(timestamp);
  const signature = createHmac('sha256', secret).update(`${ts}${method}${requestPath}${body}`).digest('base64');
  return { 'OK-ACCESS-KEY': apiKey, 'OK-ACCESS-SIGN': signature, 'OK-ACCESS-TIMESTAMP': ts, 'OK-ACCESS-PASSPHRASE': passphrase, 'Content-Type': 'application/json' };
}

export function bybitHeaders(payload, { apiKey, secret, timestamp, recvWindow = 5000 }) {
  const signature = createHmac('sha256', secret).update(`${timestamp}${apiKey}${recvWindow}${payload}`).digest('hex');
  return { 'X-BAPI-API-KEY': apiKey, 'X-BAPI-TIMESTAMP': String(timestamp), 'X-BAPI-RECV-WINDOW': String(recvWindow), 'X-BAPI-SIGN': signature, 'Content-Type': 'application/json' };
}

export function coinbaseExchangeHeaders(method, requestPath, body, { apiKey, secret, passphrase, timestamp }) {
  const ts = (timestamp / 1000).toFixed(3);
  const signature = createHmac('sha256', Buffer.from(secret, 'base64')).update(`${ts}${method}${requestPath}${body}`).digest('base64');
  return { 'CB-ACCESS-KEY': apiKey, 'CB-ACCESS-SIGN': signature, 'CB-ACCESS-TIMESTAMP': ts, 'CB-ACCESS-PASSPHRASE': passphrase, 'Content-Type': 'application/json' };
}

/** A CDP JWT as Coinbase's SDK builds it; `claims` overrides for negative tests. */
export function coinbaseJwt(method, path, { keyName, privateKeyPem, now, claims = {}, kid = keyName }) {
  const es256 = privateKeyPem.includes('EC PRIVATE KEY');
  const header = { alg: es256 ? 'ES256' : 'EdDSA', kid, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
  const seconds = Math.floor(now / 1000);
  const payload = { sub: keyName, iss: 'cdp', nbf: seconds, exp: seconds + 120, uri: `${method} api.coinbase.com${path}`, ...claims };
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const key = createPrivateKey(privateKeyPem);
  const signature = es256 ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign(null, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}
