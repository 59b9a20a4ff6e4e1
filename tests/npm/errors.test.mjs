// Errors: every failure is a SigilError with a stable code and a message naming the
// problem, and no input reachable through the public API makes the wasm module trap
// (a trap is a RuntimeError, and would leave the module unusable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkgDir } from './support.mjs';

const sigil = await import(`${pkgDir}/node.js`);
const { SigilError, compute, Indicator, Pipeline, Dataset, describe, list, canonicalSpec } = sigil;

const closes = Array.from({ length: 64 }, (_, i) => 100 + 10 * Math.sin(i / 4));
const rows = closes.map((c, i) => [1700000000000 + i * 60000, c - 1, c + 2, c - 2, c, 1000 + i]);

function expectCode(fn, code, message) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof SigilError, `expected a SigilError, got ${error?.constructor?.name}: ${error?.message}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'SigilError');
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('SigilError codes for specs, parameters and modes', () => {
  expectCode(() => compute('bollinger:20', rows), 'UNKNOWN_INDICATOR', /unknown indicator 'bollinger'.*list\(\)/);
  expectCode(() => compute('rsl', rows), 'UNKNOWN_INDICATOR', /did you mean 'rsi'/);
  expectCode(() => compute('rsi:1', rows), 'INVALID_PARAMETER', /rsi: parameter timeperiod = '1' is invalid; expected an integer in 2\.\.=100000/);
  expectCode(() => compute('sma:2.5', rows), 'INVALID_PARAMETER', /an integer/);
  expectCode(() => compute('sma:20:3', rows), 'INVALID_PARAMETER', /at most 1/);
  expectCode(() => compute('rsi:14,', rows), 'INVALID_SPEC', /empty indicator spec/);
  // Two equal specs would share one key of the result object.
  expectCode(() => compute('ema:20,rsi,ema:20', rows), 'INVALID_SPEC', /ema:20 is listed more than once/);
  expectCode(() => compute(['ema', 'ema:30'], rows), 'INVALID_SPEC', /ema:30 is listed more than once/);
  expectCode(() => compute(14, rows), 'INVALID_SPEC', /a spec is a string/);
  expectCode(() => compute('sma', rows, { mode: 'pine' }), 'UNKNOWN_MODE', /unknown mode 'pine'/);
  expectCode(() => compute('sma', rows, 'tradingview'), 'INVALID_PARAMETER', /options must be an object/);
  expectCode(() => new Indicator('nope'), 'UNKNOWN_INDICATOR');
  expectCode(() => new Pipeline(['rsi', 'ema:0']), 'INVALID_PARAMETER', /ema: parameter timeperiod = '0'/);
  expectCode(() => describe('rsl'), 'UNKNOWN_INDICATOR', /did you mean 'rsi'/);
  expectCode(() => describe('rsi:14'), 'UNKNOWN_INDICATOR', /not a spec/);
  expectCode(() => canonicalSpec('macd:1'), 'INVALID_PARAMETER', /fastperiod/);
  expectCode(() => sigil.sma(closes, { timeperoid: 3 }), 'INVALID_PARAMETER', /no parameter 'timeperoid'; its parameters: timeperiod/);
  expectCode(() => sigil.sma(closes, { timeperiod: '3:4' }), 'INVALID_PARAMETER');
  expectCode(() => sigil.sma(closes, { timeperiod: {} }), 'INVALID_PARAMETER');
  expectCode(() => sigil.sma(closes, { timeperiod: 0 }), 'INVALID_PARAMETER', /1\.\.=100000/);
  expectCode(() => sigil.sma(closes, 20), 'INVALID_PARAMETER', /sma: parameters are an object such as \{ timeperiod: 30 \}, got 20/);
  expectCode(() => sigil.rsi(closes, { mode: 'pine' }), 'UNKNOWN_MODE');
});

test('BAD_INPUT names the column, row and value', () => {
  expectCode(() => compute('sma', null), 'BAD_INPUT', /candles are required/);
  expectCode(() => compute('sma', 'abc'), 'BAD_INPUT');
  expectCode(() => compute('sma', [1, 'a', 3]), 'BAD_INPUT', /column 'close' row 1 is 'a', not a number/);
  expectCode(() => compute('sma', [1, null, 3]), 'BAD_INPUT', /row 1 is null/);
  expectCode(() => compute('sma', [1, undefined, 3]), 'BAD_INPUT', /row 1 is undefined/);
  expectCode(() => compute('sma', { close: [1, 2, {}] }), 'BAD_INPUT', /row 2 is an object/);
  expectCode(() => compute('sma', { close: new BigInt64Array(3) }), 'BAD_INPUT', /BigInt/);
  expectCode(() => compute('atr', { high: [1, 2, 3], low: [1, 2], close: [1, 2, 3] }), 'BAD_INPUT', /differ in length/);
  expectCode(() => compute('atr', { close: [1, 2, 3] }), 'BAD_INPUT', /needs the 'high' column/);
  expectCode(() => compute('sma', [[1, 2, 3]]), 'BAD_INPUT', /candle 0.*ccxt row/);
  expectCode(() => compute('sma', [[0, 1, 2, 0, '1']]), 'BAD_INPUT', /candle 0: close is '1'/);
  expectCode(() => compute('sma', [rows[0], 'x']), 'BAD_INPUT', /candle 1/);
  expectCode(() => compute('sma', [{ close: 1 }, { close: 'x' }]), 'BAD_INPUT', /candle 1: close is 'x'/);
  expectCode(() => compute('atr', [{ close: 1 }, { close: 2 }]), 'BAD_INPUT', /needs the 'high' column/);
  expectCode(() => compute('sma', [true]), 'BAD_INPUT', /candle 0 is true/);
  expectCode(() => sigil.atr(closes), 'BAD_INPUT', /atr reads high, low, close: pass candles/);
  // ccxt rows may lack volume, and volume/time may be null: NaN there.
  assert.equal(compute('sma:2', [[0, 1, 1, 1, 1], [1, 2, 2, 2, 2, null]]).sma[1], 1.5);
});

test('streaming input is checked per bar', () => {
  const rsi = new Indicator('rsi:3');
  expectCode(() => rsi.update('1'), 'BAD_INPUT');
  expectCode(() => rsi.update({ open: 1 }), 'BAD_INPUT', /close is undefined/);
  expectCode(() => rsi.updateOHLCV(1, 2, 0, '1'), 'BAD_INPUT', /close is '1'/);
  expectCode(() => rsi.peek(null), 'BAD_INPUT');
  const atr = new Indicator('atr:3');
  expectCode(() => atr.update(5), 'BAD_INPUT', /a bare number is a bar only for indicators that read one column/);
  expectCode(() => atr.updateOHLCV(1, 2, undefined, 1), 'BAD_INPUT', /low is undefined/);
  expectCode(() => atr.updateMany({ high: [1, 2], low: [1, 2], close: [1] }), 'BAD_INPUT');
  // Open and volume are not read by ATR, so they may be absent.
  assert.ok(Number.isNaN(atr.updateOHLCV(undefined, 2, 1, 1.5)));
  rsi.free();
  expectCode(() => rsi.update(1), 'FREED');
  rsi.free(); // twice is fine
});

// Values chosen to break arithmetic that assumes clean data.
const NASTY = [
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['zero', () => 0],
  ['negative', (i) => -1 - i],
  ['huge', (i) => 1e300 * (1 + (i % 3))],
  ['tiny', (i) => 1e-300 * (1 + (i % 3))],
  ['constant', () => 1],
  ['alternating NaN', (i) => (i % 2 ? NaN : 100 + i)],
];
const LENGTHS = [0, 1, 2, 3, 40];

function nastyCandles(make, n) {
  const col = (k) => Float64Array.from({ length: n }, (_, i) => make(i + k));
  return { time: Float64Array.from({ length: n }, (_, i) => (make(i) === 0 ? 0 : i * 3600000)), open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), periods: col(5) };
}

test('no input, however bad, makes the wasm module trap (every indicator, batch and streaming)', () => {
  let calls = 0;
  for (const meta of list()) {
    for (const mode of meta.tradingview ? ['talib', 'tradingview'] : ['talib']) {
      // Smallest and largest allowed parameters, too: huge windows over short input.
      const specs = [meta.name];
      const extremes = (pick) => [meta.name, ...meta.params.map((p) => (p.type === 'integer' || p.type === 'real' ? pick(p) : p.default))].join(':');
      specs.push(extremes((p) => p.min), extremes((p) => (p.type === 'integer' ? Math.min(p.max, 5000) : p.max)));
      for (const spec of specs) {
        for (const [label, make] of NASTY) {
          for (const n of LENGTHS) {
            const candles = nastyCandles(make, n);
            try {
              const out = compute(spec, candles, { mode });
              for (const column of Object.values(out)) assert.equal(column.length, n, `${spec} ${label} ${n}`);
              calls++;
            } catch (error) {
              // A parameter the core refuses in this mode is fine; a trap is not.
              assert.ok(error instanceof SigilError && error.code !== 'INTERNAL', `${spec} (${mode}) on ${label} x${n}: ${error.stack}`);
            }
          }
          try {
            const live = new Indicator(spec, { mode });
            const bars = nastyCandles(make, 8);
            for (let i = 0; i < 8; i++) {
              live.peekOHLCV(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.time[i]);
              live.updateOHLCV(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.time[i]);
            }
            live.reset();
            live.updateMany(bars);
            live.free();
            calls++;
          } catch (error) {
            assert.ok(error instanceof SigilError && error.code !== 'INTERNAL', `${spec} (${mode}) streaming ${label}: ${error.stack}`);
          }
        }
      }
    }
  }
  assert.ok(calls > list().length * 50, `only ${calls} calls succeeded`);
  // The module is intact: a known value after all of that.
  assert.deepEqual([...compute('sma:2', [1, 2, 3]).sma], [NaN, 1.5, 2.5]);
});

test('a Pipeline and a Dataset of every indicator take bad values without trapping', () => {
  const specs = list().map((m) => m.name);
  const pipe = new Pipeline(specs);
  for (const [label, make] of NASTY) {
    const bars = nastyCandles(make, 6);
    for (let i = 0; i < 6; i++) {
      // Candle objects: MAVP in the list also reads `periods`, which updateOHLCV lacks.
      const bar = { time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], periods: bars.periods[i] };
      pipe.peek(bar);
      const values = pipe.update(bar);
      assert.equal(values.length, pipe.outputs.length, label);
    }
    const block = pipe.updateMany(bars);
    assert.equal(Object.keys(block).length, pipe.outputs.length);
    const data = new Dataset(nastyCandles(make, 30));
    assert.equal(Object.keys(data.compute(specs)).length, pipe.outputs.length, label);
    data.free();
  }
  pipe.free();
  assert.deepEqual([...compute('sma:2', [1, 2, 3]).sma], [NaN, 1.5, 2.5]);
});

test('after every kind of error the module still computes', () => {
  const expected = compute('rsi:14,macd', rows);
  const failures = [
    () => compute('nope', rows),
    () => compute('rsi', [1, 'x']),
    () => compute('atr', { close: [1] }),
    () => new Indicator('sma:0'),
    () => new Dataset([1, 2, 3]).compute('atr'),
    () => sigil.macd(closes, { fastperiod: -1 }),
    () => new Pipeline('rsi', { mode: 'x' }),
  ];
  for (const fail of failures) {
    assert.throws(fail, SigilError);
    assert.deepEqual(compute('rsi:14,macd', rows), expected);
  }
});
