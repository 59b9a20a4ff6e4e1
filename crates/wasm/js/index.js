// Browser, bundler and edge entry: instantiate with `await init()` (fetches
// sigil_ta_bg.wasm next to this file) or `initSync({ module })` with bytes or a
// compiled WebAssembly.Module (Cloudflare Workers import the .wasm as a Module).
import wasmInit, { initSync as wasmInitSync } from './sigil_ta.js';
import { markReady } from './api.js';

export { compute, columnNames, canonicalSpec, indicators, Indicator, toColumns } from './api.js';

let pending;

export function init(moduleOrPath) {
  pending ??= wasmInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(() => markReady());
  return pending;
}

export function initSync(module) {
  wasmInitSync({ module });
  markReady();
}
