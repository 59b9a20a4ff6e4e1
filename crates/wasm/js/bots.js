// The grid and DCA bots and walk-forward optimisation over rule candidates
// (crates/wasm/src/bots.rs). The bots return the same result as `backtest`.
import * as wasm from './sigil_ta.js';
import { SigilError, callWasm as call, assertReady as assertModuleReady } from './api.js';
import { show, columnsOf, ruleText, costText, strategyArgs, backtestResult } from './rules.js';

// The slim package is built without these bindings (crates/wasm feature `trading`).
function assertReady() {
  assertModuleReady();
  if (typeof wasm.grid_backtest !== 'function') {
    throw new SigilError('UNSUPPORTED', 'sigil-ta: this build (sigil-ta-slim) has no grid bot, DCA bot or walk-forward; use the full sigil-ta package');
  }
}

const invalid = (message) => new SigilError('INVALID_PARAMETER', `sigil-ta: ${message}`);

function configOf(what, config, example) {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw invalid(`${what} takes a config such as ${example}, got ${show(config)}`);
  return config;
}

// Absent numbers cross as NaN and take the core's defaults.
function numberOf(what, name, value) {
  if (value == null) return NaN;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  throw invalid(`${what} ${name} is ${show(value)}; expected a number`);
}

function textOf(what, name, value) {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  throw invalid(`${what} ${name} is ${show(value)}; expected a string`);
}

/**
 * A long-only spot grid over candles: `levels` lines from `lower` to `upper`, each cell
 * buying at its line and selling one line up. Returns the same result as `backtest`.
 */
export function gridBot(config, candles) {
  assertReady();
  const { lower, upper, levels, spacing, initialEquity, fee, periodsPerYear } = configOf('gridBot', config, '{ lower: 90, upper: 110, levels: 5 }');
  const args = [
    numberOf('gridBot', 'lower', lower),
    numberOf('gridBot', 'upper', upper),
    numberOf('gridBot', 'levels', levels),
    textOf('gridBot', 'spacing', spacing),
    numberOf('gridBot', 'initialEquity', initialEquity),
    costText(fee, 'fee'),
    numberOf('gridBot', 'periodsPerYear', periodsPerYear),
  ];
  const columns = columnsOf(candles);
  return backtestResult(call(() => wasm.grid_backtest(...args, ...columns)));
}

/**
 * Dollar-cost averaging over candles: buy `amount` at the open of every `everyBars`-th
 * bar, sell everything at average cost + `takeProfitPct`. Returns the same result as `backtest`.
 */
export function dcaBot(config, candles) {
  assertReady();
  const { amount, everyBars, takeProfitPct, maxBuys, initialEquity, fee, periodsPerYear } = configOf('dcaBot', config, '{ amount: 100, everyBars: 24 }');
  const args = [
    numberOf('dcaBot', 'amount', amount),
    numberOf('dcaBot', 'everyBars', everyBars),
    numberOf('dcaBot', 'takeProfitPct', takeProfitPct),
    numberOf('dcaBot', 'maxBuys', maxBuys),
    numberOf('dcaBot', 'initialEquity', initialEquity),
    costText(fee, 'fee'),
    numberOf('dcaBot', 'periodsPerYear', periodsPerYear),
  ];
  const columns = columnsOf(candles);
  return backtestResult(call(() => wasm.dca_backtest(...args, ...columns)));
}

/**
 * Walk-forward optimisation: in each window the candidate ({ entry, exit } rules) with
 * the best in-sample `metric` is chosen and run on the following out-of-sample window.
 */
export function walkForward(config, candles) {
  assertReady();
  const example = "{ candidates: [{ entry: 'rsi(close, 14) < 30', exit: 'rsi(close, 14) > 70' }], inSample: 200, outOfSample: 50 }";
  const { candidates, inSample, outOfSample, metric, mode = 'talib' } = configOf('walkForward', config, example);
  if (!Array.isArray(candidates)) throw invalid(`walkForward candidates is ${show(candidates)}; expected an array of { entry, exit }`);
  const entries = [];
  const exits = [];
  for (const c of candidates) {
    if (c === null || typeof c !== 'object') throw invalid(`walkForward candidate is ${show(c)}; expected { entry, exit }`);
    entries.push(ruleText(c.entry));
    exits.push(ruleText(c.exit));
  }
  const args = [
    entries,
    exits,
    numberOf('walkForward', 'inSample', inSample ?? 0),
    numberOf('walkForward', 'outOfSample', outOfSample ?? 0),
    textOf('walkForward', 'metric', metric),
    mode,
    ...strategyArgs(config),
  ];
  const columns = columnsOf(candles);
  const report = JSON.parse(call(() => wasm.walk_forward_rules(...args, ...columns)));
  return {
    metric: report.metric,
    inSampleReturn: report.in_sample_return,
    outOfSampleReturn: report.out_of_sample_return,
    windows: report.windows.map((w) => ({
      inSample: { start: w.in_sample_start, end: w.in_sample_end },
      outOfSample: { start: w.out_of_sample_start, end: w.out_of_sample_end },
      chosen: w.chosen,
      inSampleMetrics: w.in_sample,
      outOfSampleMetrics: w.out_of_sample,
    })),
  };
}
