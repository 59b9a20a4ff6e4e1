#!/usr/bin/env node
// `make demo`: starts the edge worker (offline replay of real candles) and the demo page
// on 127.0.0.1, prints the URL, and stops both on Ctrl-C.
import { startWorker } from '../tests/support/worker.mjs';
import { startStatic } from '../www/serve.mjs';

const workerPort = Number(process.env.WORKER_PORT ?? 8787);
const pagePort = Number(process.env.PAGE_PORT ?? 8080);

const worker = await startWorker({ port: workerPort });
let page;
try {
  page = await startStatic({ port: pagePort, host: '127.0.0.1' });
} catch (error) {
  await worker.stop();
  throw error;
}

console.log(`
Sigil demo
  worker (replayed BTC/USD candles): ${worker.url}/v1/candles?exchange=replay&symbol=BTC/USD&interval=1h&limit=500
  indicators at the edge:            ${worker.url}/v1/indicators?exchange=replay&symbol=BTC/USD&interval=1h&limit=500&ind=rsi:14,ema:20
  chart page:                        ${page.url}?api=${encodeURIComponent(worker.url)}

Press Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([worker.stop(), page.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
