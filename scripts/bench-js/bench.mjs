// The bench itself, the same module in Node and in Chromium: every contender (sigil-ta's
// entry points, the JS peers, the hand-written floor) over the seven indicators, batch
// and streaming, best-of-N after warm-up, plus the loose cross-library check of the values.
// It returns raw numbers; report.mjs turns them into ratios, the table and the checklist.
import { INDICATORS } from './indicators.mjs';
import { sigilEntries } from './sigil.mjs';
import { PEERS } from './peers.mjs';
import { FLOOR } from './floor.mjs';

/** How many bars at the series end the loose check compares (past every warm-up). */
const TAIL = 1000;
/** Loose: the peers seed their averages differently, but on a 1M-bar walk they converge. */
const LOOSE_TOLERANCE = 1e-6;

/** sigil-ta entries in the contender shape of peers.mjs (kernels per indicator id). */
function sigilContenders(sigil) {
  return sigilEntries(sigil).map((entry) => ({
    library: entry.library,
    entry: entry.entry,
    mode: entry.mode,
    kernels: Object.fromEntries(INDICATORS.map((ind) => [ind.id, { prepare: (d) => entry.prepare(ind, d), probe: (o) => entry.probe(o, ind) }])),
  }));
}

/** Best-of-`runs` wall time of `thunk` after `warmups` untimed calls; stops early past `budgetMs` once `minRuns` ran. */
function measure(thunk, { warmups, runs, minRuns, budgetMs, now }) {
  let result;
  for (let i = 0; i < warmups; i++) result = thunk();
  let best = Infinity;
  let done = 0;
  const start = now();
  while (done < runs) {
    const t0 = now();
    result = thunk();
    const elapsed = now() - t0;
    if (elapsed < best) best = elapsed;
    done++;
    if (done >= minRuns && now() - start > budgetMs) break;
  }
  return { bestMs: best, runs: done, result };
}

/** The smallest step `now()` moves by (browsers coarsen it, to 0.1 ms without cross-origin isolation). */
function timerResolution(now) {
  let smallest = Infinity;
  for (let i = 0; i < 20; i++) {
    const t0 = now();
    let t1 = now();
    while (t1 === t0) t1 = now();
    smallest = Math.min(smallest, t1 - t0);
  }
  return smallest;
}

/** The last `n` values of an array-like, as numbers (null/undefined become NaN). */
function tail(values, n) {
  const from = Math.max(0, values.length - n);
  return Array.from({ length: values.length - from }, (_, i) => {
    const v = values[from + i];
    return typeof v === 'number' ? v : NaN;
  });
}

/** Largest relative difference over the bars both series have a value for, aligned at the end. */
function looseCompare(values, reference) {
  const n = Math.min(values.length, reference.length);
  let worst = 0;
  let compared = 0;
  for (let i = 1; i <= n; i++) {
    const a = values[values.length - i];
    const r = reference[reference.length - i];
    if (Number.isNaN(a) || Number.isNaN(r)) continue;
    worst = Math.max(worst, Math.abs(a - r) / Math.max(1, Math.abs(r)));
    compared++;
  }
  return { compared, maxRelDiff: worst, agree: compared > 0 && worst <= LOOSE_TOLERANCE };
}

/**
 * Runs every cell. `inputs` from series.mjs benchInputs(); `now()` in milliseconds;
 * `gc` (optional) collects garbage between cells; `pause` (optional, async) lets the host
 * breathe between cells (the browser's event loop).
 */
export async function runBench({ sigil, inputs, runs = 5, minRuns = 3, warmups = 1, budgetMs = 10_000, now, gc, pause, log = () => {}, only }) {
  const timerResolutionMs = timerResolution(now);
  const contenders = [...sigilContenders(sigil), ...PEERS, ...FLOOR];
  const cells = [];
  for (const ind of INDICATORS) {
    if (only && !only.includes(ind.id)) continue;
    let reference = null;
    for (const mode of ['batch', 'stream']) {
      for (const contender of contenders) {
        if (contender.mode !== mode || !contender.kernels[ind.id]) continue;
        const kernel = contender.kernels[ind.id];
        const cell = { indicator: ind.id, label: ind.label, mode, library: contender.library, entry: contender.entry };
        gc?.();
        try {
          const { bestMs, runs: done, result } = measure(kernel.prepare(inputs), { warmups, runs, minRuns, budgetMs, now });
          if (!(bestMs > 0)) throw new Error('faster than the timer resolution: use more bars');
          cell.ns_per_bar = (bestMs * 1e6) / inputs.bars;
          cell.runs = done;
          const probed = tail(kernel.probe(result), TAIL);
          // sigil-ta's batch output (measured first) is the reference of the loose check.
          if (reference === null && contender.library === 'sigil-ta' && mode === 'batch') reference = probed;
          if (kernel.differs) cell.loose = { skipped: kernel.differs };
          else if (reference) cell.loose = looseCompare(probed, reference);
        } catch (err) {
          cell.error = String(err?.message ?? err);
        }
        log(`${ind.label} ${mode} ${contender.library} ${contender.entry}: ${cell.error ? `error ${cell.error}` : `${cell.ns_per_bar.toFixed(2)} ns/bar, best of ${cell.runs}`}`);
        cells.push(cell);
        await pause?.();
      }
    }
  }
  return { bars: inputs.bars, timerResolutionMs, runs, minRuns, warmups, budgetMs, tail: TAIL, looseTolerance: LOOSE_TOLERANCE, cells };
}
