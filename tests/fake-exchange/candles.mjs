// Candles for the fake exchange: the in-repo real BTC/USD 1h fixture (Bitfinex,
// October 2013; see tests/fixtures/README.md), resampled to longer intervals the way
// exchanges build them (open of the first hour, highest high, lowest low, close of the
// last hour, summed volume; a bucket with no hours is left out, as exchanges do for
// periods without trades). Intervals shorter than an hour cannot be made from hourly
// data, so the fake refuses them rather than invent numbers.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday after the epoch: weekly buckets are counted from it. */
export const FIRST_MONDAY = 4 * DAY;

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURE = join(here, '..', 'fixtures', 'data', 'btcusd_bitfinex_1h_2013.csv');

/** The fixture rows, ascending: {time (ms), open, high, low, close, volume}. */
export function loadHourly(path = FIXTURE) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  if (header.trim() !== 'time,open,high,low,close,volume') throw new Error(`${path}: unexpected header ${header}`);
  return lines.map((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== 6 || values.some((v) => !Number.isFinite(v))) throw new Error(`${path}:${i + 2}: bad row ${line}`);
    const [time, open, high, low, close, volume] = values;
    return { time, open, high, low, close, volume };
  });
}

/**
 * Buckets of `ms` counted from `origin` (ms). `origin` shifts the bucket grid: 0 for
 * UTC-aligned days, FIRST_MONDAY for Monday weeks, -8h for OKX's Hong Kong days.
 */
export function resample(hourly, ms, origin = 0) {
  if (ms === HOUR && origin % HOUR === 0) return hourly.map((c) => ({ ...c }));
  const out = [];
  for (const c of hourly) {
    const start = c.time - ((((c.time - origin) % ms) + ms) % ms);
    const last = out[out.length - 1];
    if (last && last.time === start) {
      last.high = Math.max(last.high, c.high);
      last.low = Math.min(last.low, c.low);
      last.close = c.close;
      last.volume += c.volume;
    } else {
      out.push({ ...c, time: start });
    }
  }
  return out;
}

/** Memoized series per (duration, origin); the fixture is read once per process. */
export class CandleStore {
  constructor(hourly = loadHourly()) {
    this.hourly = hourly;
    this.cache = new Map();
  }

  /** Ascending candles of `ms` (a multiple of one hour) on the grid through `origin`. */
  series(ms, origin = 0) {
    if (!(ms >= HOUR && ms % HOUR === 0)) throw new Error(`interval of ${ms} ms cannot be built from hourly candles`);
    const key = `${ms}@${origin}`;
    if (!this.cache.has(key)) this.cache.set(key, resample(this.hourly, ms, origin));
    return this.cache.get(key);
  }

  /** The last hour of data (what "now" looks like to the candle endpoints). */
  get lastTime() {
    return this.hourly[this.hourly.length - 1].time;
  }

  /** 24 h statistics ending at the last candle, for tickers. */
  last24h() {
    const rows = this.hourly.slice(-24);
    const last = rows[rows.length - 1];
    return {
      open: rows[0].open,
      high: Math.max(...rows.map((r) => r.high)),
      low: Math.min(...rows.map((r) => r.low)),
      last: last.close,
      volume: rows.reduce((sum, r) => sum + r.volume, 0),
      quoteVolume: rows.reduce((sum, r) => sum + r.volume * r.close, 0),
      openTime: rows[0].time,
      closeTime: last.time + HOUR - 1,
    };
  }
}

/**
 * The newest `limit` candles with `from <= time <= to` (either bound optional), ascending.
 * This is the common core of every exchange's "latest N before end" query.
 */
export function window(series, { from = -Infinity, to = Infinity, limit, oldestFirst = false }) {
  const inRange = series.filter((c) => c.time >= from && c.time <= to);
  if (oldestFirst) return inRange.slice(0, limit);
  return inRange.slice(Math.max(0, inRange.length - limit));
}
