// The bench itself, the same module in Node and in Chromium: every contender (sigil-ta's
// entry points, the JS peers, the hand-written floor) over the seven indicators, batch
// and streaming, best-of-N after warm-up, plus the loose cross-library check of the values.
// It returns raw numbers; report.mjs turns them into ratios, the table and the checklist.
import { INDICATORS } from './indicators.mjs';
import { sigilEntries } from './sigil.mjs';
import { PEERS } from './peers.mjs';
import { FLOOR } from './floor.mjs';

/**
 * The loose check runs every contender once more, untimed, on the first CHECK_BARS bars
 * and compares the last TAIL of them: far past every seeding difference, and before the
 * 1M-bar walk has drifted down to prices near 1e-8, where running sums (TA-Lib's
 * included) have lost digits differently in every library.
 */
const CHECK_BARS = 6000;
const TAIL = 1000;
/** Loose: the peers seed their averages differently, but 1M bars later they have converged. */
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

/** The first `bars` bars of every input shape. */
function headOf(inputs, bars) {
  const n = Math.min(bars, inputs.bars);
  const typed = {};
  const plain = {};
  for (const key of Object.keys(inputs.typed)) {
    typed[key] = inputs.typed[key].slice(0, n);
    plain[key] = inputs.plain[key].slice(0, n);
  }
  return { bars: n, typed, plain, candles: inputs.candles.slice(0, n) };
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

/**
 * Largest difference over the bars both series have a value for, aligned at the end,
 * relative to the largest |value| of the reference there (the walk drifts far from its
 * start price, so a fixed absolute floor would let anything pass); `missing` counts bars
 * where sigil-ta has a value and the contender has none.
 */
function looseCompare(values, reference) {
  const n = Math.min(values.length, reference.length);
  let scale = 0;
  for (let i = 1; i <= n; i++) {
    const r = reference[reference.length - i];
    if (!Number.isNaN(r)) scale = Math.max(scale, Math.abs(r));
  }
  if (scale === 0) scale = 1;
  let worst = 0;
  let compared = 0;
  let missing = 0;
  for (let i = 1; i <= n; i++) {
    const a = values[values.length - i];
    const r = reference[reference.length - i];
    if (Number.isNaN(r)) continue;
    if (Number.isNaN(a)) {
      missing++;
      continue;
    }
    worst = Math.max(worst, Math.abs(a - r) / scale);
    compared++;
  }
  return { compared, missing, maxRelDiff: worst, agree: compared > 0 && missing === 0 && worst <= LOOSE_TOLERANCE };
}

/**
 * Runs every cell. `inputs` from series.mjs benchInputs(); `now()` in milliseconds;
 * `gc` (optional) collects garbage between rounds; `pause` (optional, async) lets the host
 * breathe (the browser's event loop).
 *
 * The contenders of one indicator and mode run interleaved: each round times every one of
 * them once, in a rotated order, and the best round counts. A machine whose load changes
 * over minutes then slows all contenders alike instead of whichever ran during the busy
 * minute. A contender stops after `minRuns` rounds once it has spent `budgetMs`.
 */
export async function runBench({ sigil, inputs, runs = 5, minRuns = 3, warmups = 1, budgetMs = 10_000, now, gc, pause, log = () => {}, only }) {
  const timerResolutionMs = timerResolution(now);
  const contenders = [...sigilContenders(sigil), ...PEERS, ...FLOOR];
  const checkInputs = headOf(inputs, CHECK_BARS);
  const cells = [];
  for (const ind of INDICATORS) {
    if (only && !only.includes(ind.id)) continue;
    let reference = null;
    for (const mode of ['batch', 'stream']) {
      const group = [];
      for (const contender of contenders) {
        if (contender.mode !== mode || !contender.kernels[ind.id]) continue;
        const kernel = contender.kernels[ind.id];
        const cell = { indicator: ind.id, label: ind.label, mode, library: contender.library, entry: contender.entry };
        const member = { cell, thunk: null, best: Infinity, done: 0, spent: 0 };
        gc?.();
        try {
          member.thunk = kernel.prepare(inputs);
          let result;
          for (let i = 0; i < Math.max(1, warmups); i++) result = member.thunk();
          const end = tail(kernel.probe(result), TAIL);
          result = null;
          const probed = tail(kernel.probe(kernel.prepare(checkInputs)()), TAIL);
          // sigil-ta's batch output (first in the list) is the reference of the loose check.
          if (reference === null && contender.library === 'sigil-ta' && mode === 'batch') reference = { head: probed, end };
          if (kernel.differs) cell.loose = { skipped: kernel.differs };
          else if (reference) {
            cell.loose = looseCompare(probed, reference.head);
            // At the end of the full series only whether there is a value at all is checked.
            cell.loose.missingAtEnd = end.filter((v, i) => Number.isNaN(v) && !Number.isNaN(reference.end[reference.end.length - end.length + i])).length;
            if (cell.loose.missingAtEnd) cell.loose.agree = false;
          }
        } catch (err) {
          cell.error = String(err?.message ?? err);
        }
        group.push(member);
        cells.push(cell);
        await pause?.();
      }
      for (let round = 0; round < runs; round++) {
        gc?.();
        for (let k = 0; k < group.length; k++) {
          const member = group[(k + round) % group.length];
          if (member.cell.error || (member.done >= minRuns && member.spent > budgetMs)) continue;
          try {
            const t0 = now();
            member.thunk();
            const elapsed = now() - t0;
            member.best = Math.min(member.best, elapsed);
            member.spent += elapsed;
            member.done++;
          } catch (err) {
            member.cell.error = String(err?.message ?? err);
          }
        }
        await pause?.();
      }
      for (const { cell, best, done } of group) {
        if (!cell.error && !(best > 0)) cell.error = 'faster than the timer resolution: use more bars';
        if (!cell.error) {
          cell.ns_per_bar = (best * 1e6) / inputs.bars;
          cell.runs = done;
        }
        log(`${ind.label} ${mode} ${cell.library} ${cell.entry}: ${cell.error ? `error ${cell.error}` : `${cell.ns_per_bar.toFixed(2)} ns/bar, best of ${cell.runs}`}`);
      }
    }
  }
  return { bars: inputs.bars, timerResolutionMs, runs, minRuns, warmups, budgetMs, checkBars: checkInputs.bars, tail: TAIL, looseTolerance: LOOSE_TOLERANCE, cells };
}
