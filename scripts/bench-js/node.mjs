#!/usr/bin/env node
// `make bench-js`, part 1: sigil-ta against the JS peers under Node, on the 1M-bar bench
// series. Checks sigil-ta against TA-Lib's golden outputs first (exit 1 if they
// disagree), then times every cell; prints the markdown table, writes
// target/bench/js-node.json.
//   node --expose-gc scripts/bench-js/node.mjs
// Env: BENCH_BARS (default 1000000), BENCH_RUNS (best of, default 5), BENCH_ONLY=sma,rsi.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BARS, benchInputs } from './series.mjs';
import { INDICATORS } from './indicators.mjs';
import { checkGolden } from './golden.mjs';
import { streamEqualsBatch } from './sigil.mjs';
import { runBench } from './bench.mjs';
import { buildReport } from './report.mjs';
import { versions } from './versions.mjs';
import { benchOptions, machine } from './options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'dist/sigil-ta/node.js');
if (!fs.existsSync(pkg)) {
  console.error('dist/sigil-ta is missing: run `make npm` first');
  process.exit(1);
}
const sigil = await import(pkg);
const options = benchOptions(process.env, BARS);

const golden = await checkGolden({
  compute: sigil.compute,
  functions: INDICATORS.map((i) => i.talib),
  seriesNames: fs.readdirSync(path.join(root, 'tests/fixtures/talib')).filter((d) => fs.existsSync(path.join(root, 'tests/fixtures/talib', d, 'manifest.json'))),
  readText: (p) => fs.promises.readFile(path.join(root, p), 'utf8'),
});
console.error(`golden: ${golden.checked.length} TA-Lib cases, ${golden.failures.length} failures`);

const inputs = benchInputs(options.bars);
const streamBatch = { bars: Math.min(20_000, inputs.bars), failures: streamEqualsBatch(sigil, INDICATORS, inputs) };
if (golden.failures.length || streamBatch.failures.length) {
  for (const f of [...golden.failures, ...streamBatch.failures].slice(0, 30)) console.error(`FAIL ${f}`);
  console.error('bench-js: sigil-ta disagrees with TA-Lib or with itself; not timing');
  process.exit(1);
}

if (!globalThis.gc) console.error('note: run with --expose-gc to collect garbage between cells');
const raw = await runBench({ sigil, inputs, ...options, now: () => performance.now(), gc: globalThis.gc, log: (m) => console.error(m) });
const runtime = { name: 'node', version: process.version, ...machine(os) };
const { json, text } = buildReport({ title: `Node ${process.version}, ${inputs.bars.toLocaleString('en')} bars, best of ${options.runs}`, runtime, versions: versions(root), raw, golden, streamBatch });
fs.mkdirSync(path.join(root, 'target/bench'), { recursive: true });
fs.writeFileSync(path.join(root, 'target/bench/js-node.json'), JSON.stringify(json, null, 2) + '\n');
console.log(text);
console.error('wrote target/bench/js-node.json');
