// The grid bot, DCA bot and walk-forward in the npm package. Expected values are worked
// out by hand (in the comments) from the rules documented on the core's `grid_bot`,
// `dca_bot` and `walk_forward`; walk-forward's choice is checked against `backtest` run on
// each window's bars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkgDir } from './support.mjs';

const { gridBot, dcaBot, walkForward, backtest, SigilError } = await import(`${pkgDir}/node.js`);

const candles = (rows) => rows.map(([o, h, l, c], i) => ({ time: i * 3_600_000, open: o, high: h, low: l, close: c, volume: 1 }));
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);
const invalid = (pattern) => (e) => e instanceof SigilError && e.code === 'INVALID_PARAMETER' && pattern.test(e.message);

// Lines 90, 100, 110 (levels 3, arithmetic); budget per cell 2000 / 2 = 1000.
const GRID_BARS = candles([
  [105, 106, 104, 105], // opens above 90 and 100: both cells armed; low 104 touches neither
  [104, 104, 99, 101], // 100-cell buys at min(open, 100) = 100: 10 units, cash 1000; equity 1000 + 10·101 = 2010
  [101, 111, 100.5, 108], // high 111 ≥ 110: sells 10 at max(open, 110) = 110, cash 2100, pnl 100
  [108, 109, 95, 96], // 100-cell (armed again) buys 10 at 100, cash 1100; equity 1100 + 960 = 2060; 90-cell never filled
]);

test('gridBot: trades and equity follow the documented grid rules', () => {
  const r = gridBot({ lower: 90, upper: 110, levels: 3, initialEquity: 2000 }, GRID_BARS);
  assert.equal(r.trades.length, 1);
  const t = r.trades[0];
  assert.deepEqual([t.entry_index, t.entry_price, t.exit_index, t.exit_price, t.quantity, t.pnl, t.exit_reason], [1, 100, 2, 110, 10, 100, 'target']);
  assert.deepEqual(Array.from(r.equity), [2000, 2010, 2100, 2060]);
  assert.deepEqual(Array.from(r.cash), [2000, 1000, 2100, 1100]);
  assert.equal(r.metrics.final_equity, 2060);
  assert.equal(r.skippedEntries, 0);
});

test('gridBot: a percent fee is paid on both fills, from cash', () => {
  // Buy 10 @ 100: fee 1 (0.1 % of 1000), cash 999. Sell 10 @ 110: fee 1.1, cash 999 + 1100 − 1.1 = 2097.9,
  // pnl 100 − 2.1 = 97.9. Bar 3 buys again: cash 2097.9 − 1001 = 1096.9, equity 1096.9 + 960 = 2056.9.
  for (const fee of [0.1, '0.1%']) {
    const r = gridBot({ lower: 90, upper: 110, levels: 3, initialEquity: 2000, fee }, GRID_BARS);
    close(r.trades[0].pnl, 97.9, 'pnl');
    close(r.trades[0].fees, 2.1, 'fees');
    [2000, 2009, 2097.9, 2056.9].forEach((e, i) => close(r.equity[i], e, `equity ${i}`));
  }
});

test('gridBot: geometric spacing puts the middle line at the geometric mean', () => {
  // 100..400 with 3 levels: geometric lines 100, 200, 400 (arithmetic: 100, 250, 400); budget 1000 per cell.
  const bars = candles([
    [260, 260, 255, 260], // opens above both middle lines (200 and 250): those cells are armed; low 255 touches neither
    [250, 250, 190, 200], // geometric: 200-cell buys 5 @ 200; arithmetic: 250-cell buys 4 @ 250
    [300, 410, 300, 400], // both sell at 400: pnl 5·200 = 1000 (geometric), 4·150 = 600 (arithmetic)
  ]);
  const geometric = gridBot({ lower: 100, upper: 400, levels: 3, spacing: 'geometric', initialEquity: 2000 }, bars);
  assert.deepEqual(geometric.trades.map((t) => [t.entry_price, t.quantity, t.pnl]), [[200, 5, 1000]]);
  const arithmetic = gridBot({ lower: 100, upper: 400, levels: 3, spacing: 'arithmetic', initialEquity: 2000 }, bars);
  assert.deepEqual(arithmetic.trades.map((t) => [t.entry_price, t.quantity, t.pnl]), [[250, 4, 600]]);
});

test('dcaBot: scheduled buys and a take-profit on the average cost', () => {
  // amount 100 every 2 bars, take profit 10 %, equity 1000.
  const bars = candles([
    [100, 100, 100, 100], // buy 1 @ 100, cash 900, target 110; equity 1000
    [90, 92, 80, 80], // no buy (1 % 2); high 92 < 110; equity 980
    [50, 55, 50, 55], // buy 2 @ 50, cash 800, 3 units, average 200/3, target 220/3 ≈ 73.33; equity 800 + 165 = 965
    [70, 80, 70, 75], // high 80 ≥ 73.33: sell 3 @ max(70, 73.33) = 73.33 → cash 1020, pnl 20 (10 %)
    [100, 100, 100, 100], // a new cycle: buy 1 @ 100, cash 920; equity 1020
  ]);
  const r = dcaBot({ amount: 100, everyBars: 2, takeProfitPct: 10, initialEquity: 1000 }, bars);
  assert.equal(r.trades.length, 1);
  const t = r.trades[0];
  assert.deepEqual([t.entry_index, t.exit_index, t.quantity, t.exit_reason], [0, 3, 3, 'target']);
  close(t.entry_price, 200 / 3, 'average cost');
  close(t.exit_price, 220 / 3, 'exit price');
  close(t.pnl, 20, 'pnl');
  close(t.return_pct, 10, 'return');
  [1000, 980, 965, 1020, 1020].forEach((e, i) => close(r.equity[i], e, `equity ${i}`));
  [900, 900, 800, 1020, 920].forEach((e, i) => close(r.cash[i], e, `cash ${i}`));
});

test('dcaBot: maxBuys caps a cycle; a buy cash cannot cover is skipped', () => {
  // every bar, at most 1 buy: only bar 0 buys (1 @ 100); marked at the last close 25: 900 + 25.
  const falling = candles([[100, 100, 100, 100], [50, 50, 50, 50], [25, 25, 25, 25]]);
  const capped = dcaBot({ amount: 100, everyBars: 1, maxBuys: 1, initialEquity: 1000 }, falling);
  assert.equal(capped.metrics.final_equity, 925);
  assert.equal(capped.skippedEntries, 0);
  // 600 per buy from 1000: bar 0 buys, bar 1 and 2 find 400 in cash and skip.
  const short = dcaBot({ amount: 600, everyBars: 1, initialEquity: 1000 }, falling);
  assert.equal(short.skippedEntries, 2);
  assert.deepEqual(Array.from(short.cash), [400, 400, 400]);
  // The core's defaults: amount 100 every 24 bars from 10 000: one buy at bar 0 in 3 bars.
  assert.equal(dcaBot({}, falling).metrics.final_equity, 10_000 - 100 + 25);
});

// close = 100 + 3i mod 7, from bar 15 100 + i mod 6 (a change of regime, so the choice changes;
// every price the same within a bar): the rules below read only the current bar, so a rule evaluated on a
// window's bars alone gives what it gives on the whole series, and `backtest` on the
// window is what walk-forward runs on it.
const WF_BARS = candles(Array.from({ length: 30 }, (_, i) => (i < 15 ? 100 + ((i * 3) % 7) : 100 + (i % 6))).map((p) => [p, p, p, p]));
const CANDIDATES = [105, 103, 101].map((level) => ({ entry: `close < ${level}`, exit: 'close >= 105' }));
const slice = (start, end) => WF_BARS.slice(start, end);

for (const metric of ['total_return', 'max_drawdown']) {
  test(`walkForward (${metric}): windows, and the chosen candidate is the in-sample best`, () => {
    const r = walkForward({ candidates: CANDIDATES, inSample: 10, outOfSample: 5, metric }, WF_BARS);
    assert.equal(r.metric, metric);
    // Windows roll by outOfSample while in + out fits in 30 bars: starts 0, 5, 10, 15.
    assert.deepEqual(
      r.windows.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.start, w.outOfSample.end]),
      [[0, 10, 10, 15], [5, 15, 15, 20], [10, 20, 20, 25], [15, 25, 25, 30]],
    );
    let inGrowth = 1;
    let outGrowth = 1;
    for (const w of r.windows) {
      const scores = CANDIDATES.map((c) => backtest(c, slice(w.inSample.start, w.inSample.end)).metrics[metric]);
      const better = (a, b) => (metric === 'max_drawdown' ? a < b : a > b);
      const best = scores.reduce((k, s, i) => (better(s, scores[k]) ? i : k), 0); // first on ties
      assert.equal(w.chosen, best, `window ${w.inSample.start}: scores ${scores}`);
      assert.deepEqual(w.inSampleMetrics, backtest(CANDIDATES[best], slice(w.inSample.start, w.inSample.end)).metrics);
      assert.deepEqual(w.outOfSampleMetrics, backtest(CANDIDATES[best], slice(w.outOfSample.start, w.outOfSample.end)).metrics);
      inGrowth *= 1 + w.inSampleMetrics.total_return;
      outGrowth *= 1 + w.outOfSampleMetrics.total_return;
    }
    // Not all windows pick the same candidate, or the check above would prove little.
    assert.ok(new Set(r.windows.map((w) => w.chosen)).size > 1, 'the choice varies');
    close(r.inSampleReturn, inGrowth - 1, 'in-sample return');
    close(r.outOfSampleReturn, outGrowth - 1, 'out-of-sample return');
  });
}

test('walkForward: the backtester settings apply to every run', () => {
  const r = walkForward({ candidates: CANDIDATES, inSample: 10, outOfSample: 5, metric: 'total_return', fee: 0.5, equity: 1000 }, WF_BARS);
  const w = r.windows[0];
  assert.deepEqual(w.outOfSampleMetrics, backtest({ ...CANDIDATES[w.chosen], fee: 0.5, equity: 1000 }, slice(10, 15)).metrics);
});

test('bad settings are INVALID_PARAMETER with the reason', () => {
  assert.throws(() => gridBot({ lower: 90, upper: 110, spacing: 'log' }, GRID_BARS), invalid(/spacing.*'log'.*arithmetic.*geometric/));
  assert.throws(() => gridBot({ lower: 90, upper: 110, levels: 1 }, GRID_BARS), invalid(/levels/));
  assert.throws(() => gridBot({ lower: 90, upper: 110, levels: 2.5 }, GRID_BARS), invalid(/levels/));
  assert.throws(() => gridBot({ lower: 110, upper: 90 }, GRID_BARS), invalid(/upper/));
  assert.throws(() => gridBot({ lower: 90, upper: 110, fee: 'lots' }, GRID_BARS), invalid(/grid: fee = 'lots'/));
  assert.throws(() => dcaBot({ fee: 'fixed:x' }, GRID_BARS), invalid(/dca: fee = 'x'/));
  assert.throws(() => gridBot(null, GRID_BARS), invalid(/gridBot/));
  assert.throws(() => dcaBot({ everyBars: 0 }, GRID_BARS), invalid(/every_bars/));
  assert.throws(() => dcaBot({ amount: -1 }, GRID_BARS), invalid(/amount/));
  assert.throws(() => dcaBot({ takeProfitPct: 0 }, GRID_BARS), invalid(/take_profit_pct/));
  assert.throws(() => walkForward({ candidates: CANDIDATES, inSample: 10, outOfSample: 5, metric: 'luck' }, WF_BARS), invalid(/metric.*'luck'.*sharpe/));
  assert.throws(() => walkForward({ candidates: [], inSample: 10, outOfSample: 5 }, WF_BARS), invalid(/candidates/));
  assert.throws(() => walkForward({ inSample: 10, outOfSample: 5 }, WF_BARS), invalid(/candidates/));
  assert.throws(
    () => walkForward({ candidates: [{ entry: 'close <', exit: 'close > 1' }], inSample: 10, outOfSample: 5 }, WF_BARS),
    (e) => e instanceof SigilError && e.code === 'INVALID_RULE' && /candidate 0 entry/.test(e.message),
  );
  assert.throws(() => walkForward({ candidates: CANDIDATES, inSample: 25, outOfSample: 10 }, WF_BARS), invalid(/30 bars.*25.*10/));
  assert.throws(() => walkForward({ candidates: CANDIDATES, inSample: 10 }, WF_BARS), invalid(/out-of-sample window of 0/));
});
