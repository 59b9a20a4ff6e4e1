#!/usr/bin/env node
// The fake exchange: one HTTP server on 127.0.0.1 serving Binance, Coinbase (Exchange
// and Advanced Trade), Kraken, OKX and Bybit under their own URL shapes, with candles
// from the in-repo real BTC/USD fixture, signature checks against the stored TEST keys
// (keys/test-keys.json), and misbehaviour on demand. Node built-ins only.
//
//   node tests/fake-exchange/server.mjs --port 0 --watch-stdin
//     prints {"port":12345,"url":"http://127.0.0.1:12345"} on one line, then serves;
//     with --watch-stdin it exits when its stdin closes, so a crashed test runner
//     (which holds the pipe) never leaks it.
//
//   import { startFakeExchange } from './server.mjs';
//   const fake = await startFakeExchange();   // { url, port, close(), control(fault) }
//
// Which exchange a request is for follows from its path:
//   /api/v3/brokerage/…  Coinbase Advanced Trade     /api/v3/…  Binance
//   /0/…                 Kraken                      /api/v5/…  OKX
//   /v5/…                Bybit                       /products, /accounts, /orders, /time  Coinbase Exchange
//
// Misbehaviour: POST /__control with a JSON fault, applied to the next `count`
// (default 1) requests, optionally only those for one `exchange`:
//   {"mode":"429","retryAfter":3}   rate limited, Retry-After in seconds (default 1)
//   {"mode":"418","retryAfter":120} IP banned (Binance's escalation after ignored 429s)
//   {"mode":"451"}                  geo-blocked
//   {"mode":"500"} / "502" / "503" / "504"   upstream failure (an HTML error page)
//   {"mode":"slow","ms":2000}       the real answer, late
//   {"mode":"truncated"}            the real answer cut in half (well-framed HTTP);
//                                   "abort":true instead drops the connection mid-body
//   {"mode":"malformed"}            the real answer with its JSON broken
//   {"mode":"reset"}                forget every queued fault
// GET /__control lists the queued faults and counts requests per exchange.

import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import { binanceFault, createBinance } from './binance.mjs';
import { bybitFault, createBybit } from './bybit.mjs';
import { CandleStore } from './candles.mjs';
import { coinbaseFault, createCoinbase } from './coinbase.mjs';
import { html, json, loadKeys } from './common.mjs';
import { createKraken, krakenFault } from './kraken.mjs';
import { createOkx, okxFault } from './okx.mjs';

export const HOST = '127.0.0.1';
const MAX_BODY = 1 << 20;
const MODES = new Set(['429', '418', '451', '500', '502', '503', '504', 'slow', 'truncated', 'malformed', 'reset']);
export const EXCHANGES = ['binance', 'coinbase', 'kraken', 'okx', 'bybit'];

/** The exchange a path belongs to, or null. */
export function exchangeOf(path) {
  if (path.startsWith('/api/v3/brokerage/')) return 'coinbase';
  if (path.startsWith('/api/v3/')) return 'binance';
  if (path.startsWith('/0/')) return 'kraken';
  if (path.startsWith('/api/v5/')) return 'okx';
  if (path.startsWith('/v5/')) return 'bybit';
  if (/^\/(products|accounts|orders|time)(\/|$)/.test(path)) return 'coinbase';
  return null;
}

const FAULT_BODIES = { binance: binanceFault, coinbase: coinbaseFault, kraken: krakenFault, okx: okxFault, bybit: bybitFault };

/** What an exchange (or the CDN in front of it) answers in fault `mode`. */
function faultResponse(mode, exchange, fault, ctx) {
  const options = { retryAfter: fault.retryAfter, now: ctx.now, path: ctx.path };
  const specific = FAULT_BODIES[exchange](mode, options);
  if (specific) return specific;
  if (mode === '429') return html(429, '<html><body><h1>429 Too Many Requests</h1></body></html>', { 'retry-after': String(fault.retryAfter) });
  if (mode === '418') return html(418, "<html><body><h1>418 I'm a teapot</h1><p>This IP is banned.</p></body></html>", { 'retry-after': String(fault.retryAfter) });
  if (mode === '451') {
    return html(451, '<html><body><h1>451 Unavailable For Legal Reasons</h1><p>Service unavailable from a restricted location.</p></body></html>');
  }
  const reason = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[mode];
  return html(Number(mode), `<html><head><title>${mode} ${reason}</title></head><body><center><h1>${mode} ${reason}</h1></center></body></html>`);
}

/** Validates a control request into a fault, or returns an error text. */
function parseFault(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object like {"mode":"429","retryAfter":3,"count":1}';
  const mode = String(value.mode ?? '');
  if (!MODES.has(mode)) return `unknown mode ${JSON.stringify(value.mode)}; expected one of ${[...MODES].join(', ')}`;
  const count = value.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 1000) return 'count must be an integer in 1..=1000';
  const retryAfter = value.retryAfter ?? (mode === '418' ? 120 : 1);
  if (!Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 86400) return 'retryAfter must be whole seconds in 0..=86400';
  const ms = value.ms ?? 1000;
  if (!Number.isInteger(ms) || ms < 0 || ms > 120_000) return 'ms must be an integer in 0..=120000';
  if (value.exchange !== undefined && !EXCHANGES.includes(value.exchange)) return `exchange must be one of ${EXCHANGES.join(', ')}`;
  return { mode, count, retryAfter, ms, abort: value.abort === true, exchange: value.exchange };
}

/** Breaks JSON the way a buggy proxy or encoder would: single quotes, not parseable. */
function breakJson(body) {
  const broken = body.replace(/"/g, "'");
  return broken === body ? `${body}}{` : broken;
}

/**
 * Starts the fake exchange. `clock` (ms) is what signatures and timestamps are checked
 * against; tests may pass their own.
 */
export async function startFakeExchange({ port = 0, host = HOST, keys = loadKeys(), clock = () => Date.now(), log = () => {} } = {}) {
  const store = new CandleStore();
  const exchanges = {
    binance: createBinance({ keys, store }),
    coinbase: createCoinbase({ keys, store }),
    kraken: createKraken({ keys, store }),
    okx: createOkx({ keys, store }),
    bybit: createBybit({ keys, store }),
  };
  const faults = [];
  const counts = Object.fromEntries(EXCHANGES.map((e) => [e, 0]));

  function takeFault(exchange) {
    const index = faults.findIndex((f) => !f.exchange || f.exchange === exchange);
    if (index < 0) return null;
    const fault = faults[index];
    fault.count -= 1;
    if (fault.count === 0) faults.splice(index, 1);
    return fault;
  }

  function control(value) {
    const fault = parseFault(value);
    if (typeof fault === 'string') return { status: 400, body: { error: fault } };
    if (fault.mode === 'reset') faults.length = 0;
    else faults.push(fault);
    return { status: 200, body: { ok: true, faults } };
  }

  async function respond(req, res, body) {
    const url = new URL(req.url, 'http://fake.invalid');
    const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    if (url.pathname === '/__control') {
      if (req.method === 'GET') return json(200, { faults, requests: counts });
      if (req.method !== 'POST') return json(405, { error: 'use POST' });
      let value;
      try {
        value = JSON.parse(body);
      } catch {
        return json(400, { error: 'body is not JSON' });
      }
      const { status, body: answer } = control(value);
      return json(status, answer);
    }
    const exchange = exchangeOf(url.pathname);
    if (!exchange) return json(404, { error: `fake exchange: no exchange serves ${url.pathname}` });
    counts[exchange] += 1;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]));
    const ctx = { method: req.method, path: url.pathname, rawQuery, query: url.searchParams, headers, body, now: clock() };
    const fault = takeFault(exchange);
    if (fault && !['slow', 'truncated', 'malformed'].includes(fault.mode)) return faultResponse(fault.mode, exchange, fault, ctx);
    if (fault?.mode === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      ctx.now = clock();
    }
    const answer = exchanges[exchange].handle(ctx);
    if (fault?.mode === 'malformed') answer.body = breakJson(answer.body);
    if (fault?.mode === 'truncated') {
      const cut = Math.max(1, Math.floor(answer.body.length / 2));
      if (fault.abort) answer.abortAfter = cut;
      else answer.body = answer.body.slice(0, cut);
    }
    return answer;
  }

  const server = createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', async () => {
      let answer;
      try {
        answer = await respond(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        log(`fake exchange: ${req.method} ${req.url}: ${err.stack}`);
        answer = json(500, { error: `fake exchange bug: ${err.message}` });
      }
      const bytes = Buffer.from(answer.body, 'utf8');
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(bytes.length) });
      if (answer.abortAfter !== undefined) {
        res.write(bytes.subarray(0, answer.abortAfter), () => res.destroy());
      } else {
        res.end(bytes);
      }
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    control: (value) => control(value),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function parseArgs(argv) {
  const args = { port: 0, host: HOST, watchStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') args.port = Number(argv[++i]);
    else if (arg === '--host') args.host = argv[++i];
    else if (arg === '--watch-stdin') args.watchStdin = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`unknown argument ${arg}; usage: server.mjs [--port N] [--host H] [--watch-stdin]`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..=65535');
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write('usage: node tests/fake-exchange/server.mjs [--port 0] [--host 127.0.0.1] [--watch-stdin]\n');
    return;
  }
  const fake = await startFakeExchange({ port: args.port, host: args.host, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify({ port: fake.port, url: fake.url })}\n`);
  const stop = () => fake.close().then(() => process.exit(0));
  if (args.watchStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
