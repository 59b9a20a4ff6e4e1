#!/usr/bin/env node
// Streaming the seven headline indicators: one Pipeline of all seven against seven
// separate Indicator.update calls per bar, on the same candles (ns per bar, best of runs).
//   node scripts/bench-js/pipeline.mjs [path/to/sigil-ta/node.js]
// Env: BENCH_BARS (default 200000), BENCH_RUNS (default 5).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchInputs } from './series.mjs';
import { INDICATORS } from './indicators.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sigil = await import(pathToFileURL(process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist/sigil-ta/node.js')));
const bars = Number(process.env.BENCH_BARS ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const { candles } = benchInputs(bars);
const specs = INDICATORS.map((i) => i.spec);

function best(fn) {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return (min * 1e6) / bars;
}

const pipeline = best(() => {
  const p = new sigil.Pipeline(specs);
  for (let i = 0; i < candles.length; i++) p.update(candles[i]);
  p.free();
});
const separate = best(() => {
  const live = specs.map((s) => new sigil.Indicator(s));
  for (let i = 0; i < candles.length; i++) {
    const bar = candles[i];
    for (let k = 0; k < live.length; k++) live[k].update(bar);
  }
  live.forEach((l) => l.free());
});
console.log(`pipeline of seven: ${pipeline.toFixed(1)} ns/bar; seven Indicator.update: ${separate.toFixed(1)} ns/bar (${bars} bars, best of ${runs})`);
