// Node entry: reads the wasm next to this file and instantiates it synchronously at
// import, so Node users need no init call (Node's fetch cannot load file: URLs).
import { readFileSync } from 'node:fs';
import { initSync as wasmInitSync } from './sigil_ta.js';
import { markReady } from './api.js';

export { compute, columnNames, canonicalSpec, indicators, Indicator, toColumns } from './api.js';

wasmInitSync({ module: readFileSync(new URL('./sigil_ta_bg.wasm', import.meta.url)) });
markReady();

/** Already initialized at import; kept so code written for browsers runs unchanged. */
export async function init() {}

export function initSync() {}
