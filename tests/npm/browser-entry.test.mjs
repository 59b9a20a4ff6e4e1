// The browser entry (index.js) run in Node: it must refuse use before init, then work
// after init() with the wasm bytes, as a page or a Web Worker would do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pkgDir } from './support.mjs';

const entry = await import(`${pkgDir}/index.js`);

test('use before init() fails with a clear message', () => {
  assert.throws(() => entry.compute('sma:2', [1, 2, 3]), { code: 'NOT_INITIALIZED', message: /call `await init\(\)`/ });
});

test('init() with the wasm bytes, then compute', async () => {
  await entry.init(fs.readFileSync(path.join(pkgDir, 'sigil_ta_bg.wasm')));
  await entry.init(); // idempotent: a second call neither fetches nor fails
  assert.deepEqual([...entry.compute('sma:2', [1, 2, 3]).sma], [NaN, 1.5, 2.5]);
});

test('initSync takes bytes, a compiled module or { module }, each in a fresh process', async () => {
  const { execFileSync } = await import('node:child_process');
  const entryUrl = new URL(`file://${pkgDir}/index.js`).href;
  const wasmPath = path.join(pkgDir, 'sigil_ta_bg.wasm');
  for (const arg of ['bytes', 'new WebAssembly.Module(bytes)', '{ module: bytes }', '{ module: new WebAssembly.Module(bytes) }']) {
    const script = `import fs from 'node:fs';
      const { initSync, compute } = await import(${JSON.stringify(entryUrl)});
      const bytes = fs.readFileSync(${JSON.stringify(wasmPath)});
      initSync(${arg});
      console.log(JSON.stringify([...compute('sma:2', [1, 2, 3]).sma].map(String)));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), ['NaN', '1.5', '2.5'], arg);
  }
});
