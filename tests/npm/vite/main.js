// A Vite app using sigil-ta as an installed dependency: `init()` with no argument must
// find the .wasm that Vite emitted as an asset. The result goes to globalThis (read by
// the Node run of the built bundle) and into the page.
import { init, compute, sma, Pipeline, SigilError } from 'sigil-ta';

async function run() {
  await init();
  const closes = [1, 2, 3, 2, 3, 4, 5, 4];
  const batch = compute('sma:2,rsi:2', closes);
  const pipe = new Pipeline(['sma:2']);
  const streamed = closes.map((c) => pipe.update(c)[0]);
  let code = null;
  try {
    compute('nope', closes);
  } catch (e) {
    code = e instanceof SigilError ? e.code : 'not a SigilError';
  }
  return { sma: Array.from(batch.sma, String), rsi: Array.from(batch.rsi, String), fn: Array.from(sma(closes, { period: 2 }), String), streamed: streamed.map(String), code };
}

globalThis.sigilResult = run().then(
  (result) => {
    if (typeof document !== 'undefined') document.getElementById('out').textContent = JSON.stringify(result);
    return result;
  },
  (error) => {
    if (typeof document !== 'undefined') document.getElementById('out').textContent = `error: ${error.message}`;
    throw error;
  },
);
