#!/usr/bin/env node
// `make bench`, last step: one table from the measurements of this run.
//   criterion (target/criterion/<NAME>/{sigil_batch,sigil_stream,talib_batch}/...)
//   target/bench/native-sweep.jsonl, target/bench/wasm.jsonl and
//   target/bench/resident.jsonl (scripts/bench-resident.mjs: alternating rounds)
// Ratios compare numbers measured in the same `make bench` run on the same machine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BARS = 1_000_000;
const HEADLINE = ['SMA', 'EMA', 'RSI', 'MACD', 'BBANDS', 'ATR', 'STOCH'];

function criterionNs(group, fn) {
  const dir = path.join(root, 'target/criterion', group, fn);
  if (!fs.existsSync(dir)) return undefined;
  // One sub-folder per spec (BenchmarkId parameter).
  for (const sub of fs.readdirSync(dir)) {
    const file = path.join(dir, sub, 'new/estimates.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).median.point_estimate / BARS;
  }
  return undefined;
}

function readLines(file) {
  const p = path.join(root, file);
  if (!fs.existsSync(p)) return new Map();
  return new Map(fs.readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((r) => [r.name, r]));
}

const wasm = readLines('target/bench/wasm.jsonl');
const resident = readLines('target/bench/resident.jsonl');
const sweep = readLines('target/bench/native-sweep.jsonl');
const fmt = (x) => (x === undefined ? '—' : x.toFixed(2));
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
// Best round, then the spread of all rounds.
const spread = (best, rounds) => (best === undefined ? '—' : `${best.toFixed(2)} (${Math.min(...rounds).toFixed(1)}–${Math.max(...rounds).toFixed(1)})`);

console.log('\nHeadline indicators, 1M bars, ns/bar. Native against the ta-lib crate: criterion medians, both sides');
console.log('allocating their outputs. wasm compute = compute(spec, candles) under Node, copies in and out included');
console.log('(best of 5). Resident: Dataset.compute(spec, {view: true}), candles already in wasm memory, results read in');
console.log('place, against the native kernel with reused memory: best of the alternating rounds of');
console.log('scripts/bench-resident.mjs, all rounds\' range in brackets. Streaming: native criterion, wasm Indicator.update');
console.log('fed candle objects (best of 3).\n');
console.log('| indicator | Sigil native batch | ta-lib crate batch | Sigil / ta-lib | Sigil wasm compute | Sigil native, reused memory | Sigil wasm resident | resident / native | Sigil native stream | Sigil wasm stream |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of HEADLINE) {
  const native = criterionNs(name, 'sigil_batch');
  const talib = criterionNs(name, 'talib_batch');
  const stream = criterionNs(name, 'sigil_stream');
  const w = wasm.get(name.toLowerCase());
  const r = resident.get(name.toLowerCase());
  if (native === undefined) {
    console.log(`| ${name} | not implemented yet | ${fmt(talib)} | — | — | — | — | — | — | — |`);
    continue;
  }
  console.log(
    `| ${name} | ${fmt(native)} | ${fmt(talib)} | ${ratio(native, talib)} | ${fmt(w?.batch_ns)} | ${spread(r?.native_ns, r?.native_rounds)} | ${spread(r?.resident_ns, r?.resident_rounds)} | ${ratio(r?.resident_ns, r?.native_ns)} | ${fmt(stream)} | ${fmt(w?.stream_ns)} |`,
  );
}

if (sweep.size) {
  console.log('\nEvery registry indicator at its defaults, 1M bars, ns/bar (best of 3 native, 5 wasm); the ta-lib crate');
  console.log('where it has the function, same parameters, same process as Sigil native\n');
  console.log('| indicator | native batch | ta-lib crate batch | native / ta-lib | native stream | wasm compute | wasm resident | wasm stream |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, r] of sweep) {
    const w = wasm.get(name);
    const talib = r.talib_ns ?? undefined;
    console.log(
      `| ${r.spec} | ${fmt(r.batch_ns)} | ${fmt(talib)} | ${ratio(r.batch_ns, talib)} | ${fmt(r.stream_ns)} | ${fmt(w?.batch_ns)} | ${fmt(w?.resident_ns)} | ${fmt(w?.stream_ns)} |`,
    );
  }
  const slower = [...sweep.values()].filter((r) => r.talib_ns && r.batch_ns > 1.2 * r.talib_ns).sort((a, b) => b.batch_ns / b.talib_ns - a.batch_ns / a.talib_ns);
  console.log(`\nNative batch more than 1.2x the ta-lib crate (${slower.length} of ${[...sweep.values()].filter((r) => r.talib_ns).length}):`);
  console.log(slower.map((r) => `${r.spec} ${(r.batch_ns / r.talib_ns).toFixed(1)}x`).join(', ') || 'none');
}
