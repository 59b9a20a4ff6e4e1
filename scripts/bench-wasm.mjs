#!/usr/bin/env node
// `make bench`, part 3: the npm package (wasm) under Node on the same 1M-bar series as
// the native benches (crates/core/benches/series.rs: same mulberry32 seed and walk).
// Prints one JSON line per indicator: batch ns/bar through compute(), streaming ns/bar
// through Indicator.update(), resident ns/bar through Dataset.compute(spec, { view: true })
// (candles already in wasm memory, results read in place: the kernel plus the call).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { compute, Indicator, Dataset, indicators } = await import(path.join(root, 'dist/sigil-ta/node.js'));

// SIGIL_BENCH_BARS shortens the run (make test's smoke run), as in crates/core/benches.
const BARS = Number(process.env.SIGIL_BENCH_BARS) || 1_000_000;
const SEED = 0x516711a5;

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(bars) {
  const next = mulberry32(SEED);
  const c = { time: new Float64Array(bars), open: new Float64Array(bars), high: new Float64Array(bars), low: new Float64Array(bars), close: new Float64Array(bars), volume: new Float64Array(bars), periods: new Float64Array(bars) };
  let price = 100;
  for (let i = 0; i < bars; i++) {
    const open = price;
    price *= 1 + (next() - 0.5) * 0.02;
    c.open[i] = open;
    c.high[i] = Math.max(open, price) * (1 + next() * 0.005);
    c.low[i] = Math.min(open, price) * (1 - next() * 0.005);
    c.close[i] = price;
    c.volume[i] = 1 + next() * 1000;
    // One-minute bars (the calendar-aware indicators read time), as crates/core/benches/sweep.rs.
    c.time[i] = i * 60_000;
    // MAVP's per-bar periods, as crates/core/benches/sweep.rs.
    c.periods[i] = 2 + ((i * 7) % 29);
  }
  return c;
}

// Warm-up calls first (as scripts/bench-js does for every library), until the kernel runs
// on V8's optimizing tier: V8 starts a wasm function on its baseline compiler and swaps in
// optimized code only at a later call (no on-stack replacement for wasm), after a budget
// of executed work. Measured on 1M bars (resident, one process): SMA 11.7 7.0 2.5 2.1
// ns/bar on its first four calls, then 1.6-2.0; STOCH 28.7 on its first call, 19-22 up
// to the tenth, 17.5-18 after; with `node --no-wasm-dynamic-tiering` STOCH reaches 18 on
// its second call. Native code has no such phase. `resident_first_ns` keeps the first
// call's figure (baseline code, and fresh wasm memory faulting in).
const WARMUP_MS = 400;
const WARMUP_CALLS = [3, 15];

function timeOnce(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function bestOf(runs, fn) {
  let spent = 0;
  for (let calls = 0; calls < WARMUP_CALLS[0] || (spent < WARMUP_MS && calls < WARMUP_CALLS[1]); calls++) spent += timeOnce(fn);
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, timeOnce(fn));
  return (best * 1e6) / BARS;
}

// The streaming loop, compiled once per spec: a closure made from one function literal
// would share V8's type feedback across specs, and the call site would go megamorphic
// over the indicators' prototypes.
function streamingLoop(spec) {
  return new Function('live', 'candles', `// ${spec}
    live.reset();
    for (let i = 0; i < candles.length; i++) live.update(candles[i]);`);
}

// Streaming is fed what an app holds: an array of candle objects (like native's Vec<Bar>).
// Rewriting the fields of one reused object instead costs V8 a heap number per field per
// bar, which swamped the update being timed (2-4x, varying with the values).
function candleObjects(c, withPeriods) {
  const out = new Array(c.close.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = withPeriods
      ? { time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i], periods: c.periods[i] }
      : { time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
  }
  return out;
}

const data = generate(BARS);
const resident = Dataset ? new Dataset(data) : null;
// Arguments: specs (`sma:30`), or bare names for the headline spec of that name (else
// its defaults); none means every registry indicator. `--resident-only` skips compute
// and streaming (scripts/bench-resident.mjs's rounds time the resident mode alone).
const residentOnly = process.argv.includes('--resident-only');
const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const headline = ['sma:30', 'ema:30', 'rsi:14', 'macd:12:26:9', 'bbands:20:2:2:sma', 'atr:14', 'stoch:5:3:sma:3:sma'];
const names = new Set(indicators().map((d) => d.name));
const byName = (name) => headline.find((s) => s.startsWith(`${name}:`)) ?? name;
const specs = requested.length
  ? requested.map((a) => (a.includes(':') ? a : byName(a)))
  : [...headline.filter((s) => names.has(s.split(':')[0])), ...[...names].filter((n) => !headline.some((s) => s.startsWith(`${n}:`)))];
let candles = null;
let candlesWithPeriods = null;
for (const spec of specs) {
  const inPlaceCall = () => resident.compute(spec, { view: true });
  const inPlaceFirst = resident ? (timeOnce(inPlaceCall) * 1e6) / BARS : NaN;
  const inPlace = resident ? bestOf(7, inPlaceCall) : NaN;
  let batch = NaN;
  let stream = NaN;
  if (!residentOnly) {
    batch = bestOf(5, () => compute(spec, data));
    const live = new Indicator(spec);
    const loop = streamingLoop(spec);
    // MAVP alone reads the per-bar periods.
    const bars = spec.startsWith('mavp') ? (candlesWithPeriods ??= candleObjects(data, true)) : (candles ??= candleObjects(data, false));
    stream = bestOf(3, () => loop(live, bars));
    live.free();
  }
  console.log(JSON.stringify({ name: spec.split(':')[0], spec, batch_ns: +batch.toFixed(3), resident_ns: +inPlace.toFixed(3), resident_first_ns: +inPlaceFirst.toFixed(3), stream_ns: +stream.toFixed(3) }));
}
