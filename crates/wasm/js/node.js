// Node entry: reads the wasm next to this file and instantiates it synchronously at
// import, so Node users need no init call (Node's fetch cannot load file: URLs).
import { readFileSync } from 'node:fs';
import { initSync as wasmInitSync } from './sigil_ta.js';
import { markReady } from './api.js';

export { SigilError, compute, list, describe, indicators, columnNames, canonicalSpec, toColumns, Indicator, Pipeline, Dataset } from './api.js';
export * from './indicators.js';
export { Rule, evaluate, backtest, score } from './rules.js';
export { signals } from './signals.js';
export { gridBot, dcaBot, walkForward } from './bots.js';

markReady(wasmInitSync({ module: readFileSync(new URL('./sigil_ta_bg.wasm', import.meta.url)) }));

/** Already initialized at import; kept so code written for browsers runs unchanged. */
export async function init() {}

/** Already initialized at import; accepts and ignores bytes or a module. */
export function initSync() {}
