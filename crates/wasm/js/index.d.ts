/** A candle as an object; `timestamp` is accepted for `time` (Unix ms, or a Date). */
export interface Candle {
  time?: number | Date;
  timestamp?: number | Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number | null;
  /** MAVP's period for this bar (only `mavp` reads it; NaN/absent = its minimum period). */
  periods?: number | null;
}

/** ccxt OHLCV row: [timestamp ms, open, high, low, close, volume], and MAVP's period seventh. */
export type OhlcvRow = [number, number, number, number, number, (number | null)?] | number[];

/** Columns of a series; only the columns an indicator reads are needed. All of one length. */
export interface CandleColumns {
  time?: ArrayLike<number>;
  open?: ArrayLike<number>;
  high?: ArrayLike<number>;
  low?: ArrayLike<number>;
  close?: ArrayLike<number>;
  volume?: ArrayLike<number>;
  /** MAVP's per-bar periods (only `mavp` reads them). */
  periods?: ArrayLike<number>;
}

/** Candles in a shape that names its columns. */
export type OhlcvCandles = OhlcvRow[] | Candle[] | CandleColumns;

/** Everything `compute` accepts; a plain number array is read as closes. */
export type Candles = OhlcvCandles | ArrayLike<number>;

/** A bar for streaming: a price (indicators reading one column), a ccxt row or a candle object. */
export type Bar = number | OhlcvRow | Candle;

/** Moving-average type names accepted wherever a parameter is an MA type. */
export type MaType = 'sma' | 'ema' | 'wma' | 'dema' | 'tema' | 'trima' | 'kama' | 'mama' | 't3' | 'hma' | 'zlema' | 'rma';

/** One parameter of an indicator, as the registry describes it. */
export interface ParamMeta {
  /** TA-Lib's parameter name (`timeperiod`, `fastperiod`, ...): the key in a params object. */
  name: string;
  description: string;
  type: 'integer' | 'real' | 'matype' | 'choice';
  default: number | string;
  /** Inclusive range of `integer` and `real` parameters. */
  min?: number;
  max?: number;
  /** Accepted names of `matype` and `choice` parameters. */
  values?: string[];
}

/** One indicator of the registry (what `list()` and `describe()` return). */
export interface IndicatorMeta {
  /** TA-Lib function name in lowercase: the first word of a spec and the function's name. */
  readonly name: string;
  readonly title: string;
  /** TA-Lib's function group ('Momentum Indicators', ...). */
  readonly group: string;
  /** Candle columns read, in TA-Lib's order. */
  readonly inputs: ReadonlyArray<'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'periods'>;
  readonly params: ReadonlyArray<Readonly<ParamMeta>>;
  /** TA-Lib's output names, in order. */
  readonly outputs: readonly string[];
  /** Drawn over the price (true) or in its own pane (false). */
  readonly overlay: boolean;
  /** Leading NaN bars at the default parameters. */
  readonly lookback: number;
  /** TradingView's variant where it differs: what differs, the columns it reads, its parameters. */
  readonly tradingview: { readonly note: string; readonly inputs: ReadonlyArray<'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'periods'>; readonly params: ReadonlyArray<Readonly<ParamMeta>> } | null;
}

/** Where TA-Lib and TradingView define an indicator differently, which to follow. */
export interface Options {
  /** 'talib' (default) or 'tradingview'. Indicators that are the same in both ignore it. */
  mode?: 'talib' | 'tradingview';
}

/** Stable codes of {@link SigilError}. */
export type SigilErrorCode =
  | 'UNKNOWN_INDICATOR'
  | 'INVALID_SPEC'
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_MODE'
  | 'BAD_INPUT'
  | 'INVALID_RULE'
  | 'NOT_INITIALIZED'
  | 'FREED'
  | 'UNSUPPORTED'
  | 'INTERNAL'
  | 'SIGIL_ERROR';

/**
 * Every error sigil-ta throws. Branch on `code`; `message` names the indicator,
 * parameter, column or row and what was expected.
 */
export class SigilError extends Error {
  constructor(code: SigilErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'SigilError';
  readonly code: SigilErrorCode;
}

/** A spec (`rsi:14`), a comma-separated list (`rsi:14,ema:20`) or an array of specs. */
export type SpecList = string | readonly string[];

/**
 * Computes a spec list over candles (or a {@link Dataset}).
 * Keys are output column names in order: `<name>` for single-output indicators,
 * `<name>_<output>` otherwise (TA-Lib's output order); an indicator listed twice is
 * keyed by its canonical spec. Each array has one value per candle, NaN during the
 * warm-up, and is the one copy out of wasm memory: yours to keep.
 * @throws {SigilError} UNKNOWN_INDICATOR, INVALID_SPEC, INVALID_PARAMETER, UNKNOWN_MODE, BAD_INPUT.
 */
export function compute(spec: SpecList, candles: Candles | Dataset, options?: Options): Record<string, Float64Array>;

/** Output column names a spec list produces. */
export function columnNames(spec: SpecList): string[];

/** Canonical spec with every parameter written out: `rsi` → `rsi:14`. */
export function canonicalSpec(spec: string, options?: Options): string;

/** The indicator registry, alphabetical (frozen; the same array every call). */
export function list(): readonly IndicatorMeta[];

/** Same as {@link list} (the older name). */
export function indicators(): readonly IndicatorMeta[];

/**
 * The metadata of one indicator by name, case-insensitive.
 * @throws {SigilError} UNKNOWN_INDICATOR, with a suggestion when the name is close to one.
 */
export function describe(name: string): IndicatorMeta;

/** Converts and validates candles into typed columns (what `compute` does first; absent columns are empty). */
export function toColumns(candles: Candles): { time: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array; periods: Float64Array };

/**
 * A streaming indicator: `update` consumes a closed bar in O(1); `peek` gives what the
 * still-forming bar would produce without changing state.
 */
export class Indicator {
  constructor(spec: string, options?: Options);
  /** The canonical spec (`rsi` → `rsi:14`). */
  readonly spec: string;
  /** Output names: one for single-output indicators. */
  readonly outputs: readonly string[];
  /** Bars consumed before the first value. */
  readonly lookback: number;
  /** The last update/peek: a number (one output) or an object keyed by output. */
  readonly value: number | Record<string, number>;
  /** The last update/peek as a reused Float64Array view over wasm memory, one slot per output. */
  readonly values: Float64Array;
  /** Consumes a closed bar; NaN during the warm-up. Multi-output indicators return an object. */
  update(bar: Bar): number | Record<string, number>;
  /** The value the still-forming bar would give; state unchanged. */
  peek(bar: Bar): number | Record<string, number>;
  /** `update` with the bar as numbers (time in Unix ms, optional unless the indicator reads it). */
  updateOHLCV(open: number, high: number, low: number, close: number, volume?: number, time?: number): number | Record<string, number>;
  /** `peek` with the bar as numbers. */
  peekOHLCV(open: number, high: number, low: number, close: number, volume?: number, time?: number): number | Record<string, number>;
  /** Consumes a block of closed bars in one call; each output per bar (one copy, shared buffer). */
  updateMany(candles: Candles): Record<string, Float64Array>;
  /** Back to the fresh state. */
  reset(): void;
  /** Frees the wasm memory now rather than at garbage collection; later calls throw FREED. */
  free(): void;
}

/**
 * Many specs over one candle stream: one call into wasm per bar updates all of them.
 * `values` is one reused Float64Array view (slot i named `outputs[i]`); copy it
 * (`values.slice()`) to keep a bar's outputs.
 */
export class Pipeline {
  constructor(specs: SpecList, options?: Options);
  /** Canonical spec of each entry. */
  readonly specs: readonly string[];
  /** Slot names of `values`, keyed as `compute` would key them. */
  readonly outputs: readonly string[];
  /** Bars each entry consumes before its first value. */
  readonly lookbacks: readonly number[];
  /** The last update/peek (reused view over wasm memory). */
  readonly values: Float64Array;
  /** The last update/peek as a fresh object keyed by `outputs`. */
  readonly value: Record<string, number>;
  update(bar: Bar): Float64Array;
  peek(bar: Bar): Float64Array;
  updateOHLCV(open: number, high: number, low: number, close: number, volume?: number, time?: number): Float64Array;
  peekOHLCV(open: number, high: number, low: number, close: number, volume?: number, time?: number): Float64Array;
  /** Consumes a block of closed bars; every output per bar. */
  updateMany(candles: Candles): Record<string, Float64Array>;
  reset(): void;
  free(): void;
}

/** Options of {@link Dataset.compute}. */
export interface DatasetComputeOptions extends Options {
  /**
   * true: return Float64Array views over wasm memory (no copy). A view is valid until
   * the next call into sigil-ta: a later `compute` on this Dataset or `free()` reuses
   * its memory, and any call may grow the wasm memory, after which the view is empty
   * (length 0). Copy (`view.slice()`) what you keep.
   */
  view?: boolean;
}

/**
 * Candle columns resident in wasm memory, for computing many specs over one series
 * (a chart): the candles are copied in once, and every `compute` reads them in place.
 */
export class Dataset {
  /** No candles: an empty dataset with every column; later bars are appended. */
  constructor(candles?: Candles);
  /** Bars held. */
  readonly length: number;
  /** The columns held (those the first candles had). */
  readonly columns: ReadonlyArray<'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'periods'>;
  /** Appends bars (the columns this dataset holds). */
  append(candles: Candles): this;
  /** Appends one bar. */
  push(bar: Bar): this;
  /** Replaces the last bar (the forming bar changed); appends if empty. */
  setLast(bar: Bar): this;
  /** Keeps the first `rows` bars. */
  truncate(rows: number): this;
  /** Computes a spec list over the held bars: copies (default) or views (`{ view: true }`). */
  compute(spec: SpecList, options?: DatasetComputeOptions): Record<string, Float64Array>;
  /** Frees the wasm memory now; later calls throw FREED and views read freed memory. */
  free(): void;
}

/** What `init` accepts: a URL or path of sigil_ta_bg.wasm, a fetch Response, its bytes or a compiled module. */
export type InitInput = string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module;

/**
 * Instantiates the wasm module. Without an argument it fetches sigil_ta_bg.wasm next to
 * this file (browsers, Web Workers, bundlers). Idempotent; the Node entry is ready at import.
 */
export function init(moduleOrPath?: InitInput | { module_or_path: InitInput }): Promise<void>;

/** Synchronous instantiation from the bytes or a compiled module (Web Workers, Cloudflare Workers). */
export function initSync(module: BufferSource | WebAssembly.Module | { module: BufferSource | WebAssembly.Module }): void;

export * from './indicators.js';

/** Options of {@link Rule} and {@link evaluate}. */
export interface RuleOptions extends Options {}

/**
 * A rule of the condition language, e.g. `crossover(ema(close,12), ema(close,26)) and rsi(close,14) < 70`,
 * evaluated bar by bar. A rule that does not parse or type-check throws SigilError
 * 'INVALID_RULE' whose message shows the rule with carets under the problem.
 */
export class Rule {
  constructor(text: string, options?: RuleOptions);
  /** 'condition' (update/peek give booleans) or 'number'. */
  readonly kind: 'condition' | 'number';
  /** Bars before every input of the rule is valid. */
  readonly lookback: number;
  readonly source: string;
  /** Consumes a closed bar: a boolean for a condition (false while warming up), else a number (NaN while warming up). */
  update(bar: Bar): boolean | number;
  /** What the forming bar would give, without changing state. */
  peek(bar: Bar): boolean | number;
  reset(): void;
  free(): void;
}

/** A rule over candles from a fresh state: Uint8Array of 1/0 for a condition, Float64Array for a number. */
export function evaluate(text: string, candles: Candles, options?: RuleOptions): Uint8Array | Float64Array;

/** A stop: 'atr:14:3', 'pct:2', 'price:95', 'chandelier:22:3', or an object form. */
export type StopSpec =
  | string
  | { atr: number; multiple?: number }
  | { chandelier: number; multiple?: number }
  | { percent: number }
  | { price: number };

/** Settings of {@link backtest}. Percents are numbers (0.1 = 0.1 %) or strings ('0.1%'). */
export interface BacktestConfig {
  /** Condition rule: enter (at the next bar's open) when true and flat. */
  entry: string;
  /** Condition rule: exit (at the next bar's open) when true in a position. */
  exit: string;
  side?: 'long' | 'short';
  /** Percent of equity lost if the stop is hit (needs `stop`); without it each entry uses all equity. */
  risk?: number | string;
  stop?: StopSpec;
  /** Take-profit in multiples of the initial risk (2 or '2R'; needs `stop`). */
  takeProfit?: number | string;
  /** Percent of the notional per fill, or { fixed: amount } per fill. */
  fee?: number | string | { fixed: number };
  /** Percent of the price against the trader, or { ticks, tickSize }. */
  slippage?: number | string | { ticks: number; tickSize: number };
  /** Starting cash (default 10000). */
  equity?: number;
  /** Largest notional as a multiple of equity (default 1). */
  maxExposure?: number;
  /** Bars per year for Sharpe/Sortino; inferred from the bar times if omitted. */
  periodsPerYear?: number;
  mode?: 'talib' | 'tradingview';
}

/** Backtest metrics (as `sigil backtest --json`); null where undefined (no trades, no losses...). */
export interface BacktestMetrics {
  initial_equity: number;
  final_equity: number;
  total_return: number;
  cagr: number | null;
  max_drawdown: number;
  sharpe: number | null;
  sortino: number | null;
  trades: number;
  win_rate: number | null;
  profit_factor: number | null;
  exposure: number;
  bar_interval_ms: number | null;
  periods_per_year: number | null;
}

/** One closed trade. */
export interface BacktestTrade {
  side: 'long' | 'short';
  entry_index: number;
  entry_time: number;
  entry_price: number;
  exit_index: number;
  exit_time: number;
  exit_price: number;
  quantity: number;
  fees: number;
  pnl: number;
  return_pct: number;
  r_multiple: number | null;
  exit_reason: string;
  [key: string]: unknown;
}

export interface BacktestResult {
  metrics: BacktestMetrics;
  trades: BacktestTrade[];
  /** Entries that filled but could not be sized. */
  skippedEntries: number;
  /** Equity at each bar's close. */
  equity: Float64Array;
  /** Cash at each bar's close. */
  cash: Float64Array;
}

/** Runs entry/exit rules through the backtester over candles. */
export function backtest(config: BacktestConfig, candles: Candles): BacktestResult;

/** Settings of {@link gridBot}; omitted ones take the core's defaults. */
export interface GridBotConfig {
  /** Lowest grid line, a positive price (default 1). */
  lower?: number;
  /** Highest grid line, above `lower` (default 2). */
  upper?: number;
  /** Number of lines, `lower` and `upper` included: a whole number in 2..=10000 (default 10). */
  levels?: number;
  /** Equal price steps or equal percentage steps between lines (default 'arithmetic'). */
  spacing?: 'arithmetic' | 'geometric';
  /** Starting cash, split evenly over the `levels − 1` cells (default 10000). */
  initialEquity?: number;
  /** Percent of the notional per fill, or { fixed: amount } per fill (default none); as in {@link BacktestConfig.fee}. */
  fee?: number | string | { fixed: number };
  /** Bars per year for Sharpe/Sortino; inferred from the bar times if omitted. */
  periodsPerYear?: number;
}

/**
 * A long-only spot grid: each cell buys at its line (when the bar's low reaches it) and
 * sells one line up (when a later bar's high reaches it), then buys again. No stop:
 * below `lower` the grid holds; inventory left at the end is marked at the last close.
 * Returns the same shape as {@link backtest} (every trade's `exit_reason` is 'target').
 * Throws `INVALID_PARAMETER` for a bad setting.
 *
 * @example
 * const r = gridBot({ lower: 90, upper: 110, levels: 5, fee: 0.1 }, candles);
 * r.metrics.total_return;
 */
export function gridBot(config: GridBotConfig, candles: Candles): BacktestResult;

/** Settings of {@link dcaBot}; omitted ones take the core's defaults. */
export interface DcaBotConfig {
  /** Quote currency spent per buy, the fee on top (default 100). */
  amount?: number;
  /** Buy at the open of every bar whose index is a multiple of this, a whole number ≥ 1 (default 24). */
  everyBars?: number;
  /** Sell everything once the price reaches average cost · (1 + pct/100) (default: never). */
  takeProfitPct?: number;
  /** Most buys per cycle, first buy to take-profit (default: no limit). */
  maxBuys?: number;
  /** Starting cash (default 10000). */
  initialEquity?: number;
  /** Percent of the notional per fill, or { fixed: amount } per fill (default none). */
  fee?: number | string | { fixed: number };
  /** Bars per year for Sharpe/Sortino; inferred from the bar times if omitted. */
  periodsPerYear?: number;
}

/**
 * Dollar-cost averaging: buy `amount` at the open of every `everyBars`-th bar; with
 * `takeProfitPct`, each cycle (first buy to take-profit) is one trade whose entry price is
 * the average cost. Returns the same shape as {@link backtest}; `skippedEntries` counts
 * scheduled buys cash could not cover. Throws `INVALID_PARAMETER` for a bad setting.
 *
 * @example
 * const r = dcaBot({ amount: 100, everyBars: 24 * 7, takeProfitPct: 10 }, hourlyCandles);
 */
export function dcaBot(config: DcaBotConfig, candles: Candles): BacktestResult;

/** The metric walk-forward chooses by: higher is better, except `max_drawdown` (lower). */
export type SelectionMetric = 'total_return' | 'cagr' | 'sharpe' | 'sortino' | 'profit_factor' | 'win_rate' | 'max_drawdown';

/**
 * Settings of {@link walkForward}: the candidates, the window sizes in bars, and the
 * backtester settings every run uses (as in {@link BacktestConfig}).
 */
export interface WalkForwardConfig extends Omit<BacktestConfig, 'entry' | 'exit'> {
  /** The parameter sets to choose from, each an entry/exit pair of condition rules (at least one). */
  candidates: Array<{ entry: string; exit: string }>;
  /** Bars each candidate is judged on. */
  inSample: number;
  /** Bars the winner is then run on; windows roll forward by this many bars. */
  outOfSample: number;
  /** Default 'sharpe'. */
  metric?: SelectionMetric;
}

/** One walk-forward step; ranges are bar indices, `end` excluded. */
export interface WalkForwardWindow {
  inSample: { start: number; end: number };
  outOfSample: { start: number; end: number };
  /** Index into `candidates` of the in-sample winner (the first on ties). */
  chosen: number;
  /** The winner's metrics on the in-sample bars. */
  inSampleMetrics: BacktestMetrics;
  /** The winner's metrics on the out-of-sample bars. */
  outOfSampleMetrics: BacktestMetrics;
}

export interface WalkForwardResult {
  metric: SelectionMetric;
  windows: WalkForwardWindow[];
  /** The winners' in-sample total returns compounded (optimistic: chosen with hindsight). */
  inSampleReturn: number;
  /** The out-of-sample total returns compounded: what the procedure would have earned. */
  outOfSampleReturn: number;
}

/**
 * Walk-forward optimisation: windows of `inSample` + `outOfSample` bars rolling forward
 * by `outOfSample`; in each, every candidate is backtested on the in-sample bars, the
 * best by `metric` is backtested on the out-of-sample bars. Each candidate's rules are
 * evaluated once over the whole series (a rule reads nothing after its bar), so
 * indicators warm up on earlier bars; trades happen only inside the window, each run
 * starting from `equity`. Throws `INVALID_PARAMETER` for a bad setting or no candidates,
 * `INVALID_RULE` for a rule that does not parse.
 *
 * @example
 * const r = walkForward({
 *   candidates: [10, 20, 30].map((n) => ({ entry: `close > sma(close, ${n})`, exit: `close < sma(close, ${n})` })),
 *   inSample: 500, outOfSample: 100, metric: 'sharpe', fee: 0.1,
 * }, candles);
 * r.windows.map((w) => w.chosen);
 */
export function walkForward(config: WalkForwardConfig, candles: Candles): WalkForwardResult;

/** Weights of the composite score's components (omitted ones keep their defaults). */
export interface ScoreWeights {
  trend?: number;
  ema_cross?: number;
  macd?: number;
  rsi?: number;
  bands?: number;
}

export interface ScoreComponent {
  name: string;
  reading: string;
  weight: number;
  value: number | null;
  points: number;
}

export interface ScoreResult {
  /** 0–100 per bar (50 neutral), NaN before any component warms up. */
  scores: Float64Array;
  /** The last bar's score and its components; null without candles. */
  last: { time: number; score: number | null; components: ScoreComponent[] } | null;
}

/** The composite bullish/bearish score over candles. */
export function score(candles: Candles, weights?: ScoreWeights): ScoreResult;

/** A series for the signal primitives: a Float64Array (crosses without a copy) or numbers. */
export type SignalSeries = Float64Array | ArrayLike<number>;

/** The kind of a {@link SignalEvent}, as the core names it (`SignalKind::name`). */
export type SignalKind =
  | 'cross_over'
  | 'cross_under'
  | 'threshold_enter'
  | 'threshold_exit'
  | 'zero_cross'
  | 'rising'
  | 'falling'
  | 'breakout'
  | 'divergence'
  | 'squeeze_on'
  | 'squeeze_off';

/** One signal at one bar, emitted at the bar whose close decides it (never earlier). */
export interface SignalEvent {
  /** The row of the input the event is at. */
  index: number;
  /** That row's `time` (ms as given), or the row index when no time was given. */
  time: number;
  kind: SignalKind;
  direction: 'bullish' | 'bearish';
  /** In [0, 1]; each primitive documents how. */
  strength: number;
}

/** Times of the rows: integers (ms timestamps); the row index when omitted. */
export interface SignalTimeOption {
  time?: SignalSeries;
}

export interface ThresholdOptions extends SignalTimeOption {
  /** 'above': entered at `enter` or above, left below `exit` (≤ enter); 'below' the mirror image. */
  zone: 'above' | 'below';
  enter: number;
  /** The hysteresis level; defaults to `enter` (no hysteresis). */
  exit?: number;
}

export interface RunOptions extends SignalTimeOption {
  /** Bars of consecutive rises (falls), 1..=100000. */
  bars: number;
}

export interface BreakoutOptions extends SignalTimeOption {
  /** Bars of the channel before the current one, 1..=100000. */
  bars: number;
}

export interface DivergenceOptions extends SignalTimeOption {
  /** Bars before a swing it must be strictly beyond, 1..=10000. */
  left: number;
  /** Bars after a swing it must be at least as extreme as, 0..=10000: the confirmation lag. */
  right: number;
  /** Most bars between the two swings compared, ≥ 1. */
  maxGap: number;
}

export interface SqueezeOptions extends SignalTimeOption {
  /** Bollinger and Keltner period (default 20). */
  period?: number;
  /** Bollinger width in standard deviations (default 2). */
  bbMult?: number;
  /** Keltner ATR period (default 10). */
  atrPeriod?: number;
  /** Keltner width in ATRs (default 1.5). */
  kcMult?: number;
}

/**
 * The signal primitives of the core, each over whole series in one call, returning the
 * bars that hold an event (in row order). Mismatched lengths or a non-integer time throw
 * SigilError BAD_INPUT, a parameter out of range INVALID_PARAMETER; sigil-ta-slim throws
 * UNSUPPORTED.
 */
export const signals: {
  /**
   * `a` crossing `b`: 'cross_over' (bullish) when `a` was at or below `b` and closes
   * above, 'cross_under' (bearish) the other way; a NaN means no cross there or at the next bar.
   * Strength = |a − b| / (|a − b| + |a₋₁ − b₋₁|).
   */
  cross(a: SignalSeries, b: SignalSeries, options?: SignalTimeOption): SignalEvent[];
  /** `x` crossing zero: 'zero_cross', bullish upwards; strength as {@link signals.cross} against 0. */
  zeroCross(x: SignalSeries, options?: SignalTimeOption): SignalEvent[];
  /**
   * A zone with hysteresis: 'threshold_enter' / 'threshold_exit', the direction the value's
   * travel. Strength = distance past the crossed level / |enter − exit|, capped at 1 (1 without hysteresis).
   */
  threshold(x: SignalSeries, options: ThresholdOptions): SignalEvent[];
  /**
   * `x` rising (falling) on each of the last `bars` bars: 'rising' / 'falling' on every bar
   * while the run lasts. An unchanged or NaN value ends it. Strength = min(1, run / (2·bars)).
   */
  run(x: SignalSeries, options: RunOptions): SignalEvent[];
  /**
   * A close above the highest high (bullish) or below the lowest low (bearish) of the
   * `bars` bars before: 'breakout'. Strength = min(1, distance past / channel width).
   * The time is the candles' own unless `time` is given.
   */
  breakout(candles: OhlcvCandles, options: BreakoutOptions): SignalEvent[];
  /**
   * Regular divergence at confirmed swings: 'divergence', bearish for a higher price high
   * with a lower oscillator high, bullish for the lows; reported `right` bars after the
   * swing (no lookahead). Strength = min(1, 2·|o − o₋| / (|o| + |o₋|)).
   */
  divergence(price: SignalSeries, oscillator: SignalSeries, options: DivergenceOptions): SignalEvent[];
  /**
   * Bollinger bands inside the Keltner channel: 'squeeze_on' when it starts, 'squeeze_off'
   * when it releases; direction = close against the Bollinger middle band.
   */
  squeeze(candles: OhlcvCandles, options?: SqueezeOptions): SignalEvent[];
};
