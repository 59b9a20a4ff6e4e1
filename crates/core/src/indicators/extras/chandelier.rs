use super::{check_real, collect, column, emit, real_param_def, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, timeperiod, Atr};
use crate::registry::{IndicatorDef, Streaming};

/// Chandelier Exit (Chuck LeBeau): trailing stops hung from the extremes of the last
/// `period` bars by `multiplier` average true ranges:
/// `long = highest high - multiplier * ATR`, `short = lowest low + multiplier * ATR`.
///
/// The ATR is TA-Lib's `ATR` of the same period (Wilder smoothing seeded with the mean
/// of the true ranges of bars 1..=period), so the first values are at index `period`.
/// The extremes include the current bar. A NaN high or low stays in its window for
/// `period` bars (it never wins a comparison); a NaN in the ATR's input persists as
/// in TA-Lib. Outputs: `long, short`.
///
/// ```
/// use sigil_core::indicators::ChandelierExit;
/// let mut exit = ChandelierExit::new(2, 3.0).unwrap();
/// assert!(exit.update(10.0, 9.0, 9.5)[0].is_nan());
/// assert!(exit.update(11.0, 10.0, 10.5)[0].is_nan());
/// // True ranges 1.5 and 0.5: ATR 1; highest high 11, lowest low 10.
/// assert_eq!(exit.update(11.0, 10.5, 11.0), [8.0, 13.0]);
/// ```
#[derive(Debug, Clone)]
pub struct ChandelierExit {
    multiplier: f64,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    atr: Atr,
}

impl ChandelierExit {
    pub const NAME: &'static str = "chandelier";
    pub const DEFAULT_PERIOD: usize = 22;
    pub const DEFAULT_MULTIPLIER: f64 = 3.0;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;
    pub const MAX_MULTIPLIER: f64 = 1000.0;

    /// `period` in 1..=100000, `multiplier` in 0..=1000.
    pub fn new(period: usize, multiplier: f64) -> Result<ChandelierExit, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_real(Self::NAME, "multiplier", multiplier, 0.0, Self::MAX_MULTIPLIER)?;
        Ok(ChandelierExit {
            multiplier,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
            atr: Atr::named(Self::NAME, "timeperiod", period)?,
        })
    }

    pub fn lookback(period: usize) -> usize {
        Atr::lookback(period)
    }

    /// `[long, short]` columns.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize, multiplier: f64) -> Result<Vec<Vec<f64>>, Error> {
        let mut exit = ChandelierExit::new(period, multiplier)?;
        let n = rows(&[high, low, close]);
        Ok(collect(n, |i| exit.update(high[i], low[i], close[i])))
    }

    /// `[long, short]`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 2] {
        let (highest, _) = self.highest.push(high);
        let (lowest, _) = self.lowest.push(low);
        let atr = self.atr.step(high, low, close);
        self.output(highest, lowest, atr)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> [f64; 2] {
        let (highest, _) = self.highest.peek(high);
        let (lowest, _) = self.lowest.peek(low);
        self.output(highest, lowest, self.atr.peek_step(high, low, close))
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
        self.atr.reset();
    }

    #[inline]
    fn output(&self, highest: f64, lowest: f64, atr: Option<f64>) -> [f64; 2] {
        match atr {
            Some(atr) => {
                let offset = self.multiplier * atr;
                [highest - offset, lowest + offset]
            }
            None => [f64::NAN; 2],
        }
    }
}

impl Streaming for ChandelierExit {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &ChandelierExit::update(self, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &ChandelierExit::peek(self, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        ChandelierExit::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: ChandelierExit::NAME,
    title: "Chandelier Exit",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[
        timeperiod(ChandelierExit::DEFAULT_PERIOD, ChandelierExit::MIN_PERIOD, ChandelierExit::MAX_PERIOD),
        real_param_def(
            "multiplier",
            ChandelierExit::DEFAULT_MULTIPLIER,
            0.0,
            ChandelierExit::MAX_MULTIPLIER,
            "ATR multiplier of the distance from the extremes",
        ),
    ],
    outputs: &["long", "short"],
    overlay: true,
    lookback: |p| ChandelierExit::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| ChandelierExit::batch(column(c, 0), column(c, 1), column(c, 2), int_param(p, 0), super::real_param(p, 1))),
    stream: |p| Ok(Box::new(ChandelierExit::new(int_param(p, 0), super::real_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_period_three() {
        // Bars (h, l, c): (10, 8, 9), (12, 9, 11), (13, 10, 12), (11, 7, 8), (12, 8, 11).
        // TR from bar 1: max(3, 3, 0) = 3; max(3, 2, 1) = 3; max(4, 1, 5) = 5; max(4, 4, 0) = 4.
        // ATR(3): bar 3 = (3 + 3 + 5) / 3 = 11/3; bar 4 = (11/3 * 2 + 4) / 3 = 34/9.
        // Bar 3: HH(12, 13, 11) = 13, LL(9, 10, 7) = 7. Bar 4: HH(13, 11, 12) = 13, LL(10, 7, 8) = 7.
        let (h, l, c) = ([10.0, 12.0, 13.0, 11.0, 12.0], [8.0, 9.0, 10.0, 7.0, 8.0], [9.0, 11.0, 12.0, 8.0, 11.0]);
        let [long, short]: [Vec<f64>; 2] = ChandelierExit::batch(&h, &l, &c, 3, 2.0).unwrap().try_into().unwrap();
        assert!(long[..3].iter().chain(&short[..3]).all(|v| v.is_nan()));
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(long[3], 13.0 - 22.0 / 3.0) && close(short[3], 7.0 + 22.0 / 3.0), "{long:?} {short:?}");
        assert!(close(long[4], 13.0 - 68.0 / 9.0) && close(short[4], 7.0 + 68.0 / 9.0), "{long:?} {short:?}");
        assert_eq!(ChandelierExit::lookback(3), 3);
    }

    #[test]
    fn defaults_and_errors() {
        assert_eq!(crate::Spec::parse("chandelier").unwrap().to_string(), "chandelier:22:3");
        assert!(ChandelierExit::new(0, 3.0).unwrap_err().to_string().contains("timeperiod"));
        let message = ChandelierExit::new(22, -1.0).unwrap_err().to_string();
        assert!(message.contains("multiplier") && message.contains("0..=1000"), "{message}");
    }

    #[test]
    fn short_and_non_finite_input() {
        let out = ChandelierExit::batch(&[1.0; 22], &[1.0; 22], &[1.0; 22], 22, 3.0).unwrap();
        assert!(out.iter().flatten().all(|v| v.is_nan()));
        let nan = ChandelierExit::batch(&[f64::NAN, 2.0, f64::INFINITY, 3.0], &[1.0; 4], &[1.0; 4], 1, 3.0).unwrap();
        assert_eq!(nan[0].len(), 4);
    }
}
