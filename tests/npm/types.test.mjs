// The package's typings compile against a usage file that exercises every export
// (and rejects a misuse), under strict settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root } from './support.mjs';

test('index.d.ts type-checks a usage of every export', () => {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', path.join(root, 'tests/npm/usage.ts')];
  try {
    execFileSync(tsc, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc reported errors:\n${error.stdout}${error.stderr}`);
  }
});
