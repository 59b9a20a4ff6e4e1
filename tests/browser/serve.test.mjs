// www/serve.mjs: routes, MIME types, 404s and path-traversal refusal. No browser needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStatic } from '../../www/serve.mjs';

let web;
let pkgDir;

before(async () => {
  // A throwaway package dir, so this test does not depend on `make npm`.
  pkgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-serve-pkg-'));
  fs.writeFileSync(path.join(pkgDir, 'index.js'), 'export const ok = true;\n');
  fs.writeFileSync(path.join(pkgDir, 'sigil_ta_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  web = await startStatic({ port: 0, pkgDir });
});

after(async () => {
  await web?.close();
  if (pkgDir) fs.rmSync(pkgDir, { recursive: true, force: true });
});

/** A raw GET, so paths like /../x reach the server un-normalised. */
function rawGet(pathname, method = 'GET') {
  const { hostname, port } = new URL(web.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the demo page and its modules with the right types', async () => {
  const index = await rawGet('/');
  assert.equal(index.status, 200);
  assert.match(index.type, /^text\/html/);
  assert.match(index.body, /demo\.js/);
  const js = await rawGet('/demo.js');
  assert.equal(js.status, 200);
  assert.match(js.type, /^text\/javascript/);
  assert.match((await rawGet('/style.css')).type, /^text\/css/);
});

test('serves the package at /pkg/sigil-ta/ with application/wasm', async () => {
  const js = await rawGet('/pkg/sigil-ta/index.js');
  assert.equal(js.status, 200);
  assert.match(js.type, /^text\/javascript/);
  const wasm = await rawGet('/pkg/sigil-ta/sigil_ta_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.type, 'application/wasm');
  const head = await rawGet('/pkg/sigil-ta/sigil_ta_bg.wasm', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('404 for missing files and anything outside the served folders', async () => {
  for (const p of [
    '/nope.js',
    '/pkg/sigil-ta/missing.wasm',
    '/pkg/sigil-ta',
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/..%5cpackage.json',
    '/pkg/sigil-ta/../../package.json',
    '/pkg/sigil-ta/..%2f..%2fpackage.json',
    '/pkg/sigil-ta/%2e%2e%2f%2e%2e%2fCargo.toml',
    '/%00',
    '/%E0%A4%A', // malformed escape
  ]) {
    const res = await rawGet(p);
    assert.equal(res.status, 404, `${p} -> ${res.status}`);
    assert.doesNotMatch(res.body, /sigil-workspace|\[workspace\]/, `${p} leaked a file`);
  }
});

test('only GET and HEAD', async () => {
  assert.equal((await rawGet('/', 'POST')).status, 405);
});
