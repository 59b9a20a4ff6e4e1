// `make bench-js`, part 2, the page side: bundled by chromium.mjs with esbuild (the peers
// from node_modules inlined), while sigil-ta is loaded unbundled from ./sigil-ta/ the
// way a page without a bundler uses the published package. Runs the same checks and
// bench module as Node and leaves its result in `window.__bench` for the runner.
import { init, compute, Indicator, indicators } from './sigil-ta/index.js';
import { BARS, benchInputs } from './series.mjs';
import { INDICATORS } from './indicators.mjs';
import { checkGolden } from './golden.mjs';
import { streamEqualsBatch } from './sigil.mjs';
import { runBench } from './bench.mjs';
import { benchOptions } from './options.mjs';

async function main() {
  await init();
  const sigil = { compute, Indicator, indicators };
  const params = Object.fromEntries(new URLSearchParams(location.search));
  const options = benchOptions(params, BARS);
  const readText = async (p) => {
    const res = await fetch(p);
    if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
    return res.text();
  };
  const golden = await checkGolden({ compute, functions: INDICATORS.map((i) => i.talib), seriesNames: JSON.parse(params.series ?? '[]'), readText });
  console.log(`golden: ${golden.checked.length} TA-Lib cases, ${golden.failures.length} failures`);
  const inputs = benchInputs(options.bars);
  const streamBatch = { bars: Math.min(20_000, inputs.bars), failures: streamEqualsBatch(sigil, INDICATORS, inputs) };
  if (golden.failures.length || streamBatch.failures.length) return { golden, streamBatch, raw: null, options };
  const raw = await runBench({
    sigil,
    inputs,
    ...options,
    now: () => performance.now(),
    gc: globalThis.gc,
    pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    log: (m) => console.log(m),
  });
  return { golden, streamBatch, raw, options, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
}

window.__bench = { done: false };
main().then(
  (result) => Object.assign(window.__bench, { done: true, result }),
  (err) => Object.assign(window.__bench, { done: true, error: String(err?.stack ?? err) }),
);
