// The JS face of sigil-ta, shared by every entry point. It converts the candle shapes
// JS users have into typed columns, so each call crosses into wasm with one copy per
// column and comes back with one buffer.
import * as wasm from './sigil_ta.js';

let ready = false;

/** Called by the entry points once the wasm module is instantiated. */
export function markReady() {
  ready = true;
}

function assertReady() {
  if (!ready) {
    throw new Error('sigil-ta is not initialized: call `await init()` first (the Node entry initializes itself)');
  }
}

const EMPTY = new Float64Array(0);
const COLUMNS = ['open', 'high', 'low', 'close', 'volume'];

function toFloat64(values, name) {
  if (values instanceof Float64Array) return values;
  if (values == null) return EMPTY;
  if (typeof values.length !== 'number') throw new TypeError(`sigil-ta: column '${name}' is not an array`);
  return Float64Array.from(values, Number);
}

/**
 * Candles in any of the accepted shapes → { time, open, high, low, close, volume } of
 * Float64Array (absent columns empty).
 */
export function toColumns(candles) {
  if (candles == null) throw new TypeError('sigil-ta: candles are required');
  // A plain series of numbers is taken as closes.
  if (ArrayBuffer.isView(candles) || (Array.isArray(candles) && (candles.length === 0 || typeof candles[0] === 'number'))) {
    return { time: EMPTY, open: EMPTY, high: EMPTY, low: EMPTY, close: toFloat64(candles, 'close'), volume: EMPTY };
  }
  if (Array.isArray(candles)) {
    const n = candles.length;
    const cols = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    const rows = Array.isArray(candles[0]);
    for (let i = 0; i < n; i++) {
      const c = candles[i];
      if (rows) {
        // ccxt: [timestamp, open, high, low, close, volume]
        cols.time[i] = c[0]; cols.open[i] = c[1]; cols.high[i] = c[2]; cols.low[i] = c[3]; cols.close[i] = c[4]; cols.volume[i] = c[5] ?? NaN;
      } else if (c !== null && typeof c === 'object') {
        cols.time[i] = c.time ?? c.timestamp ?? NaN; cols.open[i] = c.open; cols.high[i] = c.high; cols.low[i] = c.low; cols.close[i] = c.close; cols.volume[i] = c.volume ?? NaN;
      } else {
        throw new TypeError(`sigil-ta: candle ${i} is neither a [ms,o,h,l,c,v] row nor an object`);
      }
    }
    return cols;
  }
  if (typeof candles === 'object') {
    const cols = { time: toFloat64(candles.time ?? candles.timestamp, 'time') };
    for (const name of COLUMNS) cols[name] = toFloat64(candles[name], name);
    return cols;
  }
  throw new TypeError('sigil-ta: candles must be ccxt rows, candle objects, columns or an array of closes');
}

// Input columns per spec string, so only those are copied into wasm memory. Bounded:
// apps build specs from a handful of settings, but a bad caller must not grow it forever.
const maskCache = new Map();
function inputMask(spec) {
  let mask = maskCache.get(spec);
  if (mask === undefined) {
    mask = wasm.input_mask(spec);
    if (maskCache.size >= 256) maskCache.clear();
    maskCache.set(spec, mask);
  }
  return mask;
}

function modeOf(options) {
  return options?.mode === undefined ? 'talib' : String(options.mode);
}

/**
 * Computes one spec or a comma-separated list over candles.
 * Returns an object of Float64Array keyed by output column name, in TA-Lib's output order.
 * `options.mode`: 'talib' (default) or 'tradingview'.
 */
export function compute(spec, candles, options) {
  assertReady();
  const text = String(spec);
  const mask = inputMask(text);
  const cols = toColumns(candles);
  const rows = Math.max(cols.time.length, cols.open.length, cols.high.length, cols.low.length, cols.close.length, cols.volume.length);
  const pick = (bit, column) => (mask & bit ? column : EMPTY);
  const result = wasm.compute_columns(text, modeOf(options), rows, pick(32, cols.time), pick(1, cols.open), pick(2, cols.high), pick(4, cols.low), pick(8, cols.close), pick(16, cols.volume));
  try {
    const out = {};
    result.names().forEach((name, i) => {
      out[name] = result.take_column(i);
    });
    return out;
  } finally {
    result.free();
  }
}

/** Output column names a spec list would produce. */
export function columnNames(spec) {
  assertReady();
  return wasm.column_names_of(String(spec));
}

/** The canonical form of a spec, every parameter written out (`rsi` → `rsi:14`). */
export function canonicalSpec(spec, options) {
  assertReady();
  return wasm.canonical_spec(String(spec), modeOf(options));
}

let registry;
/** Registry metadata: name, title, group, inputs, params, outputs, overlay, lookback. */
export function indicators() {
  assertReady();
  registry ??= Object.freeze(JSON.parse(wasm.indicators_json()));
  return registry;
}

// Streaming is called once per bar, so the bar is unpacked into plain arguments here
// without building an intermediate array.
function feed(step, bar) {
  if (typeof bar === 'number') return step(NaN, bar, bar, bar, bar, NaN);
  if (Array.isArray(bar)) return step(bar[0], bar[1], bar[2], bar[3], bar[4], bar[5] ?? NaN);
  if (bar !== null && typeof bar === 'object') {
    return step(bar.time ?? bar.timestamp ?? NaN, bar.open, bar.high, bar.low, bar.close, bar.volume ?? NaN);
  }
  throw new TypeError('sigil-ta: a bar is a number (a price), a [ms,o,h,l,c,v] row or a candle object');
}

/**
 * A streaming indicator: `update(bar)` consumes a closed bar in O(1), `peek(bar)`
 * gives what the still-forming bar would produce without changing state.
 */
export class Indicator {
  #inner;
  #outputs;
  #update;
  #peek;

  constructor(spec, options) {
    assertReady();
    const inner = new wasm.StreamingIndicator(String(spec), modeOf(options));
    this.#inner = inner;
    this.#outputs = inner.output_names();
    this.#update = (t, o, h, l, c, v) => inner.update(t, o, h, l, c, v);
    this.#peek = (t, o, h, l, c, v) => inner.peek(t, o, h, l, c, v);
  }

  /** Output names: one for single-output indicators. */
  get outputs() {
    return this.#outputs;
  }

  /** Bars consumed before the first value. */
  get lookback() {
    return this.#inner.lookback();
  }

  update(bar) {
    return this.#result(feed(this.#update, bar));
  }

  peek(bar) {
    return this.#result(feed(this.#peek, bar));
  }

  reset() {
    this.#inner.reset();
  }

  /** Frees the wasm memory now instead of at garbage collection. */
  free() {
    this.#inner.free();
  }

  #result(first) {
    if (this.#outputs.length === 1) return first;
    const out = {};
    this.#outputs.forEach((name, i) => {
      out[name] = this.#inner.output(i);
    });
    return out;
  }
}
