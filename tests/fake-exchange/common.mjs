// Helpers the fake exchanges share: response values, constant-time comparison, number
// formatting and the test keys.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const KEYS_FILE = join(here, 'keys', 'test-keys.json');

/** The stored TEST keys (keys/test-keys.json); never real credentials. */
export function loadKeys(path = KEYS_FILE) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A response value: handlers return these, the server writes them (or mangles them first). */
export function json(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function text(status, body, headers = {}) {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function html(status, body, headers = {}) {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

/** Equal strings, compared in time independent of where they differ. */
export function sameSecret(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hmac(algorithm, key, message, encoding) {
  return createHmac(algorithm, key).update(message).digest(encoding);
}

/** Binance pads decimals to 8 places ("126.49000000"). */
export const f8 = (x) => x.toFixed(8);
/** Shortest round-trip text, as OKX, Bybit and Coinbase print decimals ("126.49"). */
export const plain = (x) => String(Number(x.toFixed(10)));

/** Decimal text from a request, or NaN. Exponents and signs are refused like exchanges do. */
export function decimalParam(value) {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) return NaN;
  return Number(value);
}

export const randomId = (bytes = 8) => randomBytes(bytes).toString('hex');

/** Query parameters of a raw query string, without decoding surprises for repeated names. */
export function queryParams(rawQuery) {
  return new URLSearchParams(rawQuery);
}
