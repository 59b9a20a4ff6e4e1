// The signal primitives (crates/core/src/signals, bound in crates/wasm/src/signals.rs):
// each runs the core's batch form over whole series in one wasm call and returns the
// bars that hold an event. Series cross as Float64Arrays (one copy each); the events
// come back as one flat Float64Array, five numbers per event, unpacked here.
import * as wasm from './sigil_ta.js';
import { SigilError, toColumns, callWasm as call, assertReady as assertModuleReady } from './api.js';

// The slim package is built without these bindings (crates/wasm feature `trading`).
function assertReady() {
  assertModuleReady();
  if (typeof wasm.signal_cross !== 'function') {
    throw new SigilError('UNSUPPORTED', 'sigil-ta: this build (sigil-ta-slim) has no signal primitives; use the full sigil-ta package');
  }
}

const EMPTY = new Float64Array(0);
const show = (v) => (typeof v === 'string' ? `'${v}'` : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const bad = (message) => new SigilError('BAD_INPUT', `sigil-ta: ${message}`);
const invalid = (message) => new SigilError('INVALID_PARAMETER', `sigil-ta: ${message}`);

function series(values, context, name) {
  if (values instanceof Float64Array) return values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) throw bad(`${context}: '${name}' holds BigInts; convert them to numbers`);
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) return Float64Array.from(values);
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw bad(`${context}: '${name}' is ${show(values)}, not a Float64Array or an array of numbers`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v instanceof Date && name === 'time') out[i] = v.getTime();
    else throw bad(`${context}: '${name}' row ${i} is ${show(v)}, not a number`);
  }
  return out;
}

function optionsOf(options, context) {
  if (options == null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid(`${context}: options must be an object, got ${show(options)}`);
  return options;
}

// A row count (usize in Rust): checked here, since wasm-bindgen would wrap a negative or
// truncate a fraction. The core checks the range.
function count(value, context, name, fallback) {
  const v = value ?? fallback;
  if (v === undefined) throw invalid(`${context}: '${name}' is required`);
  if (!Number.isSafeInteger(v) || v < 0) throw invalid(`${context}: '${name}' = ${typeof v === 'number' ? v : show(v)} is invalid; expected a whole number of bars`);
  return v;
}

function level(value, context, name, fallback) {
  const v = value ?? fallback;
  if (v === undefined) throw invalid(`${context}: '${name}' is required`);
  if (typeof v !== 'number') throw invalid(`${context}: '${name}' is ${show(v)}; expected a number`);
  return v;
}

const timeOf = (options, context) => (options.time == null ? EMPTY : series(options.time, context, 'time'));

let kindNames = null;
function unpack(flat) {
  kindNames ??= wasm.signal_kind_names().split(',');
  const events = new Array(flat.length / 5);
  for (let e = 0, i = 0; i < flat.length; e++, i += 5) {
    events[e] = { index: flat[i], time: flat[i + 1], kind: kindNames[flat[i + 2]], direction: flat[i + 3] > 0 ? 'bullish' : 'bearish', strength: flat[i + 4] };
  }
  return events;
}

// high, low, close and (unless options.time) time from any candle shape toColumns takes.
function hlc(candles, options, context) {
  const cols = toColumns(candles);
  for (const name of ['high', 'low', 'close']) {
    if (cols[name].length === 0) throw bad(`${context}: the candles have no '${name}' column (it takes ccxt rows, candle objects or columns with high, low and close)`);
  }
  const time = options.time == null ? cols.time : series(options.time, context, 'time');
  return [time, cols.high, cols.low, cols.close];
}

/** `a` crossing `b`: cross_over (bullish) / cross_under (bearish). */
function cross(a, b, options) {
  assertReady();
  const o = optionsOf(options, 'cross');
  const args = [timeOf(o, 'cross'), series(a, 'cross', 'a'), series(b, 'cross', 'b')];
  return unpack(call(() => wasm.signal_cross(...args)));
}

/** `x` crossing zero: zero_cross, bullish upwards. */
function zeroCross(x, options) {
  assertReady();
  const o = optionsOf(options, 'zero_cross');
  const args = [timeOf(o, 'zero_cross'), series(x, 'zero_cross', 'x')];
  return unpack(call(() => wasm.signal_zero_cross(...args)));
}

/** A zone with hysteresis: threshold_enter / threshold_exit. `exit` defaults to `enter`. */
function threshold(x, options) {
  assertReady();
  const o = optionsOf(options, 'threshold');
  const zone = o.zone;
  if (zone !== 'above' && zone !== 'below') throw invalid(`threshold: 'zone' is ${zone === undefined ? 'required' : show(zone)}; expected 'above' or 'below'`);
  const enter = level(o.enter, 'threshold', 'enter');
  const args = [timeOf(o, 'threshold'), series(x, 'threshold', 'x'), zone, enter, level(o.exit, 'threshold', 'exit', enter)];
  return unpack(call(() => wasm.signal_threshold(...args)));
}

/** `x` rising (falling) on each of the last `bars` bars: rising / falling on every such bar. */
function run(x, options) {
  assertReady();
  const o = optionsOf(options, 'run');
  const args = [timeOf(o, 'run'), series(x, 'run', 'x'), count(o.bars, 'run', 'bars')];
  return unpack(call(() => wasm.signal_run(...args)));
}

/** A close beyond the previous `bars` bars' high/low: breakout. */
function breakout(candles, options) {
  assertReady();
  const o = optionsOf(options, 'breakout');
  const bars = count(o.bars, 'breakout', 'bars');
  const args = [...hlc(candles, o, 'breakout'), bars];
  return unpack(call(() => wasm.signal_breakout(...args)));
}

/** Regular divergence of `price` and `oscillator` at confirmed swings, reported `right` bars after the swing. */
function divergence(price, oscillator, options) {
  assertReady();
  const o = optionsOf(options, 'divergence');
  const args = [
    timeOf(o, 'divergence'),
    series(price, 'divergence', 'price'),
    series(oscillator, 'divergence', 'oscillator'),
    count(o.left, 'divergence', 'left'),
    count(o.right, 'divergence', 'right'),
    count(o.maxGap, 'divergence', 'maxGap'),
  ];
  return unpack(call(() => wasm.signal_divergence(...args)));
}

/** Bollinger bands inside the Keltner channel: squeeze_on / squeeze_off. */
function squeeze(candles, options) {
  assertReady();
  const o = optionsOf(options, 'squeeze');
  const params = [count(o.period, 'squeeze', 'period', 20), level(o.bbMult, 'squeeze', 'bbMult', 2), count(o.atrPeriod, 'squeeze', 'atrPeriod', 10), level(o.kcMult, 'squeeze', 'kcMult', 1.5)];
  const args = [...hlc(candles, o, 'squeeze'), ...params];
  return unpack(call(() => wasm.signal_squeeze(...args)));
}

/** The signal primitives, each over whole series: `signals.cross(fast, slow)` etc. */
export const signals = Object.freeze({ cross, zeroCross, threshold, run, breakout, divergence, squeeze });
