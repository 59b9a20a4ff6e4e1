// The signal primitives in the npm package (`signals`), each on a small series whose
// events are derived by hand in the comments from the definitions in
// crates/core/src/signals (not copied from the package's output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkgDir } from './support.mjs';

const { signals, SigilError } = await import(`${pkgDir}/node.js`);

const ev = (index, time, kind, direction, strength) => ({ index, time, kind, direction, strength });
const near = (actual, expected) => {
  assert.equal(actual.length, expected.length, JSON.stringify(actual));
  actual.forEach((a, i) => {
    const e = expected[i];
    assert.deepEqual({ ...a, strength: 0 }, { ...e, strength: 0 }, `event ${i}`);
    assert.ok(Math.abs(a.strength - e.strength) < 1e-12, `event ${i} strength ${a.strength} vs ${e.strength}`);
  });
};
const code = (c) => (e) => e instanceof SigilError && e.code === c;

test('cross: over when a goes from at-or-below b to above, under the other way', () => {
  // gaps a − b: −1, 0, +1, −0.5. Bar 2: from 0 (at) to +1 → over, strength 1/(1+0) = 1.
  // Bar 3: +1 to −0.5 → under, strength 0.5/(0.5+1) = 1/3. Bar 1 (−1 to 0) is no cross.
  near(signals.cross([1, 2, 3, 2], new Float64Array([2, 2, 2, 2.5])), [ev(2, 2, 'cross_over', 'bullish', 1), ev(3, 3, 'cross_under', 'bearish', 1 / 3)]);
  // Times are the caller's; a NaN means no cross at that bar or the next.
  near(signals.cross([1, 3, 1], [2, 2, 2], { time: [1000, 2000, 3000] }), [ev(1, 2000, 'cross_over', 'bullish', 0.5), ev(2, 3000, 'cross_under', 'bearish', 0.5)]);
  assert.deepEqual(signals.cross([1, NaN, 3], [2, 2, 2]), []);
  assert.deepEqual(signals.cross([], []), []);
});

test('zeroCross: crossing zero, bullish upwards', () => {
  // −1 → 1: strength 1/(1+1) = 0.5; 1 → −3: 3/(3+1) = 0.75.
  near(signals.zeroCross([-1, 1, -3], { time: new Float64Array([10, 20, 30]) }), [ev(1, 20, 'zero_cross', 'bullish', 0.5), ev(2, 30, 'zero_cross', 'bearish', 0.75)]);
});

test('threshold: zones with hysteresis, strength in units of the band', () => {
  // Above 70, leave under 65 (band 5): 72.5 enters (2.5/5), 66 stays in the band,
  // 64 leaves (1 under 65: 1/5), 71 enters again (1/5).
  near(signals.threshold([72.5, 66, 64, 71], { zone: 'above', enter: 70, exit: 65 }), [
    ev(0, 0, 'threshold_enter', 'bullish', 0.5),
    ev(2, 2, 'threshold_exit', 'bearish', 0.2),
    ev(3, 3, 'threshold_enter', 'bullish', 0.2),
  ]);
  // Below 30, leave over 35: 25 enters falling (5/5, capped at 1), 33 stays, 36 leaves rising (1/5).
  near(signals.threshold([25, 33, 36], { zone: 'below', enter: 30, exit: 35 }), [ev(0, 0, 'threshold_enter', 'bearish', 1), ev(2, 2, 'threshold_exit', 'bullish', 0.2)]);
  // exit defaults to enter: no band, strength 1.
  near(signals.threshold([49, 51], { zone: 'above', enter: 50 }), [ev(1, 1, 'threshold_enter', 'bullish', 1)]);
});

test('run: every bar of a run of at least `bars`, strength run/(2·bars)', () => {
  // rises at bars 1, 2, 3 (runs 1, 2, 3), falls at 4, 5, 6 (runs 1, 2, 3), unchanged at 7.
  near(signals.run([1, 2, 3, 4, 3, 2, 1, 1], { bars: 2 }), [
    ev(2, 2, 'rising', 'bullish', 0.5),
    ev(3, 3, 'rising', 'bullish', 0.75),
    ev(5, 5, 'falling', 'bearish', 0.5),
    ev(6, 6, 'falling', 'bearish', 0.75),
  ]);
});

test('breakout: a close beyond the previous bars channel, with the candles times', () => {
  // bars = 2. Bar 2: channel of bars 0-1 is 8..11 (width 3), close 12.5 is 1.5 above → 0.5.
  // Bar 3: channel of bars 1-2 is 9..13 (width 4), close 6.5 is 2.5 below → 0.625.
  const rows = [
    [1000, 9, 10, 8, 9, 1],
    [2000, 9, 11, 9, 10, 1],
    [3000, 10, 13, 10, 12.5, 1],
    [4000, 12, 12, 7, 6.5, 1],
  ];
  near(signals.breakout(rows, { bars: 2 }), [ev(2, 3000, 'breakout', 'bullish', 0.5), ev(3, 4000, 'breakout', 'bearish', 0.625)]);
  // Columns without time: the row index.
  near(signals.breakout({ high: [10, 11, 13], low: [8, 9, 10], close: [9, 10, 12.5] }, { bars: 2 }), [ev(2, 2, 'breakout', 'bullish', 0.5)]);
});

test('divergence: confirmed `right` bars after the swing', () => {
  // left = right = 1. Swing highs at bar 1 (price 10, osc 80) and bar 4 (11, 70): a higher
  // price high with a lower oscillator high is bearish, known at bar 5; strength
  // 2·|70 − 80| / (70 + 80) = 2/15.
  const price = [9, 10, 9, 9.5, 11, 10];
  const osc = [50, 80, 60, 65, 70, 60];
  near(signals.divergence(price, osc, { left: 1, right: 1, maxGap: 10 }), [ev(5, 5, 'divergence', 'bearish', 2 / 15)]);
  // Swing lows at bar 1 (9, osc 20) and bar 4 (8, osc 30); bar 3 (9.5) is no swing low (8
  // follows). Lower price low, higher oscillator low: bullish at bar 5, 2·10/50 = 0.4.
  const lows = [10, 9, 10, 9.5, 8, 9];
  const osc2 = [50, 20, 40, 35, 30, 40];
  near(signals.divergence(lows, osc2, { left: 1, right: 1, maxGap: 10 }), [ev(5, 5, 'divergence', 'bullish', 0.4)]);
  // The swings are 3 bars apart: a maxGap of 2 compares nothing.
  assert.deepEqual(signals.divergence(lows, osc2, { left: 1, right: 1, maxGap: 2 }), []);
});

test('squeeze: on when the Bollinger bands sit inside the Keltner channel, off when they burst out', () => {
  // period 2, bbMult 2, atrPeriod 1, kcMult 0.5; first values at bar max(2 − 1, 1) = 1.
  // Bars 0-3: high 11, low 9, close 10. Bar 1: BB 10 ± 0, KC 10 ± 0.5·TR(2) = 9..11 →
  // on, strength 1 − 0/2 = 1, bearish (close 10 not above the middle 10).
  // Bar 4: high = low = close = 100. BB over closes 10, 100: middle 55, σ 45 → −35..145
  // (width 180). KC: EMA(2) of typical price 10 + 2/3·90 = 70, ATR(1) = TR = 90 →
  // 25..115 (width 90). 145 > 115 → off, strength min(1, 180/90 − 1) = 1, bullish (100 > 55).
  const candles = [...Array(4)].map((_, i) => ({ time: i * 60, high: 11, low: 9, close: 10 })).concat([{ time: 240, high: 100, low: 100, close: 100 }]);
  near(signals.squeeze(candles, { period: 2, bbMult: 2, atrPeriod: 1, kcMult: 0.5 }), [ev(1, 60, 'squeeze_on', 'bearish', 1), ev(4, 240, 'squeeze_off', 'bullish', 1)]);
  // The defaults (20, 2, 10, 1.5) need 20 bars: five give nothing.
  assert.deepEqual(signals.squeeze(candles), []);
});

test('bad input and parameters are SigilErrors with a code', () => {
  assert.throws(() => signals.cross([1, 2], [1]), (e) => code('BAD_INPUT')(e) && /'b' has 1 rows/.test(e.message));
  assert.throws(() => signals.zeroCross([1, 2], { time: [1] }), code('BAD_INPUT'));
  assert.throws(() => signals.cross([1, 2], [1, 2], { time: [1.5, 2] }), (e) => code('BAD_INPUT')(e) && /integer/.test(e.message));
  assert.throws(() => signals.cross(['1', 2], [1, 2]), code('BAD_INPUT'));
  assert.throws(() => signals.cross(5, [1]), code('BAD_INPUT'));
  assert.throws(() => signals.divergence([1, 2], [1, 2, 3], { left: 1, right: 1, maxGap: 5 }), code('BAD_INPUT'));
  assert.throws(() => signals.breakout([1, 2, 3], { bars: 2 }), (e) => code('BAD_INPUT')(e) && /high/.test(e.message));
  assert.throws(() => signals.breakout({ high: [1, 2], low: [1], close: [1, 2] }, { bars: 1 }), code('BAD_INPUT'));
  assert.throws(() => signals.run([1, 2], { bars: 0 }), (e) => code('INVALID_PARAMETER')(e) && /bars/.test(e.message));
  assert.throws(() => signals.run([1, 2], { bars: -1 }), code('INVALID_PARAMETER'));
  assert.throws(() => signals.run([1, 2], { bars: 1.5 }), code('INVALID_PARAMETER'));
  assert.throws(() => signals.run([1, 2]), code('INVALID_PARAMETER'));
  assert.throws(() => signals.run([1, 2], 3), code('INVALID_PARAMETER'));
  assert.throws(() => signals.threshold([1], { zone: 'up', enter: 1 }), code('INVALID_PARAMETER'));
  assert.throws(() => signals.threshold([1], { zone: 'above' }), (e) => code('INVALID_PARAMETER')(e) && /enter/.test(e.message));
  assert.throws(() => signals.threshold([1], { zone: 'above', enter: 70, exit: 75 }), (e) => code('INVALID_PARAMETER')(e) && /exit/.test(e.message));
  assert.throws(() => signals.divergence([1], [1], { left: 0, right: 1, maxGap: 5 }), (e) => code('INVALID_PARAMETER')(e) && /left/.test(e.message));
  assert.throws(() => signals.breakout([[0, 1, 2, 0, 1, 1]], { bars: 0 }), code('INVALID_PARAMETER'));
  assert.throws(() => signals.squeeze([[0, 1, 2, 0, 1, 1]], { period: 1 }), code('INVALID_PARAMETER'));
});
