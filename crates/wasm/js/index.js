// Browser, bundler, Web Worker and edge entry: instantiate with `await init()` (fetches
// sigil_ta_bg.wasm next to this file), or `initSync(bytesOrModule)` with the bytes or a
// compiled WebAssembly.Module (Cloudflare Workers import the .wasm as a Module).
import wasmInit, { initSync as wasmInitSync } from './sigil_ta.js';
import { markReady } from './api.js';

export { SigilError, compute, list, describe, indicators, columnNames, canonicalSpec, toColumns, Indicator, Pipeline, Dataset } from './api.js';
export * from './indicators.js';
export { Rule, evaluate, backtest, score } from './rules.js';
export { signals } from './signals.js';
export { gridBot, dcaBot, walkForward } from './bots.js';

let pending;

// wasm-bindgen's own shapes ({ module }, { module_or_path }) are accepted too.
const unwrap = (input, key) =>
  input !== null && typeof input === 'object' && key in input && !(input instanceof WebAssembly.Module) && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer) ? input[key] : input;

export function init(moduleOrPath) {
  const input = unwrap(moduleOrPath, 'module_or_path');
  pending ??= wasmInit(input === undefined ? undefined : { module_or_path: input }).then(markReady, (error) => {
    pending = undefined; // a failed fetch may be retried
    throw error;
  });
  return pending;
}

export function initSync(module) {
  markReady(wasmInitSync({ module: unwrap(module, 'module') }));
}
