// sigil-ta in workerd (Cloudflare Workers' runtime) under Miniflare, which wrangler
// brings: tests/npm/workerd/worker.mjs imports the package's files and the .wasm as a
// compiled module, computes, streams and throws, and answers JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { pkgDir, root } from './support.mjs';

const { compute } = await import(`${pkgDir}/node.js`);

test('the package computes inside workerd with initSync(compiled module)', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-workerd-'));
  let mf;
  try {
    fs.cpSync(pkgDir, path.join(dir, 'sigil-ta'), { recursive: true });
    fs.copyFileSync(path.join(root, 'tests/npm/workerd/worker.mjs'), path.join(dir, 'worker.mjs'));
    mf = new Miniflare({
      modules: true,
      scriptPath: path.join(dir, 'worker.mjs'),
      modulesRoot: dir,
      // Workers' module rules: .js files of the package are ES modules, .wasm compiled modules.
      modulesRules: [
        { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
        { type: 'CompiledWasm', include: ['**/*.wasm'] },
      ],
      compatibilityDate: '2025-01-01',
    });
    const candles = [100, 102, 101, 105, 107, 104, 108, 110].map((c, i) => [1700000000000 + i * 3600000, c - 1, c + 2, c - 2, c, 10 + i]);
    const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(candles) });
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.equal(body.module, true);
    // The same numbers as the Node entry (JSON turns NaN into null).
    const json = (column) => Array.from(column, (v) => (Number.isNaN(v) ? null : v));
    const expected = compute('sma:3,macd:2:3:2', candles);
    assert.deepEqual(body.columns, ['sma', 'macd_macd', 'macd_macdsignal', 'macd_macdhist']);
    assert.deepEqual(body.sma, json(expected.sma));
    assert.deepEqual(body.macdhist, json(expected.macd_macdhist));
    assert.deepEqual(body.streamed, json(expected.sma));
    assert.deepEqual(body.resident, json(expected.sma));
    assert.deepEqual(body.piped.map((bar) => bar[0]), json(expected.sma));
    assert.deepEqual(body.rsi, json(compute('rsi:2', candles).rsi));
    assert.deepEqual(body.sma.slice(0, 3), [null, null, 101]);
    assert.deepEqual(body.error, { sigil: true, code: 'INVALID_PARAMETER', message: "rsi: parameter timeperiod = '1' is invalid; expected an integer in 2..=100000" });
    assert.equal(body.lookback, 29);
  } finally {
    await mf?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
