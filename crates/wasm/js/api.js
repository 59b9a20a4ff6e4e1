// The JS face of sigil-ta, shared by every entry point. It converts the candle shapes
// JS users have into typed columns, so each call crosses into wasm with one copy per
// column and comes back with one buffer, and it turns every failure into a SigilError
// before the wasm module could see a bad value.
import * as wasm from './sigil_ta.js';

let memory = null;

// The instance's own `direct_update` / `direct_peek` exports, called without the glue:
// its wrappers read the glue's module-level `wasm` binding, which V8 cannot treat as a
// constant, and look the export up on every call (~3 ns of a 13 ns EMA update, Node 20).
let directExports = null;

/** Called by the entry points once the wasm module is instantiated (with its exports). */
export function markReady(exports) {
  memory = exports.memory;
  directExports = { update: exports.direct_update, peek: exports.direct_peek };
}

/** Every error sigil-ta throws: `code` is stable, `message` says what and where. */
export class SigilError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'SigilError';
    this.code = code;
  }
}

function assertReady() {
  if (memory === null) {
    throw new SigilError('NOT_INITIALIZED', 'sigil-ta is not initialized: call `await init()` (or `initSync(bytes)`) first; the Node entry initializes itself');
  }
}

// The Rust side throws `CODE\x1fmessage`; anything else from wasm is unexpected.
function toSigilError(error) {
  if (error instanceof SigilError) return error;
  const match = /^([A-Z_]+)\x1f([\s\S]*)$/.exec(error?.message ?? '');
  // The core's messages point CLI users to `sigil list`; here the registry is list().
  if (match) return new SigilError(match[1], match[2].replace('`sigil list`', 'list()'));
  if (error instanceof WebAssembly.RuntimeError) {
    return new SigilError('INTERNAL', `sigil-ta: the wasm module trapped (${error.message}); please report the call that caused it`, { cause: error });
  }
  return error;
}

function call(fn) {
  try {
    return fn();
  } catch (error) {
    throw toSigilError(error);
  }
}

const bad = (message) => new SigilError('BAD_INPUT', `sigil-ta: ${message}`);
const show = (v) => (typeof v === 'string' ? `'${v.length > 20 ? v.slice(0, 20) + '…' : v}'` : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : String(v));

const EMPTY = new Float64Array(0);
// Column order of every wasm call, with the input-mask bit of each (see crates/wasm).
// `periods` is MAVP's per-bar period, the one input that is not a market column.
const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'periods'];
const BITS = { time: 32, open: 1, high: 2, low: 4, close: 8, volume: 16, periods: 64 };
// Time, volume and periods may be absent from a bar that has prices (null → NaN; MAVP
// reads a NaN period as its minimum period, as TA-Lib does).
const OPTIONAL = { time: true, volume: true, periods: true };

function toFloat64(values, name) {
  if (values instanceof Float64Array) return values;
  if (values == null) return EMPTY;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) throw bad(`column '${name}' holds BigInts; convert them to numbers`);
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) return Float64Array.from(values);
  if (typeof values !== 'object' || typeof values.length !== 'number') throw bad(`column '${name}' is ${show(values)}, not an array of numbers`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v == null && OPTIONAL[name]) out[i] = NaN;
    else if (v instanceof Date && name === 'time') out[i] = v.getTime();
    else throw bad(`column '${name}' row ${i} is ${show(v)}, not a number`);
  }
  return out;
}

// One field of a candle row or object: a number, or NaN where the field may be absent.
function field(v, name, i, required) {
  if (typeof v === 'number') return v;
  if (v == null && !required) return NaN;
  if (v instanceof Date && name === 'time') return v.getTime();
  throw bad(`candle ${i}: ${name} is ${show(v)}, not a number`);
}

/**
 * Candles in any accepted shape → { time, open, high, low, close, volume } of
 * Float64Array (absent columns empty). Validates every value: BAD_INPUT names the first
 * one that is not a number.
 */
export function toColumns(candles) {
  if (candles == null) throw bad('candles are required (ccxt rows, candle objects, columns or an array of closes)');
  // A plain series of numbers is taken as closes.
  if (ArrayBuffer.isView(candles) || (Array.isArray(candles) && (candles.length === 0 || typeof candles[0] === 'number'))) {
    return { time: EMPTY, open: EMPTY, high: EMPTY, low: EMPTY, close: toFloat64(candles, 'close'), volume: EMPTY, periods: EMPTY };
  }
  if (Array.isArray(candles)) {
    const n = candles.length;
    const first = candles[0];
    if (Array.isArray(first)) {
      // ccxt: [timestamp, open, high, low, close, volume], and MAVP's period seventh if
      // the first row has one.
      const withPeriods = first.length > 6;
      const cols = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), periods: withPeriods ? new Float64Array(n) : EMPTY };
      for (let i = 0; i < n; i++) {
        const c = candles[i];
        if (!Array.isArray(c) || c.length < 5) throw bad(`candle ${i} is ${show(c)}; a ccxt row is [ms, open, high, low, close, volume]`);
        cols.time[i] = field(c[0], 'time', i, false);
        cols.open[i] = field(c[1], 'open', i, true);
        cols.high[i] = field(c[2], 'high', i, true);
        cols.low[i] = field(c[3], 'low', i, true);
        cols.close[i] = field(c[4], 'close', i, true);
        cols.volume[i] = field(c[5], 'volume', i, false);
        if (withPeriods) cols.periods[i] = field(c[6], 'periods', i, false);
      }
      return cols;
    }
    if (first === null || typeof first !== 'object') throw bad(`candle 0 is ${show(first)}; expected a [ms,o,h,l,c,v] row, a candle object or a number`);
    // Objects: a column exists if the first candle has it; then every candle must.
    const timeKey = first.time !== undefined ? 'time' : 'timestamp';
    const cols = {};
    for (const name of COLUMNS) {
      const key = name === 'time' ? timeKey : name;
      if (first[key] === undefined) {
        cols[name] = EMPTY;
        continue;
      }
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = candles[i];
        if (c === null || typeof c !== 'object') throw bad(`candle ${i} is ${show(c)}, not a candle object`);
        col[i] = field(c[key], name, i, !OPTIONAL[name]);
      }
      cols[name] = col;
    }
    return cols;
  }
  if (typeof candles === 'object') {
    if (candles instanceof Dataset) throw bad('a Dataset is computed with dataset.compute(spec) or compute(spec, dataset)');
    const cols = { time: toFloat64(candles.time ?? candles.timestamp, 'time') };
    for (const name of COLUMNS.slice(1)) cols[name] = toFloat64(candles[name], name);
    const lengths = COLUMNS.filter((c) => cols[c].length > 0).map((c) => `${c} ${cols[c].length}`);
    if (new Set(lengths.map((l) => l.split(' ')[1])).size > 1) throw bad(`columns differ in length (${lengths.join(', ')})`);
    return cols;
  }
  throw bad(`candles are ${show(candles)}; expected ccxt rows, candle objects, columns or an array of closes`);
}

const rowCount = (cols) => Math.max(...COLUMNS.map((c) => cols[c].length));
// The columns a call reads (by input mask); the others cross as empty arrays.
const pick = (cols, mask) => COLUMNS.map((c) => (mask & BITS[c] ? cols[c] : EMPTY));

// Input columns per spec string, so only those are copied into wasm memory. Bounded:
// apps build specs from a handful of settings, but a bad caller must not grow it forever.
const maskCache = new Map();
function inputMask(spec, mode) {
  // A mode may read other columns (TradingView's VWAP reads time).
  const key = `${mode}\u0000${spec}`;
  let mask = maskCache.get(key);
  if (mask === undefined) {
    mask = call(() => wasm.input_mask(spec, mode));
    if (maskCache.size >= 256) maskCache.clear();
    maskCache.set(key, mask);
  }
  return mask;
}

function modeOf(options) {
  if (options != null && typeof options !== 'object') throw new SigilError('INVALID_PARAMETER', `sigil-ta: options must be an object such as { mode: 'tradingview' }, got ${show(options)}`);
  return options?.mode === undefined ? 'talib' : String(options.mode);
}

function specText(spec) {
  if (Array.isArray(spec)) return spec.map(String).join(',');
  if (typeof spec !== 'string') throw new SigilError('INVALID_SPEC', `sigil-ta: a spec is a string such as 'rsi:14' (or a list of them), got ${show(spec)}`);
  return spec;
}

// Float64Array over wasm memory; remade when the memory grows (which detaches the old buffer).
const viewOf = (ptr, length) => new Float64Array(memory.buffer, ptr, length);

/**
 * Computes one spec or a comma-separated list (or an array of specs) over candles.
 * Returns an object of Float64Array keyed by output column name, in TA-Lib's output
 * order. Each array is the one copy out of wasm memory: yours to keep.
 * `options.mode`: 'talib' (default) or 'tradingview'.
 */
export function compute(spec, candles, options) {
  assertReady();
  if (candles instanceof Dataset) return candles.compute(spec, options);
  const text = specText(spec);
  const mode = modeOf(options);
  const mask = inputMask(text, mode);
  const cols = toColumns(candles);
  const result = call(() => wasm.compute_columns(text, mode, rowCount(cols), ...pick(cols, mask)));
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
  const text = specText(spec);
  return call(() => wasm.column_names_of(text));
}

/** The canonical form of a spec, every parameter written out (`rsi` → `rsi:14`). */
export function canonicalSpec(spec, options) {
  assertReady();
  const text = specText(spec);
  const mode = modeOf(options);
  return call(() => wasm.canonical_spec(text, mode));
}

function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

let registry;
let byName;
/** Registry metadata: name, title, group, inputs, params, outputs, overlay, lookback, tradingview. */
export function list() {
  assertReady();
  if (!registry) {
    registry = deepFreeze(JSON.parse(wasm.indicators_json()));
    byName = new Map(registry.map((d) => [d.name, d]));
  }
  return registry;
}

/** The older name of {@link list}, kept for existing callers. */
export const indicators = list;

/** The metadata of one indicator (case-insensitive); UNKNOWN_INDICATOR if none. */
export function describe(name) {
  list();
  if (typeof name !== 'string') throw new SigilError('UNKNOWN_INDICATOR', `sigil-ta: an indicator name is a string such as 'rsi', got ${show(name)}`);
  const meta = byName.get(name.trim().toLowerCase());
  if (meta) return meta;
  // The core's message carries a did-you-mean suggestion.
  if (!/[:,]/.test(name)) call(() => wasm.canonical_spec(name, 'talib'));
  throw new SigilError('UNKNOWN_INDICATOR', `unknown indicator '${name}' (describe takes a name, not a spec)`);
}

// Parameters as an object ({ timeperiod: 20 }, or { period: 20 }) → a spec string in
// the registry's grammar, defaults from the mode's parameter list.
const ALIASES = { period: 'timeperiod' };
function specFromParams(meta, params, mode) {
  // The core's spellings of the TradingView mode (crates/core registry::Mode).
  const tradingview = ['tradingview', 'tv'].includes(mode.trim().toLowerCase());
  const defs = tradingview && meta.tradingview ? meta.tradingview.params : meta.params;
  const args = defs.map((p) => p.default);
  if (params != null) {
    if (typeof params !== 'object') throw new SigilError('INVALID_PARAMETER', `${meta.name}: parameters are an object such as { ${defs[0]?.name ?? 'timeperiod'}: 14 }, got ${show(params)}`);
    for (const [key, value] of Object.entries(params)) {
      if (key === 'mode' || value === undefined) continue;
      let index = defs.findIndex((p) => p.name === key);
      if (index < 0 && ALIASES[key]) index = defs.findIndex((p) => p.name === ALIASES[key]);
      if (index < 0) {
        const known = defs.map((p) => p.name).join(', ') || 'none';
        throw new SigilError('INVALID_PARAMETER', `${meta.name}: no parameter '${key}'; its parameters: ${known}`);
      }
      if (!(typeof value === 'number' || (typeof value === 'string' && !/[:,]/.test(value)))) {
        throw new SigilError('INVALID_PARAMETER', `${meta.name}: parameter ${defs[index].name} = ${show(value)} is invalid; expected a number${defs[index].values ? ' or a name' : ''}`);
      }
      args[index] = value;
    }
  }
  return [meta.name, ...args].join(':');
}

/**
 * What every generated per-indicator function (`sma(close, { timeperiod: 20 })`) runs:
 * one output → its Float64Array; several → an object keyed by TA-Lib's output names.
 */
export function callIndicator(name, input, params) {
  assertReady();
  const meta = describe(name);
  if (params != null && typeof params !== 'object') {
    const first = meta.params[0];
    throw new SigilError('INVALID_PARAMETER', `${meta.name}: parameters are an object${first ? ` such as { ${first.name}: ${JSON.stringify(first.default)} }` : ''}, got ${show(params)}`);
  }
  const mode = modeOf(params);
  const spec = specFromParams(meta, params, mode);
  const only = meta.inputs.length === 1 ? meta.inputs[0] : null;
  const isSeries = ArrayBuffer.isView(input) || (Array.isArray(input) && (input.length === 0 || typeof input[0] === 'number'));
  let candles = input;
  if (isSeries) {
    if (!only) throw bad(`${meta.name} reads ${meta.inputs.join(', ')}: pass candles (ccxt rows, candle objects or columns), not one array`);
    candles = { [only]: input };
  }
  const columns = Object.values(compute(spec, candles, { mode }));
  if (columns.length === 1) return columns[0];
  const out = {};
  meta.outputs.forEach((output, i) => {
    out[output] = columns[i];
  });
  return out;
}

// A bar for streaming → six numbers, checking every field (those the indicator reads must be
// numbers). Indicator's direct-kernel prototypes (#priceFed, #pricesFed, #candleFed) take
// the candles this accepts unconverted (every field a number or absent) by a shorter
// route: a rule added here must be added there too.
function readBar(bar, mask, single, step) {
  if (typeof bar === 'number') {
    if (!single) throw bad('a bare number is a bar only for indicators that read one column; pass a candle or use updateOHLCV');
    return step(NaN, bar, bar, bar, bar, bar, NaN);
  }
  if (Array.isArray(bar)) {
    return step(field(bar[0], 'time', 0, (mask & 32) !== 0), field(bar[1], 'open', 0, (mask & 1) !== 0), field(bar[2], 'high', 0, (mask & 2) !== 0), field(bar[3], 'low', 0, (mask & 4) !== 0), field(bar[4], 'close', 0, (mask & 8) !== 0), field(bar[5], 'volume', 0, (mask & 16) !== 0), field(bar[6], 'periods', 0, (mask & 64) !== 0));
  }
  if (bar !== null && typeof bar === 'object') {
    return step(field(bar.time ?? bar.timestamp, 'time', 0, (mask & 32) !== 0), field(bar.open, 'open', 0, (mask & 1) !== 0), field(bar.high, 'high', 0, (mask & 2) !== 0), field(bar.low, 'low', 0, (mask & 4) !== 0), field(bar.close, 'close', 0, (mask & 8) !== 0), field(bar.volume, 'volume', 0, (mask & 16) !== 0), field(bar.periods, 'periods', 0, (mask & 64) !== 0));
  }
  throw bad(`a bar is a number (a price), a [ms,o,h,l,c,v] row or a candle object, got ${show(bar)}`);
}

function readOhlcv(o, h, l, c, v, t, mask, step) {
  if (mask & 64) throw bad('this indicator (MAVP) also reads a per-bar period: pass a candle with `periods`, or a [ms,o,h,l,c,v,period] row, to update/peek');
  return step(field(t, 'time', 0, (mask & 32) !== 0), field(o, 'open', 0, (mask & 1) !== 0), field(h, 'high', 0, (mask & 2) !== 0), field(l, 'low', 0, (mask & 4) !== 0), field(c, 'close', 0, (mask & 8) !== 0), field(v, 'volume', 0, (mask & 16) !== 0), NaN);
}

// What a freed Indicator/Pipeline holds instead of its wasm object: every method
// throws, so the per-bar path needs no check of its own.
const FREED_STREAM = new Proxy(
  {},
  {
    get: () => () => {
      throw new SigilError('FREED', 'sigil-ta: this object was freed');
    },
  },
);

// `(values) => ({ name0: values[0], ... })` for output names that come from the registry
// (JSON-quoted, so no name can inject code); a plain loop if Function is unavailable (CSP).
function objectBuilder(names) {
  try {
    const body = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
    return new Function('v', `return { ${body} };`);
  } catch {
    return (values) => {
      const out = {};
      for (let i = 0; i < names.length; i++) out[names[i]] = values[i];
      return out;
    };
  }
}

// Shared by Indicator and Pipeline: the wasm object, its output buffer view, free().
class Stream {
  #inner;
  #names;
  #view = EMPTY;
  #mask;
  #numberIsBar;
  // Indicators take a bare price through a one-argument export (update_price).
  #byPrice;
  #update;
  #peek;

  // sma/ema/rsi/atr/macd in TA-Lib mode: the handle of a direct kernel, reached through one
  // small export per bar instead of the object's method (about half the cost of an
  // update; see crates/wasm/src/direct.rs); -1 otherwise.
  #direct = -1;

  constructor(inner) {
    this.#inner = inner;
    this.#names = Object.freeze(inner.output_names());
    this.#mask = inner.input_mask();
    this.#numberIsBar = isSingleColumn(this.#mask);
    this.#byPrice = typeof inner.update_price === 'function';
    this.#update = (t, o, h, l, c, v, p) => this.#inner.update(t, o, h, l, c, v, p);
    this.#peek = (t, o, h, l, c, v, p) => this.#inner.peek(t, o, h, l, c, v, p);
    const handle = inner.direct_handle?.();
    if (handle !== undefined) {
      this.#direct = handle;
      // The raw exports take exactly the glue's arguments (a u32 and three f64s, an f64
      // back): the glue adds nothing but the lookup.
      const { update, peek } = directExports;
      this.#update = (t, o, h, l, c) => update(handle, h, l, c);
      this.#peek = (t, o, h, l, c) => peek(handle, h, l, c);
    }
  }

  get _names() {
    return this.#names;
  }

  // The direct kernel's handle (sma, ema, rsi, atr, macd in TA-Lib mode), else -1.
  get _directHandle() {
    return this.#direct;
  }

  get _numberIsBar() {
    return this.#numberIsBar;
  }

  // The per-bar paths: a bare price goes straight to wasm; other shapes are unpacked
  // and checked field by field (no array or object is built per bar).
  _update(bar) {
    if (typeof bar === 'number' && this.#numberIsBar) {
      if (this.#direct >= 0) return this.#update(NaN, bar, bar, bar, bar);
      return this.#byPrice ? this.#inner.update_price(bar) : this.#inner.update(NaN, bar, bar, bar, bar, bar, NaN);
    }
    return readBar(bar, this.#mask, this.#numberIsBar, this.#update);
  }

  _peek(bar) {
    if (typeof bar === 'number' && this.#numberIsBar) {
      if (this.#direct >= 0) return this.#peek(NaN, bar, bar, bar, bar);
      return this.#byPrice ? this.#inner.peek_price(bar) : this.#inner.peek(NaN, bar, bar, bar, bar, bar, NaN);
    }
    return readBar(bar, this.#mask, this.#numberIsBar, this.#peek);
  }

  _updateOhlcv(o, h, l, c, v, t) {
    return readOhlcv(o, h, l, c, v, t, this.#mask, this.#update);
  }

  _peekOhlcv(o, h, l, c, v, t) {
    return readOhlcv(o, h, l, c, v, t, this.#mask, this.#peek);
  }

  /** The outputs of the last update/peek as a view over wasm memory (reused). */
  _values() {
    // Growing the memory detaches the old buffer, which zeroes the view's length; reading
    // `memory.buffer` per bar instead would cost more than the update itself.
    if (this.#view.length === 0) this.#view = viewOf(this.#inner.values_ptr(), this.#names.length);
    return this.#view;
  }

  // A fresh object per call (callers keep them), built by a literal of fixed shape so
  // V8 allocates it in one step instead of adding keys one by one.
  #build = null;

  _object() {
    if (this.#build === null) this.#build = objectBuilder(this.#names);
    return this.#build(this._values());
  }

  _updateMany(candles) {
    const inner = this.#inner;
    const cols = toColumns(candles);
    const rows = rowCount(cols);
    const flat = call(() => inner.update_many(rows, ...pick(cols, this.#mask)));
    const out = {};
    this.#names.forEach((name, k) => {
      out[name] = flat.subarray(k * rows, (k + 1) * rows);
    });
    return out;
  }

  reset() {
    this.#inner.reset();
  }

  /** Frees the wasm memory now instead of at garbage collection; later calls throw FREED. */
  free() {
    if (this.#inner !== FREED_STREAM) {
      this.#inner.free();
      this.#inner = FREED_STREAM;
      this.#view = EMPTY;
      // A freed handle would read NaN; the object's methods throw FREED instead.
      this.#direct = -1;
      this.#update = (t, o, h, l, c, v, p) => this.#inner.update(t, o, h, l, c, v, p);
      this.#peek = (t, o, h, l, c, v, p) => this.#inner.peek(t, o, h, l, c, v, p);
    }
  }
}

/**
 * A streaming indicator: `update(bar)` consumes a closed bar in O(1), `peek(bar)`
 * gives what the still-forming bar would produce without changing state.
 */
export class Indicator extends Stream {
  #single;
  #spec;
  #lookback;
  // The direct kernel's handle, for the methods of #priceFed, #pricesFed and #candleFed.
  #priceHandle = -1;
  // Never reassigned: V8 then treats the fields as constants and calls straight into wasm.
  // A field set to null first and to the export later cost an EMA update 4 ns.
  #priceUpdate = directExports.update;
  #pricePeek = directExports.peek;

  // Streaming sma/ema/rsi/atr/macd bar by bar is the hottest loop there is. Those indicators
  // get one of these prototypes (below Indicator's), whose update/peek test the bar's
  // shape and call the kernel's export; V8 drops the tests for shapes a loop never passes
  // and nothing comes after the call, so the result stays an unboxed double. Any other
  // test in the way (a flag, a null check of the handle, a NaN check of the result) cost
  // an EMA update 12-14 ns instead of 8.5-9.5 (Node 20, one process). A bar of any other
  // shape, or one with a field readBar would reject, takes the generic methods (which
  // validate and throw as for every indicator). Freeing puts the generic methods back
  // (they throw FREED).
  static #priceFed = null;
  static #pricesFed = null;
  static #candleFed = null;

  // Built on first use rather than in a static block, which Safari only runs from 16.4.
  static #makePrototypes() {
    const generic = Indicator.prototype;
    // Fields the kernel does not read: readBar accepts a number or nothing (a Date time
    // goes the generic way).
    const unread = (v) => v == null || typeof v === 'number';
    const plainRest = (bar) => unread(bar.open) && unread(bar.volume) && unread(bar.periods) && unread(bar.time ?? bar.timestamp);
    const plainClose = (bar) => typeof bar.close === 'number' && unread(bar.high) && unread(bar.low) && plainRest(bar);
    const plainHlc = (bar) => typeof bar.high === 'number' && typeof bar.low === 'number' && typeof bar.close === 'number' && plainRest(bar);
    const method = (value) => ({ value, writable: true, configurable: true });
    Indicator.#priceFed = Object.create(generic, {
      update: method(function update(bar) {
        if (typeof bar === 'number') return this.#priceUpdate(this.#priceHandle, bar, bar, bar);
        if (typeof bar === 'object' && bar !== null && plainClose(bar)) return this.#priceUpdate(this.#priceHandle, bar.close, bar.close, bar.close);
        return generic.update.call(this, bar);
      }),
      peek: method(function peek(bar) {
        if (typeof bar === 'number') return this.#pricePeek(this.#priceHandle, bar, bar, bar);
        if (typeof bar === 'object' && bar !== null && plainClose(bar)) return this.#pricePeek(this.#priceHandle, bar.close, bar.close, bar.close);
        return generic.peek.call(this, bar);
      }),
    });
    // MACD: the same, with the outputs as a fresh object.
    Indicator.#pricesFed = Object.create(generic, {
      update: method(function update(bar) {
        if (typeof bar === 'number') this.#priceUpdate(this.#priceHandle, bar, bar, bar);
        else if (typeof bar === 'object' && bar !== null && plainClose(bar)) this.#priceUpdate(this.#priceHandle, bar.close, bar.close, bar.close);
        else return generic.update.call(this, bar);
        return this._object();
      }),
      peek: method(function peek(bar) {
        if (typeof bar === 'number') this.#pricePeek(this.#priceHandle, bar, bar, bar);
        else if (typeof bar === 'object' && bar !== null && plainClose(bar)) this.#pricePeek(this.#priceHandle, bar.close, bar.close, bar.close);
        else return generic.peek.call(this, bar);
        return this._object();
      }),
    });
    Indicator.#candleFed = Object.create(generic, {
      update: method(function update(bar) {
        if (typeof bar === 'object' && bar !== null && plainHlc(bar)) return this.#priceUpdate(this.#priceHandle, bar.high, bar.low, bar.close);
        return generic.update.call(this, bar);
      }),
      peek: method(function peek(bar) {
        if (typeof bar === 'object' && bar !== null && plainHlc(bar)) return this.#pricePeek(this.#priceHandle, bar.high, bar.low, bar.close);
        return generic.peek.call(this, bar);
      }),
    });
  }

  constructor(spec, options) {
    assertReady();
    const text = specText(spec);
    const mode = modeOf(options);
    const inner = call(() => new wasm.StreamingIndicator(text, mode));
    super(inner);
    this.#single = this._names.length === 1;
    this.#spec = call(() => wasm.canonical_spec(text, mode));
    this.#lookback = inner.lookback();
    const handle = this._directHandle;
    // Not for subclasses: their own prototype must stay in place.
    if (handle >= 0 && new.target === Indicator) {
      this.#priceHandle = handle;
      const byPrice = this._numberIsBar;
      // Direct kernels read either the close alone (sma, ema, rsi; macd with three
      // outputs) or high, low and close with one output (atr).
      if (Indicator.#priceFed === null) Indicator.#makePrototypes();
      Object.setPrototypeOf(this, !byPrice ? Indicator.#candleFed : this.#single ? Indicator.#priceFed : Indicator.#pricesFed);
    }
  }

  /** Frees the wasm memory now instead of at garbage collection; later calls throw FREED. */
  free() {
    // Back to the generic methods, which throw FREED: the handle may be given to a later
    // indicator.
    const own = Object.getPrototypeOf(this);
    if (own === Indicator.#priceFed || own === Indicator.#pricesFed || own === Indicator.#candleFed) Object.setPrototypeOf(this, Indicator.prototype);
    super.free();
  }

  /** The canonical spec (`rsi` → `rsi:14`). */
  get spec() {
    return this.#spec;
  }

  /** Output names: one for single-output indicators. */
  get outputs() {
    return this._names;
  }

  /** Bars consumed before the first value. */
  get lookback() {
    return this.#lookback;
  }

  /** The last update/peek: a number (one output) or an object of numbers. */
  get value() {
    return this.#single ? this._values()[0] : this._object();
  }

  /** The last update/peek as a reused Float64Array view, one slot per output. */
  get values() {
    return this._values();
  }

  update(bar) {
    const first = this._update(bar);
    return this.#single ? first : this._object();
  }

  peek(bar) {
    const first = this._peek(bar);
    return this.#single ? first : this._object();
  }

  updateOHLCV(open, high, low, close, volume, time) {
    const first = this._updateOhlcv(open, high, low, close, volume, time);
    return this.#single ? first : this._object();
  }

  peekOHLCV(open, high, low, close, volume, time) {
    const first = this._peekOhlcv(open, high, low, close, volume, time);
    return this.#single ? first : this._object();
  }

  /** Consumes a block of closed bars; returns each output per bar, as compute would. */
  updateMany(candles) {
    return this._updateMany(candles);
  }
}

// One input column (not time): a bare number can stand for the bar.
const isSingleColumn = (mask) => mask !== 0 && (mask & (mask - 1)) === 0 && mask !== 32;

/**
 * Many specs over one candle stream: one call into wasm per bar updates them all and
 * leaves every output in one reused Float64Array (`values`, named by `outputs`).
 */
export class Pipeline extends Stream {
  #specs;
  #lookbacks;

  constructor(specs, options) {
    assertReady();
    const text = specText(specs);
    const mode = modeOf(options);
    const inner = call(() => new wasm.StreamingPipeline(text, mode));
    super(inner);
    this.#specs = Object.freeze(inner.specs());
    this.#lookbacks = Object.freeze(Array.from(inner.lookbacks()));
  }

  /** Canonical spec of each entry. */
  get specs() {
    return this.#specs;
  }

  /** Names of the slots of `values`, as compute would key them. */
  get outputs() {
    return this._names;
  }

  get lookbacks() {
    return this.#lookbacks;
  }

  /** The last update/peek: a reused Float64Array view (see the README on views). */
  get values() {
    return this._values();
  }

  /** The last update/peek as a fresh object keyed by `outputs`. */
  get value() {
    return this._object();
  }

  update(bar) {
    this._update(bar);
    return this._values();
  }

  peek(bar) {
    this._peek(bar);
    return this._values();
  }

  updateOHLCV(open, high, low, close, volume, time) {
    this._updateOhlcv(open, high, low, close, volume, time);
    return this._values();
  }

  peekOHLCV(open, high, low, close, volume, time) {
    this._peekOhlcv(open, high, low, close, volume, time);
    return this._values();
  }

  updateMany(candles) {
    return this._updateMany(candles);
  }
}

/**
 * Candle columns kept in wasm memory, for computing many specs over one series (a
 * chart): the candles cross into wasm once. `compute` returns copies, or with
 * `{ view: true }` views over wasm memory valid until the next call into sigil-ta.
 */
export class Dataset {
  #inner;
  #present;

  constructor(candles) {
    assertReady();
    const cols = candles === undefined ? null : toColumns(candles);
    this.#present = cols === null ? 63 : COLUMNS.reduce((mask, c) => (cols[c].length > 0 ? mask | BITS[c] : mask), 0);
    this.#inner = new wasm.Dataset(this.#present);
    if (cols !== null) this.#append(cols);
  }

  #live() {
    if (this.#inner === null) throw new SigilError('FREED', 'sigil-ta: this Dataset was freed');
    return this.#inner;
  }

  #append(cols) {
    const inner = this.#live();
    const rows = rowCount(cols);
    for (const c of COLUMNS) {
      if (this.#present & BITS[c] && cols[c].length === 0 && rows > 0 && !OPTIONAL[c]) throw bad(`the dataset has a '${c}' column; the appended candles lack it`);
    }
    call(() => inner.append(rows, ...pick(cols, this.#present)));
  }

  /** Bars held. */
  get length() {
    return this.#live().len();
  }

  /** The columns held: names of time/open/high/low/close/volume/periods that were supplied. */
  get columns() {
    return COLUMNS.filter((c) => this.#present & BITS[c]);
  }

  /** Appends bars in any candle shape. */
  append(candles) {
    this.#append(toColumns(candles));
    return this;
  }

  /** Appends one bar (a number counts as a close-only bar). */
  push(bar) {
    const inner = this.#live();
    readBar(bar, this.#present & ~112, isSingleColumn(this.#present), (t, o, h, l, c, v, p) => inner.push(t, o, h, l, c, v, p));
    return this;
  }

  /** Replaces the last bar (the forming one changed); appends if empty. */
  setLast(bar) {
    const inner = this.#live();
    readBar(bar, this.#present & ~112, isSingleColumn(this.#present), (t, o, h, l, c, v, p) => inner.set_last(t, o, h, l, c, v, p));
    return this;
  }

  /** Keeps the first `rows` bars. */
  truncate(rows) {
    if (!Number.isInteger(rows) || rows < 0) throw bad(`truncate takes a bar count, got ${show(rows)}`);
    this.#live().truncate(rows);
    return this;
  }

  /**
   * Computes a spec list over the held candles. Default: each output copied out once
   * (yours to keep). `{ view: true }`: Float64Array views over wasm memory, no copy;
   * valid until the next call into sigil-ta (see README: views).
   */
  compute(spec, options) {
    const inner = this.#live();
    const text = specText(spec);
    const mode = modeOf(options);
    const count = call(() => inner.compute(text, mode));
    const names = inner.result_names();
    const out = {};
    for (let i = 0; i < count; i++) {
      out[names[i]] = options?.view ? viewOf(inner.result_ptr(i), inner.result_len(i)) : inner.take_result(i);
    }
    return out;
  }

  /** Frees the wasm memory now; later calls throw FREED and views read garbage. */
  free() {
    if (this.#inner !== null) {
      this.#inner.free();
      this.#inner = null;
    }
  }
}

// For rules.js (the rule language, backtest, score), which shares the error and init handling.
export { call as callWasm, assertReady };
