// The wasm build passes the same TA-Lib parity cases as native (tests/fixtures/talib,
// written by scripts/golden/generate.py): every registered function at TA-Lib's
// defaults and at scaled parameters, through the npm package's compute(). With
// SIGIL_TALIB_GOLDEN set (make test-extended), the whole-series sets too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pkgDir, root, readCsv } from './support.mjs';

const { compute, indicators } = await import(`${pkgDir}/node.js`);
const registered = new Set(indicators().map((d) => d.name));

// Python's repr writes infinities as inf / -inf, which Number() does not read.
const parse = (f) => (f === '' ? NaN : f === 'inf' ? Infinity : f === '-inf' ? -Infinity : Number(f));

function readNumbers(file) {
  // Only the newline ending the file is dropped: an empty last line is a NaN value
  // (MAVP's periods can end in one), which trim() would swallow.
  const [head, ...lines] = fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const names = head.split(',');
  const columns = names.map(() => []);
  for (const line of lines) line.split(',').forEach((f, i) => columns[i].push(parse(f)));
  return { names, columns };
}

function checkDir(dir, dataDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const data = readCsv(path.join(dataDir, manifest.series));
  const candles = {};
  for (const key of ['time', 'open', 'high', 'low', 'close', 'volume']) candles[key] = Float64Array.from(data[key].slice(0, manifest.rows));
  let checked = 0;
  const failures = [];
  for (const c of manifest.cases) {
    if (!registered.has(c.function.toLowerCase())) continue;
    // MAVP's per-bar periods: the ones the generator gave TA-Lib, written beside the case.
    const periods = c.periods_file ? { periods: Float64Array.from(readNumbers(path.join(dir, c.periods_file)).columns[0]) } : {};
    const out = Object.values(compute(c.spec, { ...candles, ...periods }));
    const reference = readNumbers(path.join(dir, c.file));
    assert.equal(out.length, reference.names.length, `${c.spec}: output count`);
    const lookback = Math.max(0, out[0].findIndex((v) => !Number.isNaN(v)));
    reference.names.forEach((name, k) => {
      const ref = reference.columns[k];
      const integer = (c.integer_outputs ?? []).includes(name);
      for (let i = 0; i < ref.length; i++) {
        const r = integer && i < lookback && ref[i] === 0 ? NaN : ref[i];
        const a = out[k][i];
        const ok = Number.isNaN(r) ? Number.isNaN(a) : a === r || Math.abs(a - r) <= 1e-9 * Math.max(1, Math.abs(r));
        if (!ok) {
          failures.push(`${c.spec} ${name} row ${i}: got ${a}, TA-Lib has ${r}`);
          break;
        }
      }
    });
    checked++;
  }
  assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  return checked;
}

test('wasm matches TA-Lib on the in-repo cases', () => {
  const base = path.join(root, 'tests/fixtures/talib');
  let checked = 0;
  for (const dir of fs.readdirSync(base)) checked += checkDir(path.join(base, dir), path.join(root, 'tests/fixtures/data'));
  assert.ok(checked >= 200, `only ${checked} cases checked`);
});

test('wasm matches TA-Lib on every shared series (extended run)', { skip: !process.env.SIGIL_TALIB_GOLDEN && 'SIGIL_TALIB_GOLDEN not set (make test-extended)' }, () => {
  const base = process.env.SIGIL_TALIB_GOLDEN;
  for (const dir of fs.readdirSync(base)) {
    if (fs.existsSync(path.join(base, dir, 'manifest.json'))) checkDir(path.join(base, dir), path.join(root, '../shared/data'));
  }
});
