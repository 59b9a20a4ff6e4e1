// A Vite production build of an app that depends on sigil-ta (tests/npm/vite/, with the
// package linked into its node_modules as an install would put it): the .wasm must be
// emitted as an asset, unchanged, and the built bundle must find and run it. The bundle
// is run in Node with fetch reading file: URLs (what a browser does over http).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { pkgDir, root } from './support.mjs';

test('vite build emits the wasm and the bundle computes with it', { timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-vite-'));
  try {
    const app = path.join(dir, 'app');
    const out = path.join(dir, 'out');
    fs.cpSync(path.join(root, 'tests/npm/vite'), app, { recursive: true });
    fs.mkdirSync(path.join(app, 'node_modules'));
    fs.symlinkSync(pkgDir, path.join(app, 'node_modules/sigil-ta'), 'dir');
    await build({ root: app, base: './', configFile: false, logLevel: 'warn', // The modulepreload polyfill touches `document`; the bundle is also run outside a page.
    build: { outDir: out, emptyOutDir: true, modulePreload: { polyfill: false } } });

    const assets = fs.readdirSync(path.join(out, 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    const js = assets.filter((f) => f.endsWith('.js'));
    assert.equal(wasm.length, 1, `assets: ${assets.join(', ')}`);
    assert.equal(js.length, 1, `assets: ${assets.join(', ')}`);
    assert.ok(fs.readFileSync(path.join(out, 'assets', wasm[0])).equals(fs.readFileSync(path.join(pkgDir, 'sigil_ta_bg.wasm'))), 'the emitted wasm is the package wasm');
    const bundle = fs.readFileSync(path.join(out, 'assets', js[0]), 'utf8');
    assert.ok(bundle.includes(wasm[0]), 'the bundle refers to the emitted wasm');
    assert.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), new RegExp(`src="./assets/${js[0]}"`));

    // Run the bundle as the page would, in a fresh Node process.
    const runner = `
      import fs from 'node:fs';
      import { fileURLToPath } from 'node:url';
      globalThis.fetch = async (url) => new Response(fs.readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
      await import(${JSON.stringify(pathToFileURL(path.join(out, 'assets', js[0])).href)});
      console.log(JSON.stringify(await globalThis.sigilResult));`;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', runner], { encoding: 'utf8' }));
    const sma2 = ['NaN', '1.5', '2.5', '2.5', '2.5', '3.5', '4.5', '4.5'];
    assert.deepEqual(result.sma, sma2);
    assert.deepEqual(result.fn, sma2);
    assert.deepEqual(result.streamed, sma2);
    assert.deepEqual(result.rsi.slice(0, 5), ['NaN', 'NaN', '100', '50', '75']);
    assert.equal(result.code, 'UNKNOWN_INDICATOR');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
