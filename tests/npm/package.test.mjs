// dist/sigil-ta is exactly what `npm pack` publishes, and the packed tarball installs
// and imports by name as ESM in Node without a bundler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pkgDir } from './support.mjs';

test('the dist folder holds exactly the published files', () => {
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pkgDir, encoding: 'utf8' }));
  const packed = report.files.map((f) => f.path).sort();
  const present = fs.readdirSync(pkgDir).sort();
  assert.deepEqual(packed, present);
  assert.equal(report.name, 'sigil-ta');
});

test('the tarball installs and imports by package name', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-ta-install-'));
  try {
    const tarball = execFileSync('npm', ['pack', pkgDir, '--pack-destination', work], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop();
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: work, stdio: 'pipe' });
    fs.writeFileSync(
      path.join(work, 'use.mjs'),
      `import { compute, Indicator } from 'sigil-ta';
       const out = compute('rsi:2,ema:2', [1, 2, 3, 2, 3]);
       const live = new Indicator('sma:2'); live.update(1);
       console.log(JSON.stringify({ keys: Object.keys(out), rsi: [...out.rsi].map(String), peek: live.peek(3) }));`,
    );
    const result = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: work, encoding: 'utf8' }));
    assert.deepEqual(result.keys, ['rsi', 'ema']);
    assert.deepEqual(result.rsi, ['NaN', 'NaN', '100', '50', '75']);
    assert.equal(result.peek, 2);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
