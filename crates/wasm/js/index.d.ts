/** A candle as an object; `timestamp` is accepted for `time` (Unix ms). */
export interface Candle {
  time?: number;
  timestamp?: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

/** ccxt OHLCV row: [timestamp ms, open, high, low, close, volume]. */
export type OhlcvRow = [number, number, number, number, number, number?] | number[];

/** Columns of a series; only the columns an indicator reads are needed. */
export interface CandleColumns {
  time?: ArrayLike<number>;
  open?: ArrayLike<number>;
  high?: ArrayLike<number>;
  low?: ArrayLike<number>;
  close?: ArrayLike<number>;
  volume?: ArrayLike<number>;
}

/** Everything `compute` accepts; a plain number array is read as closes. */
export type Candles = OhlcvRow[] | Candle[] | CandleColumns | ArrayLike<number>;

/** A bar for streaming: a price, a ccxt row or a candle object. */
export type Bar = number | OhlcvRow | Candle;

export interface ParamMeta {
  name: string;
  description: string;
  type: 'integer' | 'real' | 'matype' | 'choice';
  default: number | string;
  min?: number;
  max?: number;
  values?: string[];
}

export interface IndicatorMeta {
  /** TA-Lib function name in lowercase: the first word of a spec. */
  name: string;
  title: string;
  group: string;
  inputs: Array<'open' | 'high' | 'low' | 'close' | 'volume'>;
  params: ParamMeta[];
  outputs: string[];
  /** Drawn over the price (true) or in its own pane (false). */
  overlay: boolean;
  /** Leading NaN bars at the default parameters. */
  lookback: number;
  /** TradingView's definition where it differs from TA-Lib's, else null. */
  tradingview: { note: string; params: ParamMeta[] } | null;
}

/** Where TA-Lib and TradingView define an indicator differently, which to follow. */
export interface Options {
  /** 'talib' (default) or 'tradingview'. Indicators that are the same in both ignore it. */
  mode?: 'talib' | 'tradingview';
}

/**
 * Computes a spec (`rsi:14`) or a comma-separated list (`rsi:14,ema:20`).
 * Keys are output column names in order: `<name>` for single-output indicators,
 * `<name>_<output>` otherwise; an indicator listed twice is keyed by its canonical spec.
 * Each array has one value per candle, NaN during the warm-up.
 * @throws Error on an unknown indicator, a bad argument or a missing input column.
 */
export function compute(spec: string, candles: Candles, options?: Options): Record<string, Float64Array>;

/** Output column names a spec list produces. */
export function columnNames(spec: string): string[];

/** Canonical spec with every parameter written out: `rsi` → `rsi:14`. */
export function canonicalSpec(spec: string, options?: Options): string;

/** The indicator registry. */
export function indicators(): readonly IndicatorMeta[];

/** Converts candles to typed columns (what `compute` does first). */
export function toColumns(candles: Candles): Required<{ [K in keyof CandleColumns]: Float64Array }>;

/** A streaming indicator with O(1) `update` and a non-mutating `peek` for the forming bar. */
export class Indicator {
  constructor(spec: string, options?: Options);
  readonly outputs: string[];
  readonly lookback: number;
  /** Consumes a closed bar; NaN during the warm-up. Multi-output indicators return an object. */
  update(bar: Bar): number | Record<string, number>;
  /** The value the still-forming bar would give; state unchanged. */
  peek(bar: Bar): number | Record<string, number>;
  reset(): void;
  /** Frees the wasm memory now rather than at garbage collection. */
  free(): void;
}

/** Instantiates the wasm module (browser: fetches it next to the package). Idempotent. */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Synchronous instantiation from bytes or a compiled module (Web Workers, Cloudflare Workers). */
export function initSync(module: BufferSource | WebAssembly.Module): void;
