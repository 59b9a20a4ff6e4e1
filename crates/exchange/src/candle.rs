//! The unified candle and resampling to longer intervals.

use crate::interval::Interval;

/// One OHLCV candle, ccxt's `[time, open, high, low, close, volume]` as a struct.
/// `time` is the open time in Unix milliseconds (UTC); `volume` is in the base currency.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Candle {
    pub time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

impl From<Candle> for sigil_core::Bar {
    fn from(c: Candle) -> Self {
        sigil_core::Bar { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, periods: f64::NAN }
    }
}

/// Aggregates ascending candles of a shorter interval into UTC-aligned `interval`
/// buckets: open of the first, highest high, lowest low, close of the last, summed
/// volume, time = bucket start. This is how exchanges build their own longer candles,
/// so a resampled series matches what a venue offering `interval` natively would serve.
///
/// Missing source candles simply shrink their bucket; a bucket with no candles at all
/// is left out rather than invented (exchanges do the same for periods without
/// trades). The first and last buckets are partial if the input starts or ends inside
/// them, as the newest candle from a live exchange is.
///
/// Input is expected ascending with each candle's interval dividing `interval`;
/// out-of-order input gives repeated buckets, never a panic.
pub fn resample(candles: &[Candle], interval: Interval) -> Vec<Candle> {
    let mut out: Vec<Candle> = Vec::new();
    for c in candles {
        let start = interval.bucket_start(c.time);
        match out.last_mut() {
            Some(bucket) if bucket.time == start => {
                bucket.high = bucket.high.max(c.high);
                bucket.low = bucket.low.min(c.low);
                bucket.close = c.close;
                bucket.volume += c.volume;
            }
            _ => out.push(Candle { time: start, ..*c }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn c(time: i64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> Candle {
        Candle { time, open, high, low, close, volume }
    }

    #[test]
    fn aggregates_ohlcv() {
        // The first four rows of the embedded replay data (2019-06-17 00:00-03:00 UTC).
        let t0 = 1_560_729_600_000;
        let hours = [
            c(t0, 8975.0, 9198.93, 8975.0, 9186.36, 886.9),
            c(t0 + H, 9186.36, 9209.0, 9111.11, 9133.99, 718.69),
            c(t0 + 2 * H, 9133.99, 9180.01, 9085.59, 9089.95, 607.02),
            c(t0 + 3 * H, 9089.95, 9175.01, 9085.57, 9175.0, 428.43),
        ];
        let four = resample(&hours, Interval::H4);
        assert_eq!(four.len(), 1);
        let b = four[0];
        assert_eq!((b.time, b.open, b.high, b.low, b.close), (t0, 8975.0, 9209.0, 8975.0, 9175.0));
        assert!((b.volume - 2641.04).abs() < 1e-9, "{}", b.volume);
    }

    #[test]
    fn splits_on_bucket_boundaries_and_skips_empty_buckets() {
        // 02:00, 03:00 | 04:00 | (08:00 bucket empty) | 13:00 — on 1970-01-02.
        let day = 24 * H;
        let input = [
            c(day + 2 * H, 1.0, 2.0, 0.5, 1.5, 1.0),
            c(day + 3 * H, 1.5, 3.0, 1.0, 2.5, 2.0),
            c(day + 4 * H, 2.5, 2.6, 2.4, 2.45, 4.0),
            c(day + 13 * H, 5.0, 6.0, 4.0, 4.5, 8.0),
        ];
        let out = resample(&input, Interval::H4);
        let times: Vec<i64> = out.iter().map(|b| b.time).collect();
        assert_eq!(times, [day, day + 4 * H, day + 12 * H]);
        assert_eq!(out[0], c(day, 1.0, 3.0, 0.5, 2.5, 3.0));
        assert_eq!(out[1], input[2]);
        assert_eq!(out[2], c(day + 12 * H, 5.0, 6.0, 4.0, 4.5, 8.0));

        let daily = resample(&input, Interval::D1);
        assert_eq!(daily, [c(day, 1.0, 6.0, 0.5, 4.5, 15.0)]);
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // Sunday 1970-01-04 23:00 and Monday 1970-01-05 00:00 fall in different weeks.
        let sunday_late = 4 * 24 * H - H;
        let input = [c(sunday_late, 1.0, 1.0, 1.0, 1.0, 1.0), c(sunday_late + H, 2.0, 2.0, 2.0, 2.0, 1.0)];
        let weeks = resample(&input, Interval::W1);
        assert_eq!(weeks.iter().map(|b| b.time).collect::<Vec<_>>(), [-3 * 24 * H, 4 * 24 * H]);
    }

    #[test]
    fn empty_in_empty_out() {
        assert!(resample(&[], Interval::D1).is_empty());
    }
}
