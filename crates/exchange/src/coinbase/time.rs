//! RFC 3339 timestamps both Coinbase APIs use (`"2016-12-08T20:02:28.53864Z"`), read
//! into Unix ms and written for the Exchange API's candle range. The calendar maths are
//! Howard Hinnant's days-from-civil / civil-from-days algorithms ("chrono-compatible
//! low-level date algorithms"), exact over the range accepted here.

const MS_PER_DAY: i64 = 86_400_000;
/// Years outside 1..=9999 are no exchange's timestamps; bounding them keeps every
/// intermediate product far from overflow.
const YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `unix_ms` floored to the second, as `YYYY-MM-DDTHH:MM:SSZ`. Callers clamp to years
/// 1970..=9999 first, so the year always has four digits.
pub(crate) fn iso_seconds(unix_ms: i64) -> String {
    let days = unix_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = unix_ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60, ms_of_day / 1000 % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Unix ms of an RFC 3339 date-time (`T` or space separator, optional fraction of any
/// length truncated to ms, `Z` or a `±hh:mm` offset); `None` for anything else.
pub(crate) fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let field = |range: std::ops::Range<usize>| text.get(range).and_then(digits);
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    let bytes = text.as_bytes();
    if separators.iter().any(|&(at, want)| bytes.get(at) != Some(&want)) || !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    if !YEARS.contains(&year) || !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    // 60 is a leap second; it reads as the first instant of the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut ms = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return None;
        }
        let first_three = format!("{:0<3}", fraction.get(..length.min(3))?);
        ms = digits(&first_three)?;
        rest = fraction.get(length..)?;
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let (hours, minutes) = (digits(rest.get(1..3)?)?, digits(rest.get(4..6)?)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_coinbase_timestamps() {
        // Expected values from Python: datetime.fromisoformat(...).timestamp() * 1000.
        for (text, ms) in [
            ("2016-12-08T20:02:28.53864Z", 1_481_227_348_538),
            ("2020-01-28T02:13:33.012523Z", 1_580_177_613_012),
            ("2021-05-31T09:59:59.000Z", 1_622_455_199_000),
            ("2023-01-04T06:20:06.456Z", 1_672_813_206_456),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T00:00:00.1Z", 951_782_400_100),
            ("2019-10-17T11:30:00+02:00", 1_571_304_600_000),
            ("2019-10-17 09:30:00-00:00", 1_571_304_600_000),
            ("1969-12-31T23:59:59.999Z", -1),
        ] {
            assert_eq!(parse_rfc3339_ms(text), Some(ms), "{text}");
        }
        for bad in [
            "",
            "2016-12-08",
            "2016-12-08T20:02:28",
            "2016-13-08T20:02:28Z",
            "2019-02-29T00:00:00Z",
            "2016-12-08T24:00:00Z",
            "2016-12-08T20:02:28.Z",
            "2016-12-08T20:02:28+0100",
            "2016-12-08T20:02:28ZZ",
            "+016-12-08T20:02:28Z",
            "2016-12-08T20:0é:28Z",
            "1481227348",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_iso_seconds() {
        assert_eq!(iso_seconds(1_571_304_600_999), "2019-10-17T09:30:00Z");
        assert_eq!(iso_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_seconds(951_782_400_000), "2000-02-29T00:00:00Z");
        for ms in [0, 951_782_400_000, 1_571_304_600_000, 4_102_444_799_000, 253_402_300_799_000] {
            assert_eq!(parse_rfc3339_ms(&iso_seconds(ms)), Some(ms));
        }
    }
}
