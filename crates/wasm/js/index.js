// Browser, bundler, Web Worker and edge entry: instantiate with `await init()` (fetches
// sigil_ta_bg.wasm next to this file), or `initSync(bytesOrModule)` with the bytes or a
// compiled WebAssembly.Module (Cloudflare Workers import the .wasm as a Module).
import wasmInit, { initSync as wasmInitSync } from './sigil_ta.js';
import { markReady } from './api.js';

export { SigilError, compute, list, describe, indicators, columnNames, canonicalSpec, toColumns, Indicator, Pipeline, Dataset } from './api.js';
export * from './indicators.js';

let pending;

export function init(moduleOrPath) {
  pending ??= wasmInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(markReady, (error) => {
    pending = undefined; // a failed fetch may be retried
    throw error;
  });
  return pending;
}

export function initSync(module) {
  markReady(wasmInitSync({ module }));
}
