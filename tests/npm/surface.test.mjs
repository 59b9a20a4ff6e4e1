// The rest of the package surface: generated per-indicator functions, streaming shapes
// (update/peek/updateOHLCV/value/updateMany), Pipeline, Dataset and its views, list/describe.
// Expected values come from compute() (checked against TA-Lib in api/parity tests) or
// are worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pkgDir, fixtureData } from './support.mjs';

const sigil = await import(`${pkgDir}/node.js`);
const { compute, Indicator, Pipeline, Dataset, list, describe, indicators } = sigil;
const data = fixtureData();
const N = 600;
const candles = {};
for (const k of ['time', 'open', 'high', 'low', 'close', 'volume']) candles[k] = Float64Array.from(data[k].slice(0, N));
// MAVP's per-bar periods (the seventh field of a row), so every registry entry computes.
candles.periods = Float64Array.from({ length: N }, (_, i) => 2 + ((i * 7) % 40));
const rows = Array.from({ length: N }, (_, i) => [candles.time[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i], candles.periods[i]]);
const same = (a, b) => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
function assertSameColumn(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(same(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} != ${expected[i]}`);
}

test('one generated function per registry entry, equal to compute at the same parameters', () => {
  const metas = list();
  assert.ok(metas.length >= 100, `${metas.length} indicators`);
  for (const meta of metas) {
    const fn = sigil[meta.name] ?? sigil[`${meta.name}_`];
    assert.equal(typeof fn, 'function', `no function for ${meta.name}`);
    const expected = Object.values(compute(meta.name, candles));
    const got = fn(candles);
    if (meta.outputs.length === 1) {
      assert.ok(got instanceof Float64Array, meta.name);
      assertSameColumn(got, expected[0], meta.name);
    } else {
      assert.deepEqual(Object.keys(got), meta.outputs, meta.name);
      meta.outputs.forEach((o, k) => assertSameColumn(got[o], expected[k], `${meta.name}.${o}`));
    }
  }
});

test('function parameters: TA-Lib names, the period alias, MA types by name, mode', () => {
  assert.deepEqual(sigil.sma(candles.close, { timeperiod: 7 }), compute('sma:7', candles).sma);
  assert.deepEqual(sigil.sma(candles.close, { period: 7 }), compute('sma:7', candles).sma);
  assert.deepEqual(sigil.sma([...candles.close], { period: 7 }), compute('sma:7', candles).sma);
  // A later parameter alone: the earlier ones keep their defaults.
  const signal = sigil.macd(candles.close, { signalperiod: 5 });
  assert.deepEqual(signal.macdsignal, compute('macd:12:26:5', candles).macd_macdsignal);
  assert.deepEqual(sigil.bbands(candles, { timeperiod: 10, matype: 'ema' }).middleband, compute('bbands:10:2:2:ema', candles).bbands_middleband);
  assert.deepEqual(sigil.bbands(candles, { matype: 1 }).upperband, compute('bbands:20:2:2:1', candles).bbands_upperband);
  assert.deepEqual(sigil.atr(rows, { period: 5 }), compute('atr:5', rows).atr);
  const tv = list().find((m) => m.tradingview && m.inputs.length === 1 && m.outputs.length === 1);
  assert.deepEqual(sigil[tv.name](candles.close, { mode: 'tradingview' }), Object.values(compute(tv.name, candles, { mode: 'tradingview' }))[0]);
  // By hand: SMA(2) of 1,2,3 and RSI(2) of a rising then falling series.
  assert.deepEqual([...sigil.sma([1, 2, 3], { period: 2 })], [NaN, 1.5, 2.5]);
  assert.deepEqual([...sigil.rsi([1, 2, 3, 2, 3], { timeperiod: 2 })].map(String), ['NaN', 'NaN', '100', '50', '75']);
});

test('the generated typings document every function with params, defaults, ranges and outputs', () => {
  const dts = fs.readFileSync(path.join(pkgDir, 'indicators.d.ts'), 'utf8');
  for (const meta of list()) {
    const name = sigil[meta.name] ? meta.name : `${meta.name}_`;
    assert.match(dts, new RegExp(`export function ${name}\\(input: `), meta.name);
  }
  const rsiDoc = dts.slice(dts.indexOf('export interface RsiParams'), dts.indexOf('export function rsi('));
  assert.match(rsiDoc, /Relative Strength Index/);
  assert.match(rsiDoc, /Integer in 2\.\.=100000, default 14/);
  assert.match(rsiDoc, /period\?: number/);
  const macdDecl = dts.slice(dts.indexOf('export function macd('), dts.indexOf('\n', dts.indexOf('export function macd(')));
  assert.match(macdDecl, /macd: Float64Array; macdsignal: Float64Array; macdhist: Float64Array/);
});

test('Indicator: update(number), updateOHLCV, peek, value, values and spec', () => {
  const expected = compute('rsi:14,macd,bbands:5', candles);
  const rsi = new Indicator('rsi');
  const macd = new Indicator('macd');
  const bb = new Indicator('bbands:5');
  assert.equal(rsi.spec, 'rsi:14');
  assert.deepEqual(macd.outputs, ['macd_macd', 'macd_macdsignal', 'macd_macdhist']);
  for (let i = 0; i < N; i++) {
    const [t, o, h, l, c, v] = rows[i];
    const peeked = rsi.peek(c);
    assert.ok(Object.is(rsi.value, peeked));
    assert.ok(Object.is(rsi.update(c), expected.rsi[i]), `rsi ${i}`);
    assert.ok(Object.is(rsi.value, expected.rsi[i]));
    const m = macd.updateOHLCV(o, h, l, c, v, t);
    assert.ok(Object.is(m.macd_macdhist, expected.macd_macdhist[i]), `macd ${i}`);
    assert.deepEqual(macd.value, m);
    assert.ok(Object.is(macd.values[2], expected.macd_macdhist[i]));
    const p = bb.peekOHLCV(o, h, l, c, v, t);
    const u = bb.update({ time: t, open: o, high: h, low: l, close: c, volume: v });
    assert.deepEqual(p, u);
    assert.ok(Object.is(u.bbands_lowerband, expected.bbands_lowerband[i]));
  }
});

test('updateMany continues the stream and equals compute over the whole series', () => {
  const expected = compute('stoch', candles);
  const live = new Indicator('stoch');
  const head = live.updateMany(rows.slice(0, 250));
  const mid = live.update(rows[250]);
  const tail = live.updateMany({ high: candles.high.subarray(251), low: candles.low.subarray(251), close: candles.close.subarray(251) });
  for (const name of live.outputs) {
    assertSameColumn([...head[name], mid[name], ...tail[name]], expected[name], name);
  }
  assert.equal(tail.stoch_slowk.length, N - 251);
});

test('Pipeline: many specs, one reused Float64Array per bar, equal to compute', () => {
  const specs = ['rsi:14', 'ema:20', 'ema:50', 'macd', 'atr:14', 'bbands'];
  const expected = compute(specs.join(','), candles);
  const pipe = new Pipeline(specs);
  assert.deepEqual(pipe.outputs, Object.keys(expected));
  assert.deepEqual(pipe.specs, ['rsi:14', 'ema:20', 'ema:50', 'macd:12:26:9', 'atr:14', 'bbands:20:2:2:sma']);
  assert.deepEqual(pipe.lookbacks, [14, 19, 49, 33, 14, 19]);
  let view;
  for (let i = 0; i < N; i++) {
    const peeked = pipe.peek(rows[i]).slice();
    const values = pipe.update(rows[i]);
    if (view) assert.equal(values, view, 'the same view every bar');
    view = values;
    pipe.outputs.forEach((name, k) => {
      assert.ok(Object.is(values[k], expected[name][i]), `${name} ${i}`);
      assert.ok(Object.is(peeked[k], values[k]), `peek ${name} ${i}`);
    });
  }
  assert.deepEqual(Object.keys(pipe.value), pipe.outputs);
  pipe.reset();
  assert.ok(pipe.updateOHLCV(...rows[0].slice(1), rows[0][0]).every(Number.isNaN));
  const block = pipe.updateMany(rows.slice(1));
  assertSameColumn(block['ema:50'], expected['ema:50'].subarray(1), 'ema:50');
  pipe.free();
  assert.throws(() => pipe.update(rows[0]), { code: 'FREED' });
});

test('a Pipeline of every registered indicator equals compute of the same list', () => {
  const specs = list().map((m) => m.name);
  const expected = compute(specs, candles);
  const pipe = new Pipeline(specs);
  assert.deepEqual(pipe.outputs, Object.keys(expected));
  const rowsOut = Array.from({ length: N }, (_, i) => pipe.update(rows[i]).slice());
  const failures = [];
  pipe.outputs.forEach((name, k) => {
    for (let i = 0; i < N; i++) {
      if (!same(rowsOut[i][k], expected[name][i])) {
        failures.push(`${name}[${i}]: streamed ${rowsOut[i][k]}, batch ${expected[name][i]}`);
        break;
      }
    }
  });
  assert.deepEqual(failures, []);
  pipe.free();
});

test('a view over wasm memory is remade after the memory grows', () => {
  const pipe = new Pipeline('sma:2');
  pipe.update(1);
  const before = pipe.values;
  // Computing over a long series grows the wasm memory, which detaches old views.
  const big = new Float64Array(4_000_000).fill(1);
  compute('sma:2', big);
  pipe.update(3);
  assert.equal(pipe.values[0], 2);
  assert.equal(before.length, 0, 'the memory grew, which detached the old view');
  assert.equal(pipe.values.length, 1);
});

test('Dataset: resident columns, copies or views, append/push/setLast/truncate', () => {
  const ds = new Dataset(rows.slice(0, 300));
  assert.equal(ds.length, 300);
  // Seven-field rows: the seventh, MAVP's period, is a column of its own.
  assert.deepEqual(ds.columns, ['time', 'open', 'high', 'low', 'close', 'volume', 'periods']);
  ds.append({ time: candles.time.subarray(300, 599), open: candles.open.subarray(300, 599), high: candles.high.subarray(300, 599), low: candles.low.subarray(300, 599), close: candles.close.subarray(300, 599), volume: candles.volume.subarray(300, 599), periods: candles.periods.subarray(300, 599) });
  ds.push(rows[599]);
  assert.equal(ds.length, N);
  assert.deepEqual(ds.compute('mavp:2:30:ema'), compute('mavp:2:30:ema', candles));
  assert.deepEqual(new Dataset(rows.map((r) => r.slice(0, 6))).columns, ['time', 'open', 'high', 'low', 'close', 'volume']);
  const expected = compute('rsi,atr,macd', candles);
  assert.deepEqual(ds.compute('rsi,atr,macd'), expected);
  assert.deepEqual(compute('rsi,atr,macd', ds), expected);
  const views = ds.compute('rsi,atr,macd', { view: true });
  for (const [name, column] of Object.entries(expected)) assertSameColumn(views[name], column, `view ${name}`);
  // Copies own an exact-size buffer of their own (one copy out); views share wasm memory.
  assert.ok(views.rsi.buffer !== expected.rsi.buffer);
  assert.equal(views.rsi.buffer, views.atr.buffer, 'views are over the one wasm memory');
  assert.ok(views.rsi.buffer.byteLength > N * 8 * 3);
  for (const column of Object.values(expected)) assert.equal(column.buffer.byteLength, N * 8);
  // setLast: the forming bar changed; compute sees the new close.
  const changed = [...rows[599]];
  changed[4] += 50;
  ds.setLast(changed);
  const closes = Float64Array.from(candles.close);
  closes[599] += 50;
  assert.deepEqual(ds.compute('rsi').rsi, compute('rsi', closes).rsi);
  ds.truncate(100);
  assert.equal(ds.length, 100);
  assert.deepEqual(ds.compute('sma:5').sma, compute('sma:5', candles.close.subarray(0, 100)).sma);
  assert.throws(() => ds.append({ close: [1] }), { code: 'BAD_INPUT', message: /lack it/ });
  ds.free();
  assert.throws(() => ds.length, { code: 'FREED' });

  const closesOnly = new Dataset(candles.close);
  assert.deepEqual(closesOnly.columns, ['close']);
  assert.throws(() => closesOnly.compute('atr'), { code: 'BAD_INPUT', message: /needs the 'high' column/ });
  closesOnly.push(5).push(6);
  assert.equal(closesOnly.length, N + 2);
  const empty = new Dataset();
  assert.equal(empty.length, 0);
  empty.push(rows[0]);
  assert.equal(empty.compute('sma:1').sma[0], rows[0][4]);
});

test('list() and describe() return the registry metadata', () => {
  assert.equal(list(), indicators());
  assert.ok(Object.isFrozen(list()) && Object.isFrozen(list()[0]) && Object.isFrozen(list()[0].params));
  const macd = describe('MACD');
  assert.deepEqual(macd.outputs, ['macd', 'macdsignal', 'macdhist']);
  assert.deepEqual(macd.params.map((p) => [p.name, p.default]), [['fastperiod', 12], ['slowperiod', 26], ['signalperiod', 9]]);
  assert.equal(describe('atr').overlay, false);
  assert.deepEqual(describe('atr').inputs, ['high', 'low', 'close']);
  for (const meta of list()) assert.equal(describe(meta.name), meta);
});

test('the README shows every export', () => {
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
  const exported = Object.keys(sigil).filter((k) => !list().some((m) => m.name === k || `${m.name}_` === k));
  for (const name of exported) assert.ok(readme.includes(name), `README lacks ${name}`);
});
