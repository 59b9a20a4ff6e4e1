// The rule language, backtester and score in the npm package, against the native core:
// expected values come from the `sigil` CLI (signals --every-bar --json, backtest --json,
// score --json) run on the same fixture, and must match bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pkgDir, root, fixtureData } from './support.mjs';

const { Rule, evaluate, backtest, score, SigilError } = await import(`${pkgDir}/node.js`);
const dataFile = path.join(root, 'tests/fixtures/data/btcusd_bitfinex_1h_2013.csv');
const data = fixtureData();
const candles = {};
for (const k of ['time', 'open', 'high', 'low', 'close', 'volume']) candles[k] = Float64Array.from(data[k]);
const rows = Array.from({ length: candles.close.length }, (_, i) => [candles.time[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i]]);

/** Runs the native CLI (built by cargo if needed) and parses its JSON output. */
function native(args) {
  const out = execFileSync('cargo', ['run', '--quiet', '-p', 'sigil-cli', '--', ...args, '--input', dataFile, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

const nativeNumber = (v) => (v === null ? NaN : typeof v === 'string' ? Number(v) : v);

const RULES = [
  'crossover(ema(close,12), ema(close,26)) and rsi(close,14) < 70',
  'crossunder(ema(close,12), ema(close,26))',
  'close > highest(prev(high, 1), 20) and volume > sma(volume, 20)',
  'not (rsi(14) < 70) or bars_since(close < lowest(close, 10)) > 5',
  'rising(close, 3) or falling(hlc3, 2)',
  'macd(close, 12, 26, 9).hist',
  '(close - bbands(close, 20).lower) / (bbands(close, 20).upper - bbands(close, 20).lower)',
  'close / prev(close, 1) - 1',
  'sma(rsi(close, 14), 5) - 50',
  'atr(14) / close * 100',
  'stoch.slowd - stoch.slowk',
  'volume / (high - low)',
];

test('rule evaluation in wasm equals native bit for bit (evaluate and streaming update)', () => {
  const expected = native(['signals', '--every-bar', ...RULES.flatMap((r) => ['--rule', r])]);
  assert.deepEqual(expected.time, Array.from(candles.time));
  assert.equal(expected.rules.length, RULES.length);
  let trues = 0;
  for (const item of expected.rules) {
    const got = evaluate(item.rule, rows);
    const rule = new Rule(item.rule);
    assert.equal(rule.kind, item.kind, item.rule);
    assert.equal(rule.lookback, item.lookback, item.rule);
    assert.equal(rule.source, item.rule);
    if (item.kind === 'condition') {
      assert.ok(got instanceof Uint8Array, item.rule);
      const want = Uint8Array.from(item.values, (b) => (b ? 1 : 0));
      assert.deepEqual(got, want, item.rule);
      trues += want.reduce((a, b) => a + b, 0);
      rows.forEach((row, i) => assert.equal(rule.update(row), item.values[i], `${item.rule} update[${i}]`));
    } else {
      assert.ok(got instanceof Float64Array, item.rule);
      assert.equal(got.length, item.values.length);
      let defined = 0;
      item.values.forEach((v, i) => {
        const want = nativeNumber(v);
        if (!Number.isNaN(want)) defined++;
        assert.ok(Object.is(got[i], want), `${item.rule}[${i}]: wasm ${got[i]} native ${want}`);
        assert.ok(Object.is(rule.update(rows[i]), want), `${item.rule} update[${i}]`);
      });
      assert.ok(defined > 500, `${item.rule}: only ${defined} defined values`);
    }
    rule.free();
  }
  assert.ok(trues > 50, 'the conditions are true on some bars');
  // Other candle shapes give the same values.
  assert.deepEqual(evaluate(RULES[5], candles), evaluate(RULES[5], rows));
  assert.deepEqual(evaluate('close * 2', Array.from(candles.close)), candles.close.map((c) => c * 2));
});

test('Rule: peek leaves the state alone, reset starts over, mode and kinds', () => {
  const rule = new Rule('close > sma(close, 3)');
  assert.equal(rule.kind, 'condition');
  assert.equal(rule.lookback, 2);
  const streamed = [1, 2, 3, 2, 1, 5].map((c) => {
    const peeked = rule.peek(c);
    assert.equal(rule.peek(c), peeked);
    const updated = rule.update(c);
    assert.equal(updated, peeked);
    return updated;
  });
  assert.deepEqual(streamed, [false, false, true, false, false, true]);
  rule.reset();
  assert.equal(rule.update(100), false);
  assert.equal(rule.update({ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }), false);
  rule.free();
  assert.throws(() => rule.update(1), { code: 'FREED' });

  const number = new Rule('close - prev(close, 1)');
  assert.equal(number.kind, 'number');
  assert.ok(Number.isNaN(number.update(5)));
  assert.equal(number.update([0, 7, 7, 7, 8, 1]), 3);
  // TradingView mode selects TradingView's definitions where they differ.
  assert.notDeepEqual(evaluate('rsi(14)', rows, { mode: 'tradingview' }).slice(0, 30), evaluate('rsi(14)', rows).slice(0, 30));
});

test('a bad rule throws SigilError INVALID_RULE with the caret excerpt', () => {
  for (const make of [() => new Rule('crossover(emaa(close,12), ema(close,26))'), () => evaluate('crossover(emaa(close,12), ema(close,26))', rows)]) {
    assert.throws(make, (e) => {
      assert.ok(e instanceof SigilError);
      assert.equal(e.code, 'INVALID_RULE');
      assert.equal(e.message, 'unknown indicator `emaa` (did you mean `ema`?) at column 11\ncrossover(emaa(close,12), ema(close,26))\n          ^^^^');
      return true;
    });
  }
  assert.throws(() => new Rule('close and 3'), { code: 'INVALID_RULE', message: /`and` needs a condition.*\nclose and 3\n\^\^\^\^\^$/ });
  assert.throws(() => new Rule(42), { code: 'INVALID_RULE' });
  assert.throws(() => new Rule('rsi(close, 1) < 30'), { code: 'INVALID_RULE', message: /timeperiod/ });
  assert.throws(() => backtest({ entry: 'rsi(14)', exit: 'close < 0' }, rows), { code: 'INVALID_RULE', message: /entry: `rsi\(14\)` is a number/ });
  assert.throws(() => backtest({ entry: 'close > 1', exit: 'close >' }, rows), { code: 'INVALID_RULE', message: /^exit: / });
  assert.throws(() => backtest({ entry: 'close > 1', exit: 'close < 1', risk: 1 }, rows), { code: 'INVALID_PARAMETER', message: /stop/ });
  assert.throws(() => backtest({ entry: 'close > 1', exit: 'close < 1', stop: 'atr:14' }, rows), { code: 'INVALID_PARAMETER' });
  assert.throws(() => backtest({ entry: 'close > 1', exit: 'close < 1', side: 'up' }, rows), { code: 'INVALID_PARAMETER' });
  assert.throws(() => score(rows, { trendy: 1 }), { code: 'INVALID_PARAMETER' });
  // The module stays usable.
  assert.equal(evaluate('close > 0', [1, 2]).length, 2);
});

test('backtest equals `sigil backtest --json` with the same settings', () => {
  const entry = 'crossover(ema(close,12), ema(close,26))';
  const exit = 'crossunder(ema(close,12), ema(close,26))';
  const cases = [
    [{}, []],
    [
      { risk: 1, stop: 'atr:14:3', takeProfit: 2, fee: 0.1, slippage: 0.05, equity: 25000 },
      ['--risk', '1%', '--stop', 'atr:14:3', '--take-profit', '2R', '--fee', '0.1%', '--slippage', '0.05%', '--equity', '25000'],
    ],
    [
      { side: 'short', stop: { chandelier: 22, multiple: 3 }, fee: { fixed: 1.5 }, slippage: { ticks: 2, tickSize: 0.01 } },
      ['--side', 'short', '--stop', 'chandelier:22:3', '--fee', '1.5', '--slippage', 'ticks:2:0.01'],
    ],
    [{ risk: '2%', stop: { percent: 3 }, takeProfit: '3R' }, ['--risk', '2', '--stop', 'pct:3', '--take-profit', '3']],
  ];
  for (const [config, flags] of cases) {
    const expected = native(['backtest', '--entry', entry, '--exit', exit, ...flags]);
    const got = backtest({ entry, exit, ...config }, rows);
    assert.ok(expected.trades.length > 0, `${flags}: no trades`);
    assert.deepEqual(got.metrics, expected.metrics, String(flags));
    assert.deepEqual(got.trades, expected.trades, String(flags));
    assert.equal(got.skippedEntries, expected.skipped_entries);
    assert.ok(got.equity instanceof Float64Array && got.cash instanceof Float64Array);
    assert.deepEqual(got.equity, Float64Array.from(expected.equity, (p) => p.equity));
    assert.deepEqual(got.cash, Float64Array.from(expected.equity, (p) => p.cash));
  }
});

test('score equals `sigil score --json` on the last bar; scores per bar', () => {
  const expected = native(['score']);
  const got = score(rows);
  assert.deepEqual(got.last, expected);
  assert.equal(got.scores.length, rows.length);
  assert.ok(Object.is(got.scores.at(-1), expected.score));
  assert.ok(Number.isNaN(got.scores[0]));
  assert.ok(got.scores.slice(300).every((s) => s >= 0 && s <= 100));

  const weighted = native(['score', '--weights', 'trend=0.5,rsi=0']);
  assert.deepEqual(score(candles, { trend: 0.5, rsi: 0 }).last, weighted);
  assert.equal(score([], undefined).last, null);
});
