// The floor: what a hand-written JS loop over Float64Array does for SMA and EMA, batch
// and streaming. Same conventions as TA-Lib (NaN during the lookback, EMA seeded with
// the SMA of the first period), so the loose check can compare it like any contender.
import { streamed } from './loop.mjs';

function smaBatch(close, period) {
  const out = new Float64Array(close.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < close.length; i++) {
    sum += close[i];
    if (i >= period) sum -= close[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

function emaBatch(close, period) {
  const out = new Float64Array(close.length).fill(NaN);
  const k = 2 / (period + 1);
  let value = 0;
  for (let i = 0; i < close.length; i++) {
    if (i < period) {
      value += close[i];
      if (i === period - 1) out[i] = value /= period;
    } else {
      out[i] = value += (close[i] - value) * k;
    }
  }
  return out;
}

class SmaStream {
  constructor(period) {
    this.period = period;
    this.ring = new Float64Array(period);
    this.count = 0;
    this.sum = 0;
  }

  update(price) {
    const slot = this.count % this.period;
    if (this.count >= this.period) this.sum -= this.ring[slot];
    this.ring[slot] = price;
    this.sum += price;
    this.count++;
    return this.count >= this.period ? this.sum / this.period : NaN;
  }
}

class EmaStream {
  constructor(period) {
    this.period = period;
    this.k = 2 / (period + 1);
    this.count = 0;
    this.value = 0;
  }

  update(price) {
    this.count++;
    if (this.count < this.period) {
      this.value += price;
      return NaN;
    }
    if (this.count === this.period) return (this.value = (this.value + price) / this.period);
    return (this.value += (price - this.value) * this.k);
  }
}

export const FLOOR = [
  {
    library: 'JS floor',
    entry: 'hand-written loop',
    mode: 'batch',
    kernels: {
      sma: { prepare: (d) => () => smaBatch(d.typed.close, 20), probe: (o) => o },
      ema: { prepare: (d) => () => emaBatch(d.typed.close, 20), probe: (o) => o },
    },
  },
  {
    library: 'JS floor',
    entry: 'hand-written class',
    mode: 'stream',
    kernels: {
      sma: { prepare: (d) => streamed(d.typed.close, () => new SmaStream(20), 'update'), probe: (v) => [v] },
      ema: { prepare: (d) => streamed(d.typed.close, () => new EmaStream(20), 'update'), probe: (v) => [v] },
    },
  },
];
