// Type-checked (not run) by types.test.mjs: every export used as a TypeScript user would.
import {
  compute,
  Indicator,
  Pipeline,
  Dataset,
  SigilError,
  list,
  describe,
  indicators,
  init,
  initSync,
  columnNames,
  canonicalSpec,
  toColumns,
  sma,
  macd,
  bbands,
  atr,
  rsi,
  Rule,
  evaluate,
  backtest,
  score,
  signals,
  gridBot,
  dcaBot,
  walkForward,
} from '../../dist/sigil-ta/index.js';
import type { Candle, OhlcvRow, IndicatorMeta, ParamMeta, SigilErrorCode, RsiParams, MacdParams } from '../../dist/sigil-ta/index.js';
import type { SignalEvent, SignalKind, SignalSeries, ThresholdOptions, SqueezeOptions } from '../../dist/sigil-ta/index.js';
import type { GridBotConfig, DcaBotConfig, WalkForwardConfig, WalkForwardResult, WalkForwardWindow, SelectionMetric } from '../../dist/sigil-ta/index.js';
import type { BacktestConfig, BacktestResult, BacktestMetrics, BacktestTrade, ScoreResult, ScoreWeights, StopSpec } from '../../dist/sigil-ta/index.js';

async function main(bytes: ArrayBuffer, module: WebAssembly.Module): Promise<void> {
  await init();
  await init(new URL('https://example.invalid/sigil_ta_bg.wasm'));
  initSync(bytes);
  initSync(module);
  initSync({ module });
  const rows: OhlcvRow[] = [[1700000000000, 1, 2, 0.5, 1.5, 10]];
  const objects: Candle[] = [{ time: 1700000000000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }];
  const closes = new Float64Array([1, 2, 3]);

  // Batch.
  const out: Record<string, Float64Array> = compute('rsi:14,ema:20', rows);
  const maybe: Float64Array | undefined = out['rsi'];
  compute(['rsi', 'ema:20'], objects, { mode: 'tradingview' });
  compute('sma', { close: closes });
  compute('sma', [1, 2, 3]);
  // @ts-expect-error candles are required
  compute('sma');
  // @ts-expect-error modes are 'talib' | 'tradingview'
  compute('sma', [1], { mode: 'pine' });

  // Generated functions: one output → Float64Array, several → an object of them.
  const s: Float64Array = sma(closes, { timeperiod: 20 });
  const s2: Float64Array = sma([1, 2, 3], { period: 20, mode: 'talib' });
  const m: { macd: Float64Array; macdsignal: Float64Array; macdhist: Float64Array } = macd(closes, { signalperiod: 5 });
  const b: Float64Array = bbands(rows, { matype: 'ema' }).middleband;
  const a: Float64Array = atr(rows, { timeperiod: 14 });
  const params: RsiParams = { timeperiod: 14 };
  const mp: MacdParams = { fastperiod: 10 };
  rsi(closes, params);
  macd(rows, mp);
  // @ts-expect-error atr reads high, low and close: one array is not enough
  atr(closes);
  // @ts-expect-error no such parameter
  sma(closes, { timeperoid: 20 });
  // @ts-expect-error MA types by name are the registry's
  bbands(rows, { matype: 'foo' });

  // Metadata.
  const meta: readonly IndicatorMeta[] = list();
  const same: readonly IndicatorMeta[] = indicators();
  const overlay: boolean = meta[0]!.overlay;
  const first: Readonly<ParamMeta> | undefined = describe('macd').params[0];
  const names: string[] = columnNames('rsi,ema').concat(columnNames(['rsi', 'ema']));
  const canonical: string = canonicalSpec('rsi', { mode: 'tradingview' });
  const columns: Float64Array = toColumns(rows).close;

  // Streaming.
  const live = new Indicator('rsi:14', { mode: 'talib' });
  const value: number | Record<string, number> = live.update(objects[0]!);
  live.update(1.5);
  live.update(rows[0]!);
  live.peek(1.5);
  live.updateOHLCV(1, 2, 0.5, 1.5, 10, 1700000000000);
  live.peekOHLCV(1, 2, 0.5, 1.5);
  const last: number | Record<string, number> = live.value;
  const view: Float64Array = live.values;
  const block: Record<string, Float64Array> = live.updateMany(rows);
  const info: [string, readonly string[], number] = [live.spec, live.outputs, live.lookback];
  live.reset();
  live.free();

  const pipe = new Pipeline(['rsi:14', 'ema:20', 'macd']);
  const bar: Float64Array = pipe.update(rows[0]!);
  pipe.peek(objects[0]!);
  pipe.updateOHLCV(1, 2, 0.5, 1.5, 10);
  pipe.peekOHLCV(1, 2, 0.5, 1.5, 10);
  const named: Record<string, number> = pipe.value;
  const pipeInfo: [readonly string[], readonly string[], readonly number[], Float64Array] = [pipe.specs, pipe.outputs, pipe.lookbacks, pipe.values];
  pipe.updateMany({ close: closes });
  pipe.reset();
  pipe.free();

  // Resident data.
  const data = new Dataset(rows).append(objects).push(rows[0]!).setLast(objects[0]!).truncate(1);
  const views: Record<string, Float64Array> = data.compute('rsi,macd', { view: true, mode: 'talib' });
  compute('bbands', data);
  const size: [number, readonly string[]] = [data.length, data.columns];
  new Dataset().free();
  data.free();

  // Rules, backtests, the score.
  const rule = new Rule('crossover(ema(close,12), ema(close,26))', { mode: 'talib' });
  const ruleInfo: ['condition' | 'number', number, string] = [rule.kind, rule.lookback, rule.source];
  const fired: boolean | number = rule.update(rows[0]!);
  rule.peek(objects[0]!);
  rule.update(1.5);
  rule.reset();
  rule.free();
  const evaluated: Uint8Array | Float64Array = evaluate('rsi(14) < 30', rows, { mode: 'tradingview' });
  const stop: StopSpec = { atr: 14, multiple: 3 };
  const config: BacktestConfig = { entry: 'close > sma(close,20)', exit: 'close < sma(close,20)', side: 'short', risk: 1, stop, takeProfit: '2R', fee: { fixed: 1 }, slippage: 0.05, equity: 1000 };
  const result: BacktestResult = backtest(config, objects);
  const metrics: BacktestMetrics = result.metrics;
  const trade: BacktestTrade | undefined = result.trades[0];
  const curve: Float64Array = result.equity;
  const weights: ScoreWeights = { trend: 0.5 };
  const scored: ScoreResult = score(rows, weights);
  const lastScore: number | null | undefined = scored.last?.score;
  // @ts-expect-error entry and exit are required
  backtest({ entry: 'close > 1' }, rows);
  // @ts-expect-error a side is long or short
  backtest({ entry: 'close > 1', exit: 'close < 1', side: 'up' }, rows);
  const ruleCode: SigilErrorCode = 'INVALID_RULE';

  // Bots and walk-forward.
  const grid: GridBotConfig = { lower: 90, upper: 110, levels: 5, spacing: 'geometric', initialEquity: 1000, fee: '0.1%', periodsPerYear: 8760 };
  const gridResult: BacktestResult = gridBot(grid, objects);
  const dca: DcaBotConfig = { amount: 100, everyBars: 24, takeProfitPct: 10, maxBuys: 5, initialEquity: 1000, fee: { fixed: 1 } };
  const dcaEquity: Float64Array = dcaBot(dca, rows).equity;
  dcaBot({}, closes);
  // @ts-expect-error spacing is arithmetic or geometric
  gridBot({ spacing: 'log' }, rows);
  const selection: SelectionMetric = 'max_drawdown';
  const wfConfig: WalkForwardConfig = { candidates: [{ entry: 'close > 1', exit: 'close < 1' }], inSample: 20, outOfSample: 5, metric: selection, fee: 0.1, side: 'long' };
  const wf: WalkForwardResult = walkForward(wfConfig, objects);
  const window: WalkForwardWindow | undefined = wf.windows[0];
  const chosen: [number | undefined, number | undefined, BacktestMetrics | undefined] = [window?.chosen, window?.inSample.end, window?.outOfSampleMetrics];
  const chained: number = wf.outOfSampleReturn + wf.inSampleReturn;
  // @ts-expect-error the metric is one of SelectionMetric
  walkForward({ candidates: [], inSample: 1, outOfSample: 1, metric: 'luck' }, rows);

  // Signal primitives.
  const fast: SignalSeries = closes;
  const crossed: SignalEvent[] = signals.cross(fast, [1, 2, 3], { time: [1, 2, 3] });
  const firstKind: SignalKind | undefined = crossed[0]?.kind;
  signals.zeroCross(closes);
  const zone: ThresholdOptions = { zone: 'below', enter: 30, exit: 35 };
  signals.threshold(closes, zone);
  signals.run(closes, { bars: 2 });
  signals.breakout(rows, { bars: 20 });
  signals.divergence(closes, closes, { left: 5, right: 5, maxGap: 60 });
  const squeezeOptions: SqueezeOptions = { period: 20, kcMult: 1.5 };
  const squeezed: 'bullish' | 'bearish' | undefined = signals.squeeze(objects, squeezeOptions)[0]?.direction;
  // @ts-expect-error a zone is above or below
  signals.threshold(closes, { zone: 'up', enter: 1 });
  // @ts-expect-error run needs bars
  signals.run(closes, {});

  // Errors.
  try {
    compute('nope', rows);
  } catch (error) {
    if (error instanceof SigilError) {
      const code: SigilErrorCode = error.code;
      const message: string = error.message;
      console.log(code, message);
    }
  }
  const made = new SigilError('BAD_INPUT', 'x');
  // @ts-expect-error codes are a closed set
  const wrong: SigilErrorCode = 'OOPS';

  console.log(maybe, s, s2, m, b, a, same, overlay, first, names, canonical, columns, value, last, view, block, info, bar, named, pipeInfo, views, size, made, wrong, ruleInfo, fired, evaluated, metrics, trade, curve, lastScore, ruleCode, firstKind, squeezed, gridResult, dcaEquity, chosen, chained);
}

// @ts-expect-error a spec is a string
compute(14, [1, 2, 3]);

void main;
