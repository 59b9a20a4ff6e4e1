use crate::bar::Input;
use crate::error::Error;
use crate::indicators::momentum::bar_streaming;
use crate::indicators::overlap::ma::{ma_type, ma_type_param};
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars, MovingAverage, Stoch};
use crate::registry::{ParamDef, ParamKind, Variant};

const MAX_PERIOD: usize = 100_000;
const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

/// TradingView's built-in "Stochastic": `%K = sma(ta.stoch(close, high, low, 14), 1)`,
/// `%D = sma(%K, 3)`. The arithmetic is TA-Lib's STOCH (a flat high-low range gives 0,
/// as in TA-Lib); what differs is the defaults and that each line starts as soon as its
/// own average has enough input, where TA-Lib holds %K back until %D has a value too.
/// With the defaults %K (the raw stochastic, smoothing 1) starts at bar 13, %D at 15.
///
/// ```
/// use sigil_core::{Mode, Series, Spec};
/// let spec = Spec::parse_in("stoch:2:1:sma:2:sma", Mode::TradingView).unwrap();
/// let (high, low, close) = ([10.0, 12.0, 12.0], [8.0, 9.0, 10.0], [9.0, 11.0, 10.0]);
/// let out = spec.compute(&Series { high: &high, low: &low, close: &close, ..Series::default() }).unwrap();
/// assert!(out[0][0].is_nan());
/// assert_eq!(out[0][1..], [75.0, 1.0 / 3.0 * 100.0]); // (11 - 8) / (12 - 8), (10 - 9) / (12 - 9)
/// assert!(out[1][1].is_nan());
/// assert!((out[1][2] - (75.0 + 100.0 / 3.0) / 2.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
struct TvStoch {
    period: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    slowk: MovingAverage,
    slowd: MovingAverage,
    /// The bar %D's average gets its first input (the first %K value).
    d_start: usize,
    /// Bars consumed, saturating at `d_start`.
    bar: usize,
}

impl TvStoch {
    fn new(fastk: usize, slowk: usize, slowk_type: u8, slowd: usize, slowd_type: u8) -> Result<TvStoch, Error> {
        check_period(Stoch::NAME, "fastk_period", fastk, 1, MAX_PERIOD)?;
        check_period(Stoch::NAME, "slowk_period", slowk, 1, MAX_PERIOD)?;
        check_period(Stoch::NAME, "slowd_period", slowd, 1, MAX_PERIOD)?;
        let d_start = fastk - 1 + MovingAverage::lookback(slowk_type, slowk);
        Ok(TvStoch {
            period: fastk,
            highest: RollingExtreme::new(fastk, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(fastk, Extreme::Min, Ties::Latest),
            slowk: MovingAverage::checked(Stoch::NAME, "slowk_matype", slowk_type, slowk)?,
            slowd: MovingAverage::checked(Stoch::NAME, "slowd_matype", slowd_type, slowd)?,
            d_start,
            bar: 0,
        })
    }

    fn lookback(p: &[f64]) -> usize {
        // The first bar with every output: %D's (%K has values from `fastk - 1` on).
        int_param(p, 0).saturating_sub(1)
            + MovingAverage::lookback(ma_type_param(p, 2), int_param(p, 1))
            + MovingAverage::lookback(ma_type_param(p, 4), int_param(p, 3))
    }

    #[inline]
    fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let bar = self.bar;
        let (highest, _) = self.highest.push(high);
        let (lowest, _) = self.lowest.push(low);
        if bar + 1 < self.period {
            self.bar += 1;
            return (f64::NAN, f64::NAN);
        }
        let k = self.slowk.update(percent_k(close, highest, lowest));
        let d = if bar >= self.d_start { self.slowd.update(k) } else { f64::NAN };
        if bar < self.d_start {
            self.bar += 1;
        }
        (k, d)
    }

    #[inline]
    fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        if self.bar + 1 < self.period {
            return (f64::NAN, f64::NAN);
        }
        let k = self.slowk.peek(percent_k(close, self.highest.peek(high).0, self.lowest.peek(low).0));
        let d = if self.bar >= self.d_start { self.slowd.peek(k) } else { f64::NAN };
        (k, d)
    }

    fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
        self.slowk.reset();
        self.slowd.reset();
        self.bar = 0;
    }
}

bar_streaming!(TvStoch, high, low, close);

/// TA-Lib's raw %K, zero range included: 0 when the range is zero to within 1e-14 of
/// the prices (Pine would divide by zero there).
#[inline]
fn percent_k(close: f64, highest: f64, lowest: f64) -> f64 {
    let range = highest - lowest;
    if range.abs() <= 1e-14 * (highest.abs() + lowest.abs()) {
        0.0
    } else {
        (close - lowest) / range * 100.0
    }
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: 1, max: MAX_PERIOD as i64 }, default: default as f64, description }
}

fn build(p: &[f64]) -> Result<TvStoch, Error> {
    TvStoch::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2), int_param(p, 3), ma_type_param(p, 4))
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[
        period("fastk_period", 14, "Bars of the high-low range"),
        period("slowk_period", 1, "Smoothing of %K"),
        ma_type("slowk_matype", 0),
        period("slowd_period", 3, "Smoothing of %D"),
        ma_type("slowd_matype", 0),
    ],
    note: "TradingView's Stochastic: defaults %K length 14, %K smoothing 1, %D smoothing 3, SMA (TA-Lib 5/3/3), so slowk is the raw \
           %K; same formula, but slowk starts as soon as it has a value (bar 13 by default) instead of waiting for slowd (bar 15).",
    inputs: None,
    lookback: TvStoch::lookback,
    batch: kernel!(|p, columns| Ok(run_bars(build(p)?, INPUTS, &columns[..columns.len().min(3)], 2))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{ohlcv, run};
    use crate::{Mode, Spec};

    #[test]
    fn defaults_and_raw_percent_k() {
        assert_eq!(Spec::parse_in("stoch", Mode::TradingView).unwrap().to_string(), "stoch:14:1:sma:3:sma");
        let cols = ohlcv(120);
        let (high, low, close) = (&cols[1], &cols[2], &cols[3]);
        let out = run("stoch", Mode::TradingView, &cols);
        assert!(out[0][12].is_nan() && out[1][14].is_nan());
        for i in 13..120 {
            let hh = high[i - 13..=i].iter().copied().fold(f64::MIN, f64::max);
            let ll = low[i - 13..=i].iter().copied().fold(f64::MAX, f64::min);
            let k = if hh > ll { 100.0 * (close[i] - ll) / (hh - ll) } else { 0.0 };
            assert!((out[0][i] - k).abs() < 1e-9, "bar {i}: {} vs {k}", out[0][i]);
            if i >= 15 {
                let d = (out[0][i] + out[0][i - 1] + out[0][i - 2]) / 3.0;
                assert!((out[1][i] - d).abs() < 1e-9, "bar {i}");
            }
        }
    }

    #[test]
    fn equals_talib_once_both_lines_run() {
        let cols = ohlcv(200);
        for spec in ["stoch:14:3:sma:3:sma", "stoch:5:3:ema:4:wma", "stoch:14:1:sma:3:sma"] {
            let (tv, ta) = (run(spec, Mode::TradingView, &cols), run(spec, Mode::Talib, &cols));
            let start = Spec::parse(spec).unwrap().lookback();
            assert_eq!(Spec::parse_in(spec, Mode::TradingView).unwrap().lookback(), start);
            for k in 0..2 {
                assert!(ta[k][..start].iter().all(|v| v.is_nan()));
                for i in start..200 {
                    assert!((tv[k][i] - ta[k][i]).abs() <= 1e-12 * ta[k][i].abs().max(1.0), "{spec} output {k} bar {i}");
                }
            }
            // slowk starts before slowd whenever %K is smoothed less than the whole chain.
            assert!(tv[0][start - 1].is_finite(), "{spec}");
        }
    }
}
