// A Cloudflare Worker that uses sigil-ta the way the package README says: the .wasm
// imported as a compiled WebAssembly.Module and handed to initSync. Run under
// Miniflare (workerd) by tests/npm/workerd.test.mjs, next to a copy of the package.
import wasm from './sigil-ta/sigil_ta_bg.wasm';
import { initSync, compute, rsi, Indicator, Pipeline, Dataset, SigilError, describe } from './sigil-ta/index.js';

initSync({ module: wasm }); // wasm-bindgen's shape; initSync(wasm) works too

export default {
  async fetch(request) {
    const candles = await request.json();
    const batch = compute('sma:3,macd:2:3:2', candles);
    const live = new Indicator('sma:3');
    const streamed = candles.map((row) => live.update(row));
    const pipe = new Pipeline(['sma:3', 'rsi:2']);
    const piped = candles.map((row) => Array.from(pipe.update(row)));
    const dataset = new Dataset(candles);
    const resident = Array.from(dataset.compute('sma:3', { view: true }).sma);
    let error = null;
    try {
      compute('rsi:1', candles);
    } catch (e) {
      error = { sigil: e instanceof SigilError, code: e.code, message: e.message };
    }
    return Response.json({
      module: wasm instanceof WebAssembly.Module,
      columns: Object.keys(batch),
      sma: Array.from(batch.sma),
      macdhist: Array.from(batch.macd_macdhist),
      rsi: Array.from(rsi(candles.map((row) => row[4]), { period: 2 })),
      streamed,
      piped,
      resident,
      error,
      lookback: describe('sma').lookback,
    });
  },
};
