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

function bestOf(runs, fn) {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return best / BARS;
}

const data = generate(BARS);
const resident = Dataset ? new Dataset(data) : null;
const filter = process.argv.slice(2);
const headline = ['sma:30', 'ema:30', 'rsi:14', 'macd:12:26:9', 'bbands:20:2:2:sma', 'atr:14', 'stoch:5:3:sma:3:sma'];
const names = new Set(indicators().map((d) => d.name));
const specs = [...headline.filter((s) => names.has(s.split(':')[0])), ...[...names].filter((n) => !headline.some((s) => s.startsWith(`${n}:`)))];
for (const spec of specs) {
  if (filter.length && !filter.includes(spec.split(':')[0])) continue;
  const batch = bestOf(5, () => compute(spec, data));
  const inPlace = resident ? bestOf(5, () => resident.compute(spec, { view: true })) : NaN;
  const live = new Indicator(spec);
  const stream = bestOf(3, () => {
    live.reset();
    const bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, periods: 0 };
    for (let i = 0; i < BARS; i++) {
      bar.open = data.open[i]; bar.high = data.high[i]; bar.low = data.low[i]; bar.close = data.close[i]; bar.volume = data.volume[i]; bar.periods = data.periods[i];
      live.update(bar);
    }
  });
  live.free();
  console.log(JSON.stringify({ name: spec.split(':')[0], spec, batch_ns: +batch.toFixed(3), resident_ns: +inPlace.toFixed(3), stream_ns: +stream.toFixed(3) }));
}
