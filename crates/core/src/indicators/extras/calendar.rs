//! Calendar periods of a bar's open time: which UTC-offset day, Monday-based week or
//! month a bar belongs to, as one integer key per period. Pure integer arithmetic on
//! Unix milliseconds (no time-zone database: a fixed offset in minutes, so daylight
//! saving is the caller's choice of offset).

use super::check_signed;
use crate::error::Error;

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;

/// The parameter names of [`Anchor`] as the spec grammar writes them.
pub(crate) const ANCHOR_NAMES: &[&str] = &["day", "week", "month"];

/// Accepted UTC offsets in minutes: UTC-12:00 to UTC+14:00, every real time zone.
pub(crate) const MIN_OFFSET_MINUTES: i64 = -720;
pub(crate) const MAX_OFFSET_MINUTES: i64 = 840;

/// The calendar period a session or pivot period spans.
///
/// ```
/// use sigil_core::indicators::Anchor;
/// assert_eq!(Anchor::from_index(1), Some(Anchor::Week));
/// assert_eq!(Anchor::Month.name(), "month");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// A calendar day (00:00 to 24:00 at the offset).
    #[default]
    Day,
    /// A week from Monday 00:00 (ISO weeks) at the offset.
    Week,
    /// A calendar month at the offset.
    Month,
}

impl Anchor {
    /// By the index of its name in `day, week, month`.
    pub fn from_index(index: usize) -> Option<Anchor> {
        [Anchor::Day, Anchor::Week, Anchor::Month].get(index).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            Anchor::Day => "day",
            Anchor::Week => "week",
            Anchor::Month => "month",
        }
    }
}

/// The checked UTC offset, in milliseconds.
pub(crate) fn offset_ms(indicator: &'static str, offset_minutes: i64) -> Result<i64, Error> {
    check_signed(indicator, "offset", offset_minutes, MIN_OFFSET_MINUTES, MAX_OFFSET_MINUTES)?;
    Ok(offset_minutes * MS_PER_MINUTE)
}

/// A number that is the same for every time in one period and differs between
/// neighbouring periods. Saturates instead of overflowing at the ends of `i64`.
pub(crate) fn period_key(anchor: Anchor, time_ms: i64, offset_ms: i64) -> i64 {
    let day = time_ms.saturating_add(offset_ms).div_euclid(MS_PER_DAY);
    match anchor {
        Anchor::Day => day,
        // 1970-01-01 (day 0) was a Thursday: day + 3 puts Mondays on multiples of 7.
        Anchor::Week => (day + 3).div_euclid(7),
        Anchor::Month => {
            let (year, month) = year_month(day);
            year * 12 + (month - 1)
        }
    }
}

/// The proleptic Gregorian (year, month 1..=12) of a day count from 1970-01-01.
/// Counts in 400-year eras of 146097 days, years starting in March so the leap day
/// falls at the end.
fn year_month(day: i64) -> (i64, i64) {
    let shifted = day + 719_468; // days from 0000-03-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153; // 0 = March .. 11 = February
    let month = if march_month < 10 { march_month + 3 } else { march_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(year_month(0), (1970, 1));
        assert_eq!(year_month(-1), (1969, 12));
        // 2000-02-29 is day 11016, 2000-03-01 day 11017, 2024-12-31 day 20088.
        assert_eq!(year_month(11_016), (2000, 2));
        assert_eq!(year_month(11_017), (2000, 3));
        assert_eq!(year_month(20_088), (2024, 12));
        assert_eq!(year_month(20_089), (2025, 1));
    }

    #[test]
    fn keys_change_at_period_boundaries() {
        // 2013-10-06 (Sunday) 23:00 UTC and 2013-10-07 (Monday) 00:00 UTC.
        let sunday = 1_381_100_400_000;
        let monday = sunday + 3_600_000;
        assert_ne!(period_key(Anchor::Day, sunday, 0), period_key(Anchor::Day, monday, 0));
        assert_ne!(period_key(Anchor::Week, sunday, 0), period_key(Anchor::Week, monday, 0));
        assert_eq!(period_key(Anchor::Month, sunday, 0), period_key(Anchor::Month, monday, 0));
        // At UTC+1 both are Monday.
        assert_eq!(period_key(Anchor::Week, sunday, 60 * MS_PER_MINUTE), period_key(Anchor::Week, monday, 60 * MS_PER_MINUTE));
        // 2013-10-31 23:00 UTC is November at UTC+2.
        let halloween = 1_383_260_400_000;
        assert_eq!(period_key(Anchor::Month, halloween, 0), 2013 * 12 + 9);
        assert_eq!(period_key(Anchor::Month, halloween, 120 * MS_PER_MINUTE), 2013 * 12 + 10);
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        for anchor in [Anchor::Day, Anchor::Week, Anchor::Month] {
            for time in [i64::MIN, i64::MAX, 0, -1] {
                let _ = period_key(anchor, time, 840 * MS_PER_MINUTE);
                let _ = period_key(anchor, time, -720 * MS_PER_MINUTE);
            }
        }
    }

    #[test]
    fn offsets_are_checked() {
        assert!(offset_ms("svwap", 841).unwrap_err().to_string().contains("offset"));
        assert_eq!(offset_ms("svwap", -300).unwrap(), -18_000_000);
    }
}
