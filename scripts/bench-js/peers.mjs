// The JS peer libraries as bench contenders, through the API each one documents (read
// from its installed README and typings): batch functions where it has them, its
// streaming call where it has one. Every `kernels[id]` has `prepare(inputs)` returning
// the timed function and `probe(result)` returning the values the loose check compares
// with sigil-ta's `compare` column, aligned at the series end. `differs` names a
// definition that is not TA-Lib's, so the loose check reports it instead of comparing.
//
// Inputs: the peers get plain number[] columns (their typings ask for number[]) and
// {high,low,close,...} candle objects for streaming; sigil-ta gets Float64Array columns.
import * as TI from 'technicalindicators';
import * as TS from 'trading-signals';
import { IndicatorsSync } from '@ixjb94/indicators';
import * as ITS from 'indicatorts';
import { streamed } from './loop.mjs';

const lastOf = (v) => [v];

// technicalindicators 3.x: `X.calculate({...})` batch, `new X({..., values: []}).nextValue(v)` streaming.
// Its Stochastic has no %K slowing: `k` is the fast %K and `d` its SMA, i.e. TA-Lib's slow %K.
const technicalindicatorsBatch = {
  library: 'technicalindicators',
  entry: 'X.calculate',
  mode: 'batch',
  kernels: {
    sma: { prepare: (d) => () => TI.SMA.calculate({ period: 20, values: d.plain.close }), probe: (o) => o },
    ema: { prepare: (d) => () => TI.EMA.calculate({ period: 20, values: d.plain.close }), probe: (o) => o },
    rsi: { prepare: (d) => () => TI.RSI.calculate({ period: 14, values: d.plain.close }), probe: (o) => o },
    macd: {
      prepare: (d) => () => TI.MACD.calculate({ values: d.plain.close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
      probe: (o) => o.map((r) => r.MACD),
    },
    bbands: { prepare: (d) => () => TI.BollingerBands.calculate({ period: 20, stdDev: 2, values: d.plain.close }), probe: (o) => o.map((r) => r.upper) },
    atr: { prepare: (d) => () => TI.ATR.calculate({ period: 14, high: d.plain.high, low: d.plain.low, close: d.plain.close }), probe: (o) => o },
    stoch: {
      prepare: (d) => () => TI.Stochastic.calculate({ period: 14, signalPeriod: 3, high: d.plain.high, low: d.plain.low, close: d.plain.close }),
      probe: (o) => o.map((r) => r.d),
    },
  },
};

const technicalindicatorsStream = {
  library: 'technicalindicators',
  entry: 'nextValue',
  mode: 'stream',
  kernels: {
    sma: { prepare: (d) => streamed(d.plain.close, () => new TI.SMA({ period: 20, values: [] }), 'nextValue'), probe: lastOf },
    ema: { prepare: (d) => streamed(d.plain.close, () => new TI.EMA({ period: 20, values: [] }), 'nextValue'), probe: lastOf },
    rsi: { prepare: (d) => streamed(d.plain.close, () => new TI.RSI({ period: 14, values: [] }), 'nextValue'), probe: lastOf },
    macd: {
      prepare: (d) => streamed(d.plain.close, () => new TI.MACD({ values: [], fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }), 'nextValue'),
      probe: (r) => [r.MACD],
    },
    bbands: { prepare: (d) => streamed(d.plain.close, () => new TI.BollingerBands({ period: 20, stdDev: 2, values: [] }), 'nextValue'), probe: (r) => [r.upper] },
    atr: { prepare: (d) => streamed(d.candles, () => new TI.ATR({ period: 14, high: [], low: [], close: [] }), 'nextValue'), probe: lastOf },
    stoch: {
      prepare: (d) => streamed(d.candles, () => new TI.Stochastic({ period: 14, signalPeriod: 3, high: [], low: [], close: [] }), 'nextValue'),
      probe: (r) => [r.d],
    },
  },
};

// trading-signals 8.x: streaming is `add(input)`; its batch call is `updates(inputs)`
// ("add multiple values at once"); none of these seven has a static batch method.
const tradingSignalsMakers = {
  sma: () => new TS.SMA(20),
  ema: () => new TS.EMA(20),
  rsi: () => new TS.RSI(14),
  macd: () => new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9)),
  bbands: () => new TS.BollingerBands(20, 2),
  atr: () => new TS.ATR(14),
  stoch: () => new TS.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }),
};
const tradingSignalsPick = {
  sma: (r) => r,
  ema: (r) => r,
  rsi: (r) => r,
  macd: (r) => r?.macd,
  bbands: (r) => r?.upper,
  atr: (r) => r,
  stoch: (r) => r?.stochK,
};
const tradingSignalsInput = (id, d) => (id === 'atr' || id === 'stoch' ? d.candles : d.plain.close);

const tradingSignalsBatch = {
  library: 'trading-signals',
  entry: 'updates',
  mode: 'batch',
  kernels: Object.fromEntries(
    Object.keys(tradingSignalsMakers).map((id) => [
      id,
      {
        prepare: (d) => {
          const values = tradingSignalsInput(id, d);
          return () => tradingSignalsMakers[id]().updates(values, false);
        },
        probe: (o) => o.map(tradingSignalsPick[id]),
      },
    ]),
  ),
};

const tradingSignalsStream = {
  library: 'trading-signals',
  entry: 'add',
  mode: 'stream',
  kernels: Object.fromEntries(
    Object.keys(tradingSignalsMakers).map((id) => [
      id,
      {
        prepare: (d) => streamed(tradingSignalsInput(id, d), tradingSignalsMakers[id], 'add'),
        probe: (r) => [tradingSignalsPick[id](r)],
      },
    ]),
  ),
};

// @ixjb94/indicators 1.2: Tulip-style batch functions, synchronous class IndicatorsSync
// (the default class returns Promises). Outputs start at the first complete bar. No streaming API.
const ix = new IndicatorsSync();
const ixjb94Batch = {
  library: '@ixjb94/indicators',
  entry: 'IndicatorsSync',
  mode: 'batch',
  kernels: {
    sma: { prepare: (d) => () => ix.sma(d.plain.close, 20), probe: (o) => o },
    ema: { prepare: (d) => () => ix.ema(d.plain.close, 20), probe: (o) => o },
    rsi: { prepare: (d) => () => ix.rsi(d.plain.close, 14), probe: (o) => o },
    macd: { prepare: (d) => () => ix.macd(d.plain.close, 12, 26, 9), probe: (o) => o[0] },
    bbands: { prepare: (d) => () => ix.bbands(d.plain.close, 20, 2), probe: (o) => o[2] },
    atr: { prepare: (d) => () => ix.atr(d.plain.high, d.plain.low, d.plain.close, 14), probe: (o) => o },
    stoch: { prepare: (d) => () => ix.stoch(d.plain.high, d.plain.low, d.plain.close, 14, 3, 3), probe: (o) => o[0] },
  },
};

// indicatorts 2.x: batch functions with a config object; no streaming API. Its ATR is an
// SMA of the true range (not Wilder's) and its Bollinger multiplier is fixed at 2.
const indicatortsBatch = {
  library: 'indicatorts',
  entry: 'functions',
  mode: 'batch',
  kernels: {
    sma: { prepare: (d) => () => ITS.sma(d.plain.close, { period: 20 }), probe: (o) => o },
    ema: { prepare: (d) => () => ITS.ema(d.plain.close, { period: 20 }), probe: (o) => o },
    rsi: { prepare: (d) => () => ITS.rsi(d.plain.close, { period: 14 }), probe: (o) => o },
    macd: { prepare: (d) => () => ITS.macd(d.plain.close, { fast: 12, slow: 26, signal: 9 }), probe: (o) => o.macdLine },
    bbands: { prepare: (d) => () => ITS.bb(d.plain.close, { period: 20 }), probe: (o) => o.upper },
    atr: { prepare: (d) => () => ITS.atr(d.plain.high, d.plain.low, d.plain.close, { period: 14 }), probe: (o) => o.atrLine, differs: 'SMA of the true range, not Wilder' },
    stoch: { prepare: (d) => () => ITS.stoch(d.plain.high, d.plain.low, d.plain.close, { kPeriod: 14, dPeriod: 3 }), probe: (o) => o.d },
  },
};

export const PEERS = [technicalindicatorsBatch, tradingSignalsBatch, ixjb94Batch, indicatortsBatch, technicalindicatorsStream, tradingSignalsStream];

/** The peer libraries, in table order. */
export const PEER_LIBRARIES = ['technicalindicators', 'trading-signals', '@ixjb94/indicators', 'indicatorts'];
