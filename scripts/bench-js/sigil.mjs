// sigil-ta's entry points as bench contenders. Each entry is one object: `prepare(ind,
// inputs)` returns the function that is timed (it runs the whole series once and returns
// what the loose check reads), `probe(result, ind)` the compared values aligned at the
// series end. A new entry point of the package (resident columns, Pipeline, typed
// functions) is one more function below plus one line in `sigilEntries`.
import { NEEDS_HLC } from './indicators.mjs';
import { freshLoop } from './loop.mjs';

/** Batch through `compute(spec, columns)`: Float64Array columns in, Float64Array out. */
function computeEntry(sigil) {
  return {
    library: 'sigil-ta',
    entry: 'compute',
    mode: 'batch',
    prepare: (ind, inputs) => {
      const columns = inputs.typed;
      return () => sigil.compute(ind.spec, columns);
    },
    probe: (out, ind) => out[ind.compare],
  };
}

/**
 * Streaming through `new Indicator(spec).update(bar)`, one closed bar per call: the price
 * alone for close-only indicators, a candle object for high/low/close ones (the same
 * inputs the streaming peers get).
 */
function indicatorUpdateEntry(sigil) {
  return {
    library: 'sigil-ta',
    entry: 'Indicator.update',
    mode: 'stream',
    prepare: (ind, inputs) => {
      const bars = NEEDS_HLC.has(ind.id) ? inputs.candles : inputs.plain.close;
      const loop = freshLoop('update');
      return () => {
        const live = new sigil.Indicator(ind.spec);
        try {
          return loop(bars, live);
        } finally {
          live.free();
        }
      };
    },
    probe: (last, ind) => [typeof last === 'number' ? last : last[ind.compare]],
  };
}

/**
 * Resident columns: the candles cross into wasm once (a `Dataset`, built outside the
 * timing, as a chart holds its series), then `compute(spec, { view: true })` returns views
 * over wasm memory, no copy out. The probe copies what it reads, since a view is only valid
 * until the next call into sigil-ta.
 */
function datasetEntry(sigil) {
  return {
    library: 'sigil-ta',
    entry: 'Dataset.compute(view)',
    mode: 'batch',
    prepare: (ind, inputs) => {
      const dataset = new sigil.Dataset(inputs.typed);
      return () => {
        const out = dataset.compute(ind.spec, { view: true });
        return { [ind.compare]: Float64Array.from(out[ind.compare]) };
      };
    },
    probe: (out, ind) => out[ind.compare],
  };
}

/**
 * Streaming through a one-spec `Pipeline` (`update(bar)` returns the reused values view):
 * what a Pipeline costs per indicator; `pipeline.mjs` compares seven-in-one with seven
 * separate updates.
 */
function pipelineUpdateEntry(sigil) {
  return {
    library: 'sigil-ta',
    entry: 'Pipeline.update',
    mode: 'stream',
    prepare: (ind, inputs) => {
      const bars = NEEDS_HLC.has(ind.id) ? inputs.candles : inputs.plain.close;
      const loop = freshLoop('update');
      return () => {
        const live = new sigil.Pipeline([ind.spec]);
        try {
          const values = loop(bars, live);
          return Object.fromEntries(live.outputs.map((name, i) => [name, values[i]]));
        } finally {
          live.free();
        }
      };
    },
    probe: (last, ind) => [last[ind.compare]],
  };
}

/**
 * Every sigil-ta entry point the package in hand offers. Add newer ones behind a feature
 * test (e.g. `if (sigil.Pipeline) entries.push(pipelineEntry(sigil))`) so the bench still
 * runs against builds without them; each shows up as its own column and the checklist
 * takes the fastest sigil-ta entry of each mode.
 */
export function sigilEntries(sigil) {
  const entries = [computeEntry(sigil), indicatorUpdateEntry(sigil)];
  if (sigil.Dataset) entries.push(datasetEntry(sigil));
  if (sigil.Pipeline) entries.push(pipelineUpdateEntry(sigil));
  return entries;
}

/**
 * Streaming must equal batch on the bench series (the package's contract): the first
 * `bars` bars through Indicator.update against compute() on the same bars.
 * Returns a list of failures (empty when they agree within 1e-12 relative).
 */
export function streamEqualsBatch(sigil, indicators, inputs, bars = 20_000) {
  const failures = [];
  const n = Math.min(bars, inputs.bars);
  const typed = {};
  for (const [key, column] of Object.entries(inputs.typed)) typed[key] = column.subarray(0, n);
  for (const ind of indicators) {
    const batch = sigil.compute(ind.spec, typed);
    const names = Object.keys(batch);
    const live = new sigil.Indicator(ind.spec);
    try {
      for (let i = 0; i < n && failures.length < 20; i++) {
        const value = live.update(inputs.candles[i]);
        names.forEach((name) => {
          const a = typeof value === 'number' ? value : value[name];
          const b = batch[name][i];
          const same = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
          if (!same) failures.push(`${ind.spec} ${name} bar ${i}: update ${a} != compute ${b}`);
        });
      }
    } finally {
      live.free();
    }
  }
  return failures;
}
