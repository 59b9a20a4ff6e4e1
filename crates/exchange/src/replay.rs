//! The offline default exchange: real BTC/USD candles embedded in the binary.
//!
//! It lets the CLI, the worker and the demos work with no network and no API keys,
//! and gives tests fixed, real (not synthetic) input. The data is Coinbase BTC/USD 1h
//! bars from 2019-06-17 00:00 to 2019-10-17 09:00 UTC (2938 bars, no gaps); source and
//! license in `crates/exchange/data/README.md`. Longer intervals are resampled from the
//! 1h bars; shorter ones cannot be made from them and are refused.

use std::sync::OnceLock;

use crate::candle::{resample, Candle};
use crate::error::Error;
use crate::exchange::MAX_LIMIT;
use crate::interval::Interval;
use crate::symbol::Symbol;

pub const NAME: &str = "replay";
/// The one market served.
pub const SYMBOL: &str = "BTC/USD";
/// The interval of the embedded bars, then what can be resampled from them.
pub const INTERVALS: &[Interval] = &[Interval::H1, Interval::H4, Interval::D1, Interval::W1];

const DATA_FILE: &str = "crates/exchange/data/btcusd_coinbase_1h.csv";
const DATA: &str = include_str!("../data/btcusd_coinbase_1h.csv");

/// Every market served, as unified symbols.
pub fn symbols() -> Vec<String> {
    vec![SYMBOL.to_string()]
}

/// The last `limit` candles (1..=[`MAX_LIMIT`]) of `symbol` at `interval` whose open
/// time is at or before `end_time` (all of them when `None`), ascending. Like an
/// exchange's klines endpoint, a resampled candle is returned whole even when it
/// extends past `end_time`, and a limit larger than the history gives all of it.
pub fn candles(symbol: &Symbol, interval: Interval, limit: usize, end_time: Option<i64>) -> Result<Vec<Candle>, Error> {
    if symbol.to_string() != SYMBOL {
        return Err(Error::UnknownSymbol { exchange: NAME, symbol: symbol.to_string(), available: symbols() });
    }
    if !INTERVALS.contains(&interval) {
        return Err(Error::UnsupportedInterval { exchange: NAME, interval, supported: INTERVALS });
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::InvalidLimit { given: limit, max: MAX_LIMIT });
    }
    let hourly = hourly()?;
    let series = if interval == Interval::H1 { hourly.to_vec() } else { resample(hourly, interval) };
    let end = match end_time {
        Some(t) => series.partition_point(|c| c.time <= t),
        None => series.len(),
    };
    Ok(series[end.saturating_sub(limit)..end].to_vec())
}

/// The embedded bars, parsed once per process (once per isolate in the worker, where
/// re-parsing 150 KB of CSV on every request would dominate the CPU time).
fn hourly() -> Result<&'static [Candle], Error> {
    static PARSED: OnceLock<Result<Vec<Candle>, Error>> = OnceLock::new();
    PARSED.get_or_init(|| parse_csv(DATA_FILE, DATA)).as_ref().map(Vec::as_slice).map_err(Clone::clone)
}

/// Parses Sigil's data-set CSV (`time,open,high,low,close,volume`, ascending,
/// time in ms). Strict, because a malformed embedded file is a build defect that
/// should surface in tests, not be skipped over.
fn parse_csv(source: &'static str, text: &str) -> Result<Vec<Candle>, Error> {
    let bad = |line: usize, reason: String| Error::BadData { source, line, reason };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, "time,open,high,low,close,volume")) => {}
        _ => return Err(bad(1, "expected the header time,open,high,low,close,volume".into())),
    }
    let mut out: Vec<Candle> = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let [time, open, high, low, close, volume] = fields[..] else {
            return Err(bad(n, format!("expected 6 fields, found {}", fields.len())));
        };
        let time: i64 = time.parse().map_err(|_| bad(n, format!("time '{time}' is not an integer")))?;
        let num = |name: &str, text: &str| -> Result<f64, Error> {
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(bad(n, format!("{name} '{text}' is not a finite number"))),
            }
        };
        let candle = Candle {
            time,
            open: num("open", open)?,
            high: num("high", high)?,
            low: num("low", low)?,
            close: num("close", close)?,
            volume: num("volume", volume)?,
        };
        if out.last().is_some_and(|prev| prev.time >= time) {
            return Err(bad(n, "times are not strictly ascending".into()));
        }
        out.push(candle);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;
    const FIRST: i64 = 1_560_729_600_000; // 2019-06-17 00:00 UTC, a Monday
    const LAST: i64 = 1_571_302_800_000; // 2019-10-17 09:00 UTC

    fn btc() -> Symbol {
        Symbol::parse("BTC/USD").unwrap()
    }

    #[test]
    fn embedded_data_parses_and_is_gap_free() {
        let bars = hourly().unwrap();
        assert_eq!(bars.len(), 2938);
        assert_eq!((bars[0].time, bars[bars.len() - 1].time), (FIRST, LAST));
        assert!(bars.windows(2).all(|w| w[1].time - w[0].time == H));
        assert!(bars.iter().all(|b| b.low <= b.open.min(b.close) && b.open.max(b.close) <= b.high && b.volume >= 0.0));
        // Spot-check one row against the CSV text: 2019-10-17 08:00 UTC.
        assert_eq!(
            bars[bars.len() - 2],
            Candle { time: LAST - H, open: 7975.89, high: 8070.0, low: 7975.89, close: 8051.0, volume: 370.45 }
        );
    }

    #[test]
    fn hourly_is_served_as_is() {
        let all = hourly().unwrap();
        let got = candles(&btc(), Interval::H1, 1000, None).unwrap();
        assert_eq!(got, all[all.len() - 1000..]);
        assert_eq!(candles(&btc(), Interval::H1, 1, None).unwrap(), [all[all.len() - 1]]);
    }

    #[test]
    fn resampled_counts_and_edges() {
        // 2938 h = 734 full 4h buckets + 2 h, 122 days + 10 h, 17 weeks + 82 h.
        for (interval, count, last_len) in [(Interval::H4, 735, 2), (Interval::D1, 123, 10), (Interval::W1, 18, 82)] {
            let got = candles(&btc(), interval, 1000, None).unwrap();
            assert_eq!(got.len(), count, "{interval}");
            assert_eq!(got[0].time, FIRST, "{interval}: the data starts on a bucket boundary");
            assert!(got.windows(2).all(|w| w[1].time - w[0].time == interval.duration_ms()));
            let last = got[count - 1];
            assert_eq!(last.time, LAST - (last_len - 1) * H, "{interval}: partial last bucket");
            assert_eq!(last.close, 8035.88);
        }
    }

    #[test]
    fn resampled_values_by_hand() {
        // First 4h bucket: rows 00:00-03:00 of 2019-06-17 (see candle.rs for the rows).
        let h4 = candles(&btc(), Interval::H4, 1000, None).unwrap();
        assert_eq!((h4[0].open, h4[0].high, h4[0].low, h4[0].close), (8975.0, 9209.0, 8975.0, 9175.0));
        assert!((h4[0].volume - 2641.04).abs() < 1e-9);
        // Last 4h bucket: 08:00 (7975.89/8070/7975.89/8051/370.45) and 09:00 (8051/8056.83/8021.23/8035.88/61.25).
        let last = h4[h4.len() - 1];
        assert_eq!((last.time, last.open, last.high, last.low, last.close), (LAST - H, 7975.89, 8070.0, 7975.89, 8035.88));
        assert!((last.volume - 431.7).abs() < 1e-9);
        // Whole first day and first week, computed independently (Python) from the CSV rows.
        let d1 = candles(&btc(), Interval::D1, 1000, None).unwrap();
        assert_eq!((d1[0].open, d1[0].high, d1[0].low, d1[0].close), (8975.0, 9475.0, 8975.0, 9333.14));
        assert!((d1[0].volume - 20193.64).abs() < 1e-6);
        let w1 = candles(&btc(), Interval::W1, 1000, None).unwrap();
        assert_eq!((w1[0].open, w1[0].high, w1[0].low, w1[0].close), (8975.0, 11284.44, 8919.72, 10833.02));
        assert!((w1[0].volume - 133_570.662_17).abs() < 1e-6);
    }

    #[test]
    fn limit_and_end_time() {
        let all = candles(&btc(), Interval::H4, 1000, None).unwrap();
        assert_eq!(candles(&btc(), Interval::H4, 3, None).unwrap(), all[all.len() - 3..]);
        // end_time inside a bucket keeps that bucket (open time <= end_time).
        let end = all[10].time + H;
        assert_eq!(candles(&btc(), Interval::H4, 5, Some(end)).unwrap(), all[6..11]);
        assert_eq!(candles(&btc(), Interval::H4, 500, Some(all[2].time)).unwrap(), all[..3]);
        assert!(candles(&btc(), Interval::H4, 5, Some(FIRST - 1)).unwrap().is_empty());
        assert_eq!(candles(&btc(), Interval::W1, 500, None).unwrap().len(), 18);
    }

    #[test]
    fn errors_are_typed_and_explain() {
        let err = candles(&Symbol::parse("ETH/USD").unwrap(), Interval::H1, 10, None).unwrap_err();
        assert!(matches!(err, Error::UnknownSymbol { .. }));
        assert!(err.to_string().contains("ETH/USD") && err.to_string().contains("available: BTC/USD"), "{err}");

        let err = candles(&btc(), Interval::M15, 10, None).unwrap_err();
        assert!(matches!(err, Error::UnsupportedInterval { interval: Interval::M15, .. }));
        assert!(err.to_string().contains("supported: 1h, 4h, 1d, 1w"), "{err}");

        for limit in [0, 1001] {
            let err = candles(&btc(), Interval::H1, limit, None).unwrap_err();
            assert_eq!(err, Error::InvalidLimit { given: limit, max: 1000 });
            assert!(err.to_string().contains("1..=1000"));
        }
    }

    #[test]
    fn parser_rejects_malformed_rows() {
        let header = "time,open,high,low,close,volume\n";
        let err = |body: &str| parse_csv("t.csv", &format!("{header}{body}")).unwrap_err().to_string();
        assert!(err("1,2,3,4,5\n").contains("line 2: expected 6 fields"));
        assert!(err("x,1,1,1,1,1\n").contains("time 'x'"));
        assert!(err("1,1,1,1,NaN,1\n").contains("close 'NaN'"));
        assert!(err("2,1,1,1,1,1\n1,1,1,1,1,1\n").contains("line 3: times are not strictly ascending"));
        assert!(parse_csv("t.csv", "a,b\n").is_err());
        assert_eq!(parse_csv("t.csv", header).unwrap(), []);
    }
}
