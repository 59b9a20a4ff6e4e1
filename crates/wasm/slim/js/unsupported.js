// sigil-ta-slim is built without the rule language, backtester, bots, score and signal
// primitives (crates/wasm feature `trading`). Its rules.js, signals.js and bots.js keep
// the full package's exports, so imports resolve the same, and each export throws this.
import { SigilError } from './api.js';

export function unsupported(what) {
  throw new SigilError('UNSUPPORTED', `sigil-ta: this build (sigil-ta-slim) has no ${what}; use the full sigil-ta package`);
}
