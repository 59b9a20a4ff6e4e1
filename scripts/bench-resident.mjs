#!/usr/bin/env node
// `make bench`, part 4: the wasm resident mode (Dataset.compute(spec, {view: true}),
// candles already in wasm memory) against the native kernel, on the headline specs.
//
// Native and wasm cannot share a process, and this machine's speed moves 1.3-2x from one
// process to the next (memory bandwidth shared with its neighbours: the light kernels,
// which stream 16-24 MB per call, swing the most). A ratio of two single runs then says
// more about the two processes than about the kernels. So this runs both sides in
// alternating rounds (native first in even rounds, wasm first in odd ones), each round
// a fresh process per side timing the same specs on the same seeded 1M-bar series, and
// reports each side's best round and their ratio; every round's figure is kept in the
// output, so the spread is visible next to the ratio.
//
// Both sides compute into memory their allocator already holds. dlmalloc in wasm never
// returns memory, so the resident mode reuses the previous call's result columns; glibc
// unmaps or trims freed 8 MB blocks, so a native call with several outputs would fault
// its pages in afresh (MACD, BBANDS: a third of their time). The native rounds run with
// glibc told to keep freed memory (GLIBC_TUNABLES below), so the ratio compares kernels,
// not allocators. (The criterion table, native against the `ta-lib` crate, leaves the
// allocator alone: there both sides allocate alike.)
//
// Within a round each side times a spec seven times and keeps the best (native:
// SIGIL_SWEEP_RUNS=7; wasm: bench-wasm.mjs's seven, after warm-up calls that bring the
// kernel onto V8's optimizing tier: its first calls run baseline code, 1.3-4x slower).
//
// Output: one JSON line per spec (read by scripts/bench-report.mjs).
// SIGIL_BENCH_ROUNDS (default 7) and SIGIL_BENCH_BARS shorten a run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.SIGIL_BENCH_ROUNDS) || 7;
// The same specs as crates/core/benches/headline.rs and scripts/bench-wasm.mjs.
const HEADLINE = ['sma:30', 'ema:30', 'rsi:14', 'macd:12:26:9', 'bbands:20:2:2:sma', 'atr:14', 'stoch:5:3:sma:3:sma'];

function jsonLines(command, args, env = process.env) {
  const run = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${run.status ?? run.signal}):\n${run.stderr}`);
  }
  return run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

// Blocks up to 32 MB (glibc's ceiling for this setting) come from the heap, and the heap
// is never trimmed.
const keepFreedMemory = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=68719476736';
const nativeEnv = { ...process.env, GLIBC_TUNABLES: keepFreedMemory, SIGIL_SWEEP_RUNS: '7' };
const sides = {
  native: () =>
    jsonLines(process.env.CARGO || 'cargo', ['bench', '-q', '-p', 'sigil-core', '--bench', 'sweep', '--', ...HEADLINE], nativeEnv).map((r) => r.batch_ns),
  resident: () => jsonLines(process.execPath, [path.join(root, 'scripts/bench-wasm.mjs'), '--resident-only', ...HEADLINE]).map((r) => r.resident_ns),
};

const rounds = { native: [], resident: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['native', 'resident'] : ['resident', 'native'];
  for (const side of order) {
    const figures = sides[side]();
    if (figures.length !== HEADLINE.length) throw new Error(`${side}: expected ${HEADLINE.length} results, got ${figures.length}`);
    rounds[side].push(figures);
  }
}

HEADLINE.forEach((spec, i) => {
  const native = rounds.native.map((r) => r[i]);
  const resident = rounds.resident.map((r) => r[i]);
  const best = (xs) => Math.min(...xs);
  console.log(
    JSON.stringify({
      name: spec.split(':')[0],
      spec,
      native_ns: best(native),
      resident_ns: best(resident),
      ratio: +(best(resident) / best(native)).toFixed(3),
      native_rounds: native,
      resident_rounds: resident,
    }),
  );
});
