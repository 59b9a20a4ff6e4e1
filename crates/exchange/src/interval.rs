//! The unified candle intervals.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
/// The Unix epoch fell on a Thursday; the first Monday 00:00 UTC after it is four
/// days later. Weekly buckets are counted from there.
const FIRST_MONDAY: i64 = 4 * DAY;

/// A candle interval from the set every planned exchange offers (or Sigil can
/// resample to). Spelled as in ccxt and Binance: `1m 5m 15m 1h 4h 1d 1w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Interval {
    M1,
    M5,
    M15,
    H1,
    H4,
    D1,
    W1,
}

impl Interval {
    /// Shortest first.
    pub const ALL: &'static [Interval] =
        &[Interval::M1, Interval::M5, Interval::M15, Interval::H1, Interval::H4, Interval::D1, Interval::W1];

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::M1 => "1m",
            Interval::M5 => "5m",
            Interval::M15 => "15m",
            Interval::H1 => "1h",
            Interval::H4 => "4h",
            Interval::D1 => "1d",
            Interval::W1 => "1w",
        }
    }

    /// Case-sensitive, because in the ccxt/Binance grammar `1M` is a month, not a minute.
    pub fn parse(text: &str) -> Result<Interval, Error> {
        Interval::ALL.iter().copied().find(|i| i.as_str() == text).ok_or_else(|| Error::InvalidInterval { given: text.to_string() })
    }

    pub fn duration_ms(self) -> i64 {
        match self {
            Interval::M1 => MINUTE,
            Interval::M5 => 5 * MINUTE,
            Interval::M15 => 15 * MINUTE,
            Interval::H1 => HOUR,
            Interval::H4 => 4 * HOUR,
            Interval::D1 => DAY,
            Interval::W1 => WEEK,
        }
    }

    /// Open time of the UTC-aligned bucket containing `time` (ms). Weeks start on
    /// Monday 00:00 UTC, as Binance's and Kraken's weekly candles do; floor division
    /// keeps times before 1970 in the right bucket.
    pub fn bucket_start(self, time: i64) -> i64 {
        let origin = if self == Interval::W1 { FIRST_MONDAY } else { 0 };
        time - (time - origin).rem_euclid(self.duration_ms())
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Interval {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Interval::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_name() {
        for &i in Interval::ALL {
            assert_eq!(Interval::parse(i.as_str()).unwrap(), i);
            assert_eq!(i.to_string().parse::<Interval>().unwrap(), i);
        }
        assert_eq!(Interval::W1.duration_ms(), 604_800_000);
        assert_eq!(Interval::M15.duration_ms(), 900_000);
    }

    #[test]
    fn rejects_with_the_allowed_list() {
        for bad in ["1M", "1H", "2h", "", " 1h", "60", "1w "] {
            let msg = Interval::parse(bad).unwrap_err().to_string();
            assert!(msg.contains(&format!("'{bad}'")) && msg.contains("1m, 5m, 15m, 1h, 4h, 1d, 1w"), "{msg}");
        }
    }

    #[test]
    fn buckets_are_utc_aligned_and_weeks_start_monday() {
        // 2019-10-17 (a Thursday) 09:30 UTC.
        let t = 1_571_304_600_000;
        assert_eq!(Interval::H1.bucket_start(t), 1_571_302_800_000); // 09:00
        assert_eq!(Interval::H4.bucket_start(t), 1_571_299_200_000); // 08:00
        assert_eq!(Interval::D1.bucket_start(t), 1_571_270_400_000); // 00:00
        assert_eq!(Interval::W1.bucket_start(t), 1_571_011_200_000); // Monday 2019-10-14
        assert_eq!(Interval::M15.bucket_start(t), t);
        // A Monday 00:00 is its own week's start; the instant before belongs to the previous week.
        assert_eq!(Interval::W1.bucket_start(1_571_011_200_000), 1_571_011_200_000);
        assert_eq!(Interval::W1.bucket_start(1_571_011_200_000 - 1), 1_571_011_200_000 - WEEK);
        // Before the epoch: Monday 1969-12-29.
        assert_eq!(Interval::W1.bucket_start(0), -3 * DAY);
        assert_eq!(Interval::D1.bucket_start(-1), -DAY);
    }
}
