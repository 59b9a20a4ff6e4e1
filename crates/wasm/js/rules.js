// The rule language, the backtester and the composite score (crates/wasm/src/rules.rs):
// rules are parsed and evaluated in wasm; this file turns candle shapes into columns,
// options into the flat arguments the bindings take, and results into plain objects.
import * as wasm from './sigil_ta.js';
import { SigilError, toColumns, callWasm as call, assertReady as assertModuleReady } from './api.js';

// The slim package is built without these bindings (crates/wasm feature `trading`).
function assertReady() {
  assertModuleReady();
  if (typeof wasm.RuleHandle !== 'function') {
    throw new SigilError('UNSUPPORTED', 'sigil-ta: this build (sigil-ta-slim) has no rule language, backtester or score; use the full sigil-ta package');
  }
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'];
export const show = (v) => (typeof v === 'string' ? `'${v}'` : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export function columnsOf(candles) {
  const cols = toColumns(candles);
  const rows = Math.max(...COLUMNS.map((c) => cols[c].length));
  return [rows, ...COLUMNS.map((c) => cols[c])];
}

function modeOf(options) {
  if (options == null) return 'talib';
  if (typeof options !== 'object') throw new SigilError('INVALID_PARAMETER', `sigil-ta: options must be an object such as { mode: 'tradingview' }, got ${show(options)}`);
  return options.mode ?? 'talib';
}

export function ruleText(text) {
  if (typeof text !== 'string') throw new SigilError('INVALID_RULE', `sigil-ta: a rule is a string such as 'rsi(close, 14) < 30', got ${show(text)}`);
  return text;
}

// One field of a bar; absent fields are NaN (a rule that reads them gives NaN/false).
function num(v, name) {
  if (typeof v === 'number') return v;
  if (v == null) return NaN;
  if (v instanceof Date && name === 'time') return v.getTime();
  throw new SigilError('BAD_INPUT', `sigil-ta: bar ${name} is ${show(v)}, not a number`);
}

function stepBar(bar, step) {
  if (typeof bar === 'number') return step(NaN, bar, bar, bar, bar, bar);
  if (Array.isArray(bar)) return step(num(bar[0], 'time'), num(bar[1], 'open'), num(bar[2], 'high'), num(bar[3], 'low'), num(bar[4], 'close'), num(bar[5], 'volume'));
  if (bar !== null && typeof bar === 'object') {
    return step(num(bar.time ?? bar.timestamp, 'time'), num(bar.open, 'open'), num(bar.high, 'high'), num(bar.low, 'low'), num(bar.close, 'close'), num(bar.volume, 'volume'));
  }
  throw new SigilError('BAD_INPUT', `sigil-ta: a bar is a number (a price), a [ms,o,h,l,c,v] row or a candle object, got ${show(bar)}`);
}

const FREED = new Proxy(
  {},
  {
    get: () => () => {
      throw new SigilError('FREED', 'sigil-ta: this Rule was freed');
    },
  },
);

/**
 * A rule of the condition language (`crossover(ema(close,12), ema(close,26)) and
 * rsi(close,14) < 70`), evaluated bar by bar: `update(bar)` for a closed bar, `peek(bar)`
 * for the forming one (no state change). A condition gives true/false (false while
 * warming up), a numeric rule a number (NaN while warming up).
 */
export class Rule {
  #inner;
  #condition;
  #update;
  #peek;

  constructor(text, options) {
    assertReady();
    const mode = modeOf(options);
    const source = ruleText(text);
    this.#inner = call(() => new wasm.RuleHandle(source, mode));
    this.#condition = this.#inner.is_condition();
    this.#update = this.#condition ? (t, o, h, l, c, v) => this.#inner.update(t, o, h, l, c, v) === 1 : (t, o, h, l, c, v) => this.#inner.update(t, o, h, l, c, v);
    this.#peek = this.#condition ? (t, o, h, l, c, v) => this.#inner.peek(t, o, h, l, c, v) === 1 : (t, o, h, l, c, v) => this.#inner.peek(t, o, h, l, c, v);
  }

  /** 'condition' (true/false) or 'number'. */
  get kind() {
    return this.#condition ? 'condition' : 'number';
  }

  /** Bars before every input of the rule is valid. */
  get lookback() {
    return this.#inner.lookback();
  }

  get source() {
    return this.#inner.source();
  }

  update(bar) {
    return stepBar(bar, this.#update);
  }

  peek(bar) {
    return stepBar(bar, this.#peek);
  }

  reset() {
    this.#inner.reset();
  }

  /** Frees the wasm memory now instead of at garbage collection; later calls throw FREED. */
  free() {
    if (this.#inner !== FREED) {
      this.#inner.free();
      this.#inner = FREED;
    }
  }
}

/**
 * Evaluates a rule over candles from a fresh state: a condition gives a Uint8Array of
 * 1/0 per bar, a numeric rule a Float64Array (NaN during the warm-up).
 */
export function evaluate(text, candles, options) {
  assertReady();
  const mode = modeOf(options);
  const source = ruleText(text);
  const columns = columnsOf(candles);
  const handle = call(() => new wasm.RuleHandle(source, mode));
  try {
    const values = call(() => handle.evaluate(...columns));
    return handle.is_condition() ? Uint8Array.from(values) : values;
  } finally {
    handle.free();
  }
}

// Optional numbers cross as NaN; percents may be given as 1 or '1%'.
export function optionalNumber(value, name) {
  if (value == null) return NaN;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim().replace(/\s*[%rR]$/, ''));
    if (Number.isFinite(n)) return n;
  }
  throw new SigilError('INVALID_PARAMETER', `sigil-ta: backtest ${name} is ${show(value)}; expected a number`);
}

function stopText(stop) {
  if (stop == null) return '';
  if (typeof stop === 'string') return stop;
  if (typeof stop === 'object') {
    if ('atr' in stop) return `atr:${stop.atr}:${stop.multiple ?? 3}`;
    if ('chandelier' in stop) return `chandelier:${stop.chandelier}:${stop.multiple ?? 3}`;
    if ('percent' in stop) return `pct:${stop.percent}`;
    if ('price' in stop) return `price:${stop.price}`;
  }
  throw new SigilError('INVALID_PARAMETER', `sigil-ta: backtest stop is ${show(stop)}; expected 'atr:14:3', 'pct:2', 'price:95', 'chandelier:22:3' or { atr: 14, multiple: 3 }`);
}

export function costText(cost, name) {
  if (cost == null) return '';
  if (typeof cost === 'number') return String(cost);
  if (typeof cost === 'string') return cost;
  if (typeof cost === 'object' && name === 'fee' && 'fixed' in cost) return `fixed:${cost.fixed}`;
  if (typeof cost === 'object' && name === 'slippage' && 'ticks' in cost) return `ticks:${cost.ticks}:${cost.tickSize}`;
  throw new SigilError('INVALID_PARAMETER', `sigil-ta: backtest ${name} is ${show(cost)}; expected a percent (0.1 or '0.1%')${name === 'fee' ? ' or { fixed: 1.5 }' : " or { ticks: 2, tickSize: 0.5 }"}`);
}

/**
 * Backtests entry/exit rules over candles (signals at a bar's close, fills at the next
 * open). Returns { metrics, trades, skippedEntries, equity, cash } with the metrics and
 * trades as `sigil backtest --json` gives them and the equity curve (one value per bar)
 * as Float64Arrays.
 */
export function backtest(config, candles) {
  assertReady();
  if (config === null || typeof config !== 'object') throw new SigilError('INVALID_PARAMETER', `sigil-ta: backtest takes a config such as { entry: 'crossover(ema(12), ema(26))', exit: 'crossunder(ema(12), ema(26))' }, got ${show(config)}`);
  const { entry, exit, mode = 'talib' } = config;
  const args = [ruleText(entry), ruleText(exit), mode, ...strategyArgs(config)];
  const columns = columnsOf(candles);
  const out = call(() => wasm.backtest_rules(...args, ...columns));
  return backtestResult(out);
}

// The backtester's settings as the flat arguments after `mode` (shared with walkForward).
export function strategyArgs(config) {
  const { side = 'long', risk, stop, takeProfit, fee, slippage, equity = 10000, maxExposure = 1, periodsPerYear } = config;
  return [
    side,
    optionalNumber(risk, 'risk'),
    stopText(stop),
    optionalNumber(takeProfit, 'takeProfit'),
    costText(fee, 'fee'),
    costText(slippage, 'slippage'),
    optionalNumber(equity, 'equity'),
    optionalNumber(maxExposure, 'maxExposure'),
    optionalNumber(periodsPerYear, 'periodsPerYear'),
  ];
}

// A wasm BacktestOutput as a BacktestResult (shared with the bots); frees it.
export function backtestResult(out) {
  try {
    const summary = JSON.parse(out.summary());
    return { metrics: summary.metrics, trades: summary.trades, skippedEntries: summary.skipped_entries, equity: out.take_equity(), cash: out.take_cash() };
  } finally {
    out.free();
  }
}

const WEIGHTS = ['trend', 'ema_cross', 'macd', 'rsi', 'bands'];

/**
 * The composite 0–100 score (50 neutral) per bar, and the last bar's components with
 * their readings: { scores: Float64Array, last: { time, score, components } | null }.
 * `weights` overrides the defaults ({ trend: 0.25, ema_cross: 0.2, macd: 0.2, rsi: 0.2, bands: 0.15 }).
 */
export function score(candles, weights) {
  assertReady();
  if (weights != null && typeof weights !== 'object') throw new SigilError('INVALID_PARAMETER', `sigil-ta: score weights are an object such as { trend: 0.5 }, got ${show(weights)}`);
  for (const key of Object.keys(weights ?? {})) {
    if (!WEIGHTS.includes(key)) throw new SigilError('INVALID_PARAMETER', `sigil-ta: score has no component '${key}'; components: ${WEIGHTS.join(', ')}`);
  }
  const w = WEIGHTS.map((k) => optionalNumber(weights?.[k], `weight ${k}`));
  const columns = columnsOf(candles);
  const out = call(() => wasm.score_series(...w, ...columns));
  try {
    return { scores: out.take_scores(), last: JSON.parse(out.last()) };
  } finally {
    out.free();
  }
}
