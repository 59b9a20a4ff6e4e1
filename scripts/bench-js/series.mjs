// The bench series: the same seeded random walk as scripts/bench-wasm.mjs and the native
// benches (crates/core/benches/series.rs), so the ns/bar here compare with theirs.
// Works in Node and in the browser (no imports).

export const BARS = 1_000_000;
export const SEED = 0x516711a5;

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** OHLCV columns of Float64Array, `bars` long. */
export function generate(bars = BARS) {
  const next = mulberry32(SEED);
  const c = { open: new Float64Array(bars), high: new Float64Array(bars), low: new Float64Array(bars), close: new Float64Array(bars), volume: new Float64Array(bars) };
  let price = 100;
  for (let i = 0; i < bars; i++) {
    const open = price;
    price *= 1 + (next() - 0.5) * 0.02;
    c.open[i] = open;
    c.high[i] = Math.max(open, price) * (1 + next() * 0.005);
    c.low[i] = Math.min(open, price) * (1 - next() * 0.005);
    c.close[i] = price;
    c.volume[i] = 1 + next() * 1000;
  }
  return c;
}

/**
 * Every input shape the contenders take, built once outside the timed regions:
 * typed columns (sigil-ta, the floor), plain number[] columns (the JS peers' documented
 * input) and one {open,high,low,close,volume} object per bar (streaming candles).
 */
export function benchInputs(bars = BARS) {
  const typed = generate(bars);
  const plain = {};
  for (const [key, column] of Object.entries(typed)) plain[key] = Array.from(column);
  const candles = new Array(bars);
  for (let i = 0; i < bars; i++) {
    candles[i] = { open: typed.open[i], high: typed.high[i], low: typed.low[i], close: typed.close[i], volume: typed.volume[i] };
  }
  return { bars, typed, plain, candles };
}
