// sigil-ta against TA-Lib 0.8.1's real outputs on the in-repo fixture
// (tests/fixtures/talib/<series>/, written by scripts/golden/generate.py): every case of
// the bench's functions in each manifest, through compute(), with the tolerance of
// tests/npm/parity.test.mjs (NaN exactly where TA-Lib has NaN, else |Δ| ≤ 1e-9·max(1,|ref|)).
// `readText(path)` reads a file by its path from the repo root (fs in Node, fetch in the
// browser), so the same check runs in both.

// Python's repr writes infinities as inf / -inf, which Number() does not read.
const parseField = (f) => (f === '' ? NaN : f === 'inf' ? Infinity : f === '-inf' ? -Infinity : Number(f));

function parseCsv(text) {
  const [head, ...lines] = text.trim().split('\n');
  const names = head.split(',');
  const columns = names.map(() => []);
  for (const line of lines) line.split(',').forEach((f, i) => columns[i].push(parseField(f)));
  return { names, columns };
}

/**
 * @param {{compute: Function, functions: string[], seriesNames: string[], readText: (path: string) => Promise<string>}} options
 * @returns {Promise<{checked: string[], failures: string[]}>}
 */
export async function checkGolden({ compute, functions, seriesNames, readText }) {
  const wanted = new Set(functions);
  const checked = [];
  const failures = [];
  for (const series of seriesNames) {
    const dir = `tests/fixtures/talib/${series}`;
    const manifest = JSON.parse(await readText(`${dir}/manifest.json`));
    const data = parseCsv(await readText(`tests/fixtures/data/${manifest.series}`));
    const candles = {};
    for (const key of ['time', 'open', 'high', 'low', 'close', 'volume']) {
      candles[key] = Float64Array.from(data.columns[data.names.indexOf(key)].slice(0, manifest.rows));
    }
    for (const c of manifest.cases) {
      if (!wanted.has(c.function)) continue;
      const out = Object.values(compute(c.spec, candles));
      const reference = parseCsv(await readText(`${dir}/${c.file}`));
      if (out.length !== reference.names.length) {
        failures.push(`${series} ${c.spec}: ${out.length} outputs, TA-Lib has ${reference.names.length}`);
        continue;
      }
      reference.names.forEach((name, k) => {
        const ref = reference.columns[k];
        if (out[k].length !== ref.length) failures.push(`${series} ${c.spec} ${name}: ${out[k].length} rows, TA-Lib has ${ref.length}`);
        for (let i = 0; i < ref.length; i++) {
          const r = ref[i];
          const a = out[k][i];
          const ok = Number.isNaN(r) ? Number.isNaN(a) : a === r || Math.abs(a - r) <= 1e-9 * Math.max(1, Math.abs(r));
          if (!ok) {
            failures.push(`${series} ${c.spec} ${name} row ${i}: got ${a}, TA-Lib has ${r}`);
            break;
          }
        }
      });
      checked.push(`${series}/${c.spec}`);
    }
  }
  const missing = functions.filter((f) => !checked.some((c) => c.split('/')[1].startsWith(`${f.toLowerCase()}:`)));
  if (missing.length) failures.push(`no TA-Lib case found for ${missing.join(', ')}`);
  return { checked, failures };
}
