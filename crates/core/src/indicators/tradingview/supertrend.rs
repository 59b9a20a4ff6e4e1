use super::atr::TvAtr;
use super::{column, real_param};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::momentum::bar_streaming;
use crate::indicators::{check_period, check_real, int_param, run_bars, timeperiod, SuperTrend};
use crate::registry::{ParamDef, ParamKind, Variant};

/// Pine's `ta.supertrend(factor, atrPeriod)`, in TA-Lib's parameter order and output
/// names (`supertrend`, `trend` = +1 up / -1 down; Pine's own direction is the opposite
/// sign).
///
/// Bands `hl2 -/+ factor * ta.atr` (so the first value is at index `period - 1`, see the
/// ATR variant). A band moves only in the trend's favour unless the previous close broke
/// it; Pine reads the previous final bands through `nz`, so on the first bar they are 0
/// (a negative lower band there becomes 0). The first bar is a downtrend on the upper
/// band (TA-Lib starts up, on the lower). After that the trend is read from which band
/// the previous line equals, and flips when the close crosses the current final band.
///
/// ```
/// use sigil_core::{Bar, Mode, Spec};
/// let mut st = Spec::parse_in("supertrend:2:1", Mode::TradingView).unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(st.update(&bar(11.0, 9.0, 10.0))[1].is_nan());
/// assert_eq!(st.update(&bar(12.0, 10.0, 11.0)), [13.0, -1.0]); // starts down: 11 + ATR 2
/// assert_eq!(st.update(&bar(15.0, 13.0, 14.5)), [11.0, 1.0]); // closed over 13: up, 14 - ATR 3
/// ```
#[derive(Debug, Clone)]
struct TvSuperTrend {
    atr: TvAtr,
    factor: f64,
    last: Last,
}

/// The previous bar, as Pine's `[1]` reads it (NaN for `na`).
#[derive(Debug, Clone, Copy)]
struct Last {
    close: f64,
    atr: f64,
    upper: f64,
    lower: f64,
    line: f64,
    uptrend: bool,
}

const NOTHING: Last = Last { close: f64::NAN, atr: f64::NAN, upper: f64::NAN, lower: f64::NAN, line: f64::NAN, uptrend: false };

/// Pine's `nz`.
#[inline]
fn nz(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x
    }
}

impl TvSuperTrend {
    fn new(period: usize, factor: f64) -> Result<TvSuperTrend, Error> {
        check_period(SuperTrend::NAME, "timeperiod", period, 1, SuperTrend::MAX_PERIOD)?;
        check_real(SuperTrend::NAME, "multiplier", factor, 0.0, MAX_FACTOR)?;
        Ok(TvSuperTrend { atr: TvAtr::new(period), factor, last: NOTHING })
    }

    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64, atr: f64) -> Last {
        let last = &self.last;
        let median = (high + low) / 2.0;
        let (prev_upper, prev_lower) = (nz(last.upper), nz(last.lower));
        let upper = median + self.factor * atr;
        let lower = median - self.factor * atr;
        let lower = if lower > prev_lower || last.close < prev_lower { lower } else { prev_lower };
        let upper = if upper < prev_upper || last.close > prev_upper { upper } else { prev_upper };
        // As in Pine, a NaN close crosses nothing: an uptrend holds and a downtrend stays.
        let uptrend = if last.atr.is_nan() {
            false
        } else if last.line == prev_upper {
            close > upper
        } else {
            let broke_down = close < lower;
            !broke_down
        };
        let line = if uptrend { lower } else { upper };
        Last { close, atr, upper, lower, line, uptrend }
    }

    #[inline]
    fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let atr = self.atr.update(high, low, close);
        self.last = self.advance(high, low, close, atr);
        output(&self.last)
    }

    #[inline]
    fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        output(&self.advance(high, low, close, self.atr.peek(high, low, close)))
    }

    fn reset(&mut self) {
        self.atr.reset();
        self.last = NOTHING;
    }
}

/// Both NaN while the ATR is (Pine's line is `na` there; its direction would read 1).
#[inline]
fn output(state: &Last) -> (f64, f64) {
    if state.atr.is_nan() {
        (f64::NAN, f64::NAN)
    } else {
        (state.line, if state.uptrend { 1.0 } else { -1.0 })
    }
}

bar_streaming!(TvSuperTrend, high, low, close);

/// TA-Lib's `TA_REAL_MAX`, the TA-Lib entry's bound for the multiplier.
const MAX_FACTOR: f64 = 3e37;
const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

fn build(p: &[f64]) -> Result<TvSuperTrend, Error> {
    TvSuperTrend::new(int_param(p, 0), real_param(p, 1))
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[
        timeperiod(SuperTrend::DEFAULT_PERIOD, 1, SuperTrend::MAX_PERIOD),
        ParamDef {
            name: "multiplier",
            kind: ParamKind::Real { min: 0.0, max: MAX_FACTOR },
            default: SuperTrend::DEFAULT_MULTIPLIER,
            description: "ATR multiplier of the band distance",
        },
    ],
    note: "Pine ta.supertrend(3, 10): ATR via ta.atr (first value at index n-1, TA-Lib n); starts in a downtrend on the upper band \
           (TA-Lib: uptrend, lower band); previous bands read through nz, so 0 on the first bar; the previous trend is read as 'line == previous upper band', so \
           with equal bands (ATR or multiplier 0) it reads down (TA-Lib keeps the trend); period 1 allowed. Same final-band and \
           flip rules otherwise.",
    inputs: None,
    lookback: |p| int_param(p, 0).saturating_sub(1),
    batch: kernel!(|p, c| Ok(run_bars(build(p)?, INPUTS, &[column(c, 0), column(c, 1), column(c, 2)], 2))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use crate::Mode;
    use std::path::PathBuf;

    fn shared() -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        dir.join("reference/talipp").is_dir().then_some(dir)
    }

    /// (header, columns) of a numeric CSV; empty fields are NaN.
    fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<f64>>) {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
        let mut columns = vec![Vec::new(); header.len()];
        for line in lines {
            for (column, field) in columns.iter_mut().zip(line.trim_end().split(',')) {
                column.push(if field.is_empty() { f64::NAN } else { field.parse().unwrap() });
            }
        }
        (header, columns)
    }

    fn get<'a>(header: &[String], columns: &'a [Vec<f64>], name: &str) -> &'a [f64] {
        &columns[header.iter().position(|h| h == name).unwrap()]
    }

    #[test]
    fn matches_talipp_after_its_seed_row_on_every_series() {
        let Some(shared) = shared() else {
            eprintln!("../shared not found: reference test skipped");
            return;
        };
        let series = [
            "btcusd_bitfinex_1h_2013",
            "btcusd_coinbase_1d",
            "btcusd_coinbase_1h",
            "btcusd_coinbase_1m",
            "btcusd_coinbase_1m_gaps",
            "btcusd_coinbase_4h",
            "btcusdt_binance_1d",
            "spx_1d_1950_2012",
        ];
        for name in series {
            let (h, data) = read_csv(&shared.join(format!("data/{name}.csv")));
            let (rh, reference) = read_csv(&shared.join(format!("reference/talipp/{name}/SUPERTREND.csv")));
            let cols = ["open", "high", "low", "close", "volume"].map(|c| get(&h, &data, c).to_vec());
            let out = run("supertrend:10:3", Mode::TradingView, &cols);
            let (line, direction) = (get(&rh, &reference, "supertrend"), get(&rh, &reference, "direction"));
            assert_eq!(line.len(), out[0].len(), "{name}");
            assert!(out[0][..9].iter().chain(&out[1][..9]).all(|v| v.is_nan()), "{name}: warm-up");
            assert!(line[..9].iter().all(|v| v.is_nan()), "{name}: reference warm-up");
            // Row 9 is talipp's seed (0.0, +1); ours is Pine's first bar: down, on the upper band.
            assert_eq!(out[1][9], -1.0, "{name}");
            // talipp's seed row holds bands of 0, so its ratchet restarts one bar after Pine's
            // (whose first bar reads nz'd zero bands): until both have reset a band, Pine's band
            // is the tighter one. That shadow lasts a few rows (none on most series); the
            // trend agrees throughout, and every value after it.
            let same = |i: usize| (out[0][i] - line[i]).abs() <= 1e-9 * line[i].abs().max(1.0);
            let shadow = (10..line.len()).take_while(|&i| !same(i)).count();
            assert!(shadow <= 10, "{name}: {shadow} rows differ after the seed");
            for i in 10..line.len() {
                assert_eq!(out[1][i], direction[i], "{name} row {i}: trend");
                if i < 10 + shadow {
                    let tighter = if out[1][i] > 0.0 { out[0][i] > line[i] } else { out[0][i] < line[i] };
                    assert!(tighter, "{name} row {i}: ({}, {}) vs talipp {}", out[0][i], out[1][i], line[i]);
                } else {
                    assert!(same(i), "{name} row {i}: ({}, {}) vs talipp ({}, {})", out[0][i], out[1][i], line[i], direction[i]);
                }
            }
        }
    }

    #[test]
    fn hand_computed_flip_and_ratchet() {
        // period 2, factor 1. TR: 2, 2, 4, 3, 5. ATR: -, 2, 3, 3, 4.
        // bar 1: hl2 11 -> 13 / 9 (previous bands nz'd to 0); first bar: down on 13.
        // bar 2: hl2 14 -> 17 / 11; upper 17 >= 13 and previous close 11 <= 13: keeps 13.
        //        The line was the upper band and close 14.5 > 13: up, on the lower band 11.
        // bar 3: hl2 14.5 -> 17.5 / 11.5; lower rises to 11.5; close 14 >= 11.5: stays up.
        // bar 4: hl2 11 -> 15 / 7; lower keeps 11.5; close 9.5 < 11.5: down, on upper 15 (< 17.5).
        let h = vec![11.0, 12.0, 15.0, 16.0, 13.0];
        let l = vec![9.0, 10.0, 13.0, 13.0, 9.0];
        let c = vec![10.0, 11.0, 14.5, 14.0, 9.5];
        let cols = [vec![0.0; 5], h, l, c, vec![0.0; 5]];
        let out = run("supertrend:2:1", Mode::TradingView, &cols);
        assert!(out[0][0].is_nan() && out[1][0].is_nan());
        assert_eq!(out[0][1..], [13.0, 11.0, 11.5, 15.0]);
        assert_eq!(out[1][1..], [-1.0, 1.0, 1.0, -1.0]);
    }

    #[test]
    fn previous_bands_start_at_zero_and_flat_bars() {
        // bar 1: hl2 1, ATR 1, factor 3: bands 4 / -2, but the nz'd previous lower band (0)
        // wins. bar 2: TR 5, ATR 3, bands 14.5 / -3.5 -> upper keeps 4, lower keeps 0;
        // close 5.8 > 4: up, on the lower band 0 (TA-Lib would be on -2).
        let cols = [vec![0.0; 3], vec![1.5, 1.5, 6.0], vec![0.5, 0.5, 5.0], vec![1.0, 1.0, 5.8], vec![0.0; 3]];
        let out = run("supertrend:2:3", Mode::TradingView, &cols);
        assert_eq!(out[0][1..], [4.0, 0.0]);
        assert_eq!(out[1][1..], [-1.0, 1.0]);
        // Period 1 on bar 0: no previous close either, so even the upper band is the nz'd 0.
        let out = run("supertrend:1:3", Mode::TradingView, &cols);
        assert_eq!((out[0][0], out[1][0]), (0.0, -1.0));
        assert_eq!((out[0][1], out[1][1]), (4.0, -1.0));
        // Flat bars: ATR 0, both bands equal the price, the line equals the upper band: down.
        let flat = [vec![5.0; 12], vec![5.0; 12], vec![5.0; 12], vec![5.0; 12], vec![0.0; 12]];
        let out = run("supertrend", Mode::TradingView, &flat);
        assert!(out[0][..9].iter().all(|v| v.is_nan()));
        assert_eq!(out[0][9..], [5.0; 3]);
        assert_eq!(out[1][9..], [-1.0; 3]);
    }
}
