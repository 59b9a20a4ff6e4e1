// Shared helpers of the npm package tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const pkgDir = path.join(root, 'dist/sigil-ta');

if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
  throw new Error('dist/sigil-ta is missing: run `make npm` first');
}

/** Reads a fixture CSV into { header, columns } with NaN for empty fields. */
export function readCsv(file) {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const header = head.split(',');
  const columns = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines) {
    line.split(',').forEach((field, i) => columns[header[i]].push(field === '' ? NaN : Number(field)));
  }
  return columns;
}

export const fixtureData = () => readCsv(path.join(root, 'tests/fixtures/data/btcusd_bitfinex_1h_2013.csv'));
export const golden = (name) => readCsv(path.join(root, `tests/fixtures/golden/btcusd_bitfinex_1h_2013/${name}.csv`))[name];

/** TA-Lib parity: NaN where the reference is NaN, else |Δ| ≤ 1e-9·max(1,|ref|). */
export function assertParity(actual, reference, what) {
  if (actual.length !== reference.length) throw new Error(`${what}: length ${actual.length} != ${reference.length}`);
  for (let i = 0; i < reference.length; i++) {
    const a = actual[i];
    const r = reference[i];
    const ok = Number.isNaN(r) ? Number.isNaN(a) : Math.abs(a - r) <= 1e-9 * Math.max(1, Math.abs(r));
    if (!ok) throw new Error(`${what} row ${i}: got ${a}, TA-Lib has ${r}`);
  }
}
