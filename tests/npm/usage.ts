// Type-checked (not run) by types.test.mjs: every export used as a TypeScript user would.
import { compute, Indicator, indicators, init, initSync, columnNames, canonicalSpec, toColumns } from '../../dist/sigil-ta/index.js';
import type { Candle, OhlcvRow, IndicatorMeta } from '../../dist/sigil-ta/index.js';

async function main(bytes: ArrayBuffer): Promise<void> {
  await init();
  initSync(bytes);
  const rows: OhlcvRow[] = [[1700000000000, 1, 2, 0.5, 1.5, 10]];
  const objects: Candle[] = [{ time: 1700000000000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }];
  const out: Record<string, Float64Array> = compute('rsi:14,ema:20', rows);
  const rsi: Float64Array | undefined = out['rsi'];
  compute('sma', objects);
  compute('sma', { close: new Float64Array([1, 2, 3]) });
  compute('sma', [1, 2, 3]);
  // @ts-expect-error candles are required
  compute('sma');
  const live = new Indicator('rsi:14');
  const value: number | Record<string, number> = live.update(objects[0]!);
  live.peek(1.5);
  live.reset();
  const names: string[] = live.outputs.concat(columnNames('rsi,ema'));
  const meta: readonly IndicatorMeta[] = indicators();
  const overlay: boolean = meta[0]!.overlay;
  const canonical: string = canonicalSpec('rsi');
  const closes: Float64Array = toColumns(rows).close;
  live.free();
  console.log(rsi, value, names, overlay, canonical, closes);
}

// @ts-expect-error a spec is a string
compute(14, [1, 2, 3]);

void main;
