use super::atr::Atr;
use super::{check_real, column, emit, real_param, rows, TA_REAL_MAX};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// SuperTrend (TA-Lib `SUPERTREND`): a trailing stop `multiplier` ATRs from the bar's
/// median price `(high + low) / 2`, below price in an uptrend and above it in a
/// downtrend. Outputs `supertrend` (the active band) and `trend` (1 up, -1 down).
///
/// As in TA-Lib 0.8.1: the first value, at index `timeperiod` (the ATR's lookback), is
/// an uptrend on the lower band; a band only tightens unless the previous close broke
/// through it; the trend flips when the close crosses the active band. During warm-up
/// both outputs are NaN (TA-Lib's integer `trend` reads 0 there, which would claim a
/// direction; the parity test knows about integer outputs).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut st = Spec::parse("supertrend:2:1").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(st.update(&bar(11.0, 9.0, 10.0))[1].is_nan());
/// st.update(&bar(12.0, 10.0, 11.0));
/// assert_eq!(st.update(&bar(13.0, 11.0, 12.0)), [10.0, 1.0]); // median 12 - ATR 2
/// assert_eq!(st.peek(&bar(9.0, 7.0, 7.5)), [11.5, -1.0]); // closed under the stop: down, ATR 3.5
/// ```
#[derive(Debug, Clone)]
pub struct SuperTrend {
    atr: Atr,
    multiplier: f64,
    /// The bands and trend after the last bar, once the ATR is ready.
    state: Option<Trail>,
}

#[derive(Debug, Clone, Copy)]
struct Trail {
    upper: f64,
    lower: f64,
    uptrend: bool,
    prev_close: f64,
}

impl SuperTrend {
    pub const NAME: &'static str = "supertrend";
    pub const DEFAULT_PERIOD: usize = 10;
    pub const DEFAULT_MULTIPLIER: f64 = 3.0;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, multiplier: f64) -> Result<SuperTrend, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_real(Self::NAME, "multiplier", multiplier, 0.0, TA_REAL_MAX)?;
        Ok(SuperTrend { atr: Atr::named(Self::NAME, "timeperiod", period)?, multiplier, state: None })
    }

    pub fn lookback(period: usize) -> usize {
        Atr::lookback(period)
    }

    /// `[supertrend, trend]` columns.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize, multiplier: f64) -> Result<[Vec<f64>; 2], Error> {
        let mut st = SuperTrend::new(period, multiplier)?;
        let n = rows(&[high, low, close]);
        let mut out = [Vec::with_capacity(n), Vec::with_capacity(n)];
        for i in 0..n {
            for (column, value) in out.iter_mut().zip(st.update(high[i], low[i], close[i])) {
                column.push(value);
            }
        }
        Ok(out)
    }

    /// `[supertrend, trend]`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 2] {
        let atr = self.atr.step(high, low, close);
        self.state = atr.map(|atr| self.advance(atr, high, low, close));
        output(self.state)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> [f64; 2] {
        output(self.atr.peek_step(high, low, close).map(|atr| self.advance(atr, high, low, close)))
    }

    pub fn reset(&mut self) {
        self.atr.reset();
        self.state = None;
    }

    #[inline]
    fn advance(&self, atr: f64, high: f64, low: f64, close: f64) -> Trail {
        let median = (high + low) / 2.0;
        let band = self.multiplier * atr;
        let (upper, lower) = (median + band, median - band);
        let Some(last) = self.state else {
            return Trail { upper, lower, uptrend: true, prev_close: close };
        };
        let upper = if upper < last.upper || last.prev_close > last.upper { upper } else { last.upper };
        let lower = if lower > last.lower || last.prev_close < last.lower { lower } else { last.lower };
        // A trend holds until the close crosses the active band (a NaN close crosses nothing).
        let crossed = if last.uptrend { close < lower } else { close > upper };
        let uptrend = last.uptrend != crossed;
        Trail { upper, lower, uptrend, prev_close: close }
    }
}

#[inline]
fn output(state: Option<Trail>) -> [f64; 2] {
    match state {
        Some(Trail { lower, uptrend: true, .. }) => [lower, 1.0],
        Some(Trail { upper, .. }) => [upper, -1.0],
        None => [f64::NAN, f64::NAN],
    }
}

impl Streaming for SuperTrend {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &SuperTrend::update(self, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &SuperTrend::peek(self, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        SuperTrend::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: SuperTrend::NAME,
    title: "SuperTrend",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[
        timeperiod(SuperTrend::DEFAULT_PERIOD, SuperTrend::MIN_PERIOD, SuperTrend::MAX_PERIOD),
        ParamDef {
            name: "multiplier",
            kind: ParamKind::Real { min: 0.0, max: TA_REAL_MAX },
            default: SuperTrend::DEFAULT_MULTIPLIER,
            description: "ATR multiplier of the band distance",
        },
    ],
    outputs: &["supertrend", "trend"],
    overlay: true,
    lookback: |p| SuperTrend::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(SuperTrend::batch(column(c, 0), column(c, 1), column(c, 2), int_param(p, 0), real_param(p, 1))?.into())),
    stream: |p| Ok(Box::new(SuperTrend::new(int_param(p, 0), real_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_trend_is_nan_and_flat_bars_stay_up() {
        let [st, trend] = SuperTrend::batch(&[5.0; 6], &[5.0; 6], &[5.0; 6], 2, 3.0).unwrap();
        assert!(st[..2].iter().all(|v| v.is_nan()));
        assert!(trend[..2].iter().all(|t| t.is_nan()));
        assert_eq!(st[2..], [5.0; 4]);
        assert_eq!(trend[2..], [1.0; 4]);
    }

    #[test]
    fn parameters_are_checked_and_named() {
        assert!(SuperTrend::new(1, 3.0).unwrap_err().to_string().contains("timeperiod"));
        assert!(SuperTrend::new(10, -0.1).unwrap_err().to_string().contains("multiplier"));
        assert!(SuperTrend::new(10, 0.0).is_ok());
    }
}
