// Loaded by page.html through <script type="module">, straight from the package folder
// (no bundler). Exposes window.run for tests/npm/chromium.test.mjs: the chart's own
// indicator code (www/chart/indicators.js) over the package, and a Web Worker round
// trip that transfers the input and output buffers instead of copying them.
import * as sigil from '/pkg/sigil-ta/index.js';
import { computeIndicators } from '/www/chart/indicators.js';

const strings = (column) => Array.from(column, String);

async function viaWorker(close) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  try {
    const reply = new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
    });
    const sent = close.buffer;
    worker.postMessage({ close: sent }, [sent]);
    const detachedAfterSend = sent.byteLength === 0;
    const data = await reply;
    if (data.error) throw new Error(`worker: ${data.error}`);
    return { detachedAfterSend, rsi: strings(new Float64Array(data.rsi)), returned: new Float64Array(data.close).length, errorCode: data.errorCode };
  } finally {
    worker.terminate();
  }
}

window.run = async (rows) => {
  const before = (() => {
    try {
      sigil.compute('sma', [1]);
      return 'no error';
    } catch (e) {
      return e.code;
    }
  })();
  await sigil.init();
  const chart = computeIndicators(sigil, ['ema:20', 'rsi:14', 'macd'], rows, { mode: 'talib' });
  const close = Float64Array.from(rows, (r) => r[4]);
  const worker = await viaWorker(close);
  const live = new sigil.Indicator('rsi:14');
  const streamed = strings(rows.map((r) => live.update(r)));
  return {
    before,
    chart: chart.map((series) => ({ name: series.name, label: series.label, overlay: series.overlay, outputs: series.outputs.map((o) => ({ name: o.name, values: strings(o.values) })) })),
    worker,
    streamed,
  };
};
document.getElementById('out').textContent = 'ready';
