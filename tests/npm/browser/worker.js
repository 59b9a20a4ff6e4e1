// Module Web Worker: initializes sigil-ta itself (fetching the wasm next to the
// package) and answers RSI(14) of the closes it is sent, transferring both buffers back.
import { init, rsi, compute, SigilError } from '/pkg/sigil-ta/index.js';

const ready = init();

self.onmessage = async (event) => {
  try {
    await ready;
    const close = new Float64Array(event.data.close);
    const out = rsi(close, { period: 14 });
    let errorCode = null;
    try {
      compute('rsi:0', close);
    } catch (e) {
      errorCode = e instanceof SigilError ? e.code : String(e);
    }
    self.postMessage({ rsi: out.buffer, close: close.buffer, errorCode }, [out.buffer, close.buffer]);
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
