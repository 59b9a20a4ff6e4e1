// The npm package's API in Node, through its Node entry (ready at import).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkgDir, fixtureData, golden, assertParity } from './support.mjs';

const sigil = await import(`${pkgDir}/node.js`);
const { compute, Indicator, indicators, describe, columnNames, canonicalSpec } = sigil;
const data = fixtureData();
const rows = data.time.map((t, i) => [t, data.open[i], data.high[i], data.low[i], data.close[i], data.volume[i]]);

test('compute matches TA-Lib 0.8.1 on real data', () => {
  const out = compute('sma:20,ema:20,rsi:14', rows);
  assert.deepEqual(Object.keys(out), ['sma', 'ema', 'rsi']);
  for (const [key, name] of [['sma', 'SMA'], ['ema', 'EMA'], ['rsi', 'RSI']]) {
    assert.ok(out[key] instanceof Float64Array);
    assertParity(out[key], golden(name), key);
  }
});

test('every candle shape gives the same numbers', () => {
  const expected = compute('rsi:14', rows).rsi;
  const objects = rows.map(([time, open, high, low, close, volume]) => ({ time, open, high, low, close, volume }));
  const shapes = {
    objects,
    columns: { time: data.time, open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume },
    typedColumns: { close: Float64Array.from(data.close) },
    closes: data.close,
    typedCloses: Float64Array.from(data.close),
  };
  for (const [shape, candles] of Object.entries(shapes)) {
    assert.deepEqual(compute('rsi:14', candles).rsi, expected, shape);
  }
});

test('keys follow the spec order; repeated indicators are keyed by canonical spec', () => {
  assert.deepEqual(Object.keys(compute('rsi:14,ema:20', rows)), ['rsi', 'ema']);
  assert.deepEqual(Object.keys(compute('ema:20,ema:50', rows)), ['ema:20', 'ema:50']);
  assert.deepEqual(columnNames('ema,rsi,ema:5'), ['ema:30', 'rsi', 'ema:5']);
  assert.equal(canonicalSpec('RSI'), 'rsi:14');
});

test('streaming equals batch, peek does not change state', () => {
  for (const spec of ['sma:20', 'ema:20', 'rsi:14']) {
    const batch = compute(spec, rows)[spec.split(':')[0]];
    const live = new Indicator(spec);
    rows.forEach((bar, i) => {
      const peeked = live.peek(bar);
      assert.ok(Object.is(live.peek(bar), peeked), `${spec}: second peek differs at ${i}`);
      const value = live.update(bar);
      assert.ok(Object.is(value, batch[i]), `${spec} bar ${i}: update ${value} != batch ${batch[i]}`);
      assert.ok(Object.is(peeked, value), `${spec} bar ${i}: peek ${peeked} != update ${value}`);
    });
    live.reset();
    assert.ok(Number.isNaN(live.update(rows[0])));
    live.free();
  }
});

// sma/ema/rsi/atr stream through direct kernels held in a table by handle (crates/wasm/
// src/direct.rs): a freed indicator's slot is reused, and every way of reading or
// feeding the indicator must see the same state.
test('direct kernels serve exactly the TA-Lib-mode specs that have them', async () => {
  const { StreamingIndicator } = await import(`${pkgDir}/sigil_ta.js`);
  const direct = (spec, mode) => new StreamingIndicator(spec, mode).direct_handle() !== undefined;
  for (const spec of ['sma:5', 'ema', 'rsi:5', 'atr:5', 'macd', 'macd:5:10:4']) assert.ok(direct(spec, 'talib'), spec);
  // SMA has no TradingView variant (same values), EMA/RSI/ATR/MACD do; others have no kernel.
  assert.ok(direct('sma:5', 'tradingview'));
  for (const spec of ['ema', 'rsi', 'atr', 'macd']) assert.ok(!direct(spec, 'tradingview'), `${spec} tradingview`);
  for (const spec of ['stoch', 'bbands', 'wma:5', 'ma:5:1']) assert.ok(!direct(spec, 'talib'), spec);
});

test('direct kernels: reused handles keep indicators apart; value, values, updateMany and reset agree', () => {
  for (const spec of ['sma:5', 'ema:5', 'rsi:5', 'atr:5']) {
    const name = spec.split(':')[0];
    const batch = compute(spec, rows)[name];
    const doomed = new Indicator(spec);
    doomed.update(rows[0]);
    doomed.free();
    // The next ones take the freed slot and another; the freed one must not reach them.
    const a = new Indicator(spec);
    const b = new Indicator(spec);
    // Rows, objects and bare prices (sma/ema/rsi take those through methods of their own).
    const [time, open, high, low, close, volume] = rows[1];
    for (const bar of [rows[1], { time, open, high, low, close, volume }, ...(name === 'atr' ? [] : [close])]) {
      assert.throws(() => doomed.update(bar), { code: 'FREED' });
      assert.throws(() => doomed.peek(bar), { code: 'FREED' });
    }
    assert.ok(doomed instanceof Indicator && a instanceof Indicator);
    const view = a.values;
    rows.slice(0, 40).forEach((bar, i) => {
      const [time, open, high, low, close, volume] = bar;
      if (name !== 'atr') {
        const peeked = a.peek(close);
        assert.ok(Object.is(peeked, batch[i]) && Object.is(a.value, peeked), `${spec} bar ${i}: peek ${peeked} != ${batch[i]}`);
      }
      const fromA = name === 'atr' ? a.updateOHLCV(open, high, low, close, volume, time) : a.update(close);
      const fromB = b.update({ time, open, high, low, close, volume });
      assert.ok(Object.is(fromA, batch[i]) && Object.is(fromB, batch[i]), `${spec} bar ${i}: ${fromA} / ${fromB} != ${batch[i]}`);
      assert.ok(Object.is(a.value, fromA) && Object.is(view[0], fromA), `${spec} bar ${i}: value/values lag the update`);
    });
    const peeked = a.peek(rows[40]);
    assert.ok(Object.is(a.value, peeked), `${spec}: value after peek`);
    // A block continues the same state; value shows its last bar.
    const block = a.updateMany(rows.slice(40, 60))[name];
    block.forEach((x, k) => assert.ok(Object.is(x, batch[40 + k]), `${spec} block bar ${40 + k}`));
    assert.ok(Object.is(a.value, batch[59]));
    assert.ok(Object.is(a.update(rows[60]), batch[60]));
    a.reset();
    assert.ok(Number.isNaN(a.value) && Number.isNaN(a.values[0]), `${spec}: reset clears the value`);
    assert.ok(Number.isNaN(a.update(rows[0])));
    // b never saw a's block or reset.
    assert.ok(Object.is(b.update(rows[40]), batch[40]), `${spec}: b was disturbed`);
    a.free();
    b.free();
  }
});

// sma/ema/rsi/atr take bare prices and candle objects through methods of their own
// (crates/wasm/js/api.js, #priceFed/#candleFed): they must accept and reject exactly what
// the generic path does, and give the same numbers.
test('direct kernels: candle objects take the checks and give the values of the generic path', () => {
  for (const spec of ['ema:5', 'atr:5']) {
    const name = spec.split(':')[0];
    const batch = compute(spec, rows)[name];
    const [time, open, high, low, close, volume] = rows[0];
    const good = { time, open, high, low, close, volume };
    const bad = [{ ...good, open: '1' }, { ...good, volume: {} }, { ...good, time: 'x' }, { ...good, periods: '2' }, { ...good, close: '1' }, { ...good, close: undefined }];
    if (name === 'atr') bad.push({ ...good, high: undefined }, { ...good, low: null });
    const live = new Indicator(spec);
    for (const bar of bad) {
      assert.throws(() => live.update(bar), { code: 'BAD_INPUT' }, `${spec} update ${JSON.stringify(bar)}`);
      assert.throws(() => live.peek(bar), { code: 'BAD_INPUT' }, `${spec} peek ${JSON.stringify(bar)}`);
    }
    // Accepted shapes: a Date time, a ccxt-style timestamp, no time, nothing but the read
    // columns; each bar in a different one.
    const shapes = [
      (b) => ({ ...b, time: new Date(b.time) }),
      ({ time: timestamp, ...rest }) => ({ ...rest, timestamp }),
      ({ time: _t, ...rest }) => rest,
      (b) => (name === 'atr' ? { high: b.high, low: b.low, close: b.close } : { close: b.close }),
    ];
    rows.slice(0, 30).forEach(([t, o, h, l, c, v], i) => {
      const bar = shapes[i % shapes.length]({ time: t, open: o, high: h, low: l, close: c, volume: v });
      const peeked = live.peek(bar);
      const value = live.update(bar);
      assert.ok(Object.is(value, batch[i]) && Object.is(peeked, value), `${spec} bar ${i}: ${peeked} / ${value} != ${batch[i]}`);
    });
    live.free();
    assert.throws(() => live.update(good), { code: 'FREED' });
  }
});

test('a subclass of Indicator keeps its own methods (the direct kernels switch prototypes)', () => {
  class Doubled extends Indicator {
    update(bar) {
      return 2 * super.update(bar);
    }
    label() {
      return `x2 ${this.spec}`;
    }
  }
  for (const spec of ['ema:5', 'atr:5', 'wma:5']) {
    const name = spec.split(':')[0];
    const batch = compute(spec, rows)[name];
    const live = new Doubled(spec);
    assert.ok(live instanceof Doubled && live.label() === `x2 ${spec}`, spec);
    rows.slice(0, 20).forEach(([time, open, high, low, close, volume], i) => {
      // Bare prices too where a price is a bar (the generic path's direct branch).
      const value = live.update(name !== 'atr' && i % 2 ? close : { time, open, high, low, close, volume });
      assert.ok(Object.is(value, 2 * batch[i]), `${spec} bar ${i}: ${value} != 2 * ${batch[i]}`);
    });
    live.free();
    assert.throws(() => live.update(rows[0]), { code: 'FREED' });
    assert.ok(live instanceof Doubled && live.label() === `x2 ${spec}`, `${spec}: a freed subclass keeps its methods`);
  }
});

test('direct MACD: every output through update, peek, values, updateMany and reset', () => {
  const spec = 'macd:5:10:4';
  const batch = compute(spec, rows);
  const names = ['macd_macd', 'macd_macdsignal', 'macd_macdhist'];
  const doomed = new Indicator(spec);
  doomed.free();
  const live = new Indicator(spec);
  const other = new Indicator(spec);
  const same = (got, i, label) => names.forEach((name, k) => assert.ok(Object.is(got[k], batch[name][i]), `${label} bar ${i} ${name}: ${got[k]} != ${batch[name][i]}`));
  rows.slice(0, 40).forEach((bar, i) => {
    // Rows go the generic way; prices and candle objects through MACD's own methods.
    const [time, open, high, low, close, volume] = bar;
    const candle = { time, open, high, low, close, volume };
    const peeked = live.peek([bar, close, candle][i % 3]);
    same(names.map((name) => peeked[name]), i, 'peek');
    const value = live.update(close);
    same(names.map((name) => value[name]), i, 'update');
    same(Array.from(live.values), i, 'values');
    other.update(i % 2 ? bar : candle);
  });
  const block = live.updateMany(rows.slice(40, 60));
  names.forEach((name) => block[name].forEach((x, k) => assert.ok(Object.is(x, batch[name][40 + k]), `block ${name} ${40 + k}`)));
  same(Array.from(live.values), 59, 'values after updateMany');
  live.reset();
  assert.ok(Array.from(live.values).every(Number.isNaN), 'reset clears every output');
  const next = other.update(rows[40]);
  same(names.map((name) => next[name]), 40, 'the other indicator');
  live.free();
  other.free();
  assert.throws(() => doomed.update(1), { code: 'FREED' });
});

test('a streaming bar may be a price, a row or an object', () => {
  const a = new Indicator('ema:3');
  const b = new Indicator('ema:3');
  const c = new Indicator('ema:3');
  for (const [time, open, high, low, close, volume] of rows.slice(0, 10)) {
    const x = a.update(close);
    assert.ok(Object.is(b.update([time, open, high, low, close, volume]), x));
    assert.ok(Object.is(c.update({ time, open, high, low, close, volume }), x));
  }
  assert.equal(a.lookback, 2);
  assert.deepEqual(a.outputs, ['ema']);
});

test('errors are thrown with clear messages, never a wasm abort', () => {
  assert.throws(() => compute('bollinger:20', rows), /unknown indicator 'bollinger'/);
  assert.throws(() => compute('rsi:1', rows), /timeperiod.*2\.\.=100000/);
  assert.throws(() => compute('rsi:14,', rows), /empty indicator spec/);
  assert.throws(() => compute('sma', { open: [1, 2, 3] }), /needs the 'close' column/);
  assert.throws(() => new Indicator('nope'), /unknown indicator 'nope'/);
  assert.throws(() => compute('sma', null), { name: 'SigilError', code: 'BAD_INPUT' });
  // The module still works after errors.
  assert.equal(compute('sma:2', [1, 2, 3]).sma[2], 2.5);
});

test('mode option: tradingview where it differs, talib otherwise, bad modes rejected', () => {
  const talib = compute('sma:20', rows).sma;
  // SMA is the same in both conventions.
  assert.deepEqual(compute('sma:20', rows, { mode: 'tradingview' }).sma, talib);
  assert.throws(() => compute('sma:20', rows, { mode: 'pine' }), /unknown mode 'pine'/);
  assert.throws(() => new Indicator('sma:20', { mode: 'pine' }), /unknown mode/);
  for (const meta of indicators().filter((d) => d.tradingview)) {
    // Every TradingView variant computes, streams like its batch, and says what differs.
    assert.ok(meta.tradingview.note.length > 10, meta.name);
    const batch = Object.values(compute(meta.name, rows, { mode: 'tradingview' }));
    const live = new Indicator(meta.name, { mode: 'tradingview' });
    rows.forEach((bar, i) => {
      const value = live.update(bar);
      const first = typeof value === 'number' ? value : Object.values(value)[0];
      assert.ok(Object.is(first, batch[0][i]) || Math.abs(first - batch[0][i]) <= 1e-12 * Math.abs(first), `${meta.name} bar ${i}`);
    });
  }
});

test("tradingview vwap restarts every UTC day; talib's runs from the first bar", () => {
  const session = compute('vwap', rows, { mode: 'tradingview' }).vwap;
  const cumulative = compute('vwap', rows).vwap;
  let days = 0;
  rows.forEach(([t, , h, l, c, v], i) => {
    if (i > 0 && t % 86_400_000 === 0 && v > 0) {
      days += 1;
      assert.ok(Math.abs(session[i] - (h + l + c) / 3) <= 1e-12 * session[i], `bar ${i} opens a day`);
    }
  });
  assert.ok(days > 10 && cumulative.some((x, i) => Math.abs(x - session[i]) > 1e-6));
  assert.deepEqual(describe('vwap').tradingview.inputs, ['time', 'high', 'low', 'close', 'volume']);
});

test('short and empty input give NaN, not errors', () => {
  assert.deepEqual([...compute('rsi:14', [1, 2, 3]).rsi].map(Number.isNaN), [true, true, true]);
  assert.equal(compute('rsi:14', []).rsi.length, 0);
});

test('indicators() describes the registry', () => {
  const rsi = indicators().find((d) => d.name === 'rsi');
  assert.equal(rsi.overlay, false);
  assert.deepEqual(rsi.inputs, ['close']);
  assert.equal(rsi.params[0].default, 14);
  assert.equal(rsi.lookback, 14);
  assert.equal(indicators().find((d) => d.name === 'ema').overlay, true);
});

test('mavp reads a periods column in batch, streaming and blocks, and says so when it is missing', () => {
  const periods = data.close.map((_, i) => (i % 29 === 7 ? NaN : ((i * 13) % 45) + (i % 4) * 0.25));
  const batch = compute('mavp:2:21:ema', { close: data.close, periods }).mavp;
  assert.ok(batch.filter((v) => !Number.isNaN(v)).length > data.close.length - 30);
  // The same through candle objects, 7-field rows, a streaming Indicator and updateMany.
  const objects = data.close.map((close, i) => ({ time: data.time[i], open: close, high: close, low: close, close, periods: periods[i] }));
  assert.deepEqual(compute('mavp:2:21:ema', objects).mavp, batch);
  const rows7 = objects.map((c) => [c.time, c.open, c.high, c.low, c.close, 0, c.periods]);
  assert.deepEqual(compute('mavp:2:21:ema', rows7).mavp, batch);
  const stream = new Indicator('mavp:2:21:ema');
  objects.forEach((bar, i) => {
    const peeked = stream.peek(bar);
    const updated = stream.update(bar);
    assert.ok(Object.is(peeked, updated) && Object.is(updated, batch[i]), `bar ${i}: peek ${peeked}, update ${updated}, batch ${batch[i]}`);
  });
  const block = new Indicator('mavp:2:21:ema').updateMany({ close: data.close, periods });
  assert.deepEqual(Array.from(block.mavp ?? block), Array.from(batch));
  // Without periods: a SigilError naming the column, never a silent minimum period.
  assert.throws(() => compute('mavp', data.close), (e) => e.name === 'SigilError' && /periods/.test(e.message));
  assert.throws(() => new Indicator('mavp').updateOHLCV(1, 1, 1, 1, 1, 0), (e) => e.name === 'SigilError' && /periods/.test(e.message));
  assert.deepEqual(describe('mavp').inputs, ['close', 'periods']);
});
