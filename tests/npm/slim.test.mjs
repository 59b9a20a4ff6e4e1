// The slim package: the same API over the slim registry, the same numbers as the full
// package, a smaller wasm, and a clear error for what it leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, pkgDir, fixtureData, golden, assertParity } from './support.mjs';

const slimDir = path.join(root, 'dist/sigil-ta-slim');
const slim = await import(`${slimDir}/node.js`);
const full = await import(`${pkgDir}/node.js`);
const data = fixtureData();
const SLIM_SET = ['atr', 'bbands', 'dema', 'ema', 'hma', 'kama', 'ma', 'macd', 'mama', 'rma', 'rsi', 'sma', 'stoch', 't3', 'tema', 'trima', 'wma', 'zlema'];

test('the slim registry holds exactly the slim set', () => {
  assert.deepEqual(slim.list().map((d) => d.name).sort(), SLIM_SET);
  assert.equal(JSON.parse(fs.readFileSync(path.join(slimDir, 'package.json'), 'utf8')).name, 'sigil-ta-slim');
});

test('slim values equal the full package and TA-Lib', () => {
  for (const name of SLIM_SET) {
    for (const mode of ['talib', 'tradingview']) {
      const a = slim.compute(name, data, { mode });
      const b = full.compute(name, data, { mode });
      assert.deepEqual(Object.keys(a), Object.keys(b), name);
      for (const key of Object.keys(a)) assert.deepEqual(a[key], b[key], `${name} ${mode} ${key}`);
    }
  }
  assertParity(slim.compute('rsi:14', data).rsi, golden('RSI'), 'RSI');
  const live = new slim.Indicator('macd');
  const batch = slim.compute('macd', data).macd_macd;
  data.close.forEach((_, i) => {
    const v = live.updateOHLCV(data.open[i], data.high[i], data.low[i], data.close[i], data.volume[i], data.time[i]);
    assert.ok(Object.is(v.macd_macd, batch[i]), `macd bar ${i}`);
  });
});

test('what the slim build leaves out is a clear error', () => {
  assert.throws(() => slim.compute('adx', data), (e) => e instanceof slim.SigilError && e.code === 'UNKNOWN_INDICATOR' && /adx/.test(e.message));
  const unsupported = (e) => e instanceof slim.SigilError && e.code === 'UNSUPPORTED' && /sigil-ta-slim/.test(e.message);
  assert.throws(() => new slim.Rule('rsi(close, 14) < 30'), unsupported);
  assert.throws(() => slim.evaluate('close > 1', data), unsupported);
  assert.throws(() => slim.backtest({ entry: 'close > 1', exit: 'close < 1' }, data), unsupported);
  assert.throws(() => slim.score(data), unsupported);
  assert.throws(() => slim.gridBot({ lower: 1, upper: 2 }, data), unsupported);
  assert.throws(() => slim.dcaBot({}, data), unsupported);
  assert.throws(() => slim.walkForward({ candidates: [{ entry: 'close > 1', exit: 'close < 1' }], inSample: 10, outOfSample: 5 }, data), unsupported);
  for (const [name, call] of Object.entries({
    cross: () => slim.signals.cross([1, 2], [2, 1]),
    zeroCross: () => slim.signals.zeroCross([1, -1]),
    threshold: () => slim.signals.threshold([1], { zone: 'above', enter: 1 }),
    run: () => slim.signals.run([1, 2], { bars: 1 }),
    breakout: () => slim.signals.breakout(data, { bars: 2 }),
    divergence: () => slim.signals.divergence([1], [1], { left: 1, right: 1, maxGap: 5 }),
    squeeze: () => slim.signals.squeeze(data),
  })) assert.throws(call, unsupported, name);
  // The full package has them.
  assert.equal(full.evaluate('close > 0', data).length, data.close.length);
  assert.equal(full.signals.cross([1, 3], [2, 2]).length, 1);
  assert.equal(full.dcaBot({}, data).equity.length, data.close.length);
});

test('the slim wasm is smaller than the full one', () => {
  const size = (dir) => fs.statSync(path.join(dir, 'sigil_ta_bg.wasm')).size;
  assert.ok(size(slimDir) < 0.6 * size(pkgDir), `${size(slimDir)} vs ${size(pkgDir)}`);
});
